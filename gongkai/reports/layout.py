"""The official table layouts (merged header cells included) as grids of cells, built once from a
report's data and used by the portal page, the DOCX and the XLSX alike."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports import law
from gongkai.reports.tables import ReportData


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    number: bool = False


def head(text, colspan=1, rowspan=1):
    return Cell(str(text), colspan, rowspan, header=True)


def num(value, colspan=1):
    return Cell(str(value), colspan, number=True)


def table_two(data: ReportData) -> list[list[Cell]]:
    rows = []
    for block in law.TABLE_TWO:
        rows.append([head(block.item, colspan=4)])
        if block.column is None:
            rows.append([head(law.T2_CONTENT), *[head(c) for c in law.T2_FIRST_COLUMNS]])
            rows += [[head(label), *[num(v) for v in data.table2[key]]] for key, label in block.rows]
        else:
            rows.append([head(law.T2_CONTENT), head(block.column, colspan=3)])
            rows += [[head(label), num(data.table2[key][0], colspan=3)] for key, label in block.rows]
    return rows


def table_three(data: ReportData) -> list[list[Cell]]:
    types = law.T3_COLUMNS[1:-1]
    rows = [
        [head(law.T3_NOTE, colspan=3, rowspan=3), head(law.T3_APPLICANT, colspan=7)],
        [head(law.T3_NATURAL, rowspan=2), head(law.T3_ORGS, colspan=5), head(law.T3_TOTAL, rowspan=2)],
        [head(t) for t in types],
    ]
    results = [r for r in law.TABLE_THREE if r.level1 == law.T3_RESULTS]
    group_sizes: dict[str, int] = {}
    for r in results:
        group_sizes[r.level2] = group_sizes.get(r.level2, 0) + 1
    seen = set()
    for row in law.TABLE_THREE:
        values = [num(v) for v in data.table3[row.key]]
        if row.level1 != law.T3_RESULTS:
            rows.append([head(row.level1, colspan=3), *values])
            continue
        cells = []
        if row is results[0]:
            cells.append(head(law.T3_RESULTS, rowspan=len(results)))
        if not row.level3:
            cells.append(head(row.level2, colspan=2))
        else:
            if row.level2 not in seen:
                cells.append(head(row.level2, rowspan=group_sizes[row.level2]))
            cells.append(head(row.level3))
        seen.add(row.level2)
        rows.append([*cells, *values])
    return rows


def table_four(data: ReportData) -> list[list[Cell]]:
    return [
        [head(law.T4_REVIEW, colspan=5), head(law.T4_LAWSUIT, colspan=10)],
        [
            *[head(r, rowspan=2) for r in law.T4_RESULTS],
            head(law.T4_GROUPS[1], colspan=5),
            head(law.T4_GROUPS[2], colspan=5),
        ],
        [head(r) for r in law.T4_RESULTS * 2],
        [num(v) for v in data.table4],
    ]


def place(rows: list[list[Cell]]) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Absolute (row, column, cell) positions, as an HTML table would lay the spans out; and the size."""
    taken: set[tuple[int, int]] = set()
    placed, width = [], 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return placed, len(rows), width


def tables(data: ReportData) -> list[tuple[str, list[list[Cell]]]]:
    """The three tables in report order, each under its section heading."""
    return [(law.SECTIONS[1][1], table_two(data)), (law.SECTIONS[2][1], table_three(data)),
            (law.SECTIONS[3][1], table_four(data))]  # fmt: skip
