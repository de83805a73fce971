"""Suggestions as a citizen types: popular queries, document titles and 发文字号.

* Popular queries: every search on the portal appends (day, query, anonymised person) to this machine's
  query log file — a page view writes no database row — and the worker tallies the log into
  ``QuerySeen`` every minute, dropping rows older than 90 days. A query is suggested only when at least
  ``MIN_PEOPLE`` different people typed it within 90 days, most people first.
* Titles: the index's best matches for what is typed (the words typed so far, the last one as typed).
* 发文字号: public documents whose number starts with what is typed, when it looks like one.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from gongkai.search import engine, query
from gongkai.search.models import QuerySeen

MIN_PEOPLE = 2
DAYS = 90
LIMIT = 8
_NUMBER_START = re.compile(r"^[\u4e00-\u9fff]{1,6}[〔\[【(（]")


def log_file() -> Path:
    return Path(settings.DATA_DIR) / "search-queries.log"


def _person(client: str, day: datetime.date) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{day.isoformat()}|{client}".encode(), hashlib.sha256).hexdigest()[:16]


def record(text: str, client: str) -> None:
    """Note that someone searched ``text`` (called by the portal's search page, page 1 only)."""
    text = re.sub(r"\s+", " ", text).strip()[:100]
    if not text:
        return
    day = timezone.localdate()
    line = json.dumps({"day": day.isoformat(), "q": text, "p": _person(client, day)}, ensure_ascii=False) + "\n"
    fd = os.open(log_file(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())  # one small append: whole lines even with several processes
    finally:
        os.close(fd)


def tally() -> int:
    """The worker's job: move the log into ``QuerySeen`` and forget what is older than 90 days."""
    source = log_file()
    taken = source.with_suffix(".tallying")
    if source.exists() and not taken.exists():
        source.rename(taken)  # new searches go to a fresh file meanwhile
    rows = []
    if taken.exists():
        for line in taken.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
                rows.append(QuerySeen(day=datetime.date.fromisoformat(item["day"]), text=item["q"], person=item["p"]))
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from a crash
        QuerySeen.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        taken.unlink()
    QuerySeen.objects.filter(day__lt=timezone.localdate() - datetime.timedelta(days=DAYS)).delete()
    return len(rows)


def popular(prefix: str, limit: int = LIMIT) -> list[str]:
    since = timezone.localdate() - datetime.timedelta(days=DAYS)
    rows = (
        QuerySeen.objects.filter(day__gte=since, text__startswith=prefix)
        .values("text")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gte=MIN_PEOPLE)
        .order_by("-people", "text")[:limit]
    )
    return [r["text"] for r in rows]


def suggest(typed: str) -> dict[str, Any]:
    typed = re.sub(r"\s+", " ", typed).strip()[: query.MAX_LENGTH]
    if len(typed) < 1:
        return {"q": typed, "suggestions": []}
    found: list[dict[str, str]] = [{"text": t, "kind": "热门"} for t in popular(typed, 4)]
    public = engine.SOURCES[0](timezone.now())  # what the public may see now: never a scheduled title
    if _NUMBER_START.match(typed):
        numbers = public.filter(doc_number__startswith=typed).values_list("doc_number", flat=True)[:4]
        found += [{"text": n, "kind": "文号"} for n in numbers]
    titles_query = None if _NUMBER_START.match(typed) else query.title_query(typed)
    if titles_query is not None:
        # titles only, uncounted (bodies and counting cost more than the rest of the page at 1,000,000
        # documents: docs/search.md); equal titles of several versions collapse below
        ids = engine.top_ids(titles_query, 6)
        titles = dict(public.filter(pk__in=ids).values_list("pk", "title"))
        found += [{"text": titles[i], "kind": "标题"} for i in ids if i in titles]
    unique: dict[str, dict[str, str]] = {}
    for item in found:
        unique.setdefault(item["text"], item)
    return {"q": typed, "suggestions": list(unique.values())[:LIMIT]}
