"""Check characters of Chinese identifiers.

* 统一社会信用代码 — GB 32100-2015: 18 characters from a 31-symbol alphabet (no I, O, Z, S, V);
  the 18th is a check character computed modulo 31 over the first 17 with fixed weights.
* 居民身份证号码 — GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character (0–9 or X).

Each ``check_*`` function returns ``None`` when the value is valid, else a Chinese message naming the
rule that failed, so forms and imports can show the exact reason.
"""

from __future__ import annotations

import datetime
import re

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str | None:
    code = value.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位（GB 32100-2015），当前为 {len(code)} 位"
    bad = sorted({c for c in code if c not in CREDIT_CODE_ALPHABET})
    if bad:
        return f"统一社会信用代码含有不允许的字符 {'、'.join(bad)}（GB 32100-2015 不使用 I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为行政区划码数字（GB 32100-2015）"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码第 18 位校验码不符合 GB 32100-2015 的计算规则（按前 17 位应为 {expected}）"
    return None


def id_card_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def check_id_card(value: str) -> str | None:
    number = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return "居民身份证号码应为 18 位：17 位数字加 1 位校验码（数字或 X）（GB 11643-1999）"
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "居民身份证号码第 7–14 位出生日期无效（GB 11643-1999）"
    expected = id_card_check_char(number[:17])
    if number[17] != expected:
        return f"居民身份证号码校验码不符合 GB 11643-1999 的计算规则（按前 17 位应为 {expected}）"
    return None
