"""Sanitising rich text: the body of a document is stored and shown as cleaned HTML."""

import re

import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "sup", "sub", "span",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "p": {"style"},
    "span": {"style"},
}


def clean_html(raw: str) -> str:
    """Keep structure and text; drop scripts, event handlers, styles other than text-align, and
    links other than http(s)/mailto."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<\s*[a-zA-Z][^>]*>")
# 成文日期 at the foot of a 公文 (2026年3月1日): it and the issuing body's line above it sit at the right
_DATE_LINE = re.compile(
    r"^[0-9〇零一二三四五六七八九十]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日$"
)
RIGHT = ' style="text-align: right"'


def text_to_html(text: str) -> str:
    """Plain text → escaped HTML paragraphs, one per non-empty line; a closing 成文日期 line and the
    short line above it (the issuing body, 落款) are right-aligned as a 公文 prints them."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]
    right: set[int] = set()
    if paragraphs and _DATE_LINE.match(paragraphs[-1]):
        right.add(len(paragraphs) - 1)
        if len(paragraphs) >= 2 and len(paragraphs[-2]) <= 30 and not paragraphs[-2].endswith(("。", "：", ":")):
            right.add(len(paragraphs) - 2)
    return "".join(f"<p{RIGHT if i in right else ''}>{escape(p)}</p>" for i, p in enumerate(paragraphs))


def body_html(raw: str) -> str:
    """A document's body as the library stores it: HTML (from the editor, an import or a filing) is
    cleaned; plain text (typed without the editor, or filed by an OA system) becomes paragraphs."""
    raw = raw or ""
    return clean_html(raw) if _TAG.search(raw) else text_to_html(raw)
