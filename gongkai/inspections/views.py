"""Website inspection in the workspace: the body's sites (the district office: every body's latest result),
columns and 新媒体 accounts, runs on demand, the report (single-veto items first, then deductions), its
trend and DOCX, and the wording list."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.inspections import indicators, tasks
from gongkai.inspections.forms import ColumnForm, MediaForm, SiteForm, WordingForm
from gongkai.inspections.models import MediaAccount, Run, Site, Wording
from gongkai.lib.docx import Para, write
from gongkai.lib.errors import Refused, show, show_form_errors
from gongkai.lib.files import DOCX_TYPE, attachment


@staff_required
def site_list(request):
    agency = request.user.agency
    form = SiteForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "inspection.manage", agency)
        if form.is_valid():
            site = Site.register(agency, by=request.user, **form.cleaned_data)
            return redirect("inspections:site", pk=site.pk)
    sites = list(Site.objects.for_user(request.user).select_related("agency"))
    for s in sites:
        s.latest = s.latest_run()
    sites.sort(key=lambda s: (not (s.latest and s.latest.vetoed), s.latest.score if s.latest else 101))
    context = {
        "sites": sites,
        "form": form,
        "may_manage": has(request.user, "inspection.manage", agency),
        "media": MediaAccount.objects.filter(agency=agency),
    }
    return render(request, "inspections/list.html", context, status=400 if form.errors else 200)


@staff_required
def site(request, pk):
    item = Site.objects.for_user(request.user).select_related("agency").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该网站")
    if request.method == "POST":
        require(request.user, "inspection.manage", item)
        action = request.POST.get("action")
        if action == "run":
            try:
                run = Run.request(item, by=request.user)
            except Refused as exc:
                show(exc, request=request)
                return redirect(request.path)
            tasks.perform.enqueue(run.pk)
            messages.success(request, "已开始检查，完成后在下方列出。")
        elif action == "column":
            form = ColumnForm(request.POST)
            if form.is_valid():
                item.add_column(by=request.user, **form.cleaned_data)
            else:
                show_form_errors(request, form)
        elif action == "media":
            form = MediaForm(request.POST)
            if form.is_valid():
                item.add_account(by=request.user, **form.cleaned_data)
            else:
                show_form_errors(request, form)
        else:
            raise Http404("未找到")
        return redirect(request.path)
    runs = item.runs.filter(state=Run.State.DONE).order_by("-finished_at")[:20]
    context = {
        "item": item,
        "runs": runs,
        "column_form": ColumnForm(),
        "media_form": MediaForm(),
        "may_manage": has(request.user, "inspection.manage", item),
        "media": MediaAccount.objects.filter(agency=item.agency),
    }
    return render(request, "inspections/site.html", context)


def _run(user, pk) -> Run:
    found = Run.objects.for_user(user).select_related("site__agency").filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该次检查")
    return found


def _findings(run: Run) -> list:
    rows = list(run.findings.all())
    return sorted(rows, key=lambda f: (not f.spec.veto, f.id))


@staff_required
def run(request, pk):
    item = _run(request.user, pk)
    trend = item.site.runs.filter(state=Run.State.DONE).order_by("finished_at")[:24]
    return render(request, "inspections/run.html", {"run": item, "findings": _findings(item), "trend": trend})


@staff_required
def run_docx(request, pk):
    item = _run(request.user, pk)
    verdict = "不合格（单项否决）" if item.vetoed else "合格" if item.passed else "不合格"
    paras = [
        Para(f"{item.site.name}检查报告", size=22, font="方正小标宋简体", align="center"),
        Para(
            f"检查时间：{timezone.localtime(item.finished_at):%Y年%-m月%-d日 %H:%M}；"
            f"检查页面 {item.pages} 个，外部链接 {item.external_checked} 个。结论：{verdict}，得分 {item.score} 分。",
            indent=True,
        ),
    ]
    for title, veto in (("一、单项否决指标", True), ("二、扣分指标", False)):
        paras.append(Para(title, bold=True))
        rows = [f for f in _findings(item) if f.spec.veto == veto]
        if not rows:
            paras.append(Para("未发现问题。", indent=True))
        for i, f in enumerate(rows, 1):
            points = "" if veto else f"（扣 {f.spec.points} 分）"
            paras.append(Para(f"{i}. {f.spec.label}{points}：{f.detail}", indent=True))
    return attachment(
        write(paras, title=f"{item.site.name}检查报告"),
        DOCX_TYPE,
        f"{item.site.name}检查报告.docx",
    )


@staff_required
def wording(request):
    may_edit = has(request.user, "inspection.wording")
    form = WordingForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "inspection.wording")
        if request.POST.get("delete", "").isdigit():
            get_object_or_404(Wording, pk=int(request.POST["delete"])).remove(by=request.user)
        elif form.is_valid():
            Wording.define(by=request.user, wrong=form.cleaned_data["wrong"], right=form.cleaned_data["right"])
        else:
            show_form_errors(request, form)
        return redirect("inspections:wording")
    return render(
        request,
        "inspections/wording.html",
        {"rows": Wording.objects.all(), "form": form, "may_edit": may_edit, "rules": indicators.RULES.values()},
    )


def score_metric(agency, year: int):
    """The latest inspection of the body's sites in the year: the lowest score, 0 when a veto item was found."""
    runs = [s.latest_run() for s in Site.objects.filter(agency=agency)]
    runs = [r for r in runs if r is not None and r.finished_at and r.finished_at.year == year]
    if not runs:
        return None, None, f"{year}年尚无网站检查结果"
    worst = min(runs, key=lambda r: 0 if r.vetoed else r.score)
    value = 0 if worst.vetoed else worst.score
    return Decimal(value), None, f"{worst.site.name}：{'单项否决' if worst.vetoed else f'{worst.score} 分'}"
