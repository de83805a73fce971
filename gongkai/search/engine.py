"""The tantivy index of public documents: build, follow the change log, query with facets.

The index is derived data (DESIGN rule 2). It holds the documents ``Document.objects.public()``
returns now or will return once a scheduled publication time passes; queries filter on the
publication time, and result ids are re-read through ``public()``, so nothing non-public can be
shown even from a stale replica. One writer per index: the worker (or a command) applies changes.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.lib.text import html_to_text
from gongkai.search.models import ChangeLog
from gongkai.search.tokenizer import add_terms, both_tokens, exact_tokens, title_tokens

FACETS = ("agency", "subject", "kind", "year", "validity", "normative", "tags")
MAX_OFFSET = 10_000  # relevance paging reads every hit up to the offset; deeper pages are refused
WRITER_HEAP = 64 * 1024 * 1024
_indexes: dict[Path, tantivy.Index] = {}
_open_lock = threading.Lock()


# Bumped when the schema changes: a new folder, which the worker builds from the database on its next
# round (an index of another schema cannot be opened with this one).
SCHEMA_VERSION = 3


def index_dir() -> Path:
    return Path(settings.DATA_DIR) / "search" / f"v{SCHEMA_VERSION}"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in ("title_s", "body_s"):
        sb.add_text_field(name, tokenizer_name="ws", index_option="freq")
    for name in ("title_p", "body_p"):
        sb.add_text_field(name, tokenizer_name="ws", index_option="position")
    sb.add_text_field("number", tokenizer_name="raw")
    for name in ("agency", "subject", "kind", "validity", "normative", "tags"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("published", stored=True, indexed=True, fast=True)
    # Versions of one policy share a family (documents/versions.py), kept as a number (family_number);
    # current is 1 when the version is in force. Ranking reads these, the id and the publication time
    # as fast fields (column reads), not as stored documents.
    sb.add_integer_field("family", indexed=False, fast=True)
    sb.add_integer_field("current", indexed=False, fast=True)
    return sb.build()


SCHEMA = _schema()


def _open(path: Path) -> tantivy.Index:
    with _open_lock:
        index = _indexes.get(path)
        if index is None:
            path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(SCHEMA, path=str(path))
            index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
            _indexes[path] = index
        return index


def get_index() -> tantivy.Index:
    return _open(index_dir())


def _state_path() -> Path:
    return index_dir() / "applied.json"


def applied_seq() -> int:
    try:
        return int(json.loads(_state_path().read_text())["seq"])
    except (OSError, ValueError, KeyError):
        return -1  # never built


def _save_state(seq: int) -> None:
    tmp = _state_path().with_suffix(".tmp")
    tmp.write_text(json.dumps({"seq": seq, "at": timezone.now().isoformat()}))
    tmp.replace(_state_path())


@contextmanager
def _writer_lock() -> Iterator[None]:
    """One writer per machine: a lock file beside the index (tantivy also refuses a second writer)."""
    index_dir().mkdir(parents=True, exist_ok=True)
    with open(index_dir() / "writer.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# The domain whose public items the index holds registers them here (documents/apps.py), so that
# search depends on no domain app: DESIGN's direction is domain apps → search.
Source = Callable[[datetime.datetime], QuerySet[Any]]
Families = Callable[[list[Any]], dict[int, str]]
SOURCES: list[Source] = []
FAMILIES: list[Families] = []


def register_source(source: Source, families: Families | None = None) -> None:
    """``source(now)`` returns the queryset of what the public may see at time ``now``; ``families(docs)``
    the version family of each (versions of one policy share one), used to fold old versions."""
    if source not in SOURCES:
        SOURCES.append(source)
    if families is not None and families not in FAMILIES:
        FAMILIES.append(families)


def _families(docs: list[Any]) -> dict[int, str]:
    return FAMILIES[0](docs) if FAMILIES else {}


def indexable() -> QuerySet[Any]:
    """What the index holds: public now, or public once its scheduled publication time arrives."""
    far_future = timezone.now() + datetime.timedelta(days=365 * 100)
    return SOURCES[0](far_future)


def _tags(doc: Any) -> list[str]:
    return [f"{t.group.code}:{t.name}" for t in doc.tags.all()]


Tokens = tuple[str, str, str, str]  # title and body, each in search mode and in exact mode
# The fields of a document the index holds besides its text (read as values by search/bulk.py).
INDEX_FIELDS = ("pk", "doc_number", "index_number", "agency__code", "subject__name", "subject__parent__name",
                "kind", "validity", "is_normative", "written_on", "published_at")  # fmt: skip


def segment(title: str, summary: str, body_html: str) -> Tokens:
    """The four token strings a document is indexed under."""
    body_search, body_exact = both_tokens(" ".join(filter(None, [summary, html_to_text(body_html)])))
    return (" ".join(title_tokens(title)), " ".join(body_search),
            " ".join(exact_tokens(title)), " ".join(body_exact))  # fmt: skip


def family_number(family: str) -> int:
    """A version family's key as a 63-bit number (equal keys, equal numbers; a collision would need
    about three billion families)."""
    return int.from_bytes(hashlib.blake2b(family.encode(), digest_size=8).digest(), "big") >> 1


def index_document(values: dict[str, Any], tokens: Tokens, tags: list[str], family: str) -> tantivy.Document:
    """One index entry from a document's ``INDEX_FIELDS`` values, its tokens, tags and version family."""
    subject = values["subject__parent__name"] or values["subject__name"] or ""
    published = values["published_at"]
    return tantivy.Document(
        id=values["pk"],
        title_s=tokens[0],
        body_s=tokens[1],
        title_p=tokens[2],
        body_p=tokens[3],
        number=[n for n in (values["doc_number"], values["index_number"]) if n],
        agency=[values["agency__code"]],
        subject=[subject] if subject else [],
        kind=[values["kind"]],
        validity=[values["validity"]],
        normative=["1" if values["is_normative"] else "0"],
        tags=tags,
        year=(values["written_on"] or timezone.localtime(published).date()).year,
        published=int(published.timestamp()),
        family=family_number(family or f"id:{values['pk']}"),
        current=1 if values["validity"] == "valid" else 0,
    )


def to_index_document(doc: Any, family: str = "") -> tantivy.Document:
    subject, parent = doc.subject, (doc.subject.parent if doc.subject and doc.subject.parent_id else None)
    values = {
        "pk": doc.pk, "doc_number": doc.doc_number, "index_number": doc.index_number, "agency__code": doc.agency.code,
        "subject__name": subject.name if subject else None, "subject__parent__name": parent.name if parent else None,
        "kind": doc.kind, "validity": doc.validity, "is_normative": doc.is_normative, "written_on": doc.written_on,
        "published_at": doc.published_at,
    }  # fmt: skip
    return index_document(values, segment(doc.title, doc.summary, doc.body), _tags(doc), family)


def _prefetched(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related("agency", "subject__parent").prefetch_related("tags__group")


_vocabulary_ready = False


def ensure_vocabulary() -> None:
    """Agency names join the segmenter's dictionary once per process, before indexing or querying,
    so documents and queries are cut alike (an agency added later is learned at the next restart)."""
    global _vocabulary_ready
    if _vocabulary_ready:
        return

    add_terms(name for pair in Agency.objects.values_list("name", "short_name") for name in pair)
    _vocabulary_ready = True


def _add(writer: Any, docs: list[Any]) -> int:
    families = _families(docs)
    for doc in docs:
        writer.add_document(to_index_document(doc, families.get(doc.pk, "")))
    return len(docs)


def rebuild() -> int:
    """Rebuild this machine's index from the database alone; returns the number of documents."""

    with _writer_lock():
        start_seq = ChangeLog.head()  # before reading: nothing is missed
        ensure_vocabulary()
        index = get_index()
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        writer.delete_all_documents()
        count = 0
        batch: list[Any] = []
        for doc in _prefetched(indexable()).iterator(chunk_size=500):
            batch.append(doc)
            if len(batch) == 500:
                count += _add(writer, batch)
                batch = []
        count += _add(writer, batch)
        writer.commit()
        writer.wait_merging_threads()
        _save_state(start_seq)
        index.reload()
        return count


def apply_changes(batch: int = 1000) -> int:
    """Apply change-log rows this replica has not seen; builds the index first if it has none."""

    if applied_seq() < 0:
        return rebuild()
    with _writer_lock():
        done = applied_seq()
        rows = list(ChangeLog.objects.filter(seq__gt=done).order_by("seq")[:batch])
        if not rows:
            return 0
        ensure_vocabulary()
        index = get_index()
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        ids = {row.document_id for row in rows}
        for doc_id in ids:
            writer.delete_documents_by_term("id", doc_id)
        _add(writer, list(_prefetched(indexable().filter(pk__in=ids))))
        writer.commit()
        writer.wait_merging_threads()
        _save_state(rows[-1].seq)
        index.reload()
        return len(rows)


def check() -> dict[str, Any]:
    """Differences between the index and the database: ids missing from the index, and extra ones."""
    index = get_index()
    index.reload()
    searcher = index.searcher()
    total = searcher.num_docs
    hits = searcher.search(tantivy.Query.all_query(), max(total, 1)).hits if total else []
    in_index = [searcher.doc(address)["id"][0] for _, address in hits]
    expected = set(indexable().values_list("pk", flat=True))
    indexed = set(in_index)
    return {
        "indexed": len(in_index),
        "expected": len(expected),
        "missing": sorted(expected - indexed),
        "extra": sorted(indexed - expected),
        "duplicates": len(in_index) - len(indexed),
    }


def drop() -> None:
    """Remove this machine's index (tests and a clean rebuild)."""
    with _open_lock:
        _indexes.pop(index_dir(), None)
    shutil.rmtree(index_dir(), ignore_errors=True)


# -- querying -----------------------------------------------------------------------------------


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # with group_versions: each shown id → the other versions of its policy that matched, best first
    versions: dict[int, list[int]] = field(default_factory=dict)


# A version no longer in force (repealed, expired, amended) scores this share of its relevance: it
# ranks below the version in force unless it matches far better.
NOT_CURRENT_WEIGHT = 0.5
# Newer first among near-equals: a year of age costs this share of the score (1 / (1 + share × years)):
# this year's notice before the same notice of five years ago, while a much better match still wins.
AGE_PENALTY_PER_YEAR = 0.05
_YEAR_SECONDS = 365.25 * 24 * 3600


def _weight(current: int, published: int, now_ts: float) -> float:
    weight = 1.0 if current else NOT_CURRENT_WEIGHT
    age = max(0.0, now_ts - float(published)) / _YEAR_SECONDS
    return float(weight / (1 + AGE_PENALTY_PER_YEAR * age))


GROUP_WINDOW = 1000  # hits read to fold versions (and to page through folded results)


def _fold(ranked: list[tuple[int, int, int, int]]) -> tuple[list[int], dict[int, list[int]]]:
    """``ranked``: (id, family, current, published) best first. One entry per family, at its best
    member's place; the member in force heads it when one matched; the others are its history, newest
    first."""
    members: dict[int, list[tuple[int, int, int]]] = {}
    order: list[int] = []
    for doc_id, family, current, published in ranked:
        if family not in members:
            members[family] = []
            order.append(family)
        members[family].append((doc_id, current, published))
    ids, versions = [], {}
    for family in order:
        group = members[family]
        head = next((d for d, current, _ in group if current), group[0][0])
        ids.append(head)
        older = sorted((m for m in group if m[0] != head), key=lambda m: (-m[2], -m[0]))
        versions[head] = [d for d, _, _ in older]
    return ids, versions


def _term(field_name: str, value: int | str) -> tantivy.Query:
    if isinstance(value, int):
        return tantivy.Query.term_query(SCHEMA, field_name, value)
    return tantivy.Query.term_query(SCHEMA, field_name, str(value))


def _all(candidates: list[tantivy.Query | None]) -> tantivy.Query:
    queries = [q for q in candidates if q is not None]
    if not queries:
        return tantivy.Query.all_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def filter_query(name: str, values: list[str]) -> tantivy.Query | None:
    """Documents whose facet ``name`` has any of ``values``."""
    if not values:
        return None
    terms = [_term(name, int(v) if name == "year" else v) for v in values]
    return terms[0] if len(terms) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])


def visible_now(now: datetime.datetime | None = None) -> tantivy.Query:
    now = now or timezone.now()
    return tantivy.Query.range_query(SCHEMA, "published", tantivy.FieldType.Integer, 0, int(now.timestamp()))


Ranked = list[tuple[int, int, int, int]]  # (id, family, current, published), best first
_RANK_FIELDS = ("id", "family", "current", "published")


def _ranked(
    searcher: Any, query: tantivy.Query, order: str, limit: int, offset: int, now_ts: float
) -> tuple[Any, Ranked]:
    """The hits from ``offset`` on: newest first for ``order="date"``; otherwise by score weighted for
    validity and age (``_weight``), equal weighted scores (rounded) newest first. The tantivy result is
    returned as ``Any``: its stub lacks ``count``, which ``count=True`` fills in at run time."""
    if order == "date":
        result = searcher.search(
            query, limit, offset=offset, count=True, order_by_field="published", order=tantivy.Order.Desc
        )
    else:
        result = searcher.search(query, offset + limit, count=True)
    addresses = [address for _, address in result.hits]
    ranked: Ranked = list(zip(*(searcher.fast_field_values(name, addresses) for name in _RANK_FIELDS), strict=True))
    if order != "date":
        scores = [score for score, _ in result.hits]
        order_keys = {
            row[0]: (-round(score * _weight(row[2], row[3], now_ts), 4), -row[3], row[0])
            for score, row in zip(scores, ranked, strict=True)
        }
        ranked = sorted(ranked, key=lambda row: order_keys[row[0]])[offset:]
    return result, ranked


def top_ids(text_query: tantivy.Query, limit: int, now: datetime.datetime | None = None) -> list[int]:
    """The ids of the best ``limit`` visible hits, uncounted and unweighted: for suggestions as one types."""
    index = get_index()
    index.reload()
    searcher = index.searcher()
    result = searcher.search(_all([text_query, visible_now(now)]), limit, count=False)
    return [int(i) for i in searcher.fast_field_values("id", [address for _, address in result.hits]) if i is not None]


FACET_SECONDS = 60  # facet counts of a query are kept this long (and follow every index change at once)


def facet_counts(
    searcher: Any,
    text_query: tantivy.Query | None,
    facet_filters: dict[str, tantivy.Query | None],
    now: datetime.datetime | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """Each facet's counts under the query and the other facets' filters. Facets whose other filters
    are the same share one aggregation (no filter set: one pass for all seven); the counts are kept
    briefly in this process's cache, keyed by the query, the index state and the minute, so the
    results page and the API's facet endpoint of a hot query compute them once. Kept counts are
    never ahead of the index: an item whose scheduled publication time passes joins them within a
    minute (its own page and the results list show it at once)."""
    now = now or timezone.now()
    minute = int(now.timestamp()) // 60
    visible = visible_now(now)
    key = "facets:" + hashlib.sha1(
        repr((str(index_dir()), applied_seq(), searcher.num_docs, minute, repr(text_query),
              sorted((name, repr(q)) for name, q in facet_filters.items() if q is not None))).encode()
    ).hexdigest()  # fmt: skip
    cache = caches["local"]
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in FACETS:
        groups.setdefault(tuple(o for o in FACETS if o != name and facet_filters.get(o) is not None), []).append(name)
    facets: dict[str, list[tuple[str, int]]] = {}
    for others, names in groups.items():
        query = _all([text_query, visible, *(facet_filters[o] for o in others)])
        agg = searcher.aggregate(query, {name: {"terms": {"field": name, "size": 200}} for name in names})
        for name in names:
            facets[name] = [(str(b["key"]), b["doc_count"]) for b in agg[name]["buckets"]]
    cache.set(key, facets, FACET_SECONDS)
    return facets


def search(
    text_query: tantivy.Query | None,
    filters: dict[str, list[str]],
    *,
    order: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    with_facets: bool = True,
    now: datetime.datetime | None = None,
    group_versions: bool = False,
) -> SearchResult:
    """Run a parsed text query with facet filters; facet counts follow the query and the other facets."""
    if offset > MAX_OFFSET:
        raise ValueError(f"只能浏览前 {MAX_OFFSET} 条结果，请增加检索词或筛选条件")
    index = get_index()
    index.reload()
    searcher = index.searcher()
    visible = visible_now(now)
    now_ts = (now or timezone.now()).timestamp()
    facet_filters = {name: filter_query(name, filters.get(name, [])) for name in FACETS}
    query = _all([text_query, visible, *facet_filters.values()])
    versions: dict[int, list[int]] = {}
    hidden = 0
    if group_versions:  # fold over a window of hits, then page through the folded list
        result, ranked = _ranked(searcher, query, order, max(GROUP_WINDOW, offset + limit), 0, now_ts)
        folded, versions = _fold(ranked)
        ids = folded[offset : offset + limit]
        versions = {i: versions[i] for i in ids}
        hidden = len(ranked) - len(folded)
    else:
        result, ranked = _ranked(searcher, query, order, limit, offset, now_ts)
        ids = [doc_id for doc_id, *_ in ranked]
    facets = facet_counts(searcher, text_query, facet_filters, now) if with_facets else {}
    total = (result.count or 0) - hidden
    return SearchResult(ids=ids, total=total, facets=facets, versions=versions)
