"""Live indicators the library offers (lib/metrics.py): the share of non-text interpretations, the
三同步 rate and active disclosure within the statutory 20 working days."""

from __future__ import annotations

from decimal import Decimal

from gongkai.documents.law import Attribute, DocKind, InterpretationForm
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


def active_on_time(agency, year: int):
    """主动公开 within 20 working days of the item being formed or changed (条例 art. 26): of the proactive items
    published in the year that have a formed date (work news left out, as in the late list), the share on time."""
    published = Document.objects.filter(agency=agency, status=Status.PUBLISHED, published_at__year=year,
                                        attribute=Attribute.PROACTIVE).exclude(kind=DocKind.NEWS)  # fmt: skip
    counted = [d for d in published if d.disclosure_due() is not None]
    if not counted:
        return None, None, "本年尚无可计算时限的主动公开文件"
    late = sum(1 for d in counted if d.is_late())
    share = (Decimal(len(counted) - late) * 100 / len(counted)).quantize(Decimal("0.1"))
    return share, None, f"本年主动公开{len(counted)}件，20个工作日内公开{len(counted) - late}件，超期{late}件"
