"""Relevance, measured: a judged query set and NDCG@10 over it.

``data/judgments.tsv`` holds queries a citizen types and, for each, the documents they would expect
first (by title, best first), written from the demo library's own documents. ``evaluate`` runs each
query as the portal does (versions folded) and scores the first ten results: graded gains (3 for the
first expected document, 2 for the second, 1 for the rest), DCG over log2 of the rank, divided by the
ideal. ``manage.py search_relevance`` prints the score and every query whose best document is not
first; the suite keeps the mean from falling below the figure reached (documents/tests/test_demo.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.search import engine, query

JUDGMENTS = Path(__file__).with_name("data") / "judgments.tsv"
K = 10


@dataclass
class Judgment:
    q: str
    expected: list[str]


@dataclass
class Outcome:
    q: str
    ndcg: float
    top: list[str]
    expected: list[str]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(o.ndcg for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def failures(self) -> list[Outcome]:
        """Queries whose best expected document is not the first result."""
        return [o for o in self.outcomes if not o.top or o.top[0] != o.expected[0]]


def load(path: Path = JUDGMENTS) -> list[Judgment]:
    judgments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            q, expected = line.split("\t", 1)
            judgments.append(Judgment(q.strip(), [t.strip() for t in expected.split("|") if t.strip()]))
    return judgments


def _gain(title: str, expected: list[str]) -> int:
    if title not in expected:
        return 0
    return max(3 - expected.index(title), 1)


def _dcg(gains: list[int]) -> float:
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:K])))


def evaluate(judgments: list[Judgment]) -> Report:
    report = Report()
    for judgment in judgments:
        parsed = query.parse(judgment.q)
        ids = engine.search(parsed.query, {}, limit=K, with_facets=False, group_versions=True).ids
        titles = dict(engine.indexable().filter(pk__in=ids).values_list("pk", "title"))
        top = [titles.get(i, "") for i in ids]
        ideal = _dcg(sorted((_gain(t, judgment.expected) for t in judgment.expected), reverse=True))
        score = _dcg([_gain(t, judgment.expected) for t in top]) / ideal if ideal else 0.0
        report.outcomes.append(Outcome(judgment.q, score, top, judgment.expected))
    return report
