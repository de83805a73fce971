"""Anchors for the audit chain: signed checkpoints kept outside the database.

The hash chain alone cannot show that its last events were deleted, nor that someone rewrote an event
and recomputed every later hash. So the worker writes, every hour, a checkpoint — how many events,
the last event's id and hash, the time — to an append-only file in ``GONGKAI_AUDIT_ANCHOR_DIR``
(default ``<data dir>/audit-anchors``; put it where the database user cannot write, or copy it off
the machine), signed with HMAC-SHA256 under ``GONGKAI_AUDIT_KEY`` (an environment variable, never in
the database; by default derived from SECRET_KEY). ``audit_verify`` checks the chain against every
checkpoint and names every problem.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.audit.models import Event


def anchor_file() -> Path:
    folder = settings.GONGKAI_AUDIT_ANCHOR_DIR or Path(settings.DATA_DIR) / "audit-anchors"
    return Path(folder) / "checkpoints.jsonl"


def _key() -> bytes:
    key = (
        settings.GONGKAI_AUDIT_KEY
        or hmac.new(settings.SECRET_KEY.encode(), b"gongkai-audit-anchor", hashlib.sha256).hexdigest()
    )
    return key.encode()


def _sign(record: dict) -> str:
    message = f"{record['count']}|{record['last_id']}|{record['head']}|{record['at']}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_id: int
    head: str
    at: str
    sig: str


def write_checkpoint() -> Checkpoint | None:
    """Append the chain's present head; nothing when there are no events yet."""
    last = Event.objects.order_by("-id").first()
    if last is None:
        return None
    record: dict[str, Any] = {"count": Event.objects.filter(id__lte=last.pk).count(), "last_id": last.pk,
                              "head": last.hash, "at": timezone.now().isoformat()}  # fmt: skip
    record["sig"] = _sign(record)
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
    return Checkpoint(**record)


def checkpoints() -> list[Checkpoint]:
    path = anchor_file()
    if not path.exists():
        return []
    return [Checkpoint(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def verify_checkpoints() -> list[str]:
    """Every disagreement between the database and the checkpoints, in Chinese."""
    problems = []
    for point in checkpoints():
        label = f"{point.at[:19]} 的检查点（第 {point.count} 个事件）"
        if not hmac.compare_digest(point.sig, _sign(point.__dict__)):
            problems.append(f"{label}的签名不符：检查点文件被改动，或密钥不对")
            continue
        event = Event.objects.filter(pk=point.last_id).first()
        if event is None:
            problems.append(f"{label}记录的事件 #{point.last_id} 已不存在：该事件及其前后有事件被删除")
        elif event.hash != point.head:
            problems.append(f"{label}记录的事件 #{point.last_id} 的哈希已变：此前的事件被改写并重算了哈希")
        count = Event.objects.filter(id__lte=point.last_id).count()
        if count < point.count:
            problems.append(f"{label}时共有 {point.count} 个事件，现在只有 {count} 个：有事件被删除")
        elif count > point.count:
            problems.append(f"{label}时共有 {point.count} 个事件，现在有 {count} 个：有事件被插入")
    latest = checkpoints()[-1] if checkpoints() else None
    if latest is not None:
        earlier = Event.objects.filter(id__gt=latest.last_id, created_at__lt=latest.at).order_by("id")
        for event in earlier:
            problems.append(f"事件 #{event.pk} 写在最近一个检查点之后，时间却在它之前：是补写或伪造的")
    return problems
