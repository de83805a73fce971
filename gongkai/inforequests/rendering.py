"""Letters as text and as DOCX, without the database: the placeholders a template may use, the date
format of letters, and the official-style layout. Models and the drafting code both use it."""

from __future__ import annotations

import io
import re

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gongkai.inforequests.law import LetterKind
from gongkai.lib.docx import Para, write

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,12})\}")


def fmt(day) -> str:
    """Dates in letters: 2026年3月2日 (no weekday, unlike the clock's explanations)."""
    return f"{day.year}年{day.month}月{day.day}日"


def docx_to_html(data: bytes) -> list[tuple[str, str]]:
    """(alignment, text) of each paragraph of a generated letter, read back from the DOCX itself: the
    preview shows exactly what issuing would produce."""
    names = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}
    result = []
    for paragraph in DocxDocument(io.BytesIO(data)).paragraphs:
        if paragraph.text.strip():
            alignment = paragraph.alignment
            result.append((names.get(alignment, "left") if alignment is not None else "left", paragraph.text))
    return result


def render_docx(letter, on) -> bytes:
    """An official-style letter: title, number, addressee, body, agency and date (GB/T 9704 sizes)."""
    case = letter.case
    addressee = {
        LetterKind.CONSULTATION: "第三方：",
        LetterKind.DISCLOSURE_NOTICE: "第三方：",
        LetterKind.CO_PRODUCER: "共同制作机关：",
    }.get(letter.kind, f"{case.applicant_name}：")
    paragraphs = [
        Para(letter.title, size=22, font="方正小标宋简体", align="center"),
        *([Para(letter.number, align="center")] if getattr(letter, "number", "") else []),
        Para(f"申请编号：{case.number}", size=12, align="right"),
        Para(addressee, align="left"),
        *[Para(line.strip(), indent=True) for line in letter.body.splitlines() if line.strip()],
        Para(case.agency.name, align="right"),
        Para(fmt(on), align="right"),
    ]
    phone = f"电话：{case.agency.phone}" if case.agency.phone else ""
    contact = "　".join(x for x in (case.agency.office_name, phone) if x)
    if contact:
        paragraphs.append(Para(f"（联系单位：{contact}）", size=12, align="left"))
    return write(paragraphs, title=letter.title)
