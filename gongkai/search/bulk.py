"""A full rebuild for large libraries: rows streamed from one query as plain values (no model objects),
segmented by one process per core while this one reads the next batches and feeds one tantivy writer
with a large heap (a bounded number of batches in flight, so memory stays flat); a progress line with an
ETA on the terminal; resumable after an interruption. docs/search.md has the measured rates.

The result is the same index ``engine.rebuild()`` makes (``test_bulk.py`` compares them). Progress is
kept in ``<index>/bulk-progress.json`` (the change-log sequence the build started from and the last
document id committed): run it again after an interruption and it carries on from there.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections import deque
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


def _segment(texts: list[tuple[str, str, str]]) -> list[engine.Tokens]:
    """In a segmenting process: the tokens of each (title, summary, body)."""
    return [engine.segment(*text) for text in texts]


def _batches(after: int) -> Iterator[list[dict[str, Any]]]:
    """The indexable rows after id ``after`` in id order, from one streamed query (a query per batch
    with a limit made SQLite sort the whole table each time)."""
    rows = engine.indexable().filter(pk__gt=after).order_by("pk").values_list(*FIELDS).iterator(chunk_size=BATCH)
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(FIELDS, row, strict=True)))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


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
        workers = max(1, os.cpu_count() or 1)
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: deque[tuple[list[dict[str, Any]], Any]] = deque()
            for rows in _batches(state["after"]):
                texts = [(row["title"], row["summary"], row["body"]) for row in rows]
                pending.append((rows, pool.apply_async(_segment, (texts,))))
                if len(pending) <= 2 * workers:
                    continue  # keep every segmenting process busy while this one writes
                since_commit += _write(writer, *pending.popleft(), state)
                if since_commit >= COMMIT_EVERY:
                    writer.commit()
                    state_path.write_text(json.dumps(state))
                    since_commit = 0
                say(_progress_line(state["done"] - done_at_start, time.monotonic() - started, state["done"], total))
            while pending:
                _write(writer, *pending.popleft(), state)
                say(_progress_line(state["done"] - done_at_start, time.monotonic() - started, state["done"], total))
        writer.commit()
        writer.wait_merging_threads()
        engine._save_state(state["seq"])
        state_path.unlink()
        index.reload()
        return int(state["done"])


def _progress_line(this_run: int, seconds: float, done: int, total: int) -> str:
    rate = this_run / max(seconds, 1e-6)
    eta = (total - done) / rate if rate else 0
    return f"{done:,}/{total:,}  {rate:,.0f} 件/秒  剩余约 {eta:,.0f} 秒"


def _write(writer: Any, rows: list[dict[str, Any]], job: Any, state: dict[str, int]) -> int:
    tokens = dict(zip([row["pk"] for row in rows], job.get(), strict=True))
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
