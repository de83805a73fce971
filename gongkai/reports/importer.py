"""Importing a past year's published report (its web page saved as HTML, or an XLSX), so the first
year on the platform can compare with, and carry over from, the year before.

Both formats become rows of cell texts; the tables are then found by their official labels (the
2019 trial format's single （六） row and “规范性文件” are accepted, spec §2.5). A label that cannot
be found is named in the error.
"""

from __future__ import annotations

import io
import re

import lxml.html
from openpyxl import load_workbook

from gongkai.lib.files import decode_text
from gongkai.lib.packages import PackageRefused, inspect_package
from gongkai.reports import law
from gongkai.reports.tables import N_TYPES, ReportData


class ImportProblem(Exception):
    pass


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_TRANSLATE = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})


def normalise(text) -> str:
    text = re.sub(r"[\s\u3000\xa0]+", "", str(text or "")).translate(_TRANSLATE)
    text = re.sub(r'"([^"]*)"', r"“\1”", text)  # ASCII quotes, as some copies have them (spec §2.3)
    return text.replace("．", ".")


MAX_DIGITS = 12  # no figure of an annual report comes near a trillion


def _number(text: str):
    text = text.replace("，", "")
    if not _NUMBER.match(text):
        return None
    if len(re.sub(r"\D", "", text)) > MAX_DIGITS:
        raise ImportProblem(f"数字“{text[:20]}…”过大（超过 {MAX_DIGITS} 位），请核对文件")
    return text


def rows_from_html(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    if text is None:
        raise ImportProblem("无法识别文件编码（应为 UTF-8 或 GBK）")
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises several kinds on malformed input
        raise ImportProblem(f"无法解析网页：{exc}") from None
    return [[normalise(cell.text_content()) for cell in tr.xpath("./td|./th")] for tr in tree.xpath("//table//tr")]


def rows_from_xlsx(data: bytes) -> list[list[str]]:
    try:
        inspect_package(data, "XLSX 文件")  # before openpyxl builds anything (lib/packages.py)
    except PackageRefused as exc:
        raise ImportProblem(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # not a workbook
        raise ImportProblem(f"无法读取 XLSX：{exc}") from None
    rows = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [normalise(_plain(v)) for v in row if v is not None and str(v).strip() != ""]
            if cells:
                rows.append(cells)
    return rows


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _find(rows, labels: tuple[str, ...], start: int = 0) -> int | None:
    wanted = {normalise(label) for label in labels}
    for i in range(start, len(rows)):
        if wanted & set(rows[i]):
            return i
    return None


def _numbers_after(row: list[str], label_set: set[str]) -> list[str]:
    index = max(i for i, cell in enumerate(row) if cell in label_set)
    return [n for n in (_number(c) for c in row[index + 1 :]) if n is not None]


def parse(rows: list[list[str]], year: int) -> tuple[ReportData, list[str]]:
    """The three tables of a published report; and notes on what was read in a non-standard way."""
    notes = []
    table2: dict[str, list] = {}
    for block in law.TABLE_TWO:
        for key, label in block.rows:
            labels = (label, "规范性文件") if key == "normative" else (label,)
            i = _find(rows, labels)
            if i is None:
                raise ImportProblem(f"找不到表二“{block.item}”的“{label}”行")
            numbers = _numbers_after(rows[i], {normalise(x) for x in labels})
            wanted = 3 if block.column is None else 1
            if len(numbers) < wanted:
                raise ImportProblem(f"表二“{label}”行：应有 {wanted} 个数字，只找到 {len(numbers)} 个")
            table2[key] = [numbers[0]] if key == "fees" else [int(float(n)) for n in numbers[:wanted]]
            if label == "行政规范性文件" and normalise(label) not in rows[i]:
                notes.append("表二按 2019 年试行格式的“规范性文件”行读取")
    table3: dict[str, list[int]] = {}
    for row in law.TABLE_THREE:
        label = row.label
        i = _find(rows, (label,))
        if i is None and row.key in ("other_uncorrected", "other_unpaid", "other"):
            continue  # the trial format has one （六） row; handled below
        if i is None:
            raise ImportProblem(f"找不到表三的“{label}”行")
        numbers = _numbers_after(rows[i], {normalise(label)})
        if len(numbers) < N_TYPES + 1:
            raise ImportProblem(f"表三“{label}”行：应有 7 个数字，只找到 {len(numbers)} 个")
        table3[row.key] = [int(float(n)) for n in numbers[-(N_TYPES + 1) :]]
    if "other" not in table3:
        i = _find(rows, ("（六）其他处理",))
        if i is None:
            raise ImportProblem("找不到表三的“（六）其他处理”行")
        numbers = _numbers_after(rows[i], {normalise("（六）其他处理")})
        if len(numbers) < N_TYPES + 1:
            raise ImportProblem(f"表三“（六）其他处理”行：应有 7 个数字，只找到 {len(numbers)} 个")
        table3["other"] = [int(float(n)) for n in numbers[-(N_TYPES + 1) :]]
        table3.setdefault("other_uncorrected", [0] * (N_TYPES + 1))
        table3.setdefault("other_unpaid", [0] * (N_TYPES + 1))
        notes.append("表三按 2019 年试行格式读取：“（六）其他处理”计入（六）3")
    header = _find(rows, (law.T4_REVIEW,), start=_find(rows, ("四、结转下年度继续办理",)) or 0)
    table4 = None
    for i in range(header or 0, len(rows)):
        numbers = [n for n in (_number(c) for c in rows[i]) if n is not None]
        if len(numbers) >= 15 and header is not None:
            table4 = [int(float(n)) for n in numbers[-15:]]
            break
    if table4 is None:
        raise ImportProblem("找不到表四（行政复议、行政诉讼）的 15 个数字")
    return ReportData(year, table2, {r.key: table3[r.key] for r in law.TABLE_THREE}, table4), notes


def read(name: str, data: bytes, year: int) -> tuple[ReportData, list[str]]:
    rows = rows_from_xlsx(data) if name.lower().endswith(".xlsx") else rows_from_html(data)
    return parse(rows, year)
