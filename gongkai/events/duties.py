"""Reminders to participants the day before, and the yearly indicators of open events."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task as background_task

from gongkai.events.models import Answer, Event, EventReminder, Question, Registration


def send_reminders(now: datetime.datetime) -> int:
    """Confirmed participants of events starting within 24 hours, once each."""
    sent = 0
    soon = Registration.objects.filter(
        state=Registration.State.CONFIRMED,
        event__state=Event.State.OPEN,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(hours=24),
    )
    for r in soon.select_related("event", "user"):
        try:
            with transaction.atomic():
                EventReminder.objects.create(registration=r)
                r.tell(f"提醒：{r.confirmation_text()}")
        except IntegrityError:
            continue
        sent += 1
    return sent


@background_task()
def remind() -> dict:
    return {"sent": send_reminders(timezone.now())}


def events_held(agency, year: int):
    n = Event.objects.filter(agency=agency, state=Event.State.HELD, starts_at__year=year).count()
    return Decimal(n), None, f"{year}年举办政府开放活动 {n} 次"


def participants(agency, year: int):
    n = Registration.objects.filter(
        event__agency=agency, event__starts_at__year=year, state=Registration.State.ATTENDED
    ).count()
    return Decimal(n), None, f"{year}年开放活动签到参加 {n} 人"


def satisfaction(agency, year: int):
    ratings = list(
        Answer.objects.filter(
            question__kind=Question.Kind.RATING,
            question__survey__event__agency=agency,
            question__survey__event__starts_at__year=year,
        ).values_list("value", flat=True)
    )
    if not ratings:
        return None, None, f"{year}年开放活动尚无评分"
    good = sum(1 for v in ratings if int(v) >= 4)
    return (
        (Decimal(good) * 100 / len(ratings)).quantize(Decimal("0.1")),
        None,
        f"{year}年评分 {len(ratings)} 个，4 分及以上 {good} 个",
    )
