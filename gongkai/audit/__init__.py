"""全程留痕: the append-only, hash-chained audit trail.

``record(actor, verb, target, data)`` is the one entry point; call it inside the transaction of the
change it records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongkai.audit.models import Event


def record(actor: Any, verb: str, target: Any, data: dict[str, Any] | None = None) -> Event:
    # Local: this package is imported while the apps load, before its models may be.
    from gongkai.audit.models import Event  # noqa: PLC0415

    return Event.objects.record(actor, verb, target, data)
