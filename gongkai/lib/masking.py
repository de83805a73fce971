"""Personal data taken out of text before it is public (a comment on a draft, an opinion of a public
representative): ID numbers, mobile and landline numbers, e-mail addresses and house numbers, found
where people write them in running Chinese text. Also the field-level masks staff pages use for an
applicant's details (name, ID number, e-mail). One place for all of them: every app that publishes what
the public wrote calls ``mask_personal``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# No letter or digit may touch a number on either side (Chinese text has no word boundaries: \b would
# treat a following 汉字 as part of the word).
_L, _R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_SEP = r"[ \-－]?"
_DATE = r"(?:18|19|20)\d{2}" + _SEP + r"(?:0[1-9]|1[0-2])" + _SEP + r"(?:0[1-9]|[12]\d|3[01])"
_CN_DIGIT = "0-9０-９一二三四五六七八九十百零〇"

PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    ("email", "邮箱", re.compile(r"[A-Za-z0-9._%+\-]+\s?[@＠]\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
    # 18-digit (GB 11643) and the old 15-digit numbers, written whole or in groups.
    ("id", "身份证号", re.compile(_L + r"[1-9]\d{5}" + _SEP + _DATE + _SEP + r"\d{3}[0-9Xx]" + _R)),
    ("id", "身份证号", re.compile(_L + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _R)),
    ("phone", "电话", re.compile(_L + r"(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + _R)),
    ("phone", "电话", re.compile(_L + r"[（(]?0\d{2,3}[)）]?[ \-]?(?:\d{7,8}|\d{4}[ \-]\d{4})(?:-\d{1,4})?" + _R)),
    # A bare 7–8 digit local number counts only after a word that says it is one.
    ("phone", "电话", re.compile(r"(?<=电话|手机|座机|联系|热线|号码)[:：是为\s]*\d{7,8}" + _R)),
    # A house number: what follows a road, lane or estate name (the road itself names nobody).
    (
        "address",
        "门牌号",
        re.compile(
            r"(?<=路|街|道|弄|巷|村|苑|园|坊|里|庄|镇)"
            rf"(?:[{_CN_DIGIT}]+(?:支弄|弄|号楼|号|栋|幢|单元|室|楼|层|户)[\-－—]?)+"
            rf"(?:[{_CN_DIGIT}]+(?:室|户)?)?"
        ),
    ),
    ("address", "门牌号", re.compile(_L + r"\d+(?:号楼|号|栋|幢)\d+(?:室|户)?")),
]


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int


def find_personal(text: str) -> list[Found]:
    """Where personal data sits in ``text``, earlier patterns first, no two overlapping."""
    found: list[Found] = []
    for kind, _, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > m.start() and not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(Found(kind, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


LABELS = {kind: label for kind, label, _ in PATTERNS}


def mask_personal(text: str) -> tuple[str, int]:
    """``text`` with each piece of personal data replaced by 〔…已隐去〕, and how many were."""
    found = find_personal(text)
    out, at = [], 0
    for f in found:
        out += [text[at : f.start], f"〔{LABELS[f.kind]}已隐去〕"]
        at = f.end
    out.append(text[at:])
    return "".join(out), len(found)


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


def mask_id(value: str) -> str:
    value = value.strip()
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)
