"""Live indicators of 重大行政决策 (lib/metrics.py), for the work plans' targets."""

from __future__ import annotations

from django.utils import timezone

from gongkai.decisions.models import Catalogue


def catalogue_on_time(agency, year: int):
    """When the year's catalogue was published (the target is a date: 31 March, periods.py)."""
    catalogue = Catalogue.objects.filter(agency=agency, year=year, published_at__isnull=False).first()
    if catalogue is None or catalogue.published_at is None:
        return None, None, f"{year}年度重大行政决策事项目录尚未公布"
    day = timezone.localtime(catalogue.published_at).date()
    return None, day, f"{year}年度重大行政决策事项目录{day:%Y-%m-%d}公布（截止{catalogue.due:%-m月%-d日}）"
