"""The report's tables computed from the platform's records, the office's additions, and the checks.

ReportData is plain data (lists and dicts of numbers) so a published version can be frozen as JSON
and rendered, exported or compared without touching the live records again.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Q

from gongkai.documents.law import DocKind
from gongkai.documents.models import Document, Status
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.report import table_four, table_three
from gongkai.reports import law

N_TYPES = len(law.T3_COLUMNS) - 1  # six applicant columns before 总计


@dataclass
class ReportData:
    year: int
    table2: dict[str, list]  # key → [issued, repealed, in force] or [value]
    table3: dict[str, list[int]]  # row key → 7 cells
    table4: list[int]  # 15 cells
    sources: dict[str, str] = field(default_factory=dict)  # table 二 manual figures: where they came from

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ReportData:
        return cls(**{k: data[k] for k in ("year", "table2", "table3", "table4")}, sources=data.get("sources", {}))


# -- table 二 --------------------------------------------------------------------------------
def _library_counts(agency_ids, year: int) -> dict[str, list[int]]:
    """规章 (published as 政府令, 文种“命令（令）”) and 行政规范性文件 of the agencies: made in the year
    (成文日期), repealed in the year, and in force on 31 December. One query."""

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    made = Q(written_on__gte=first, written_on__lte=last)
    repealed = Q(repealed_on__gte=first, repealed_on__lte=last)
    in_force = (
        (Q(written_on__lte=last) | Q(written_on__isnull=True, published_at__date__lte=last))
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=last))
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=last))
    )
    kinds = {"rules": Q(kind=DocKind.ORDER), "normative": Q(is_normative=True)}
    counts = {
        f"{key}_{i}": Count("id", filter=kind & when)
        for key, kind in kinds.items()
        for i, when in enumerate((made, repealed, in_force))
    }
    row = Document.objects.filter(agency_id__in=agency_ids, status=Status.PUBLISHED).aggregate(**counts)
    return {key: [row[f"{key}_{i}"] or 0 for i in range(3)] for key in kinds}


def parse_manual(raw: dict[str, Any]) -> tuple[dict[str, list[Any]], dict[str, str], list[str]]:
    """The office's table 二 figures: non-negative integers, and a decimal in 万元 for fees."""
    values: dict[str, list[Any]] = {}
    sources: dict[str, str] = {}
    errors: list[str] = []
    labels = {key: label for block in law.TABLE_TWO for key, label in block.rows}
    for key in law.T2_MANUAL:
        text = str(raw.get(key, "") if raw.get(key) is not None else "").strip().replace(",", "")
        sources[key] = str(raw.get(f"{key}_source", "")).strip()
        if text == "":
            values[key] = ["0"] if key == "fees" else [0]
            continue
        if key == "fees":
            try:
                amount = Decimal(text)
            except InvalidOperation:
                amount = None
            exponent = amount.as_tuple().exponent if amount is not None else 0
            if amount is None or amount < 0 or not isinstance(exponent, int) or exponent < -4:
                errors.append(f"表二“{labels[key]}”{law.T2_FEES}：应为不小于 0 的数，最多 4 位小数，收到“{text}”")
                continue
            values[key] = [str(amount)]
        elif text.isdigit():
            values[key] = [int(text)]
        else:
            errors.append(f"表二“{labels[key]}”{law.T2_DECISIONS}：只能填写非负整数，收到“{text}”")
    return values, sources, errors


# -- tables 三 and 四 -------------------------------------------------------------------------
def _case_tables(agency_ids, year: int) -> tuple[dict[str, list[int]], list[int]]:
    cases = InfoRequest.objects.filter(agency_id__in=agency_ids)
    return {row.key: row.cells for row in table_three(cases, year)}, table_four(cases, year)


def with_extra(table3: dict, table4: list, extra: dict) -> tuple[dict, list]:
    """Add the office's cases handled outside the platform and recompute every total."""
    three = {key: list(cells[:N_TYPES]) for key, cells in table3.items()}
    for key, cells in (extra.get("three") or {}).items():
        if key in three and law.T3_BY_KEY[key].editable:
            three[key] = [a + int(b) for a, b in zip(three[key], cells, strict=True)]
    three["total"] = [sum(three[k][i] for k in law.T3_LEAVES) for i in range(N_TYPES)]
    three = {key: [*cells, sum(cells)] for key, cells in three.items()}
    four = list(table4)
    added = extra.get("four") or []
    if added:
        groups = []
        for g in range(3):
            parts = [four[g * 5 + i] + int(added[g * 4 + i]) for i in range(4)]
            groups += [*parts, sum(parts)]
        four = groups
    return {row.key: three[row.key] for row in law.TABLE_THREE}, four


def compute(agency_ids, year: int, *, manual: dict | None = None, extra: dict | None = None) -> ReportData:
    """The data of one report over ``agency_ids`` (usually one agency; for an aggregate, all the
    members not yet published, whose figures and extra cases are summed into ``manual`` and ``extra``)."""
    agency_ids = list(agency_ids)
    table2: dict[str, list] = dict(_library_counts(agency_ids, year))
    values, sources, _errors = parse_manual(manual or {})
    table2.update(values)
    table3, table4 = with_extra(*_case_tables(agency_ids, year), extra or {})
    return ReportData(year, table2, table3, table4, sources)


def sum_drafts(drafts) -> tuple[dict, dict]:
    """The table 二 figures and extra cases of several drafts, added up (invalid figures are left out:
    each draft's own checks report them)."""
    manual: dict[str, object] = {}
    three: dict[str, list[int]] = {}
    four = [0] * 12
    for figures, extra in drafts:
        values, _sources, _errors = parse_manual(figures or {})
        for key, (value,) in values.items():
            if key == "fees":
                manual[key] = str(Decimal(str(manual.get(key, "0"))) + Decimal(str(value)))
            else:
                manual[key] = int(str(manual.get(key, 0))) + int(value)
        for key, cells in ((extra or {}).get("three") or {}).items():
            three[key] = [a + int(b) for a, b in zip(three.get(key, [0] * N_TYPES), cells, strict=True)]
        for i, value in enumerate((extra or {}).get("four") or []):
            four[i] += int(value)
    return {k: str(v) for k, v in manual.items()}, {"three": three, "four": four if any(four) else []}


def total(reports: list[ReportData], year: int) -> ReportData:
    """The district aggregate: the sum of its members' tables, cell by cell."""
    table2: dict[str, list] = {}
    for block in law.TABLE_TWO:
        for key, _label in block.rows:
            columns = zip(*[r.table2.get(key, [0] * (3 if block.column is None else 1)) for r in reports], strict=True)
            if key == "fees":
                table2[key] = [str(sum((Decimal(str(v)) for v in col), Decimal(0))) for col in columns]
            else:
                table2[key] = [sum(int(v) for v in col) for col in columns]
    table3 = {
        row.key: [sum(r.table3[row.key][i] for r in reports) for i in range(N_TYPES + 1)] for row in law.TABLE_THREE
    }
    table4 = [sum(r.table4[i] for r in reports) for i in range(15)]
    return ReportData(year, table2, table3, table4)


# -- checks (勾稽关系) ------------------------------------------------------------------------
@dataclass
class CheckResult:
    errors: list[str]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(data: ReportData, last_year: ReportData | None = None) -> CheckResult:
    errors, warnings = [], []
    t3 = data.table3
    for i, column in enumerate(law.T3_COLUMNS):
        left = t3["new"][i] + t3["carried_in"][i]
        right = t3["total"][i] + t3["carried_out"][i]
        if left != right:
            errors.append(
                f"表三“{column}”列：一、本年新收（{t3['new'][i]}）加二、上年结转（{t3['carried_in'][i]}）"
                f"为 {left}，（七）总计（{t3['total'][i]}）加四、结转下年度（{t3['carried_out'][i]}）为 {right}，不相等"
            )
    for row in law.TABLE_THREE:
        cells = t3[row.key]
        if any(c < 0 for c in cells):
            errors.append(f"表三“{row.label}”行：不能为负数")
        if sum(cells[:N_TYPES]) != cells[N_TYPES]:
            errors.append(f"表三“{row.label}”行：六类申请人之和 {sum(cells[:N_TYPES])} 不等于总计 {cells[N_TYPES]}")
    for i, column in enumerate(law.T3_COLUMNS):
        leaves = sum(t3[k][i] for k in law.T3_LEAVES)
        if leaves != t3["total"][i]:
            errors.append(f"表三“（七）总计”行“{column}”列：应为 21 个办理结果之和 {leaves}，现为 {t3['total'][i]}")
    for g, group in enumerate(law.T4_GROUPS):
        cells = data.table4[g * 5 : g * 5 + 5]
        if sum(cells[:4]) != cells[4]:
            errors.append(f"表四“{group}”：维持、纠正、其他、尚未审结之和 {sum(cells[:4])} 不等于总计 {cells[4]}")
    if last_year is not None:
        for i, column in enumerate(law.T3_COLUMNS):
            before, now = last_year.table3["carried_out"][i], t3["carried_in"][i]
            if before != now:
                warnings.append(
                    f"表三“{column}”列：二、上年结转为 {now}，上年度报告的四、结转下年度继续办理为 {before}，请核实"
                )
    return CheckResult(errors, warnings)


def check_request_tables(three, four, year: int) -> list[str]:
    """The checks of tables 三 and 四 alone, for the 依申请公开 analysis page's preview."""
    return check(ReportData(year, {}, {r.key: r.cells for r in three}, four)).errors


# -- the official labels as keys (manage.py annual_report --json) -----------------------------
def labelled(data: ReportData) -> dict:
    two = {}
    for block in law.TABLE_TWO:
        columns = law.T2_FIRST_COLUMNS if block.column is None else [block.column]
        two[block.item] = {label: dict(zip(columns, data.table2[key], strict=True)) for key, label in block.rows}
    three: dict = {}
    for row in law.TABLE_THREE:
        cells = dict(zip(law.T3_COLUMNS, data.table3[row.key], strict=True))
        if not row.level2:
            three[row.level1] = cells
        elif not row.level3:
            three.setdefault(row.level1, {})[row.level2] = cells
        else:
            three.setdefault(row.level1, {}).setdefault(row.level2, {})[row.level3] = cells
    four = {
        law.T4_REVIEW: dict(zip(law.T4_RESULTS, data.table4[0:5], strict=True)),
        law.T4_LAWSUIT: {
            law.T4_GROUPS[1]: dict(zip(law.T4_RESULTS, data.table4[5:10], strict=True)),
            law.T4_GROUPS[2]: dict(zip(law.T4_RESULTS, data.table4[10:15], strict=True)),
        },
    }
    return {law.SECTIONS[1][1]: two, law.SECTIONS[2][1]: three, law.SECTIONS[3][1]: four}
