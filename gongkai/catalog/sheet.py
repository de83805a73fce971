"""The standard catalogue as an XLSX sheet in the national layout (spec §5.2): two header rows (公开事项 over
一级事项/二级事项, 公开对象 over 全社会/特定群众, 公开方式 over 主动/依申请公开, optional 公开层级 over 县级/乡级), √ in
the checkbox columns, and the platform's two extra columns 试点领域 and 更新周期 at the end. Reading it checks
every row and names the row and the column of each problem; nothing is saved until the preview is confirmed."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from gongkai.catalog.models import AREAS, CHANNELS, CYCLES, cycle_from
from gongkai.lib.packages import PackageRefused, inspect_package
from gongkai.lib.sheets import safe_row

# (field, header row 1, header row 2); the checkbox pairs share their row-1 header
COLUMNS = [
    ("seq", "序号", ""),
    ("level1", "公开事项", "一级事项"),
    ("level2", "公开事项", "二级事项"),
    ("content", "公开内容（要素）", ""),
    ("basis", "公开依据", ""),
    ("time_limit", "公开时限", ""),
    ("body", "公开主体", ""),
    ("channels", "公开渠道和载体", ""),
    ("to_all", "公开对象", "全社会"),
    ("to_specific", "公开对象", "特定群众"),
    ("proactive", "公开方式", "主动"),
    ("on_request", "公开方式", "依申请公开"),
    ("level_county", "公开层级", "县级"),
    ("level_town", "公开层级", "乡级"),
    ("area", "试点领域", ""),
    ("cycle", "更新周期", ""),
]
HEADERS = {name: sub or top for name, top, sub in COLUMNS}
CHECKS = {"to_all", "to_specific", "proactive", "on_request", "level_county", "level_town"}
REQUIRED = {
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容（要素）",
    "time_limit": "公开时限",
    "body": "公开主体",
}
TICKS = {"√", "✓", "✔", "是", "Y", "y", "1", "■", "☑"}
CYCLE_BY_LABEL = {label: code for code, (label, _) in CYCLES.items()}
MAX_ROWS = 2000


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _locate(header1: list[str], header2: list[str]) -> dict[str, int]:
    """Column index of each field, from the two header rows (merged cells read as the left cell only)."""
    filled, current = [], ""
    for cell in header1:
        current = cell or current
        filled.append(current)
    found: dict[str, int] = {}
    for name, top, sub in COLUMNS:
        for i, (a, b) in enumerate(zip(filled, header2 + [""] * (len(filled) - len(header2)), strict=False)):
            if a.replace(" ", "") == top and (b.replace(" ", "") == sub or (not sub and not b)):
                found.setdefault(name, i)
                break
    return found


def read(data: bytes) -> Parsed:
    parsed = Parsed()
    try:
        inspect_package(data, "Excel 文件")
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except PackageRefused as exc:
        parsed.errors.append(str(exc))
        return parsed
    except Exception as exc:  # not a workbook
        parsed.errors.append(f"无法读取 Excel 文件：{exc}")
        return parsed
    sheet = book.worksheets[0]
    rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    start = next((i for i, r in enumerate(rows) if r and r[0].replace(" ", "") == "序号"), None)
    if start is None or start + 1 >= len(rows):
        parsed.errors.append("表头：找不到“序号”开头的两行表头（请使用标准目录的格式，可先导出一份作为模板）")
        return parsed
    columns = _locate(rows[start], rows[start + 1])
    missing = [label for name, label in REQUIRED.items() if name not in columns]
    if missing:
        parsed.errors.append(f"表头：缺少“{'”“'.join(missing)}”列")
        return parsed
    level1 = ""
    body_rows = rows[start + 2 :]
    if len(body_rows) > MAX_ROWS:
        parsed.errors.append(f"行数：最多 {MAX_ROWS} 行（现为 {len(body_rows)} 行）")
        return parsed
    for offset, raw in enumerate(body_rows):
        line = start + 3 + offset  # the spreadsheet's own row number
        cell = {name: raw[i] if i < len(raw) else "" for name, i in columns.items()}
        if not any(cell.values()):
            continue
        level1 = cell.get("level1") or level1  # a merged 一级事项 cell covers the rows below it
        row: dict = {"level1": level1}
        for name, label in REQUIRED.items():
            value = level1 if name == "level1" else cell.get(name, "")
            if not value:
                parsed.errors.append(f"第{line}行“{label}”：必须填写")
        row.update({name: cell.get(name, "") for name in ("level2", "content", "basis", "time_limit", "body")})
        for name, limit in (("level2", 200), ("time_limit", 200), ("body", 100)):
            if len(row[name]) > limit:
                parsed.errors.append(f"第{line}行“{HEADERS[name]}”：不能超过 {limit} 个字")
        seq = cell.get("seq", "")
        if seq and not seq.replace(".0", "").isdigit():
            parsed.errors.append(f"第{line}行“序号”：“{seq}”不是数字")
        row["seq"] = int(float(seq)) if seq.replace(".0", "").isdigit() else len(parsed.rows) + 1
        channels = [
            c.strip()
            for c in cell.get("channels", "").replace("、", "\n").replace("，", "\n").replace("□", "\n").splitlines()
        ]
        row["channels"] = [c.lstrip("■☑√ ") for c in channels if c.strip() and not c.startswith("□")]
        unknown = [c for c in row["channels"] if c not in CHANNELS]
        if unknown:
            parsed.errors.append(f"第{line}行“公开渠道和载体”：无法识别“{unknown[0]}”（可用：{'、'.join(CHANNELS)}）")
        for name in CHECKS:
            value = cell.get(name, "")
            if value and value not in TICKS:
                parsed.errors.append(f"第{line}行“{HEADERS[name]}”：只能填 √ 或留空（现为“{value}”）")
            row[name] = value in TICKS
        if not (row["proactive"] or row["on_request"]):
            parsed.errors.append(f"第{line}行“公开方式”：主动和依申请公开至少勾选一项")
        area = cell.get("area", "") or "其他"
        if area not in AREAS:
            parsed.errors.append(f"第{line}行“试点领域”：无法识别“{area}”")
        row["area"] = area
        cycle = cell.get("cycle", "")
        if cycle and cycle not in CYCLE_BY_LABEL:
            parsed.errors.append(f"第{line}行“更新周期”：只能是 {'、'.join(CYCLE_BY_LABEL)}")
        row["cycle"] = CYCLE_BY_LABEL.get(cycle) or cycle_from(row["time_limit"])
        parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append("内容：表中没有事项")
    return parsed


def write(entries) -> bytes:
    """The catalogue in the same layout (import it back unchanged)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    sheet.append([top for _, top, _ in COLUMNS])
    sheet.append([sub for _, _, sub in COLUMNS])
    for top in (
        "序号",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "试点领域",
        "更新周期",
    ):
        col = [c[1] for c in COLUMNS].index(top) + 1
        sheet.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)
    for top in ("公开事项", "公开对象", "公开方式", "公开层级"):
        first = [c[1] for c in COLUMNS].index(top) + 1
        sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 1)
    for row in sheet.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font, cell.alignment = (
                Font(bold=True),
                Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
    for e in entries:
        values = {
            "seq": e.seq, "level1": e.level1, "level2": e.level2, "content": e.content, "basis": e.basis,
            "time_limit": e.time_limit, "body": e.body, "channels": "、".join(e.channels), "area": e.area,
            "cycle": CYCLES[e.cycle][0],
        }  # fmt: skip
        values.update({name: "√" if getattr(e, name) else "" for name in CHECKS})
        sheet.append(safe_row(values[name] for name, _, _ in COLUMNS))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
