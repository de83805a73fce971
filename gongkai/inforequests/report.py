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

from gongkai.inforequests.law import ApplicantType, ChallengeKind, ChallengeResult, Outcome
from gongkai.inforequests.models import Challenge, InfoRequest

COLUMNS = [label for _, label in ApplicantType.choices] + ["总计"]
NEW, CARRIED_IN, TOTAL, CARRIED_OUT = "new", "carried_in", "total", "carried_out"


@dataclass
class Row:
    key: str
    label: str
    cells: list[int]  # one per applicant type, then the total


def table_three_counts(cases, year: int, by=("applicant_type",)) -> list[dict]:
    """The grouped counts behind table 三, grouped by ``by`` (the applicant type, and the agency when
    several reports are built at once). One plain GROUP BY over the cases that matter for the year,
    each tagged received before/in the year and finished in/after the year or not at all; the rows
    are then summed here."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    relevant = cases.filter(received_on__lte=last).filter(Q(replied_on__isnull=True) | Q(replied_on__gte=first))
    flag = lambda q: ExpressionWrapper(q, output_field=BooleanField())  # noqa: E731
    tagged = relevant.annotate(
        earlier=flag(Q(received_on__lt=first)),
        unfinished=flag(Q(replied_on__isnull=True) | Q(replied_on__gt=last)),
    )
    groups: dict[tuple, dict] = {}
    for row in tagged.order_by().values(*by, "outcome", "earlier", "unfinished").annotate(n=Count("id")):
        key = tuple(row[k] for k in by)
        counts = groups.setdefault(key, {**dict(zip(by, key, strict=True)), NEW: 0, CARRIED_IN: 0, CARRIED_OUT: 0})
        n = row["n"]
        if row["earlier"]:
            counts[CARRIED_IN] += n  # received earlier and not finished before 1 January
        else:
            counts[NEW] += n
        if row["unfinished"]:
            counts[CARRIED_OUT] += n  # still open on 31 December
        elif row["outcome"]:
            counts[f"o_{row['outcome']}"] = counts.get(f"o_{row['outcome']}", 0) + n
    return list(groups.values())


def rows_from_counts(grouped: list[dict]) -> list[Row]:
    by_type = {r["applicant_type"]: r for r in grouped}

    def row(key, label, name) -> Row:
        cells = [by_type.get(t, {}).get(name, 0) for t in ApplicantType.values]
        return Row(key, label, [*cells, sum(cells)])

    rows = [
        row(NEW, "一、本年新收政府信息公开申请数量", NEW),
        row(CARRIED_IN, "二、上年结转政府信息公开申请数量", CARRIED_IN),
        *[row(value, label, f"o_{value}") for value, label in Outcome.choices],
    ]
    totals = [sum(r.cells[i] for r in rows[2:]) for i in range(len(COLUMNS))]
    rows.append(Row(TOTAL, "（七）总计", totals))
    rows.append(row(CARRIED_OUT, "四、结转下年度继续办理", CARRIED_OUT))
    return rows


def table_three(cases, year: int) -> list[Row]:
    """25 rows × 7 columns for ``cases`` (a queryset, e.g. one agency's) in ``year``."""
    return rows_from_counts(table_three_counts(cases, year))


def check_table_three(rows: list[Row]) -> list[str]:
    """The printed 勾稽关系 (一 + 二 = （七）总计 + 四, per column) and row totals; messages when broken."""
    by_key = {r.key: r for r in rows}
    problems = []
    for i, column in enumerate(COLUMNS):
        left = by_key[NEW].cells[i] + by_key[CARRIED_IN].cells[i]
        right = by_key[TOTAL].cells[i] + by_key[CARRIED_OUT].cells[i]
        if left != right:
            problems.append(f"表三“{column}”列：一+二={left}，（七）+四={right}，不相等")
    for row in rows:
        if sum(row.cells[:-1]) != row.cells[-1]:
            problems.append(f"表三“{row.label}”行：各列之和不等于总计")
    return problems


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


def agency_cases(agency_ids) -> object:
    return InfoRequest.objects.filter(agency_id__in=agency_ids)
