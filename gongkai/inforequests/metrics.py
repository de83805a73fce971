"""Live indicators of 依申请公开 (lib/metrics.py)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.inforequests.models import InfoRequest, Status


def requests_on_time(agency, year: int):
    cases = list(
        InfoRequest.objects.filter(agency=agency, status=Status.REPLIED, replied_on__year=year).prefetch_related(
            "events"
        )
    )
    if not cases:
        return None, None, "本年尚无答复的申请"
    on_time = sum(1 for c in cases if not c.clock(c.replied_on).overdue)
    return Decimal(on_time * 100) / len(cases), None, f"本年答复{len(cases)}件，在法定期限内{on_time}件"
