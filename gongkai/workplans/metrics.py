"""The work plan's own live indicator (lib/metrics.py): tasks done by their deadline."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gongkai.workplans.models import Status, WorkPlan


def tasks_on_time(agency, year: int):
    """Of the year's plan tasks whose deadline has come (by today, or by the year's end for a past year), the
    share marked done on or before it."""
    plan = WorkPlan.current(agency, year)
    if plan is None:
        return None, None, f"{year}年尚未导入工作要点"
    today = timezone.localdate()
    due = [(t, d) for t in plan.tasks.select_related("plan") if (d := t.due) is not None and d <= today]
    if not due:
        return None, None, f"{year}年工作要点尚无到期的任务"
    done = sum(1 for t, d in due if t.status == Status.DONE and t.done_on is not None and t.done_on <= d)
    share = (Decimal(done) * 100 / len(due)).quantize(Decimal("0.1"))
    return share, None, f"{year}年工作要点到期任务{len(due)}项，按期完成{done}项"
