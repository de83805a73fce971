"""Next year's holiday notice: from 1 November the platform says, wherever deadlines are read, that it
must be entered; until it is, every deadline that reaches into next year is provisional."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import has
from gongkai.accounts.queue import QueueItem
from gongkai.workdays.store import current_index

# The State Council's notice for the next year usually appears between late October and early
# December (spec §7); from this day on its absence is flagged to every office that reads deadlines.
WARN_FROM = (11, 1)


def missing_next_year(today: datetime.date | None = None) -> int | None:
    """Next year, when it is 1 November or later and its notice has not been entered."""
    today = today or timezone.localdate()
    if (today.month, today.day) < WARN_FROM:
        return None
    year = today.year + 1
    return None if current_index().is_complete(year) else year


def message(year: int) -> str:
    return (
        f"{year}年放假安排（国务院办公厅通知）尚未录入：跨年的期限均按周一至周五暂定计算，"
        "通知发布后请立即录入，相关期限会自动重新计算。"
    )


def queue_items(user: Any) -> list[QueueItem]:
    """The officers who read deadlines and the offices that can enter the notice see it in 我的待办."""
    if not has(user, "calendar.warnings"):
        return []
    year = missing_next_year()
    if year is None:
        return []
    may_enter = has(user, "calendar.edit")
    url = reverse("workdays:import") if may_enter else f"{reverse('workdays:calendar')}?year={year}"
    note = "请录入通知" if may_enter else "请区政务公开办录入"
    return [QueueItem(message(year), url, "工作日历", due=datetime.date(year - 1, 12, 31), note=note)]
