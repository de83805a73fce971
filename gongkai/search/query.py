"""Turning what a person types into a tantivy query.

* words: all must match; each word is segmented (precise mode) and every piece must appear in the
  search-mode tokens of the title or the body; title matches weigh three times as much;
* "quoted phrases": the precise tokens in order, in the title or the body;
* -word or -"phrase": excluded;
* a 发文字号 (any bracket variant) or a 索引号 alone finds exactly that document;
* a word holding a short or full form of an equivalence (社保 = 社会保险, search.Equivalence) also finds
  the word with each other form in its place, scored alike: read at each query, no reindexing.
Empty, over-long or unusable input gives a Chinese message and no query, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy
from django.db.models import Count, Max

from gongkai.lib import docnumbers as numbers
from gongkai.lib.unionfind import DisjointSets
from gongkai.search.engine import SCHEMA, ensure_vocabulary
from gongkai.search.models import Equivalence
from gongkai.search.tokenizer import exact_tokens

MAX_LENGTH = 200
TITLE_BOOST = 3.0
_PARTS = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_INDEX_NUMBER = re.compile(r"^[A-Za-z0-9-]+/\d{4}-\d+$|^SY[-A-Za-z0-9]+$")


@dataclass
class ParsedQuery:
    query: tantivy.Query | None  # None for "everything"
    highlight: list[str] = field(default_factory=list)
    message: str = ""
    exact_number: str = ""


def _term(name: str, token: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, name, token)


# How a question is asked, not what it is about: dropped from a word when something else is left
# ("易地建设费怎么办" finds the 办事指南).
QUESTION_WORDS = {"怎么办", "怎么", "如何", "怎样", "哪里", "在哪", "什么", "多少", "吗", "呢", "请问", "咨询"}


def _word(text: str) -> tuple[tantivy.Query | None, list[str]]:
    """All precise pieces of ``text`` in the title's or the body's search tokens; title boosted."""
    tokens = exact_tokens(text)
    asked = [t for t in tokens if t not in QUESTION_WORDS]
    tokens = asked or tokens
    if not tokens:
        return None, []

    def all_in(name: str) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, _term(name, t)) for t in tokens])

    title = tantivy.Query.boost_query(all_in("title_s"), TITLE_BOOST)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, title), (tantivy.Occur.Should, all_in("body_s"))]
    ), tokens


def title_query(raw: str) -> tantivy.Query | None:
    """Every precise piece of ``raw`` in the title (search tokens): what the search box's title
    suggestions match, without the bodies' far longer lists (search/suggest.py)."""
    ensure_vocabulary()
    tokens = [t for t in exact_tokens((raw or "")[:MAX_LENGTH]) if t not in QUESTION_WORDS]
    if not tokens:
        return None
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, _term("title_s", t)) for t in tokens])


MAX_VARIANTS = 8
_equivalents: tuple[tuple[object, object], dict[str, list[str]]] | None = None


def equivalents() -> dict[str, list[str]]:
    """Each known form → the other forms of its group (forms joined by pairs, transitively). Rebuilt
    when the table changes (its size or newest edit), checked with one small query per search."""
    global _equivalents
    stamp = Equivalence.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    version = (stamp["n"], stamp["at"])
    if _equivalents is not None and _equivalents[0] == version:
        return _equivalents[1]
    sets: DisjointSets[str] = DisjointSets()
    for short, full in Equivalence.objects.values_list("short", "full"):
        sets.union(short, full)
    groups: dict[str, list[str]] = {}
    for form in sets.parent:
        groups.setdefault(sets.find(form), []).append(form)
    result = {form: sorted(set(groups[sets.find(form)]) - {form}) for form in sets.parent}
    _equivalents = (version, result)
    return result


def variants(word: str, known: dict[str, list[str]] | None = None) -> list[str]:
    """``word`` and, for each known form it holds (longest first, not inside a longer one found), the
    word with each other form of that group in its place: 社保缴费基数 → 社会保险缴费基数."""
    known = equivalents() if known is None else known
    found, covered = [word], set[int]()
    for form in sorted((f for f in known if f in word), key=len, reverse=True):
        start = word.find(form)
        span = set(range(start, start + len(form)))
        if span & covered:
            continue
        covered |= span
        found.extend(word.replace(form, other) for other in known[form])
    return list(dict.fromkeys(found))[:MAX_VARIANTS]


def _word_or_equivalents(text: str, use: bool = True) -> tuple[tantivy.Query | None, list[str]]:
    queries, pieces = [], []
    for variant in variants(text) if use else [text]:
        query, tokens = _word(variant)
        if query is not None:
            queries.append(query)
            pieces.extend(tokens)
    if not queries:
        return None, []
    if len(queries) == 1:
        return queries[0], pieces
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries]), pieces


def _phrase(text: str) -> tuple[tantivy.Query | None, list[str]]:
    tokens = exact_tokens(text)
    if not tokens:
        return None, []
    if len(tokens) == 1:
        return _word(text)

    def phrase(name: str) -> tantivy.Query:
        return tantivy.Query.phrase_query(SCHEMA, name, list[str | tuple[int, str]](tokens))

    title = tantivy.Query.boost_query(phrase("title_p"), TITLE_BOOST)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, title), (tantivy.Occur.Should, phrase("body_p"))]), [
        "".join(tokens)
    ]


def parse(raw: str, *, equivalences: bool = True) -> ParsedQuery:
    ensure_vocabulary()
    text = (raw or "").strip()
    if not text:
        return ParsedQuery(None)
    if len(text) > MAX_LENGTH:
        return ParsedQuery(None, message=f"检索词过长：不能超过 {MAX_LENGTH} 个字符，请缩短后重试")
    compact = re.sub(r"\s+", "", text)
    try:
        number = numbers.parse(compact).text
    except ValueError:
        number = ""
    if number or _INDEX_NUMBER.match(compact):
        value = number or compact
        return ParsedQuery(_term("number", value), highlight=[value], exact_number=value)
    must: list[tantivy.Query] = []
    must_not: list[tantivy.Query] = []
    highlight: list[str] = []
    for negate_q, phrase, negate_w, word in _PARTS.findall(text.replace("“", '"').replace("”", '"')):
        negate = bool(negate_q or negate_w)
        query, pieces = _phrase(phrase) if phrase or negate_q else _word_or_equivalents(word, equivalences)
        if query is None:
            continue
        (must_not if negate else must).append(query)
        if not negate:
            highlight.extend(pieces)
    if not must and not must_not:
        return ParsedQuery(None, message="检索词中没有可以检索的文字，已显示全部信息")
    clauses = [(tantivy.Occur.Must, q) for q in must] + [(tantivy.Occur.MustNot, q) for q in must_not]
    if not must:
        clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    return ParsedQuery(tantivy.Query.boolean_query(clauses), highlight=highlight)
