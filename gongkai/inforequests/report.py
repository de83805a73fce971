"""The request tables of the annual report, counted from the cases (spec §2.3, §2.4, §2.6).

Table 三: 一 new requests received in the year; 二 carried over (received earlier, not finished on
1 January); 三 the outcome of every case finished in the year, one leaf row each (law.Outcome);
四 carried into next year (not finished on 31 December). Columns are the applicant types in the
official order, then 总计. Table 四: reviews and suits filed in the year, by their result as it
stood on 31 December (a later decision counts as 尚未审结).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from gongkai.inforequests.law import ApplicantType, CaseKind, ChallengeKind, ChallengeResult, Outcome
from gongkai.inforequests.models import Challenge

NEW, CARRIED_IN, TOTAL, CARRIED_OUT = "new", "carried_in", "total", "carried_out"


@dataclass
class Row:
    key: str
    label: str
    cells: list[int]  # one per applicant type, then the total


def table_three(cases, year: int) -> list[Row]:
    """25 rows × 7 columns for ``cases`` (a queryset, e.g. one agency's) in ``year``. One plain GROUP BY
    over the cases that matter for the year, each tagged received before the year or in it, and
    unfinished on 31 December or not; the rows are then summed here."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # art. 41 requests to correct a record are not requests for disclosure: they count in no row
    relevant = cases.filter(kind=CaseKind.DISCLOSURE, received_on__lte=last)
    relevant = relevant.filter(Q(replied_on__isnull=True) | Q(replied_on__gte=first))
    flag = lambda q: ExpressionWrapper(q, output_field=BooleanField())  # noqa: E731
    tagged = relevant.annotate(
        earlier=flag(Q(received_on__lt=first)),
        unfinished=flag(Q(replied_on__isnull=True) | Q(replied_on__gt=last)),
    )
    by_type: dict[str, dict[str, int]] = {}
    for row in tagged.order_by().values("applicant_type", "outcome", "earlier", "unfinished").annotate(n=Count("id")):
        counts = by_type.setdefault(row["applicant_type"], {NEW: 0, CARRIED_IN: 0, CARRIED_OUT: 0})
        n = row["n"]
        if row["earlier"]:
            counts[CARRIED_IN] += n  # received earlier and not finished before 1 January
        else:
            counts[NEW] += n
        if row["unfinished"]:
            counts[CARRIED_OUT] += n  # still open on 31 December
        elif row["outcome"]:
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + n

    def make_row(key: str, label: str) -> Row:
        cells = [by_type.get(t, {}).get(key, 0) for t in ApplicantType.values]
        return Row(key, label, [*cells, sum(cells)])

    rows = [
        make_row(NEW, "一、本年新收政府信息公开申请数量"),
        make_row(CARRIED_IN, "二、上年结转政府信息公开申请数量"),
        *[make_row(value, label) for value, label in Outcome.choices],
    ]
    totals = [sum(r.cells[i] for r in rows[2:]) for i in range(len(ApplicantType) + 1)]
    rows.append(Row(TOTAL, "（七）总计", totals))
    rows.append(make_row(CARRIED_OUT, "四、结转下年度继续办理"))
    return rows


TABLE_FOUR_GROUPS = [("行政复议", ChallengeKind.REVIEW, None), ("未经复议直接起诉", ChallengeKind.LAWSUIT, False),
                     ("复议后起诉", ChallengeKind.LAWSUIT, True)]  # fmt: skip


def table_four(cases, year: int) -> list[int]:
    """The 15 numbers of table 四 for challenges to ``cases`` filed in ``year``."""
    return four_from_challenges(Challenge.objects.filter(case__in=cases, filed_on__year=year), year)


def four_from_challenges(challenges, year: int) -> list[int]:
    last = datetime.date(year, 12, 31)
    challenges = list(challenges)
    numbers = []
    for _label, kind, after_review in TABLE_FOUR_GROUPS:
        group = [c for c in challenges if c.kind == kind and (after_review is None or c.after_review == after_review)]
        counts = [sum(1 for c in group if c.result_on(last) == result) for result in ChallengeResult.values]
        numbers += [*counts, sum(counts)]
    return numbers


@dataclass
class WorkingPapers:
    """The cases behind the year's figures that an auditor asks about first."""

    late_corrections: list  # 补正 notices sent after the 7 working days of art. 30
    overdue_replies: list  # replies (or closures) given after the due date


def working_papers(cases, year: int) -> WorkingPapers:
    received = list(cases.filter(received_on__year=year).prefetch_related("events").order_by("received_on", "id"))
    late = [c for c in received if c.correction_late()]
    finished = cases.filter(replied_on__year=year).prefetch_related("events").order_by("replied_on", "id")
    overdue = [c for c in finished if c.clock(c.replied_on).overdue]
    return WorkingPapers(late, overdue)
