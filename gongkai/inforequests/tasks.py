"""Deadline reminders, sent by the worker: to the case's handler (or, when none, the agency's
disclosure officers) at 5 and 1 working days before the reply is due, in the workspace and by e-mail.
Each (case, due date, lead time) is sent once; a moved deadline gets its own reminders."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from gongkai.accounts.models import Role, User, notify_once
from gongkai.inforequests.models import CaseFile, InfoRequest, Reminder
from gongkai.workdays import periods
from gongkai.workdays.clock import fmt

logger = logging.getLogger(__name__)
LEAD_TIMES = periods.REQUEST_REMINDER_WORKDAYS  # working days before the due date (workdays/periods.py)


def recipients(case):
    if case.handler_id and case.handler.is_active:
        return [case.handler]
    return list(
        User.objects.filter(agency_id=case.agency_id, is_active=True, role_grants__role=Role.OFFICER).distinct()
    )


def send_reminders(today=None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for case in InfoRequest.objects.open().select_related("handler").prefetch_related("events"):
        clock = case.clock(today)
        if clock.due is None or clock.overdue or clock.left not in LEAD_TIMES:
            continue
        sent += notify_once(
            Reminder(case=case, due=clock.due, days_before=clock.left),
            recipients(case),
            f"依申请公开 {case.number} 还剩 {clock.left} 个工作日，答复期限为{fmt(clock.due)}。",
            reverse("inforequests:detail", args=[case.number]),
            email_subject=f"【到期提醒】{case.number} 还剩{clock.left}个工作日",
        )
    return sent


@task()
def remind_due_cases() -> dict:
    count = send_reminders()
    logger.info("sent %s deadline reminders", count)
    return {"sent": count}


ORPHAN_AGE_SECONDS = 3600  # a file younger than this may belong to a request still being saved


def sweep_orphan_files(now: float | None = None) -> list[str]:
    """Case files on disk with no CaseFile row (left by a request that failed after writing them):
    deleted once they are an hour old. Letters (requests/…/letters/) are not touched."""
    root = Path(settings.MEDIA_ROOT) / "requests"
    if not root.exists():
        return []
    known = set(CaseFile.objects.values_list("file", flat=True))
    now = now if now is not None else time.time()
    removed = []
    for path in root.glob("*/*/*/*"):
        relative = path.relative_to(settings.MEDIA_ROOT).as_posix()
        if path.parent.name == "letters" or not path.is_file() or relative in known:
            continue
        if now - path.stat().st_mtime < ORPHAN_AGE_SECONDS:
            continue
        path.unlink()
        removed.append(relative)
        logger.warning("removed orphaned case file %s", relative)
    return removed


@task()
def sweep_orphans() -> dict:
    return {"removed": len(sweep_orphan_files())}
