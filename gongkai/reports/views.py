"""Annual reports in the workspace (draft, figures, checks, publish, import, who is late) and on the portal."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import get_agency_for_user, has, require, visible_agency_ids
from gongkai.accounts.views import staff_required
from gongkai.inforequests.law import OUTCOME_ARTICLES, Outcome
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.report import working_papers
from gongkai.lib.params import year_param
from gongkai.reports import exports, importer, law, layout, service
from gongkai.reports.forms import (
    ExtraForm,
    ImportForm,
    ManualCsvForm,
    ManualForm,
    PublishForm,
    SectionsForm,
    extra_field_name,
)
from gongkai.reports.models import AnnualReport, PublishedReport, ReportError, Scope
from gongkai.reports.tables import N_TYPES, ReportData, check

SESSION_IMPORT = "gk_report_import"


def report_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


# -- workspace --------------------------------------------------------------------------------


@staff_required
def report_list(request):
    year = year_param(request, default=report_year())
    ids = visible_agency_ids(request.user)
    agencies = Agency.objects.active() if ids is None else Agency.objects.filter(id__in=ids, is_active=True)
    rows = []
    for agency in agencies.order_by("sort_order", "name"):
        scopes = [Scope.AGENCY] + ([Scope.AGGREGATE] if agency.kind in service.AGGREGATING_KINDS else [])
        for scope in scopes:
            published = PublishedReport.objects.latest_for(agency, year, scope)
            deadline = law.aggregate_deadline(year) if scope == Scope.AGGREGATE else law.agency_deadline(year)
            rows.append(
                {
                    "agency": agency,
                    "scope": scope,
                    "scope_label": Scope(scope).label,
                    "published": published,
                    "deadline": deadline,
                    "late": published is None and timezone.localdate() > deadline,
                    "late_published": published is not None and published.published_at.date() > deadline,
                }
            )
    context = {"rows": rows, "year": year, "years": range(report_year() + 1, report_year() - 5, -1)}
    return render(request, "reports/list.html", context)


def _report(request, code, year, scope) -> AnnualReport:
    agency = get_agency_for_user(request.user, code)
    if scope == Scope.AGGREGATE and agency.kind not in service.AGGREGATING_KINDS:
        raise Http404("只有区、市人民政府编制汇总报告")
    # opening the page creates nothing: the draft is saved by its first edit (no writes on GET)
    return service.report_for(agency, year, scope, create=request.method == "POST")


@staff_required
def report_edit(request, code, year, scope=Scope.AGENCY):
    report = _report(request, code, year, scope)
    may_edit = has(request.user, "report.edit", report)
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        require(request.user, "report.edit", report)
    sections = SectionsForm(
        request.POST if action == "sections" else None,
        initial={"section1": report.section1, "section5": report.section5, "section6": report.section6},
    )
    manual = ManualForm(request.POST if action == "manual" else None, initial=report.manual)
    manual_csv = ManualCsvForm(request.POST if action == "manual_csv" else None, request.FILES or None)
    if action == "manual_csv" and manual_csv.is_valid():
        # A preview: the figures fill the form, checked, and are saved only when the officer saves it.
        manual = ManualForm({**report.manual, **manual_csv.cleaned_data["csv"]})
        manual.is_valid()
        messages.info(request, "已从 CSV 读取表二数据，请核对后点击“保存表二数据”。")
    extra = ExtraForm(request.POST if action == "extra" else None, initial=ExtraForm.initial_from(report.extra))
    publish_form = PublishForm(request.POST if action == "publish" else None)
    saved = False
    if action == "sections" and sections.is_valid():
        saved = bool(report.edit(by=request.user, **{f: sections.cleaned_data[f] for f in SectionsForm.base_fields}))
    elif action == "redraft":
        drafted = {"section1": service.draft_overview(report), "section6": service.draft_other_matters(report)}
        saved = bool(report.edit(by=request.user, **drafted))
    elif action == "manual" and manual.is_valid():
        report.set_figures(
            by=request.user, manual={k: v for k, v in manual.cleaned_data.items() if v not in ("", None)}
        )
        saved = True
    elif action == "extra" and extra.is_valid():
        saved = bool(report.edit(by=request.user, extra=extra.extra()))
    elif action == "publish" and publish_form.is_valid():
        try:
            published = report.publish(by=request.user, note=publish_form.cleaned_data["note"])
        except ReportError as exc:
            messages.error(request, f"未发布：{exc}")
        else:
            messages.success(request, f"已发布第{published.version}版。")
            return redirect(request.path)
    if saved:
        messages.success(request, "已保存。")
        return redirect(request.path + f"#{action}")
    data = report.data()
    result = report.verify(data)
    context = {
        "report": report,
        "title": report.title,
        "may_edit": may_edit,
        "sections": sections,
        "manual": manual,
        "manual_csv": manual_csv,
        "extra": extra,
        "extra_rows": _extra_rows(extra, data),
        "extra_four": _extra_four(extra, data),
        "publish_form": publish_form,
        "tables": layout.tables(data),
        "result": result,
        "versions": report.versions(),
        "status_changes": report.status_changes.all() if report.pk else [],
        "members": _member_status(report) if report.scope == Scope.AGGREGATE else None,
        "papers": working_papers(InfoRequest.objects.filter(agency_id__in=report.agency_ids()), report.year),
    }
    return render(request, "reports/edit.html", context)


def _extra_rows(form, data: ReportData):
    rows = []
    for row in law.TABLE_THREE:
        cells = []
        for i in range(N_TYPES):
            field = form[extra_field_name("3", row.key, i)] if row.editable else None
            cells.append({"value": data.table3[row.key][i], "field": field})
        rows.append({"row": row, "cells": cells, "total": data.table3[row.key][N_TYPES]})
    return rows


def _extra_four(form, data: ReportData):
    rows = []
    for g, group in enumerate(law.T4_GROUPS):
        cells = [{"value": data.table4[g * 5 + i], "field": form[extra_field_name("4", str(g), i)]} for i in range(4)]
        rows.append({"group": group, "cells": cells, "total": data.table4[g * 5 + 4]})
    return rows


def _member_status(report):
    agencies = report.members()
    published = {
        p.report.agency_id: p for p in PublishedReport.objects.latest_of([a.id for a in agencies], report.year)
    }
    return [{"agency": agency, "published": published.get(agency.id)} for agency in agencies]


@staff_required
def draft_download(request, code, year, scope, fmt):
    """The draft as DOCX or XLSX, for the office to circulate before publishing (marked 草稿)."""
    if scope not in Scope.values:
        raise Http404("没有这种报告")
    report = _report(request, code, year, scope)
    return exports.draft_response(report, fmt)


@staff_required
def version_download(request, code, year, scope, version, fmt):
    report = _report(request, code, year, scope)
    published = get_object_or_404(report.versions(), version=version)
    return _download(published, fmt)


def _download(published: PublishedReport, fmt: str):
    return exports.download_response(published, fmt)


@staff_required
def mapping(request):
    """The outcome → table 三 row mapping (spec §2.6), as the platform applies it."""

    rows = [
        {
            "outcome": o,
            "row": law.T3_BY_KEY[o.value],
            "situation": law.OUTCOME_SITUATIONS[o],
            "articles": OUTCOME_ARTICLES[o],
        }
        for o in Outcome
    ]
    return render(request, "reports/mapping.html", {"rows": rows})


@staff_required
def import_report(request):
    agency = request.user.agency
    require(request.user, "report.edit", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["year"]
        try:
            data, notes = importer.read(upload.name, upload.read(), year)
        except importer.ImportProblem as exc:
            form.add_error("file", f"往年报告：{exc}")
        else:
            if PublishedReport.objects.filter(report__agency=agency, report__year=year, source="platform").exists():
                form.add_error("year", f"报告年度：{year}年度报告已在平台发布，不能再导入")
            else:
                request.session[SESSION_IMPORT] = {
                    "year": year,
                    "name": upload.name[:200],
                    "data": data.to_dict(),
                    "notes": notes,
                }
                preview = {
                    "notes": notes,
                    "tables": layout.tables(data),
                    "year": year,
                    "name": upload.name,
                    "result": check(data),
                }
    return render(request, "reports/import.html", {"form": form, "preview": preview, "agency": agency})


@staff_required
@require_POST
def import_confirm(request):
    agency = request.user.agency
    require(request.user, "report.edit", agency)
    pending = request.session.pop(SESSION_IMPORT, None)
    if not pending:
        messages.error(request, "没有待确认的导入，请重新上传文件。")
        return redirect("reports:import")
    AnnualReport.import_published(
        agency,
        pending["year"],
        data=pending["data"],
        notes=pending["notes"],
        source_name=pending["name"],
        by=request.user,
    )
    messages.success(request, f"已导入{pending['year']}年度报告。")
    return redirect("reports:list")


# -- portal -----------------------------------------------------------------------------------
