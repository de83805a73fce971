"""纠错率 and 败诉率: decided reviews and lawsuits of the year, the share whose result was 纠正."""

import datetime

from gongkai.inforequests.law import ChallengeKind, ChallengeResult, Outcome
from gongkai.lib import metrics

D = datetime.date


def test_review_and_lawsuit_shares_count_decided_challenges_of_the_year(case, officer_a, tree):
    case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.WITHHELD_PROCESS, text="不予公开")
    reviews = [case.report_challenge(by=officer_a, kind=ChallengeKind.REVIEW, body="区政府", filed_on=D(2026, 4, 1))
               for _ in range(4)]  # fmt: skip
    for challenge, result in zip(reviews[:3], ("corrected", "upheld", "other"), strict=True):
        case.decide_challenge(by=officer_a, challenge=challenge, result=result, decided_on=D(2026, 6, 1))
    suit = case.report_challenge(by=officer_a, kind=ChallengeKind.LAWSUIT, body="区法院", filed_on=D(2026, 7, 1))
    assert metrics.value("lawsuit_lost", tree["a"], 2026)[0] is None  # pending
    case.decide_challenge(by=officer_a, challenge=suit, result=ChallengeResult.CORRECTED, decided_on=D(2026, 9, 1))
    share, _, how = metrics.value("review_corrected", tree["a"], 2026)
    assert str(share) == "33.3" and "审结行政复议3件，结果纠正1件" in how  # the pending fourth not counted
    assert str(metrics.value("lawsuit_lost", tree["a"], 2026)[0]) == "100.0"
    assert metrics.value("review_corrected", tree["a"], 2025)[0] is None
