"""Building, checking and publishing annual reports: the verbs the pages and the command use."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, AgencyKind
from gongkai.audit.models import actor_name
from gongkai.documents.law import InterpretationForm
from gongkai.documents.models import Document, Status
from gongkai.inforequests.analysis import summarise
from gongkai.inforequests.models import Fee, InfoRequest
from gongkai.lib.errors import Refused
from gongkai.reports import law
from gongkai.reports.models import AnnualReport, PublishedReport, ReportStatusChange, Scope
from gongkai.reports.tables import CheckResult, ReportData, check, compute, parse_manual, sum_drafts, total
from gongkai.workplans.tracking import plan_for_report, year_end_summary

TO_FILL = "（请补充）"
AGGREGATING_KINDS = (AgencyKind.CITY, AgencyKind.DISTRICT)  # people's governments publish an aggregate


class ReportError(Refused):
    """Publishing refused; the message lists what to fix."""


def report_for(agency: Agency, year: int, scope: str = Scope.AGENCY, *, create: bool = True) -> AnnualReport:
    """The year's report; a new one starts with drafted prose. With ``create=False`` (opening a page)
    a report that does not exist yet is returned unsaved: its first edit or publication saves it."""
    report = AnnualReport.objects.filter(agency=agency, year=year, scope=scope).first()
    if report is not None:
        return report
    report = AnnualReport(agency=agency, year=year, scope=scope)
    report.section1 = draft_overview(report)
    report.section5 = TO_FILL
    report.section6 = draft_other_matters(report)
    if create:
        report.edit(by=None, section1=report.section1, section5=report.section5, section6=report.section6)
    return report


def members(report: AnnualReport) -> list[Agency]:
    """The agencies an aggregate sums: the government itself and every agency below it."""
    ids = report.agency.subtree_ids()
    return list(Agency.objects.filter(id__in=ids, is_active=True).order_by("sort_order", "name"))


def data_for(report: AnnualReport) -> ReportData:
    """The tables as they stand now. An aggregate sums each member's latest published version, or
    its current draft when it has not published."""
    if report.scope == Scope.AGENCY:
        return compute([report.agency_id], report.year, manual=report.manual, extra=report.extra)
    agencies = members(report)
    published = {p.report.agency_id: p for p in latest_published_many([a.id for a in agencies], report.year)}
    unpublished = [a.id for a in agencies if a.id not in published]
    drafts = {
        r.agency_id: (r.manual, r.extra)
        for r in AnnualReport.objects.filter(agency_id__in=unpublished, year=report.year, scope=Scope.AGENCY)
    }
    parts = [ReportData.from_dict(p.snapshot["data"]) for p in published.values()]
    if unpublished:
        manual, extra = sum_drafts(drafts.values())
        parts.append(compute(unpublished, report.year, manual=manual, extra=extra))
    return total(parts, report.year)


def latest_published_many(agency_ids, year, scope=Scope.AGENCY) -> list[PublishedReport]:
    """The latest published version of each agency's report, in one query."""
    candidates = PublishedReport.objects.filter(
        report__agency_id__in=agency_ids, report__year=year, report__scope=scope
    ).select_related("report")
    latest: dict[int, PublishedReport] = {}
    for published in candidates.order_by("version"):
        latest[published.report.agency_id] = published
    return list(latest.values())


def latest_published(agency, year, scope=Scope.AGENCY) -> PublishedReport | None:
    return (
        PublishedReport.objects.filter(report__agency=agency, report__year=year, report__scope=scope)
        .order_by("-version")
        .first()
    )


def last_year(report: AnnualReport) -> ReportData | None:
    published = latest_published(report.agency, report.year - 1, report.scope)
    return ReportData.from_dict(published.snapshot["data"]) if published else None


def full_check(report: AnnualReport, data: ReportData | None = None) -> CheckResult:
    data = data or data_for(report)
    result = check(data, last_year(report))
    _values, _sources, manual_errors = parse_manual(report.manual)
    result.errors[:0] = manual_errors
    for number, field in (("一", "section1"), ("五", "section5"), ("六", "section6")):
        text = getattr(report, field).strip()
        heading = dict(law.SECTIONS)[number]
        if not text:
            result.errors.append(f"{heading}：不能为空")
        elif TO_FILL in text:
            result.errors.append(f"{heading}：还有“{TO_FILL}”的内容没有填写")
    return result


def publish(report: AnnualReport, *, by, note: str = "") -> PublishedReport:
    data = data_for(report)
    result = full_check(report, data)
    if not result.ok:
        raise ReportError("；".join(result.errors))
    with transaction.atomic():
        if report.pk is None:
            report.save()
        version = (report.published.aggregate(v=Max("version"))["v"] or 0) + 1
        if version > 1 and not note.strip():
            raise ReportError("更正说明：已发布过的报告再次发布时，必须说明更正了什么")
        published = PublishedReport.objects.create(
            report=report,
            version=version,
            note=note.strip(),
            snapshot=snapshot(report, data, result.warnings),
            published_at=timezone.now(),
            published_by=by if getattr(by, "pk", None) else None,
        )
        ReportStatusChange.objects.create(
            report=report,
            version=version,
            old="draft" if version == 1 else "published",
            new="published" if version == 1 else "corrected",
            actor_name=actor_name(by),
            reason=note.strip(),
        )
        audit.record(by, "report.published", report, {"version": version, "year": report.year})
    return published


def snapshot(report: AnnualReport, data: ReportData, warnings=()) -> dict:
    return {
        "format": law.FORMAT,
        "title": title(report.agency, report.year, report.scope),
        "agency": {"code": report.agency.code, "name": report.agency.name},
        "year": report.year,
        "scope": report.scope,
        "sections": {"一": report.section1, "五": report.section5, "六": report.section6},
        "data": data.to_dict(),
        "warnings": list(warnings),
    }


def title(agency, year, scope=Scope.AGENCY) -> str:
    return law.REPORT_TITLE.format(name=agency.name, year=year)


# -- prose drafts ---------------------------------------------------------------------------
def agency_ids(report):
    return [a.id for a in members(report)] if report.scope == Scope.AGGREGATE else [report.agency_id]


def draft_overview(report: AnnualReport) -> str:
    """Section 一 as a first draft: the year's figures stated, the rest marked for the office to write."""

    year, ids = report.year, agency_ids(report)
    published = Document.objects.filter(agency_id__in=ids, status=Status.PUBLISHED, published_at__year=year)
    public = published.public()
    interpretations = published.interpretations()
    non_text = interpretations.exclude(interpretation_form=InterpretationForm.TEXT).count()
    data = data_for(report)
    t3, t4 = data.table3, data.table4
    cases = InfoRequest.objects.filter(agency_id__in=ids)
    average = summarise(cases, datetime.date(year, 1, 1), datetime.date(year, 12, 31)).average_workdays
    average_text = f"平均办理用时{average}个工作日（不含补正、征求意见、缴费等不计入期限的时间）" if average else ""
    return "\n".join(
        [
            f"{year}年，{report.agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，{TO_FILL}",
            f"（一）主动公开。全年主动公开政府信息{public.count()}条，其中行政规范性文件"
            f"{public.filter(is_normative=True).count()}件；发布政策解读{interpretations.count()}篇，"
            f"其中图片、音视频等形式解读{non_text}篇。",
            f"（二）依申请公开。全年新收政府信息公开申请{t3['new'][-1]}件，上年结转{t3['carried_in'][-1]}件，"
            f"办结{t3['total'][-1]}件，结转下年度继续办理{t3['carried_out'][-1]}件"
            + (f"；{average_text}。" if average_text else "。"),
            f"（三）政府信息管理。{TO_FILL}",
            f"（四）政府信息公开平台建设。{TO_FILL}",
            f"（五）监督保障。全年因政府信息公开被申请行政复议{t4[4]}件，被提起行政诉讼{t4[9] + t4[14]}件。{TO_FILL}",
            *_plan_summary(report),
        ]
    )


def _plan_summary(report: AnnualReport) -> list[str]:
    """The year's work plan, as its tracking stands: quoted so the report and the plan agree."""

    plan = plan_for_report(report.agency, report.year) if report.scope == Scope.AGENCY else None
    return [f"工作要点落实情况：{year_end_summary(plan, datetime.date(report.year, 12, 31))}"] if plan else []


def draft_other_matters(report: AnnualReport) -> str:
    """Section 六: the 信息处理费 charged in the year (国办函〔2020〕109号), from the cases."""

    fees = Fee.objects.filter(case__agency_id__in=agency_ids(report), paid_on__year=report.year)
    count, amount = fees.count(), fees.aggregate(s=Sum("amount"))["s"] or 0
    charged = (
        f"本年度按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费{count}件，共计{amount}元。"
        if count
        else "本年度未收取信息处理费。"
    )
    return f"{charged}\n无其他需要报告的事项。"
