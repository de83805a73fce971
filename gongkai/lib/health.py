"""What the monitoring asks: is the database answering, is this machine's worker alive, is the search
replica up to date, is next year's holiday notice entered. ``/healthz`` answers it as JSON."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

WORKER_STALE_SECONDS = 180  # the worker loops every few seconds; three minutes of silence means it is down
INDEX_LAG_LIMIT = 100  # change-log rows this replica may be behind before it counts as unhealthy


def heartbeat_file() -> Path:
    return Path(settings.DATA_DIR) / "worker-heartbeat"


def beat(now: datetime.datetime) -> None:
    """Called by the worker on every loop (per machine: the file is in this machine's data directory)."""
    heartbeat_file().write_text(now.isoformat(), encoding="utf-8")


def worker_age(now: datetime.datetime | None = None) -> float | None:
    """Seconds since this machine's worker last looped; None when it never ran."""
    try:
        last = datetime.datetime.fromisoformat(heartbeat_file().read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return ((now or timezone.now()) - last).total_seconds()
