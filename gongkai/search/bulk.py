"""A full rebuild for large libraries: rows read in large batches as plain values (no model objects),
segmented in a second process while this one reads the next batch and feeds one tantivy writer with a
large heap; a progress line with an ETA on the terminal; resumable after an interruption.

The result is the same index ``engine.rebuild()`` makes (``test_bulk.py`` compares them). Progress is
kept in ``<index>/bulk-progress.json`` (the change-log sequence the build started from and the last
document id committed): run it again after an interruption and it carries on from there.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from django.db import connection, connections
from django.db.models import Max
from django.utils import timezone

from gongkai.lib.text import html_to_text
from gongkai.search import engine
from gongkai.search.models import ChangeLog
from gongkai.search.tokenizer import exact_tokens, search_tokens, title_tokens

BATCH = 2000
HEAP = 512 * 1024 * 1024
COMMIT_EVERY = 50_000  # documents between commits (and progress saves)
FIELDS = ("pk", "title", "summary", "body", "doc_number", "index_number", "agency__code", "subject__name",
          "subject__parent__name", "kind", "validity", "is_normative", "written_on", "published_at")  # fmt: skip


def _progress_file() -> Path:
    return engine.index_dir() / "bulk-progress.json"


def _segment(rows: list[dict[str, Any]]) -> list[tuple[int, str, str, str, str]]:
    """In the second process: the four token strings of each row."""
    out = []
    for row in rows:
        body = " ".join(filter(None, [row["summary"], html_to_text(row["body"])]))
        out.append((row["pk"], " ".join(title_tokens(row["title"])), " ".join(search_tokens(body)),
                    " ".join(exact_tokens(row["title"])), " ".join(exact_tokens(body))))  # fmt: skip
    return out


def _batches(after: int) -> Iterator[list[dict[str, Any]]]:
    queryset = engine.indexable().order_by("pk")
    while True:
        rows = list(queryset.filter(pk__gt=after).values(*FIELDS)[:BATCH])
        if not rows:
            return
        after = rows[-1]["pk"]
        yield rows


def _tags(ids: list[int]) -> dict[int, list[str]]:
    pairs = (
        engine.indexable().filter(pk__in=ids, tags__isnull=False).values_list("pk", "tags__group__code", "tags__name")
    )
    tags: dict[int, list[str]] = {}
    for pk, group, name in pairs:
        tags.setdefault(pk, []).append(f"{group}:{name}")
    return tags


def _document(row: dict[str, Any], tokens: tuple[int, str, str, str, str], tags: list[str], family: str) -> Any:
    subject = row["subject__parent__name"] or row["subject__name"] or ""
    published = row["published_at"]
    return tantivy.Document(
        id=row["pk"], title_s=tokens[1], body_s=tokens[2], title_p=tokens[3], body_p=tokens[4],
        number=[n for n in (row["doc_number"], row["index_number"]) if n], agency=[row["agency__code"]],
        subject=[subject] if subject else [], kind=[row["kind"]], validity=[row["validity"]],
        normative=["1" if row["is_normative"] else "0"], tags=tags,
        year=(row["written_on"] or timezone.localtime(published).date()).year,
        published=int(published.timestamp()), family=family or f"id:{row['pk']}",
        current=1 if row["validity"] == "valid" else 0,
    )  # fmt: skip


class _Row:
    """Just enough of a document for the families hook: its id, title and agency code."""

    def __init__(self, row: dict[str, Any]):
        self.pk, self.title = row["pk"], row["title"]
        self.agency = type("A", (), {"code": row["agency__code"]})()


def rebuild(progress: Callable[[str], None] | None = None) -> int:
    """Build (or finish building) this machine's index from the database; returns documents indexed."""
    say = progress or (lambda line: None)
    engine.ensure_vocabulary()
    state_path = _progress_file()
    with engine._writer_lock():
        index = engine.get_index()
        state = json.loads(state_path.read_text()) if state_path.exists() else None
        writer = index.writer(heap_size=HEAP, num_threads=1)
        if state is None:
            state = {"seq": ChangeLog.objects.aggregate(m=Max("seq"))["m"] or 0, "after": 0, "done": 0}
            writer.delete_all_documents()
            writer.commit()
            state_path.write_text(json.dumps(state))
        total = engine.indexable().filter(pk__gt=state["after"]).count() + state["done"]
        if not connection.in_atomic_block:
            connections.close_all()  # the second process is forked: it should not inherit open connections
        started, since_commit = time.monotonic(), 0
        done_at_start = state["done"]
        with multiprocessing.get_context("fork").Pool(1) as pool:
            batches = _batches(state["after"])
            pending = None
            for rows in batches:
                job = pool.apply_async(_segment, (rows,))
                if pending is not None:
                    since_commit += _write(writer, *pending, state)
                pending = (rows, job)
                if since_commit >= COMMIT_EVERY:
                    writer.commit()
                    state_path.write_text(json.dumps(state))
                    since_commit = 0
                rate = (state["done"] - done_at_start) / max(time.monotonic() - started, 1e-6)
                eta = (total - state["done"]) / rate if rate else 0
                say(f"{state['done']:,}/{total:,}  {rate:,.0f} 件/秒  剩余约 {eta:,.0f} 秒")
            if pending is not None:
                _write(writer, *pending, state)
        writer.commit()
        writer.wait_merging_threads()
        engine._save_state(state["seq"])
        state_path.unlink()
        index.reload()
        return int(state["done"])


def _write(writer: Any, rows: list[dict[str, Any]], job: Any, state: dict[str, int]) -> int:
    tokens = {t[0]: t for t in job.get()}
    ids = [row["pk"] for row in rows]
    tags = _tags(ids)
    families = engine._families([_Row(row) for row in rows])
    for row in rows:
        writer.add_document(_document(row, tokens[row["pk"]], tags.get(row["pk"], []), families.get(row["pk"], "")))
    state["after"], state["done"] = ids[-1], state["done"] + len(rows)
    return len(rows)


def terminal(line: str) -> None:
    sys.stderr.write("\r" + line.ljust(60))
    sys.stderr.flush()
