"""What 政民互动 asks of the office and when: 我的待办 (messages to accept, transfers to receive, replies
to review, messages overdue or under 督办, a department's messages to answer, knowledge-base entries to
review, incidents waiting for a first response) and the worker's reminders and alerts."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task as background_task

from gongkai.accounts.models import Role, User, notify_once
from gongkai.accounts.permissions import has
from gongkai.accounts.queue import QueueItem
from gongkai.interactions.models import Answer, Incident, IncidentAlert, Message, MessageReminder
from gongkai.workdays import periods, workdays_between

HANDLERS = (Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR)


def queue_items(user) -> list[QueueItem]:
    if not getattr(user, "is_agency_staff", False):
        return []
    today = timezone.localdate()
    items: list[QueueItem] = []
    office = has(user, "interaction.handle", user.agency)
    mine = Q(agency_id=user.agency_id)
    if office:
        wanted = Q(state__in=[Message.State.RECEIVED, Message.State.DRAFTED]) | Q(supervised=True) | Q(due__lt=today)
        found = Message.objects.filter(mine).open().filter(wanted)
        incoming = Message.objects.filter(state=Message.State.TRANSFERRING, transfer_to_id=user.agency_id)
    elif user.department_id:
        found = Message.objects.filter(mine, department_id=user.department_id, state=Message.State.ACCEPTED)
        incoming = Message.objects.none()
    else:
        return []
    for m in found.select_related("channel"):
        kind = ("政民互动·逾期" if m.is_overdue(today) else "政民互动·督办" if m.supervised
                else f"政民互动·{m.get_state_display()}")  # fmt: skip
        items.append(QueueItem(f"{m.number} {m.subject[:30]}", m.get_absolute_url(), kind, due=m.due))
    for m in incoming:
        items.append(QueueItem(f"{m.number} {m.subject[:30]}", m.get_absolute_url(), "政民互动·转来待接收", due=m.due))
    if office:
        for entry in Answer.objects.filter(agency_id=user.agency_id, state=Answer.State.DRAFT)[:20]:
            url = reverse("interactions:answer", args=[entry.pk])
            items.append(QueueItem(entry.question[:40], url, "政策咨询知识库·待审核"))
        for incident in Incident.objects.filter(agency_id=user.agency_id, state=Incident.State.OPEN):
            url = reverse("interactions:incident", args=[incident.pk])
            items.append(
                QueueItem(
                    incident.title[:40], url, "突发事件·待首次回应", due=timezone.localtime(incident.respond_by).date()
                )
            )
    return items


def _handlers(agency_id: int, department_id: int | None = None):
    people = User.objects.filter(agency_id=agency_id, role_grants__role__in=HANDLERS, is_active=True)
    if department_id:
        people = people | User.objects.filter(agency_id=agency_id, department_id=department_id, is_active=True)
    return people.distinct()


def send_reminders(today: datetime.date) -> int:
    """Messages falling due: the handlers (office and the assigned department) are told N working days
    before the deadline and once when it has passed."""
    sent = 0
    for m in Message.objects.open().filter(due__lte=today + datetime.timedelta(days=10)).select_related("channel"):
        left = workdays_between(today, m.due) if today <= m.due else -1
        if left not in (*periods.MESSAGE_REMINDER_WORKDAYS, -1):
            continue
        when = "已逾期" if left < 0 else "今天到期" if left == 0 else f"还剩 {left} 个工作日"
        sent += notify_once(
            MessageReminder(message=m, days_before=left),
            _handlers(m.agency_id, m.department_id),
            f"{m.channel.name}留言 {m.number}“{m.subject[:30]}”应于{m.due:%Y年%-m月%-d日}前答复（{when}）。",
            m.get_absolute_url(),
            email_subject=f"【政民互动】留言 {m.number} {m.due:%-m月%-d日}到期",
        )
    return sent


def send_alerts(now: datetime.datetime) -> int:
    """Incidents: the office is alerted when one is recorded, an hour before the first-response limit,
    and when it has passed without a response."""
    sent = 0
    for incident in Incident.objects.filter(state=Incident.State.OPEN):
        url = reverse("interactions:incident", args=[incident.pk])
        marks = [-1]
        limit = f"{timezone.localtime(incident.respond_by):%-m月%-d日 %H:%M}"
        if incident.respond_by - now <= datetime.timedelta(hours=1):
            marks.append(1 if now <= incident.respond_by else 0)
        for mark in marks:
            text = {
                -1: f"{incident.get_kind_display()}“{incident.title[:30]}”：须在{limit}前首次回应。",
                1: f"{incident.get_kind_display()}“{incident.title[:30]}”：首次回应时限不到 1 小时。",
                0: f"{incident.get_kind_display()}“{incident.title[:30]}”：已超过首次回应时限。",
            }[mark]
            sent += notify_once(IncidentAlert(incident=incident, mark=mark), _handlers(incident.agency_id), text, url,
                                email_subject=f"【回应关切】{incident.title[:30]}")  # fmt: skip
    return sent


@background_task()
def remind() -> dict:
    return {"reminders": send_reminders(timezone.localdate()), "alerts": send_alerts(timezone.now())}
