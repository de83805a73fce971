"""A published report as DOCX and XLSX, laid out like the official format (merged cells). Fonts are
named (仿宋_GB2312 for text, 黑体 for headings, 方正小标宋简体 for the title), not embedded."""

from __future__ import annotations

import hashlib
import io
import json

from django.core.cache import caches
from django.http import Http404
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.lib.files import DOCX_TYPE, XLSX_TYPE, attachment
from gongkai.lib.sheets import safe_cell
from gongkai.reports import law
from gongkai.reports.layout import place, tables
from gongkai.reports.tables import ReportData

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体"


def _font(run, name, size, bold=False):
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


DRAFT_MARK = "草稿 · 未发布，数字以发布版为准"


def to_docx(snapshot: dict) -> bytes:
    data = ReportData.from_dict(snapshot["data"])
    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(37),
        Mm(35),
        Mm(28),
        Mm(26),
    )
    if snapshot.get("draft"):
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(mark.add_run(DRAFT_MARK), HEADING_FONT, 14, bold=True)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(snapshot["title"]), TITLE_FONT, 22)
    grids = dict(tables(data))
    for number, text in law.SECTIONS:
        _font(doc.add_paragraph().add_run(text), HEADING_FONT, 16)
        if number in law.PROSE_SECTIONS:
            for line in snapshot["sections"][number].splitlines():
                if line.strip():
                    paragraph = doc.add_paragraph()
                    paragraph.paragraph_format.first_line_indent = Pt(32)
                    _font(paragraph.add_run(line.strip()), BODY_FONT, 16)
            continue
        placed, height, width = place(grids[text])
        table = doc.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        # The grid is read once: python-docx's table.cell() rebuilds the whole grid on every call
        # (quadratic, seconds for table 三). Text goes in first, then the disjoint ranges are merged;
        # a merge keeps the top-left cell's content.
        grid = [list(row.cells) for row in table.rows]
        for r, c, cell in placed:
            paragraph = grid[r][c].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(paragraph.add_run(cell.text), BODY_FONT, 10, bold=cell.header and r == 0)
        for r, c, cell in placed:
            if cell.rowspan > 1 or cell.colspan > 1:
                grid[r][c].merge(grid[r + cell.rowspan - 1][c + cell.colspan - 1])
    doc.core_properties.title = snapshot["title"]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_xlsx(snapshot: dict) -> bytes:
    data = ReportData.from_dict(snapshot["data"])
    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    for title, grid in tables(data):
        sheet = book.create_sheet(title[:31].replace("、", "")[:31])
        sheet.cell(1, 1, f"{snapshot['title']} · {title}").font = Font(name=HEADING_FONT, size=12, bold=True)
        placed, height, width = place(grid)
        for r, c, cell in placed:
            row, column = r + 3, c + 1
            value: str | float | int = cell.text
            if cell.number:
                value = float(cell.text) if "." in cell.text else int(cell.text)
            target = sheet.cell(row, column, value)
            target.font = Font(name=BODY_FONT, size=10, bold=cell.header and r == 0)
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + cell.rowspan - 1,
                    end_column=column + cell.colspan - 1,
                )
        for row in sheet.iter_rows(min_row=3, max_row=height + 2, max_col=width):
            for target in row:
                target.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for column in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    if snapshot.get("draft"):
        for sheet in book.worksheets:
            sheet.cell(2, 1, DRAFT_MARK).font = Font(name=HEADING_FONT, size=11, bold=True, color="B3261E")
    prose = book.create_sheet("文字部分")
    for i, number in enumerate(law.PROSE_SECTIONS):
        prose.cell(i * 2 + 1, 1, dict(law.SECTIONS)[number]).font = Font(name=HEADING_FONT, bold=True)
        prose.cell(i * 2 + 2, 1, safe_cell(snapshot["sections"][number])).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    prose.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "docx": (to_docx, DOCX_TYPE),
    "xlsx": (to_xlsx, XLSX_TYPE),
}


def export(snapshot: dict, fmt: str) -> tuple[bytes, str]:
    """(bytes, content type) of a published snapshot. A published version never changes, so its file
    is made once and kept in the cache, keyed by the snapshot's own hash (never a stale file)."""
    make, kind = FORMATS[fmt]
    digest = hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    key = f"report-export:{fmt}:{digest}"
    body = caches["local"].get(key)
    if body is None:
        body = make(snapshot)
        caches["local"].set(key, body, timeout=24 * 3600)
    return body, kind


def draft_response(report, fmt: str):
    """The working draft as a file, before publication (草稿: its figures change until it is published)."""
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    snapshot = report.draft_snapshot()
    body, kind = export(snapshot, fmt)
    return attachment(body, kind, f"{snapshot['title']}.{fmt}")


def download_response(published, fmt: str):
    """The staff and the portal download of a published version, one way."""
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    body, kind = export(published.snapshot, fmt)
    return attachment(body, kind, f"{published.snapshot['title']}（第{published.version}版）.{fmt}")
