"""Live indicators of 重大行政决策 (lib/metrics.py), for the work plans' targets and the assessment board."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from gongkai.decisions.models import Catalogue, Consultation, Entry, Meeting
from gongkai.workdays import periods, workdays_between


def catalogue_on_time(agency, year: int):
    """When the year's catalogue was published (the target is a date: 31 March, periods.py)."""
    catalogue = Catalogue.objects.filter(agency=agency, year=year, published_at__isnull=False).first()
    if catalogue is None or catalogue.published_at is None:
        return None, None, f"{year}年度重大行政决策事项目录尚未公布"
    day = timezone.localtime(catalogue.published_at).date()
    return None, day, f"{year}年度重大行政决策事项目录{day:%Y-%m-%d}公布（截止{catalogue.due:%-m月%-d日}）"


def participation_share(agency, year: int):
    """Of the decisions taken in the year (an entry whose 集体讨论决定 or 决策公布 is dated in it), the share
    that went to public comment (an announced consultation)."""
    decided = Entry.objects.filter(catalogue__agency=agency, steps__stage__in=("collective", "published"),
                                   steps__on__year=year).distinct()  # fmt: skip
    total = decided.count()
    if not total:
        return None, None, f"{year}年尚未登记作出的重大行政决策"
    consulted = (
        decided.filter(Q(consultations__state__in=[s for s in Consultation.State.values if s != "draft"]))
        .distinct()
        .count()
    )
    share = (Decimal(consulted) * 100 / total).quantize(Decimal("0.1"))
    return share, None, f"{year}年作出重大行政决策 {total} 项，其中公开征求意见 {consulted} 项"


def _reports_due(agency, year: int):
    today = timezone.localdate()
    return [c for c in Consultation.objects.filter(agency=agency, decided_on__year=year, report_due__isnull=False)
            if c.report_published_at is not None or (c.report_due is not None and c.report_due < today)]  # fmt: skip


def adoption_on_time(agency, year: int):
    """Of the adoption reports due so far for the year's decisions, the share published by the due date."""
    due = _reports_due(agency, year)
    if not due:
        return None, None, f"{year}年尚无到期的意见采纳情况报告"
    on_time = sum(1 for c in due if c.report_on_time)
    share = (Decimal(on_time) * 100 / len(due)).quantize(Decimal("0.1"))
    days = periods.COMMENT_ADOPTION.days
    return share, None, f"{year}年到期的意见采纳情况 {len(due)} 份，决策后 {days} 个工作日内公布 {on_time} 份"


def adoption_days(agency, year: int):
    """The longest time, in working days, from a decision to its adoption report (unpublished and late
    reports count up to today)."""
    due = _reports_due(agency, year)
    if not due:
        return None, None, f"{year}年尚无到期的意见采纳情况报告"
    today = timezone.localdate()
    spans = []
    for c in due:
        end = timezone.localtime(c.report_published_at).date() if c.report_published_at else today
        assert c.decided_on is not None
        spans.append(workdays_between(c.decided_on, end))
    return Decimal(max(spans)), None, f"{year}年意见采纳情况 {len(due)} 份，决策后最长 {max(spans)} 个工作日公布"


def attendance_count(agency, year: int):
    """Decision meetings of the year at which public representatives attended."""
    held = Meeting.objects.held_in(agency, year)
    n = held.count()
    return Decimal(n), None, f"{year}年邀请公众代表列席决策会议 {n} 次"
