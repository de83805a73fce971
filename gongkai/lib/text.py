"""Plain text from stored HTML, for indexing and snippets."""

import html
import re

_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d|tr|td|th)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    text = _BLOCK_END.sub("\n", markup or "")
    text = html.unescape(_TAGS.sub("", text))
    return re.sub(r"[ \t\u3000]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()
