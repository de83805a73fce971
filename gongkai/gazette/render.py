"""An issue of the 政府公报 as PDF (reportlab) and DOCX (lib/docx.py).

The PDF embeds a Chinese font from Debian's packages when one is installed (fonts-wqy-microhei, or
fonts-noto-cjk); otherwise it uses reportlab's built-in CID font STSong-Light, which needs no file (the
reader's own Chinese font shows it). Nothing is downloaded. The table of contents is laid out twice: the
first pass finds the page each item starts on, the second prints those numbers (the contents take the same
lines both times, so the pages do not move). Each item is also a bookmark (the PDF's outline)."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from gongkai.gazette.models import SECTIONS, Issue, Item
from gongkai.lib.docx import Para, write
from gongkai.lib.files import DOCX_TYPE, attachment
from gongkai.lib.text import html_to_text

FONT_FILES = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
]
_font: str | None = None


def font() -> str:
    """The font name to use, registered once per process."""
    global _font
    if _font is None:
        found = next((p for p in FONT_FILES if p.exists()), None)
        if found is not None:
            pdfmetrics.registerFont(TTFont("GazetteCJK", str(found), subfontIndex=0))
            _font = "GazetteCJK"
        else:
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
            _font = "STSong-Light"
    return _font


def embedded() -> bool:
    return font() == "GazetteCJK"


class Mark(Flowable):
    """An invisible marker: where an item starts (its page, and a bookmark)."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)


def _styles():
    name = font()
    return {
        "title": ParagraphStyle("title", fontName=name, fontSize=22, leading=30, alignment=1, spaceAfter=8 * mm),
        "section": ParagraphStyle(
            "section", fontName=name, fontSize=16, leading=24, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "toc": ParagraphStyle("toc", fontName=name, fontSize=12, leading=20),
        "head": ParagraphStyle("head", fontName=name, fontSize=16, leading=26, alignment=1, spaceAfter=4 * mm),
        "meta": ParagraphStyle("meta", fontName=name, fontSize=11, leading=18, alignment=1, spaceAfter=4 * mm),
        "body": ParagraphStyle("body", fontName=name, fontSize=12, leading=21, firstLineIndent=24),
    }


def _story(issue: Issue, items: list[Item], pages: dict[int, int] | None) -> list:
    s = _styles()
    story: list = [Paragraph(escape(issue.title), s["title"]), Paragraph("目　录", s["section"])]
    current = None
    for item in items:
        if item.section != current:
            current = item.section
            story.append(Paragraph(escape(SECTIONS[item.section]), s["section"]))
        page = str(pages[item.pk]) if pages else "000"
        story.append(Paragraph(f"{escape(item.document.title)}　……　{page}", s["toc"]))
    for item in items:
        doc = item.document
        story += [PageBreak(), Mark(f"item{item.pk}", doc.title), Paragraph(escape(doc.title), s["head"])]
        if doc.doc_number:
            story.append(Paragraph(escape(doc.doc_number), s["meta"]))
        for line in html_to_text(doc.body or "").splitlines():
            if line.strip():
                story.append(Paragraph(escape(line.strip()), s["body"]))
        story.append(Spacer(1, 4 * mm))
    return story


def _build(issue: Issue, items: list[Item], pages: dict[int, int] | None) -> tuple[bytes, dict[int, int], int]:
    found: dict[int, int] = {}
    out = io.BytesIO()
    name = font()

    class Template(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, Mark):
                found[int(flowable.key[4:])] = self.page

    def footer(canvas, doc_template):
        canvas.saveState()
        canvas.setFont(name, 10)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc_template.page} —")
        canvas.restoreState()

    template = Template(out, pagesize=A4, title=issue.title, author=issue.agency.name, leftMargin=28 * mm,
                        rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm)  # fmt: skip
    template.build(_story(issue, items, pages), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue(), found, template.page


def paginate(issue: Issue, items: list[Item]) -> tuple[dict[int, int], int]:
    """The page each item starts on, and the number of pages."""
    _, pages, total = _build(issue, items, None)
    return pages, total


def pdf(issue: Issue) -> bytes:
    items = issue.ordered()
    pages = {i.pk: i.page for i in items if i.page} if all(i.page for i in items) else paginate(issue, items)[0]
    data, _, _ = _build(issue, items, pages)
    return data


def download(issue: Issue, fmt: str) -> HttpResponse:
    """The issue as a PDF or DOCX file (the workspace's and the portal's download)."""
    if fmt == "pdf":
        return attachment(pdf(issue), "application/pdf", f"{issue.title}.pdf")
    if fmt == "docx":
        return attachment(docx(issue), DOCX_TYPE, f"{issue.title}.docx")
    raise Http404("只能下载 pdf 或 docx")


def docx(issue: Issue) -> bytes:
    items = issue.ordered()
    paras = [Para(issue.title, size=22, font="方正小标宋简体", align="center"), Para("目　录", size=16, align="center")]
    current = None
    for item in items:
        if item.section != current:
            current = item.section
            paras.append(Para(SECTIONS[item.section], bold=True))
        paras.append(Para(f"{item.document.title}　……　{item.page or ''}"))
    for item in items:
        doc = item.document
        paras.append(Para(doc.title, size=18, align="center", bold=True))
        if doc.doc_number:
            paras.append(Para(doc.doc_number, align="center"))
        paras += [Para(line.strip(), indent=True) for line in html_to_text(doc.body or "").splitlines() if line.strip()]
    when = timezone.localtime(issue.published_at) if issue.published_at else None
    if when:
        paras.append(Para(f"{when:%Y年%-m月%-d日}出版", align="right"))
    return write(paras, title=issue.title)
