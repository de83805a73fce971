"""Live indicators the library offers (lib/metrics.py): the share of non-text interpretations and the
三同步 rate."""

from __future__ import annotations

from decimal import Decimal

from gongkai.documents.law import InterpretationForm
from gongkai.documents.models import Document, Status
from gongkai.documents.stats import interpretation_stats


def nontext_share(agency, year: int):
    interpretations = Document.objects.filter(
        agency=agency, status=Status.PUBLISHED, published_at__year=year
    ).interpretations()
    total = interpretations.count()
    other = interpretations.exclude(interpretation_form=InterpretationForm.TEXT).count()
    if not total:
        return None, None, "本年尚无政策解读"
    return Decimal(other * 100) / total, None, f"本年政策解读{total}篇，其中图解、音视频等{other}篇"


def sync_rate(agency, year: int):
    stats = interpretation_stats(agency, year)
    if not stats.policies:
        return None, None, "本年尚无需解读的政策文件"
    return (
        Decimal(stats.synchronised * 100) / stats.policies,
        None,
        f"需解读的政策文件{stats.policies}件，同步发布解读{stats.synchronised}件",
    )
