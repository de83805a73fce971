"""What 重大行政决策 asks of the office and when: 我的待办 items (the catalogue to publish, comments to
moderate, adoption reports falling due, meetings to record) and the reminders the worker sends: the
catalogue (periods.CATALOGUE_REMINDER_DAYS before 31 March) and adoption reports
(periods.ADOPTION_REMINDER_WORKDAYS working days before their due date), each once more when late."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task as background_task

from gongkai.accounts.models import Role, User, notify_once
from gongkai.accounts.permissions import has
from gongkai.accounts.queue import QueueItem
from gongkai.decisions.models import AdoptionReminder, Catalogue, CatalogueReminder, Comment, Consultation, Meeting
from gongkai.workdays import periods, workdays_between

# Who is reminded: the roles that may act on decisions in the agency (permissions.py "decision.manage").
MANAGERS = (Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR)


def queue_items(user) -> list[QueueItem]:
    if not getattr(user, "is_agency_staff", False) or not has(user, "decision.manage", user.agency):
        return []
    today = timezone.localdate()
    items = []
    catalogue = Catalogue.objects.filter(agency_id=user.agency_id, year=today.year).first()
    if catalogue is not None and catalogue.state != Catalogue.State.PUBLISHED:
        kind = "重大行政决策·目录逾期未公布" if today > catalogue.due else "重大行政决策·目录待公布"
        title = f"{today.year}年度重大行政决策事项目录（{catalogue.due:%-m月%-d日}前公布）"
        items.append(QueueItem(title, reverse("decisions:catalogue", args=[catalogue.pk]), kind, due=catalogue.due))
    consultations = Consultation.objects.filter(agency_id=user.agency_id).exclude(state=Consultation.State.REPORTED)
    announced = consultations.exclude(state=Consultation.State.DRAFT).annotate(
        waiting=Count("comments", filter=Q(comments__state=Comment.State.PENDING))
    )
    for c in announced:
        url = reverse("decisions:consultation", args=[c.pk])
        waiting = c.waiting  # type: ignore[attr-defined]  # the annotation above
        if waiting:
            items.append(QueueItem(f"《{c.title[:30]}》{waiting} 条意见待审核", url, "重大行政决策·意见待审核"))
        if c.state == Consultation.State.DECIDED and c.report_due:
            kind = "重大行政决策·采纳情况逾期" if today > c.report_due else "重大行政决策·采纳情况待公布"
            items.append(QueueItem(f"《{c.title[:30]}》意见采纳情况", url, kind, due=c.report_due))
    for m in Meeting.objects.filter(agency_id=user.agency_id).exclude(state=Meeting.State.HELD):
        url = reverse("decisions:meeting", args=[m.pk])
        if m.state == Meeting.State.CALLING and today > m.apply_by:
            items.append(QueueItem(f"{m.title}：确定列席人员", url, "重大行政决策·列席", due=m.held_on))
        elif m.state == Meeting.State.SELECTED and today >= m.held_on:
            items.append(QueueItem(f"{m.title}：登记列席情况", url, "重大行政决策·列席", due=m.held_on))
    return items


def send_reminders(today: datetime.date) -> int:
    """Adoption reports falling due: the agency's officers are told N working days before, and once late;
    the year's catalogue not yet published: N calendar days before 31 March, and once late."""
    sent = 0
    for catalogue in Catalogue.objects.filter(year=today.year).exclude(state=Catalogue.State.PUBLISHED):
        days = (catalogue.due - today).days
        if days not in (*periods.CATALOGUE_REMINDER_DAYS, -1):
            continue
        people = User.objects.filter(agency_id=catalogue.agency_id, role_grants__role__in=MANAGERS, is_active=True)
        when = "已逾期" if days < 0 else f"还有 {days} 天"
        sent += notify_once(
            CatalogueReminder(catalogue=catalogue, days_before=days),
            people.distinct(),
            f"{catalogue.title}应于{catalogue.due:%Y年%-m月%-d日}前经同意后公布（{when}）。",
            reverse("decisions:catalogue", args=[catalogue.pk]),
            email_subject=f"【重大行政决策】{catalogue.year}年度事项目录{catalogue.due:%-m月%-d日}前公布",
        )
    for c in Consultation.objects.filter(state=Consultation.State.DECIDED, report_due__isnull=False):
        assert c.report_due is not None
        left = workdays_between(today, c.report_due) if today <= c.report_due else -1
        if left not in (*periods.ADOPTION_REMINDER_WORKDAYS, -1):
            continue
        people = User.objects.filter(agency_id=c.agency_id, role_grants__role__in=MANAGERS, is_active=True)
        when = "已逾期" if left < 0 else f"还剩 {left} 个工作日"
        sent += notify_once(
            AdoptionReminder(consultation=c, days_before=left),
            people.distinct(),
            f"《{c.title[:40]}》的意见采纳情况应于{c.report_due:%Y年%-m月%-d日}前公布（{when}）。",
            reverse("decisions:consultation", args=[c.pk]),
            email_subject=f"【重大行政决策】意见采纳情况{c.report_due:%-m月%-d日}到期",
        )
    return sent


@background_task()
def remind_adoption_reports() -> dict:
    return {"sent": send_reminders(timezone.localdate())}
