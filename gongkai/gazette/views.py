"""政府公报 in the workspace: issues, their contents in the editor's order, publication, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.documents.models import Document
from gongkai.gazette import render as rendering
from gongkai.gazette.models import SECTIONS, Issue
from gongkai.lib.errors import Refused, show


@staff_required
def issue_list(request):
    agency = request.user.agency
    require(request.user, "gazette.edit", agency)
    if request.method == "POST":
        issue = Issue.open(agency, by=request.user, year=timezone.localdate().year)
        return redirect("gazette:issue", pk=issue.pk)
    rows = Issue.objects.for_user(request.user).select_related("agency")
    return render(request, "gazette/list.html", {"rows": rows})


def _issue(user, pk) -> Issue:
    issue = Issue.objects.for_user(user).select_related("agency").filter(pk=pk).first()
    if issue is None:
        raise Http404("未找到该期公报")
    return issue


@staff_required
def issue(request, pk):
    item = _issue(request.user, pk)
    if request.method == "POST":
        require(request.user, "gazette.edit", item)
        action = request.POST.get("action")
        try:
            if action == "add":
                section = str(request.POST.get("section", ""))
                linkable = Document.objects.linkable(request.user)
                for line in str(request.POST.get("documents", "")).splitlines():
                    line = line.strip()
                    if not line:
                        continue
                    doc = linkable.by_reference(line)
                    if doc is None:
                        raise Refused(f"文件：公文库中找不到“{line}”（请填写发文字号或完整标题）")
                    item.add(doc, by=request.user, section=section if section in SECTIONS else "")
            elif action in ("up", "down", "remove"):
                raw = str(request.POST.get("item", ""))
                entry = get_object_or_404(item.items, pk=int(raw) if raw.isdigit() else 0)
                if action == "remove":
                    item.remove(entry, by=request.user)
                else:
                    item.move(entry, by=request.user, up=action == "up")
            elif action == "publish":
                item.publish(by=request.user)
                messages.success(request, f"已出版，共 {item.pages} 页。")
            else:
                raise Http404("未找到")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    context = {
        "issue": item,
        "items": item.ordered(),
        "sections": SECTIONS,
        "may_edit": has(request.user, "gazette.edit", item),
    }
    return render(request, "gazette/issue.html", context)


@staff_required
def download(request, pk, fmt):
    item = _issue(request.user, pk)
    return rendering.download(item, fmt)
