"""Versions of one policy: the search folds them under the version in force (search/engine.py).

Two documents are versions of one policy when a 修改/废止 relation links them (directly or through
other versions), or when their titles are the same once the version marks are taken off — “（2024年
修订）”, “（修正）”, “（试行）”, “（暂行）” — within one agency. A family is named by its oldest
member reached through relations (the smallest id), as ``agency|stem``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import F, Q

from gongkai.documents.law import RelationKind, Validity
from gongkai.documents.models import Document, Relation
from gongkai.lib.unionfind import DisjointSets

_MARK = re.compile(
    r"[（(]\s*(?:\d{4}\s*年\s*)?(?:第[一二三四五六七八九十\d]+次)?(?:修订|修正|修改|试行|暂行)(?:版|稿)?\s*[）)]"
)
VERSION_RELATIONS = (RelationKind.REPEALS, RelationKind.AMENDS)


def title_stem(title: str) -> str:
    return re.sub(r"\s+", "", _MARK.sub("", title or ""))


def _components(ids: Iterable[int]) -> dict[int, int]:
    """Each id → the smallest id linked to it by version relations (itself when none)."""
    groups: DisjointSets[int] = DisjointSets()
    seen, frontier = set(ids), set(ids)
    while frontier:
        pairs = list(
            Relation.objects.filter(kind__in=VERSION_RELATIONS)
            .filter(Q(source_id__in=frontier) | Q(target_id__in=frontier))
            .values_list("source_id", "target_id")
        )
        for a, b in pairs:
            groups.union(a, b)
        frontier = {i for pair in pairs for i in pair} - seen
        seen |= frontier
    return {i: groups.find(i) for i in seen}


def families(docs: list) -> dict[int, str]:
    """The family key of each document (for the index)."""
    if not docs:
        return {}
    roots = _components(d.pk for d in docs)
    needed = {roots[d.pk] for d in docs} - {d.pk for d in docs}
    known = {d.pk: (d.agency.code, d.title) for d in docs}
    for pk, code, title in Document.objects.filter(pk__in=needed).values_list("pk", "agency__code", "title"):
        known[pk] = (code, title)
    result = {}
    for doc in docs:
        code, title = known.get(roots[doc.pk], (doc.agency.code, doc.title))
        result[doc.pk] = f"{code}|{title_stem(title)}"
    return result


def current_version(doc):
    """The version in force that replaced ``doc`` (following 修改/废止 relations), or None."""
    return current_versions([doc]).get(doc.pk)


def current_versions(docs) -> dict:
    """For each document no longer in force, the public version in force that replaced it (following
    修改/废止 relations, newest replacement first, at most ten steps), or None. One query per step
    for all of them, so a results page of repealed items costs a few queries, not a few per row."""
    steps = {doc.pk: doc.pk for doc in docs if doc.validity != Validity.VALID}  # start → where it has got to
    seen = {pk: {pk} for pk in steps}
    found: dict = dict.fromkeys(steps)
    for _ in range(10):
        if not steps:
            break
        newer: dict[int, list] = {}
        rows = (
            Document.objects.public()
            .filter(relations_out__target_id__in=set(steps.values()), relations_out__kind__in=VERSION_RELATIONS)
            .annotate(replaces=F("relations_out__target_id"))
            .order_by("-published_at", "-pk")
        )
        for candidate in rows:
            newer.setdefault(candidate.replaces, []).append(candidate)
        following = {}
        for start, at in steps.items():
            candidate = next((d for d in newer.get(at, []) if d.pk not in seen[start]), None)
            if candidate is None:
                continue
            if candidate.validity == Validity.VALID:
                found[start] = candidate
            else:
                seen[start].add(candidate.pk)
                following[start] = candidate.pk
        steps = following
    return found
