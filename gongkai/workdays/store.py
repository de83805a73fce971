"""The process-wide calendar index, loaded from the database and kept current.

The index is rebuilt at once in the process that changes the calendar, and any other process
(web server, worker) notices a change within ``RECHECK_SECONDS`` by comparing a cheap version
stamp (row counts and latest update times) with the one it was built from.
"""

from __future__ import annotations

import threading
import time

from django.db import transaction
from django.db.models import Count, Max

from gongkai.workdays.index import CalendarIndex

RECHECK_SECONDS = 10.0

_lock = threading.Lock()
_index: CalendarIndex | None = None
_version: tuple[object, ...] | None = None
_checked_at = float("-inf")


def _db_version() -> tuple[object, ...]:
    # Local: the package imports this module before the apps (and so the models) are loaded.
    from gongkai.workdays.models import CalendarYear, DayException  # noqa: PLC0415

    years = CalendarYear.objects.aggregate(n=Count("year"), at=Max("updated_at"))
    days = DayException.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return years["n"], years["at"], days["n"], days["at"]


def _load() -> CalendarIndex:
    from gongkai.workdays.models import CalendarYear, DayException, DayKind  # noqa: PLC0415 — as above

    exceptions = {
        d: (kind == DayKind.WORKDAY, name) for d, kind, name in DayException.objects.values_list("date", "kind", "name")
    }
    complete = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    return CalendarIndex(exceptions, complete)


def current_index() -> CalendarIndex:
    global _index, _version, _checked_at
    now = time.monotonic()
    if _index is not None and now - _checked_at < RECHECK_SECONDS:
        return _index
    with _lock:
        version = _db_version()
        if _index is None or version != _version:
            _index, _version = _load(), version
        _checked_at = now
        return _index


def recheck() -> None:
    """Compare with the database on the next use, rebuilding only if the calendar differs (tests call
    this between tests: a rolled-back change brings the old version back, and only then is the index
    rebuilt)."""
    global _checked_at
    with _lock:
        _checked_at = float("-inf")


def invalidate() -> None:
    global _index, _checked_at
    with _lock:
        _index, _checked_at = None, float("-inf")


def changed(years: set[int]) -> None:
    """Call inside the transaction that changed the calendar."""

    invalidate()

    transaction.on_commit(invalidate)
