"""The standard catalogue's live indicator (lib/metrics.py)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gongkai.catalog.models import Entry


def coverage(agency, year: int):
    """Entries with current content (a confirmed public document, not past its 更新周期) over all entries."""
    entries = list(Entry.objects.filter(agency=agency, active=True))
    if not entries:
        return None, None, "尚未编制标准目录"
    today = timezone.localdate()
    latest = {e.pk: e.latest_content() for e in entries}
    current = sum(1 for e in entries if latest[e.pk] is not None and not e.stale_given(latest[e.pk], today))
    share = (Decimal(current) * 100 / len(entries)).quantize(Decimal("0.1"))
    return share, None, f"标准目录 {len(entries)} 项，有现行内容的 {current} 项"
