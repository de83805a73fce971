"""The search change log: one row per change that may alter what the public sees.

Written in the same transaction as the change, so the log and the database never disagree. Every
machine's worker applies rows after the sequence number its replica has reached, and the portal's page
cache keys on the newest row (gongkai/portal/pagecache.py). Apps declare which models feed it with
``watch()``: every save or delete of such a model, whether through a verb, the admin or a script,
writes its rows. A row with ``document_id`` 0 changes no document in the index (e.g. an agency renamed,
a report published) but still moves the head, so no page shows the old state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from gongkai import audit
from gongkai.lib.errors import Refused


class ChangeLog(models.Model):
    seq = models.BigAutoField(primary_key=True)
    document_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索变更日志"

    def __str__(self) -> str:
        return f"#{self.seq} document {self.document_id}"

    @classmethod
    def head(cls) -> int:
        """The newest row's number (0 for an empty log): what a replica must reach, and the public version."""
        return cls.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def log_change(document: models.Model | None) -> None:
    """One row for a document (or, with None, for a public change that is not a document's)."""
    ChangeLog.objects.create(document_id=document.pk if document is not None else 0)


def watch(model: type[models.Model], documents: Callable[[models.Model], Iterable[int]] | None = None) -> None:
    """Log every save and delete of ``model``: rows for the ids ``documents(instance)`` gives (a model
    that is a document: its own id), or one bare row when it has none. Call from an app's ``connect()``."""

    def logged(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
        ids = [instance.pk] if documents is None else [i for i in documents(instance) if i]
        ChangeLog.objects.bulk_create([ChangeLog(document_id=i) for i in ids] or [ChangeLog(document_id=0)])

    uid = f"search.watch.{model._meta.label}"
    post_save.connect(logged, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(logged, sender=model, weak=False, dispatch_uid=uid)


class Equivalence(models.Model):
    """A short form and a full form citizens use for one thing (社保 = 社会保险). Applied when a query is
    read (search/query.py), so a change takes effect at the next search, with no reindexing. Seeded
    from search/data/equivalences.tsv, each pair with the public document its full form comes from;
    edited by the district office in the workspace and through the API."""

    short = models.CharField("简称", max_length=40)
    full = models.CharField("全称", max_length=80)
    source = models.CharField("出处", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField("修改人", max_length=150, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索同义词"
        ordering = ["short", "full"]
        constraints = [models.UniqueConstraint(fields=["short", "full"], name="equivalence_unique")]

    def __str__(self) -> str:
        return f"{self.short} = {self.full}"

    # -- verbs ----------------------------------------------------------------------------------
    @classmethod
    def add(cls, *, short: str, full: str, source: str, by: Any) -> Equivalence:
        """A new pair, checked: both forms given, different, within length, not there already."""
        short, full, source = short.strip(), full.strip(), source.strip()
        if not short or not full:
            raise EquivalenceRefused("简称和全称：都必须填写")
        if short == full:
            raise EquivalenceRefused("全称：与简称相同，没有意义", field="full")
        if len(short) > 40 or len(full) > 80 or len(source) > 200:
            raise EquivalenceRefused("长度：简称不超过 40 个字，全称不超过 80 个字，出处不超过 200 个字")
        if not _FORM.fullmatch(short) or not _FORM.fullmatch(full):
            raise EquivalenceRefused("简称和全称：只能是文字、数字、“、”和括号，不能有空格、引号或其他标点")
        if cls.objects.filter(short=short, full=full).exists():
            raise EquivalenceRefused(f"简称：“{short} = {full}”已经有了", field="short")
        with transaction.atomic():
            pair = cls.objects.create(short=short, full=full, source=source, updated_by=_actor(by))
            audit.record(by, "search.equivalence_added", pair, {"short": short, "full": full, "source": source})
        return pair

    def remove(self, *, by: Any) -> None:
        with transaction.atomic():
            audit.record(by, "search.equivalence_removed", self, {"short": self.short, "full": self.full})
            self.delete()


_FORM = re.compile(r"[\w\u4e00-\u9fff、（）()]+")


class EquivalenceRefused(Refused):
    pass


def _actor(by: Any) -> str:
    return str(getattr(by, "display_name", "") or by or "系统")


class QuerySeen(models.Model):
    """One person typed one query on one day — anonymised: the person is a keyed hash of their address
    and the day, which changes every day and cannot be turned back into the address. Written by the
    worker from the web processes' query log (search/suggest.py), never by a page view; kept 90 days.
    A query is suggested only when at least two different people typed it."""

    day = models.DateField()
    text = models.CharField(max_length=100)
    person = models.CharField(max_length=16)

    class Meta:
        verbose_name = verbose_name_plural = "检索词统计"
        constraints = [models.UniqueConstraint(fields=["day", "text", "person"], name="query_seen_unique")]
        indexes = [models.Index(fields=["text", "day"], name="query_seen_text_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.text}"
