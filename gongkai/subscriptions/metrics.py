"""Live indicators of 精准推送 (lib/metrics.py), for the work plans' targets."""

from __future__ import annotations

from decimal import Decimal

from gongkai.subscriptions.models import Campaign, Delivery


def campaigns(agency, year: int):
    """Push campaigns the agency sent in the year (the plans ask for at least two)."""
    sent = Campaign.objects.filter(agency=agency, state=Campaign.State.SENT, sent_at__year=year)
    n = sent.count()
    return Decimal(n), None, f"{year}年开展政策精准推送活动 {n} 次"


def reach(agency, year: int):
    """Policies delivered to people in the year (each person counted once per policy)."""
    n = Delivery.objects.filter(document__agency=agency, state=Delivery.State.SENT, sent_at__year=year).count()
    return Decimal(n), None, f"{year}年推送政策送达 {n} 人次"
