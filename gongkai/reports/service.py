"""Starting an annual report (its drafted prose, from the year's records) and forwards to the verbs of
``AnnualReport`` (figures, checks, publication)."""

from __future__ import annotations

import datetime

from django.db.models import Sum

from gongkai.accounts.models import Agency, AgencyKind
from gongkai.documents.law import InterpretationForm
from gongkai.documents.models import Document, Status
from gongkai.inforequests.analysis import summarise
from gongkai.inforequests.models import Fee, InfoRequest
from gongkai.reports import law
from gongkai.reports.models import TO_FILL, AnnualReport, PublishedReport, ReportError, Scope  # noqa: F401 — re-exported
from gongkai.reports.tables import CheckResult, ReportData
from gongkai.workplans.tracking import plan_for_report, share_summary, year_end_summary

AGGREGATING_KINDS = (AgencyKind.CITY, AgencyKind.DISTRICT)  # people's governments publish an aggregate


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


# The report's figures, checks and publication are verbs of AnnualReport; these names forward to them.
def members(report: AnnualReport) -> list[Agency]:
    return report.members()


def data_for(report: AnnualReport) -> ReportData:
    return report.data()


def latest_published(agency, year, scope=Scope.AGENCY) -> PublishedReport | None:
    return PublishedReport.objects.latest_for(agency, year, scope)


def full_check(report: AnnualReport, data: ReportData | None = None) -> CheckResult:
    return report.verify(data)


def publish(report: AnnualReport, *, by, note: str = "") -> PublishedReport:
    return report.publish(by=by, note=note)


def title(agency, year, scope=Scope.AGENCY) -> str:
    return law.REPORT_TITLE.format(name=agency.name, year=year)


# -- prose drafts ---------------------------------------------------------------------------
def draft_overview(report: AnnualReport) -> str:
    """Section 一 as a first draft: the year's figures stated, the rest marked for the office to write."""

    year, ids = report.year, report.agency_ids()
    published = Document.objects.filter(agency_id__in=ids, status=Status.PUBLISHED, published_at__year=year)
    public = published.public()
    interpretations = published.interpretations()
    non_text = interpretations.exclude(interpretation_form=InterpretationForm.TEXT).count()
    data = report.data()
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

    if report.scope != Scope.AGENCY:
        return []
    year_end = datetime.date(report.year, 12, 31)
    plan = plan_for_report(report.agency, report.year)
    shares = share_summary(report.agency, report.year, year_end)  # the district's tasks this body carries
    lines = [f"工作要点落实情况：{year_end_summary(plan, year_end)}"] if plan else []
    return lines + ([f"区级工作要点任务落实情况：{shares}"] if shares else [])


def draft_other_matters(report: AnnualReport) -> str:
    """Section 六: the 信息处理费 charged in the year (国办函〔2020〕109号), from the cases."""

    fees = Fee.objects.filter(case__agency_id__in=report.agency_ids(), paid_on__year=report.year)
    count, amount = fees.count(), fees.aggregate(s=Sum("amount"))["s"] or 0
    charged = (
        f"本年度按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费{count}件，共计{amount}元。"
        if count
        else "本年度未收取信息处理费。"
    )
    return f"{charged}\n无其他需要报告的事项。"
