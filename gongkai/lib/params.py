"""Query parameters read one way: a value that does not fit is a 400 with a Chinese message naming the
parameter and the rule (``BadRequest``; the project's handler400 shows the message), never a 500 and
never a silent guess."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils import timezone

_INT = re.compile(r"[0-9]{1,9}")


def _refuse(name: str, label: str, rule: str, raw: str) -> BadRequest:
    shown = raw[:30] + ("…" if len(raw) > 30 else "")
    return BadRequest(f"参数 {name}（{label}）{rule}，收到“{shown}”")


def int_param(request: HttpRequest, name: str, *, default: int | None, low: int, high: int, label: str) -> int | None:
    """An integer in [low, high]; ``default`` when the parameter is absent or empty."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not _INT.fullmatch(raw) or not low <= int(raw) <= high:
        raise _refuse(name, label, f"应为 {low}—{high} 之间的整数", raw)
    return int(raw)


def year_param(request: HttpRequest, name: str = "year", *, default: int | None = None, label: str = "年份") -> int:
    """A year the platform can have data for (2008, when the regulation came into force, to next year)."""
    today = timezone.localdate()
    year = int_param(request, name, default=default or today.year, low=2008, high=today.year + 1, label=label)
    assert year is not None  # the default is a year
    return year


def page_param(request: HttpRequest, name: str = "page") -> int:
    page = int_param(request, name, default=1, low=1, high=1_000_000, label="页码")
    assert page is not None  # the default is 1
    return page


def choice_param(request: HttpRequest, name: str, choices: Iterable[str], *, default: str, label: str) -> str:
    raw = str(request.GET.get(name, "")).strip()
    if not raw:
        return default
    allowed = list(choices)
    if raw not in allowed:
        raise _refuse(name, label, f"只能是 {'、'.join(allowed)} 之一", raw)
    return raw


def id_param(request: HttpRequest, name: str, *, label: str) -> int | None:
    """A primary key given in the query (``?edit=12``); absent → None."""
    return int_param(request, name, default=None, low=1, high=2_147_483_647, label=label)


def is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID (a document's public id, posted or in the query), before any lookup."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
