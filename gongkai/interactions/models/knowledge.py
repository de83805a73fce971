"""The policy consultation knowledge base (政策咨询知识库): questions and answers linked to a policy, tags
and the 主题分类, shared with the 12345 hotline and service windows (export, API change feed). An entry is
public while it is published and its policy is public and in force: it expires with its policy (validity
follows the library). A question no entry answers goes to the drafting unit; its answer becomes an entry
after review."""

from __future__ import annotations

import math
from collections import Counter

from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.documents.law import Validity
from gongkai.documents.models import Document, SubjectCategory, public_q
from gongkai.interactions.models.message import InteractionError, Message
from gongkai.search import query as search_query
from gongkai.search import tokenizer
from gongkai.search.models import ChangeLog


class AnswerQuerySet(ScopedQuerySet["Answer"]):
    def public(self):
        """Published entries whose policy (if any) is public and in force now."""
        live = Q(document__isnull=True) | (public_q("document__") & Q(document__validity=Validity.VALID))
        return self.filter(state=Answer.State.PUBLISHED).filter(live)

    def expired(self):
        """Published entries whose policy is no longer public or in force: off the portal, flagged in
        the export and the change feed so the hotline drops them too."""
        return self.filter(state=Answer.State.PUBLISHED).exclude(pk__in=self.public().values("pk"))


class Answer(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤下"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="kb_answers")
    question = models.CharField("问题", max_length=200)
    answer = models.TextField("答复")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="kb_answers")
    subject = models.ForeignKey(SubjectCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tags = models.JSONField("标签", default=list, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    source = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="kb_answers")
    reviewed_by = models.CharField("审核人", max_length=150, blank=True)
    helped = models.PositiveIntegerField("解决了问题", default=0)  # “这个回答解决了我的问题”
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政策咨询知识库"
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.question

    def get_absolute_url(self) -> str:
        from django.urls import reverse  # noqa: PLC0415 - urls import views import models

        return reverse("portal:kb_answer", args=[self.pk])

    @property
    def status(self) -> str:
        """published / expired / withdrawn / draft, as the export and the change feed say it."""
        return self.status_among(set(Answer.objects.expired().filter(pk=self.pk).values_list("pk", flat=True)))

    def status_among(self, expired: set[int]) -> str:
        """The status, given the ids of the expired entries (looked up once for a whole list)."""
        if self.state != self.State.PUBLISHED:
            return self.state
        return "expired" if self.pk in expired else "published"

    @classmethod
    def propose(cls, agency, *, by, question: str, answer: str, document=None, tags=(), subject=None,
                source: Message | None = None) -> Answer:  # fmt: skip
        if not question.strip() or len(question) > 200:
            raise InteractionError("问题：必须填写，不超过 200 个字")
        if not answer.strip():
            raise InteractionError("答复：必须填写")
        clean_tags = [t.strip()[:20] for t in tags if t.strip()][:10]
        with transaction.atomic():
            entry = cls.objects.create(
                agency=agency, question=question.strip(), answer=answer.strip(), document=document, tags=clean_tags,
                subject=subject or (document.subject if document else None), source=source,
            )  # fmt: skip
            audit.record(by, "interaction.kb_proposed", entry, {"question": entry.question})
        return entry

    def approve(self, *, by) -> None:
        if self.state == self.State.PUBLISHED:
            raise InteractionError("知识库条目已经发布")
        with transaction.atomic():
            self.state, self.reviewed_by, self.updated_at = self.State.PUBLISHED, str(by)[:150], timezone.now()
            self.save(update_fields=["state", "reviewed_by", "updated_at"])
            audit.record(by, "interaction.kb_published", self, {})

    def revise(self, *, by, question: str, answer: str, tags=()) -> None:
        if not question.strip() or not answer.strip():
            raise InteractionError("问题和答复：必须填写")
        with transaction.atomic():
            self.question, self.answer = question.strip()[:200], answer.strip()
            self.tags = [t.strip()[:20] for t in tags if t.strip()][:10]
            self.state, self.updated_at = self.State.DRAFT, timezone.now()  # a changed answer is reviewed again
            self.save()
            audit.record(by, "interaction.kb_revised", self, {})

    def withdraw(self, *, by, reason: str) -> None:
        if not reason.strip():
            raise InteractionError("撤下理由：必须填写")
        with transaction.atomic():
            self.state, self.updated_at = self.State.WITHDRAWN, timezone.now()
            self.save(update_fields=["state", "updated_at"])
            audit.record(by, "interaction.kb_withdrawn", self, {"reason": reason})

    def record_help(self) -> None:
        """A citizen said this answer solved their question (POST from the answer's page)."""
        Answer.objects.filter(pk=self.pk).update(helped=models.F("helped") + 1)


# -- suggestions: the search's tokenizer and equivalences over the public entries ------------------
_index: tuple[tuple, dict[int, Counter[str]], Counter[str]] | None = None


def _tokens(text: str) -> list[str]:
    return [t for t in tokenizer.search_tokens(text) if len(t) > 1 or "\u4e00" <= t <= "\u9fff"]


def _public_index() -> tuple[dict[int, Counter[str]], Counter[str]]:
    """Tokens of each public entry (question counted twice, tags, answer's opening), rebuilt when the
    entries change (count and newest edit) or any document does (the change log)."""
    global _index
    stamp = Answer.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    version = (stamp["n"], stamp["at"], ChangeLog.head())  # a policy repealed or withdrawn moves the log
    if _index is not None and _index[0] == version:
        return _index[1], _index[2]
    bags: dict[int, Counter[str]] = {}
    df: Counter[str] = Counter()
    for pk, question, answer, tags in Answer.objects.public().values_list("pk", "question", "answer", "tags"):
        bag = Counter(_tokens(question) * 2 + _tokens(" ".join(tags)) + _tokens(answer[:200]))
        bags[pk] = bag
        df.update(bag.keys())
    _index = (version, bags, df)
    return bags, df


def suggest(text: str, *, limit: int = 5, agency=None) -> list[Answer]:
    """Public entries that answer ``text`` best: its words and their equivalents (社保 = 社会保险), each
    weighted by how rare it is among entries."""
    text = text.strip()[:200]
    if len(text) < 2:
        return []
    bags, df = _public_index()
    if not bags:
        return []
    wanted: set[str] = set()
    for variant in search_query.variants(text):
        wanted.update(_tokens(variant))
    n = len(bags)
    scores = {}
    for pk, bag in bags.items():
        score = sum(math.log(1 + n / df[t]) * min(bag[t], 3) for t in wanted if t in bag)
        if score:
            scores[pk] = score
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))
    found = Answer.objects.public().filter(pk__in=best[: limit * 3])
    if agency is not None:
        found = found.filter(agency=agency)
    rank = {pk: i for i, pk in enumerate(best)}
    return sorted(found.select_related("document"), key=lambda a: rank[a.pk])[:limit]
