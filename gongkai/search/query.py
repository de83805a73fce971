"""Turning what a person types into a tantivy query.

* words: all must match; each word is segmented (precise mode) and every piece must appear in the
  search-mode tokens of the title or the body; title matches weigh three times as much;
* "quoted phrases": the precise tokens in order, in the title or the body;
* -word or -"phrase": excluded;
* a 发文字号 (any bracket variant) or a 索引号 alone finds exactly that document.
Empty, over-long or unusable input gives a Chinese message and no query, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy

from gongkai.lib import docnumbers as numbers
from gongkai.search.engine import SCHEMA, ensure_vocabulary
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


def _word(text: str) -> tuple[tantivy.Query | None, list[str]]:
    """All precise pieces of ``text`` in the title's or the body's search tokens; title boosted."""
    tokens = exact_tokens(text)
    if not tokens:
        return None, []

    def all_in(name: str) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, _term(name, t)) for t in tokens])

    title = tantivy.Query.boost_query(all_in("title_s"), TITLE_BOOST)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, title), (tantivy.Occur.Should, all_in("body_s"))]
    ), tokens


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


def parse(raw: str) -> ParsedQuery:
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
        query, pieces = _phrase(phrase) if phrase or negate_q else _word(word)
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
