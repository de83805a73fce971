"""One segmentation for documents and queries: jieba (rjieba) with a dictionary of government terms.

* ``search_tokens`` — search mode: every dictionary sub-word as well as the word, so 预算 finds 预算金额
  and 依申请 finds 依申请公开. Indexed for word queries.
* ``exact_tokens`` — precise mode, in order: indexed with positions for "quoted phrases".
Punctuation and spaces are dropped; Latin letters are lower-cased.

Search mode is precise mode with each longer word followed by its two- and three-character pieces that
are dictionary words (jieba's definition). ``both_tokens`` derives the two from one cut, with each word's
pieces looked up once per process, so an index build cuts a body once instead of twice
(``test_search.py`` checks the derivation against ``rjieba.cut_for_search``).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import rjieba

_lock = threading.Lock()
_loaded: set[str] = set()
_dictionary_loaded = False
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
DICTIONARY = Path(__file__).with_name("dictionary.txt")
# The seeded equivalences' short and full forms are words too, so that 个税 is one token in a document
# and in a query alike. (Pairs added later in the workspace are not taught to the segmenter: that
# would cut documents differently from the index until a rebuild.)
EQUIVALENCES = Path(__file__).with_name("data") / "equivalences.tsv"


def _seed_forms() -> list[str]:
    forms: list[str] = []
    for line in EQUIVALENCES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            forms.extend(f for f in line.split("\t")[:2] if re.fullmatch(r"[\w\u4e00-\u9fff]+", f))
    return forms


def add_terms(terms: Iterable[str]) -> None:
    """Teach the segmenter more words. Index and queries must know the same words: the search
    engine adds the agencies' names once per process before it segments anything."""
    with _lock:
        for term in terms:
            term = term.strip()
            if term and term not in _loaded:
                rjieba.add_word(term, None, None)
                _loaded.add(term)
        _pieces.cache_clear()  # a new word can be a piece of words already looked up


def _ensure_dictionary() -> None:
    global _dictionary_loaded
    if not _dictionary_loaded:
        add_terms(DICTIONARY.read_text(encoding="utf-8").splitlines())
        add_terms(_seed_forms())
        _dictionary_loaded = True


@functools.lru_cache(maxsize=262_144)
def _kept(token: str) -> str | None:
    """A token as indexed (lower-cased), or None for spaces and punctuation. Cached: a library repeats
    the same few thousand words, and this check per token cost more than the cutting itself."""
    token = token.strip()
    return token.lower() if token and _WORD.search(token) else None


def _clean(tokens: Iterable[str]) -> list[str]:
    return [kept for kept in map(_kept, tokens) if kept is not None]


@functools.lru_cache(maxsize=524_288)
def _pieces(word: str) -> tuple[str, ...]:
    """A precise-mode word as search mode indexes it, cleaned: its dictionary pieces of two characters
    (words longer than two) and of three (longer than three), then the word itself. A word with
    letters or digits is left to jieba (its search mode also cuts such words at hyphens)."""
    if not _HAN_WORD.fullmatch(word):
        return tuple(_clean(rjieba.cut_for_search(word)))
    n = len(word)
    pieces = [word[i : i + 2] for i in range(n - 1) if n > 2 and rjieba.has_word(word[i : i + 2])]
    pieces += [word[i : i + 3] for i in range(n - 2) if n > 3 and rjieba.has_word(word[i : i + 3])]
    return tuple(_clean([*pieces, word]))


def both_tokens(text: str) -> tuple[list[str], list[str]]:
    """The search-mode and the precise-mode tokens of a text, from one cut."""
    _ensure_dictionary()
    words = rjieba.cut(text or "")
    return [piece for word in words for piece in _pieces(word)], _clean(words)


def search_tokens(text: str) -> list[str]:
    return both_tokens(text)[0]


def title_tokens(text: str) -> list[str]:
    """What a title is indexed under for word queries: the search-mode tokens, every known term
    (dictionary, agency names, equivalence forms) found inside a longer word — 国防动员办公室 inside
    上海市国防动员办公室, which search mode does not cut out — and the characters of words of three
    characters or more, so a query cut differently (开放月 in 政府开放月) still finds a short title."""
    tokens, exact = both_tokens(text)
    extra: list[str] = []
    for token in exact:
        if len(token) >= 3:
            n = len(token)  # every shorter piece of the word that is a known term (a set lookup each)
            extra.extend(token[i:j] for i in range(n) for j in range(i + 2, n + (i > 0)) if token[i:j] in _loaded)
            extra.extend(token)
    return tokens + [t for t in dict.fromkeys(extra) if t not in tokens]


def exact_tokens(text: str) -> list[str]:
    _ensure_dictionary()
    return _clean(rjieba.cut(text or ""))
