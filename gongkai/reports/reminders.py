"""Reminding offices of the publication deadline (条例 art. 49): in 我的待办 from 1 January, and by
the worker (in-app and e-mail) on the first day, every Monday, and every day of the last week,
until the report is published; after the deadline the reminder says it is late."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from gongkai.accounts.models import Agency, Role, User, notify_once
from gongkai.accounts.permissions import has
from gongkai.accounts.queue import QueueItem
from gongkai.reports import law
from gongkai.reports.models import DeadlineReminder, Scope
from gongkai.reports.service import AGGREGATING_KINDS, latest_published
from gongkai.workdays import periods


def _supervised(user, today: datetime.date) -> list[QueueItem]:
    if not has(user, "agency.supervise", user.agency):
        return []
    below = Agency.objects.for_user(user).active().exclude(pk=user.agency_id).order_by("sort_order", "name")
    items = []
    for agency, scope, deadline in pending(today, below):
        if deadline < today:
            url = reverse("reports:edit", args=[agency.code, deadline.year - 1])
            items.append(QueueItem(message(agency, scope, deadline, today), url, "年度报告·辖区逾期", due=deadline))
    return items


def pending(today: datetime.date, agencies=None):
    """(agency, scope, deadline) for every report on last year still to be published."""
    year = today.year - 1
    for agency in agencies if agencies is not None else Agency.objects.active().order_by("sort_order", "name"):
        scopes = [(Scope.AGENCY, law.agency_deadline(year))]
        if agency.kind in AGGREGATING_KINDS:
            scopes.append((Scope.AGGREGATE, law.aggregate_deadline(year)))
        for scope, deadline in scopes:
            if latest_published(agency, year, scope) is None:
                yield agency, scope, deadline


def message(agency, scope, deadline, today) -> str:
    what = f"{agency.name}{deadline.year - 1}年度政府信息公开工作{'汇总' if scope == Scope.AGGREGATE else ''}年度报告"
    if today > deadline:
        return f"{what}已超过发布期限（{deadline:%-m月%-d日}），尚未发布"
    return f"{what}须于{deadline:%Y年%-m月%-d日}前发布（条例第四十九条），还剩{(deadline - today).days}天"


def recipients(agency, scope):
    roles = [Role.OFFICER, Role.LEADER] + ([Role.SUPERVISOR] if scope == Scope.AGGREGATE else [])
    return User.objects.filter(agency=agency, is_active=True, role_grants__role__in=roles).distinct()


def due_today(today: datetime.date, deadline: datetime.date, agency, scope) -> bool:
    first = not DeadlineReminder.objects.filter(agency=agency, year=deadline.year - 1, scope=scope).exists()
    return first or today.weekday() == 0 or 0 <= (deadline - today).days < periods.REPORT_DAILY_REMINDERS_DAYS


def send(today: datetime.date) -> int:
    sent = 0
    for agency, scope, deadline in pending(today):
        if not due_today(today, deadline, agency, scope):
            continue
        text = message(agency, scope, deadline, today)
        name = "reports:edit_aggregate" if scope == Scope.AGGREGATE else "reports:edit"
        sent += notify_once(
            DeadlineReminder(agency=agency, year=deadline.year - 1, scope=scope, sent_on=today),
            recipients(agency, scope),
            text,
            reverse(name, args=[agency.code, deadline.year - 1]),
            email_subject=f"【年报提醒】{text}",
        )
    return sent


@task()
def remind_report_deadlines() -> dict:
    return {"sent": send(timezone.localdate())}


def queue_items(user):
    """The office's own unpublished reports on last year, from 1 January; for the district (or city)
    office also the agencies below it whose report is past its deadline and not published."""
    if user.agency_id is None:
        return []
    today = timezone.localdate()
    items = _supervised(user, today)
    if not has(user, "report.aggregate", user.agency):
        return items
    for agency, scope, deadline in pending(today, [user.agency]):
        if not has(user, "report.aggregate" if scope == Scope.AGGREGATE else "report.compile", agency):
            continue
        name = "reports:edit_aggregate" if scope == Scope.AGGREGATE else "reports:edit"
        url = reverse(name, args=[agency.code, deadline.year - 1])
        items.append(QueueItem(message(agency, scope, deadline, today), url, "年度报告", due=deadline))
    return items
