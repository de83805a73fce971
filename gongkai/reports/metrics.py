"""Live indicators of the annual report (lib/metrics.py)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.reports.models import PublishedReport, Scope


def report_on_time(agency, year: int):
    first = (
        PublishedReport.objects.filter(report__agency=agency, report__year=year - 1, report__scope=Scope.AGENCY)
        .order_by("published_at")
        .first()
    )
    if first is None:
        return None, None, f"{year - 1}年度报告尚未发布"
    return (
        None,
        timezone.localtime(first.published_at).date(),
        f"{year - 1}年度报告发布于{first.published_at:%Y-%m-%d}",
    )
