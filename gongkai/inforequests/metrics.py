"""Live indicators of 依申请公开 (lib/metrics.py)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.inforequests.law import ChallengeKind, ChallengeResult
from gongkai.inforequests.models import Challenge, InfoRequest, Status


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


def _challenge_share(agency, year: int, kind: str, noun: str):
    decided = Challenge.objects.filter(case__agency=agency, kind=kind, decided_on__year=year).exclude(
        result=ChallengeResult.PENDING
    )
    total = decided.count()
    if not total:
        return None, None, f"本年尚无审结的{noun}"
    corrected = decided.filter(result=ChallengeResult.CORRECTED).count()
    share = (Decimal(corrected) * 100 / total).quantize(Decimal("0.1"))
    return share, None, f"本年审结{noun}{total}件，结果纠正{corrected}件"


def review_corrected(agency, year: int):
    """纠错率: of the administrative reviews of the agency's 依申请 replies decided in the year, the share whose
    result was 纠正 (table 四's columns)."""
    return _challenge_share(agency, year, ChallengeKind.REVIEW, "行政复议")


def lawsuit_lost(agency, year: int):
    """败诉率: of the lawsuits decided in the year, the share whose result was 纠正 (the agency lost)."""
    return _challenge_share(agency, year, ChallengeKind.LAWSUIT, "行政诉讼")
