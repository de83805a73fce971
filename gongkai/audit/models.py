"""Audit events.

Each event stores the SHA-256 of the previous event (``prev_hash``) and of its own canonical JSON,
which includes ``prev_hash`` (``hash``). Altering, inserting or removing an event breaks the chain
at that point; ``manage.py audit_verify`` finds it. On PostgreSQL a trigger refuses UPDATE and DELETE.

Events copy the actor's and target's names and keep plain ids instead of foreign keys: they must
outlive what they describe, and a cascade must never need to update them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from gongkai.accounts.models import Agency

GENESIS = "0" * 64


def canonical_json(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def target_ref(target) -> tuple[str, str, str, int | None]:
    """(type, id, repr, agency id) for a model instance, or for a (type, id, repr) tuple."""
    if target is None:
        return "", "", "", None
    if isinstance(target, tuple):
        kind, pk, text = target
        return kind, str(pk), text, None

    meta = target._meta
    agency_id = target.pk if isinstance(target, Agency) else getattr(target, "agency_id", None)
    return f"{meta.app_label}.{meta.model_name}", str(target.pk), str(target)[:200], agency_id


class ChainLock(models.Model):
    """A single row locked while appending, so concurrent appends take turns (PostgreSQL)."""

    class Meta:
        verbose_name = "审计链锁"

    def __str__(self):
        return "audit chain lock"


class EventManager(models.Manager["Event"]):
    def record(self, actor, verb: str, target, data=None) -> Event:
        kind, target_id, target_repr, agency_id = target_ref(target)
        # Round-trip through JSON so the stored value and the hashed value are the same thing.
        data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
        actor_id = getattr(actor, "pk", None)
        actor_name = str(actor) if actor_id else (actor if isinstance(actor, str) else "系统")
        with transaction.atomic():
            ChainLock.objects.select_for_update().get_or_create(pk=1)
            last = self.order_by("-id").values_list("hash", flat=True).first()
            event = self.model(
                created_at=timezone.now(),
                actor_id=actor_id,
                actor_name=actor_name[:150],
                verb=verb,
                target_type=kind,
                target_id=target_id,
                target_repr=target_repr,
                agency_id=agency_id,
                data=data,
                prev_hash=last or GENESIS,
            )
            event.hash = event.compute_hash()
            event.save(force_insert=True)
        return event


class Event(models.Model):
    created_at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人 ID", null=True)
    actor_name = models.CharField("操作人", max_length=150)
    verb = models.CharField("动作", max_length=80)
    target_type = models.CharField("对象类型", max_length=80, blank=True)
    target_id = models.CharField("对象 ID", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    agency_id = models.BigIntegerField("所属机关 ID", null=True)
    data = models.JSONField("内容", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventManager()

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        indexes = [
            # the timeline of one object
            models.Index(fields=["target_type", "target_id", "id"], name="audit_event_target"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.verb} {self.target_repr}"

    def payload(self) -> dict:
        return {
            "prev": self.prev_hash,
            "at": self.created_at.astimezone(datetime.UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor_name,
            "verb": self.verb,
            "target": [self.target_type, self.target_id, self.target_repr],
            "agency_id": self.agency_id,
            "data": self.data,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.payload())).hexdigest()


@dataclass
class ChainReport:
    count: int
    head: str
    problems: list[tuple[int | None, str]] = field(default_factory=list)  # (event id, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> str | None:
        return self.problems[0][1] if self.problems else None

    @property
    def event_id(self) -> int | None:
        return self.problems[0][0] if self.problems else None


def verify_chain() -> ChainReport:
    """Walk the whole chain in order and name every event that was altered, inserted or removed
    (not only the first). Checkpoints outside the database (audit/anchors.py) catch what a walk
    cannot: the last events deleted, or every later hash recomputed after a rewrite."""
    seen: dict[str, int] = {GENESIS: 0}
    previous_hash, previous_id, count = GENESIS, None, 0
    problems: list[tuple[int | None, str]] = []
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event.compute_hash() != event.hash:
            problems.append((event.pk, f"事件 #{event.pk} 的内容被修改（哈希与内容不符）"))
        if event.prev_hash != previous_hash:
            if event.prev_hash in seen:
                # It links to an earlier event: what stands between was inserted.
                inserted = Event.objects.filter(id__gt=seen[event.prev_hash]).order_by("id").first()
                assert inserted is not None  # at least this event follows the one it links to
                problems.append(
                    (
                        inserted.pk,
                        f"事件 #{inserted.pk} 是插入的（事件 #{event.pk} 链接的是更早的事件 #{seen[event.prev_hash]}）",
                    )
                )
            else:
                where = f"事件 #{previous_id} 与 #{event.pk} 之间" if previous_id else f"事件 #{event.pk} 之前"
                problems.append((event.pk, f"{where}有事件被删除（前序哈希不符）"))
        seen[event.hash] = event.pk
        previous_hash, previous_id = event.hash, event.pk
    return ChainReport(count, previous_hash, problems)


class StatusRow(models.Model):
    """The one shape of a status history row (STYLE: "every status change is a row"): each state
    machine's model has a concrete subclass with a foreign key to its object, written by the verb
    that changes the status, in the verb's transaction. Timelines and statistics read these rows."""

    LABELS: dict[str, str] = {}  # each subclass: its states' names, for ``new_label``

    old = models.CharField("原状态", max_length=20, blank=True)
    new = models.CharField("新状态", max_length=20)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    reason = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.old or '—'} → {self.new}"

    @property
    def new_label(self) -> str:
        return self.LABELS.get(self.new, self.new)


def actor_name(by) -> str:
    """How a status row names who acted (a user, a description such as “申请人（在线补正）”, or the system)."""
    if by is None:
        return "系统"
    return getattr(by, "display_name", None) or str(by)
