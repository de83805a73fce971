"""Cells for CSV and XLSX exports that a spreadsheet will never run as a formula.

Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and WPS
read as a formula (CSV injection, e.g. ``=HYPERLINK(…)``); such text gets a leading apostrophe, as
OWASP recommends. Numbers and dates pass through unchanged."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
