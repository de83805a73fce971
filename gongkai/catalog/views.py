"""标准目录 in the workspace: the body's entries (stale ones flagged), XLSX import with a preview, export,
and each entry's documents — suggested from their subject, tags and title, confirmed by the officer."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.queue import QueueItem
from gongkai.accounts.views import staff_required
from gongkai.catalog import sheet
from gongkai.catalog.forms import ImportForm
from gongkai.catalog.models import Entry, replace_catalogue
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused, show
from gongkai.lib.files import XLSX_TYPE, attachment
from gongkai.lib.params import is_uuid
from gongkai.search import tokenizer

SESSION = "catalog_previews"


@staff_required
def entry_list(request):
    agency = request.user.agency
    entries = list(Entry.objects.filter(agency=agency, active=True).prefetch_related("links"))
    today = timezone.localdate()
    for e in entries:
        e.latest = e.latest_content()
        e.stale = e.stale_given(e.latest, today)
    context = {"entries": entries, "form": ImportForm(), "may_manage": has(request.user, "catalog.manage", agency),
               "stale": sum(1 for e in entries if e.stale)}  # fmt: skip
    return render(request, "catalog/list.html", context)


@staff_required
def upload(request):
    agency = request.user.agency
    require(request.user, "catalog.manage", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        parsed = sheet.read(form.cleaned_data["file"].read())
        token = secrets.token_hex(8)
        pending = dict(list(request.session.get(SESSION, {}).items())[-3:])
        pending[token] = {"rows": parsed.rows, "errors": parsed.errors, "name": form.cleaned_data["file"].name}
        request.session[SESSION] = pending
        return redirect("catalog:preview", token=token)
    return render(request, "catalog/upload.html", {"form": form}, status=400 if form.errors else 200)


@staff_required
def preview(request, token):
    agency = request.user.agency
    require(request.user, "catalog.manage", agency)
    pending = request.session.get(SESSION, {}).get(token)
    if pending is None:
        raise Http404("预览已过期，请重新上传")
    if request.method == "POST":
        if pending["errors"]:
            messages.error(request, "表中还有错误，改正后重新上传。")
            return redirect(request.path)
        n = replace_catalogue(agency, pending["rows"], by=request.user)
        request.session[SESSION] = {k: v for k, v in request.session[SESSION].items() if k != token}
        messages.success(request, f"已导入标准目录 {n} 项。")
        return redirect("catalog:list")
    return render(request, "catalog/preview.html", {"pending": pending, "token": token})


@staff_required
def export(request):
    entries = Entry.objects.filter(agency=request.user.agency, active=True)
    return attachment(sheet.write(entries), XLSX_TYPE,
                      f"{request.user.agency.name}政务公开标准目录.xlsx")  # fmt: skip


def suggestions(entry: Entry, limit: int = 10) -> list[Document]:
    """The body's public documents most like the entry: its 一级/二级事项 and 领域 against each document's
    title, 主题分类 and tags (search tokens), the ones already linked left out."""
    wanted = set(tokenizer.search_tokens(f"{entry.level1} {entry.level2} {entry.area}")) - {"其他", "事项", "信息"}
    if not wanted:
        return []
    linked = entry.links.values("document_id")
    scored = []
    candidates = (Document.objects.public().filter(agency=entry.agency_id).exclude(pk__in=linked)
                  .select_related("subject").prefetch_related("tags").order_by("-published_at")[:2000])  # fmt: skip
    for doc in candidates:
        words = set(tokenizer.search_tokens(doc.title))
        words |= {t.name for t in doc.tags.all()}
        if doc.subject:
            words |= set(tokenizer.search_tokens(doc.subject.name))
        score = len(wanted & words)
        if score:
            scored.append((score, doc.published_at, doc))
    scored.sort(key=lambda s: (-s[0], -(s[1].timestamp() if s[1] else 0)))
    return [doc for _, _, doc in scored[:limit]]


@staff_required
def entry(request, pk):
    item = Entry.objects.for_user(request.user).select_related("agency").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该事项")
    if request.method == "POST":
        require(request.user, "catalog.manage", item)
        raw = str(request.POST.get("document", ""))
        doc = Document.objects.filter(uid=raw).first() if is_uuid(raw) else None
        if doc is None:
            raise Http404("未找到该文件")
        try:
            if request.POST.get("action") == "unlink":
                item.unlink(doc, by=request.user)
            else:
                item.link(doc, by=request.user)
            messages.success(request, "已保存。")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    links = item.links.select_related("document").filter(confirmed=True)
    context = {"item": item, "links": links, "suggested": suggestions(item), "stale": item.is_stale(),
               "may_manage": has(request.user, "catalog.manage", item)}  # fmt: skip
    return render(request, "catalog/entry.html", context)


def queue_items(user) -> list[QueueItem]:
    """Entries past their 更新周期 without new content, in the office's 待办."""
    if not getattr(user, "is_agency_staff", False) or not has(user, "catalog.manage", user.agency):
        return []
    today = timezone.localdate()
    return [
        QueueItem(f"{e.level1}·{e.level2}", reverse("catalog:entry", args=[e.pk]), "标准目录·内容未按周期更新")
        for e in Entry.objects.filter(agency_id=user.agency_id, active=True)
        if e.is_stale(today)
    ]
