"""Sanitising rich text: the body of a document is stored and shown as cleaned HTML."""

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


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs → escaped HTML paragraphs."""

    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
