"""Letters as text and as DOCX, without the database: the placeholders a template may use, the date
format of letters, and the official-style layout. Models and the drafting code both use it."""

from __future__ import annotations

import re

from gongkai.inforequests.law import LetterKind
from gongkai.lib.docx import Para, write

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,12})\}")


def fmt(day) -> str:
    """Dates in letters: 2026年3月2日 (no weekday, unlike the clock's explanations)."""
    return f"{day.year}年{day.month}月{day.day}日"


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
