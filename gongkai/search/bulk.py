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

from django.db import connection, connections

from gongkai.search import engine
from gongkai.search.models import ChangeLog

BATCH = 2000
HEAP = 512 * 1024 * 1024
COMMIT_EVERY = 50_000  # documents between commits (and progress saves)
FIELDS = (*engine.INDEX_FIELDS, "title", "summary", "body")


def _progress_file() -> Path:
    return engine.index_dir() / "bulk-progress.json"


def _segment(rows: list[dict[str, Any]]) -> list[tuple[int, engine.Tokens]]:
    """In the second process: the tokens of each row."""
    return [(row["pk"], engine.segment(row["title"], row["summary"], row["body"])) for row in rows]


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
            state = {"seq": ChangeLog.head(), "after": 0, "done": 0}
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
    tokens = dict(job.get())
    ids = [row["pk"] for row in rows]
    tags = _tags(ids)
    families = engine._families([_Row(row) for row in rows])
    for row in rows:
        family = families.get(row["pk"], "")
        writer.add_document(engine.index_document(row, tokens[row["pk"]], tags.get(row["pk"], []), family))
    state["after"], state["done"] = ids[-1], state["done"] + len(rows)
    return len(rows)


def terminal(line: str) -> None:
    sys.stderr.write("\r" + line.ljust(60))
    sys.stderr.flush()
