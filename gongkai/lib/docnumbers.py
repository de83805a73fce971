"""发文字号 (document numbers) and 索引号 (index numbers).

发文字号 (spec §6.2): 机关代字〔年份〕序号号 per 《党政机关公文处理工作条例》 art. 9 and GB/T 9704-2012 —
year in full inside 六角括号 〔〕, serial without leading zeros or 第. Orders use 令…第N号.
Bracket variants seen in the wild are normalised on input: [ ] 【】 （） ﹝﹞ ( ) ［］.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REGULAR = re.compile(r"^(?P<daizi>[\u4e00-\u9fff]+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
ORDER = re.compile(r"^(?P<daizi>[\u4e00-\u9fff]*令)(?P<di>第?)(?P<seq>[1-9]\d*)号$")
_BRACKETS = re.compile(r"[\[【（(﹝［〔]\s*(\d{4})\s*[\]】）)﹞］〕]")
EXPECTED = "发文字号格式应为“机关代字〔年份〕序号号”，如 浦府办〔2023〕18号；令的编号如 上海市人民政府令第32号"


@dataclass(frozen=True)
class DocNumber:
    text: str
    daizi: str
    year: int | None
    serial: int
    is_order: bool


def normalise(raw: str) -> str:
    text = re.sub(r"\s+", "", raw or "")
    text = _BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
    # 〔2023〕第018号 → 〔2023〕18号 (no 第, no leading zeros after the year)
    text = re.sub(r"〕第?0*(\d+)号$", r"〕\1号", text)
    return text


def parse(raw: str) -> DocNumber:
    """Parse and normalise; raise ValueError with the expected pattern when it does not match."""
    text = normalise(raw)
    if m := REGULAR.match(text):
        return DocNumber(text, m["daizi"], int(m["year"]), int(m["seq"]), False)
    if m := ORDER.match(text):
        return DocNumber(text, m["daizi"], None, int(m["seq"]), True)
    raise ValueError(f"发文字号“{raw}”无法识别。{EXPECTED}")


def format_index_number(pattern: str, *, code: str, year: int, serial: int) -> str:
    return pattern.format(code=code, year=year, serial=serial)


def check_index_pattern(pattern: str) -> str | None:
    """None when the pattern is usable, else a Chinese message naming the rule."""
    if "{serial" not in pattern:
        return "索引号格式必须包含 {serial}（流水号），否则无法保证唯一"
    try:
        format_index_number(pattern, code="X", year=2026, serial=1)
    except (KeyError, IndexError, ValueError) as exc:
        return f"索引号格式无效（{exc}）；可用的占位符为 {{code}}、{{year}}、{{serial}}"
    return None
