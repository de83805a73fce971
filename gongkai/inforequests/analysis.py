"""Where requests concentrate, and what to do about it: counts per period, keywords, handling time,
repeat requests (（五）2 candidates), applicants over the monthly count (art. 35) and information
asked for by several applicants (art. 44, 依申请公开转主动公开)."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from gongkai.documents.models import Document
from gongkai.inforequests.law import ApplicantType, Outcome
from gongkai.lib.docnumbers import normalise
from gongkai.search.tokenizer import exact_tokens
from gongkai.workdays import periods as law

STOPWORDS = frozenset(
    "的 和 与 及 或 等 关于 有关 相关 情况 信息 政府 申请 公开 提供 获取 本区 我 请 是 在 对 年 月 日".split(" ")  # noqa: SIM905
)
_TEXT = re.compile(r"[\u4e00-\u9fff0-9a-zA-Z]+")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the meaningful text: robust for short Chinese requests, no dictionary."""
    runs = _TEXT.findall(text.lower())
    return frozenset(run[i : i + 2] for run in runs for i in range(max(len(run) - 1, 1)))


def similarity(a: frozenset, b: frozenset) -> float:
    """Dice coefficient of two bigram sets (0–1)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


# The annual report's 勾稽 checks of tables 三 and 四 (owned by the reports app, which registers them
# here in its ready()): the analysis page previews the tables with the same checks, one place.
TABLE_CHECKS: list = []


def table_problems(three, four, year: int) -> list[str]:
    return [problem for check in TABLE_CHECKS for problem in check(three, four, year)]


@dataclass
class Summary:
    total: int
    by_channel: list[tuple[str, int]]
    by_applicant: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    keywords: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    average_workdays: float | None
    finished: int
    overdue_replies: int
    late_corrections: list = field(default_factory=list)  # cases whose 补正 notice was late (art. 30)


def summarise(cases, start: datetime.date, end: datetime.date) -> Summary:
    """Requests received in [start, end], and the handling time of those finished in it."""

    received = list(cases.filter(received_on__gte=start, received_on__lte=end).prefetch_related("events"))
    channel_labels = {key: rule.label for key, rule in law.RECEIPT_RULES.items()}
    by_channel = Counter(channel_labels.get(c.channel, c.channel) for c in received)
    applicant_labels = dict(ApplicantType.choices)
    by_applicant = Counter(applicant_labels[c.applicant_type] for c in received)
    words = Counter(
        token
        for c in received
        for token in set(exact_tokens(c.information))
        if len(token) > 1 and not token.isdigit() and token not in STOPWORDS
    )
    by_month = Counter(c.received_on.strftime("%Y-%m") for c in received)
    finished = list(cases.filter(replied_on__gte=start, replied_on__lte=end).prefetch_related("events"))
    outcome_labels = dict(Outcome.choices)
    by_outcome = Counter(outcome_labels[c.outcome] for c in finished if c.outcome)
    days, overdue = [], 0
    for case in finished:
        clock = case.clock(case.replied_on)  # working days used up to the reply, pauses excluded
        days.append(clock.used)
        overdue += bool(clock.overdue)
    late_corrections = [c for c in received if c.correction_late()]
    months = []
    month = start.replace(day=1)
    while month <= end:
        key = month.strftime("%Y-%m")
        months.append((key, by_month.get(key, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return Summary(
        total=len(received),
        by_channel=by_channel.most_common(),
        by_applicant=[(label, by_applicant[label]) for label in applicant_labels.values()],
        by_outcome=[(label, by_outcome[label]) for label in outcome_labels.values() if by_outcome[label]],
        keywords=words.most_common(20),
        by_month=months,
        average_workdays=round(sum(days) / len(days), 1) if days else None,
        finished=len(finished),
        overdue_replies=overdue,
        late_corrections=late_corrections,
    )


@dataclass
class RepeatFlag:
    case: object
    earlier: object
    score: float


def repeat_flags(cases, threshold: float | None = None) -> list[RepeatFlag]:
    """Open requests by an applicant who already had a reply to similar information: （五）2 candidates."""
    threshold = settings.GONGKAI_SIMILAR_REQUEST_THRESHOLD if threshold is None else threshold
    by_applicant = defaultdict(list)
    for case in cases.order_by("received_on", "id"):
        by_applicant[case.applicant_key].append(case)
    flags = []
    for group in by_applicant.values():
        for i, case in enumerate(group):
            if case.status != "open":
                continue
            grams = bigrams(case.information)
            best = max(
                ((similarity(grams, bigrams(e.information)), e) for e in group[:i] if e.status == "replied"),
                default=None,
                key=lambda pair: pair[0],
            )
            if best and best[0] >= threshold:
                flags.append(RepeatFlag(case, best[1], round(best[0], 2)))
    return flags


@dataclass
class ExcessFlag:
    applicant: str
    month: str
    count: int
    numbers: list[str]


def excessive_flags(cases, limit: int | None = None) -> list[ExcessFlag]:
    """Applicants with more than ``limit`` requests to one agency in a calendar month (art. 35 review)."""
    limit = settings.GONGKAI_REQUESTS_MONTHLY_FLAG if limit is None else limit
    groups = defaultdict(list)
    for case in cases.order_by("received_on", "id"):
        groups[(case.agency_id, case.applicant_key, case.received_on.strftime("%Y-%m"))].append(case)
    return [
        ExcessFlag(group[0].applicant_name, month, len(group), [c.number for c in group])
        for (_agency, _key, month), group in groups.items()
        if len(group) > limit
    ]


@dataclass
class Suggestion:
    """Several applicants asked for similar information: make it 主动公开 (art. 44)."""

    cases: list = field(default_factory=list)
    applicants: int = 0
    document: object = None  # the library document it most likely concerns, when one is found

    @property
    def sample(self) -> str:
        return self.cases[0].information


def disclosure_suggestions(cases, threshold: float | None = None, applicants: int | None = None) -> list[Suggestion]:
    threshold = settings.GONGKAI_SIMILAR_REQUEST_THRESHOLD if threshold is None else threshold
    applicants = settings.GONGKAI_SIMILAR_REQUEST_APPLICANTS if applicants is None else applicants
    # Art. 44 concerns information that can be disclosed: requests still open, or answered by
    # disclosing it in full or in part, within the last year.
    since = timezone.localdate() - datetime.timedelta(days=365)
    cases = cases.filter(received_on__gte=since, outcome__in=["", Outcome.GRANTED, Outcome.PARTIAL])
    items = [(c, bigrams(c.information + c.document_reference)) for c in cases.order_by("received_on", "id")]
    parent = list(range(len(items)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0].agency_id == items[j][0].agency_id and similarity(items[i][1], items[j][1]) >= threshold:
                parent[root(j)] = root(i)
    clusters = defaultdict(list)
    for i, (case, _grams) in enumerate(items):
        clusters[root(i)].append(case)
    suggestions = []
    for group in clusters.values():
        distinct = len({c.applicant_key for c in group})
        if distinct >= applicants:
            suggestions.append(Suggestion(group, distinct, _document_for(group)))
    return sorted(suggestions, key=lambda s: -s.applicants)


def _document_for(group):
    """The agency's library document the requests name by number, or whose title they resemble most."""

    agency_id = group[0].agency_id
    documents = Document.objects.filter(agency_id=agency_id)
    for case in group:
        if case.document_reference:
            found = documents.filter(doc_number=normalise(case.document_reference)).first()
            if found:
                return found
    wanted = bigrams(" ".join(c.information for c in group[:5]))
    best, score = None, 0.0
    for doc in documents.only("uid", "title", "attribute", "status")[:2000]:
        s = similarity(wanted, bigrams(doc.title))
        if s > score:
            best, score = doc, s
    return best if score >= 0.3 else None
