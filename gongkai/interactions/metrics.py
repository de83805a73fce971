"""Live indicators of 政民互动 (lib/metrics.py), for the work plans' targets and the inspection module."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.documents.law import Validity
from gongkai.documents.models import Document
from gongkai.interactions.models import Answer, Incident, Message
from gongkai.workdays import periods


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def on_time(agency, year: int):
    """Of the messages replied to in the year, the share replied by their deadline."""
    replied = Message.objects.filter(agency=agency, replied_on__year=year, state__in=["replied", "closed"])
    total = replied.count()
    if not total:
        return None, None, f"{year}年尚无已答复的留言"
    in_time = replied.filter(replied_on__lte=F("due")).count()
    return _share(in_time, total), None, f"{year}年答复留言 {total} 件，按期答复 {in_time} 件"


def satisfaction(agency, year: int):
    rated = Message.objects.filter(agency=agency, replied_on__year=year).exclude(rating="")
    total = rated.count()
    if not total:
        return None, None, f"{year}年尚无留言人评价"
    good = rated.filter(rating__in=[Message.Rating.SATISFIED, Message.Rating.BASIC]).count()
    return _share(good, total), None, f"{year}年评价 {total} 件，满意和基本满意 {good} 件"


def _months_back(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def unanswered(agency, year: int):
    """Messages still unanswered more than 3 months after they arrived (spec §4.1's veto item), as of today
    (or of the year's end for a past year)."""
    today = min(timezone.localdate(), datetime.date(year, 12, 31))
    cutoff = _months_back(today, periods.UNANSWERED_FLAG_MONTHS)
    n = Message.objects.filter(agency=agency).unanswered_since(cutoff).filter(received_on__year__gte=year - 1).count()
    return Decimal(n), None, f"截至{today:%Y-%m-%d}，{cutoff:%Y-%m-%d}前收到仍未答复的留言 {n} 件"


def kb_coverage(agency, year: int):
    """Of the agency's public policies in force, the share with at least one public knowledge-base entry."""
    policies = Document.objects.public().filter(agency=agency, validity=Validity.VALID).policies()
    total = policies.count()
    if not total:
        return None, None, "尚无现行有效的政策文件"
    covered = policies.filter(kb_answers__in=Answer.objects.public()).distinct().count()
    return _share(covered, total), None, f"现行有效政策 {total} 件，有知识库问答的 {covered} 件"


def first_response(agency, year: int):
    incidents = Incident.objects.filter(agency=agency, known_at__year=year).filter(
        Q(first_response_at__isnull=False) | Q(respond_by__lt=timezone.now())
    )
    total = incidents.count()
    if not total:
        return None, None, f"{year}年尚无须回应的突发事件和社会关切"
    good = sum(1 for i in incidents if i.on_time)
    return _share(good, total), None, f"{year}年须回应 {total} 件，按时首次回应 {good} 件"


def kb_deflection(agency, year: int):
    """Of the citizens who were shown knowledge-base answers, the share who stopped there: “这个回答解决了
    我的问题” presses on the agency's answers (audit events) against messages sent after answers were shown."""
    stopped = Event.objects.filter(verb="interaction.kb_helped", agency_id=agency.pk, created_at__year=year).count()
    went_on = Message.objects.filter(agency=agency, received_on__year=year, kb_seen=True).count()
    if not stopped + went_on:
        return None, None, f"{year}年尚无看过知识库答案的记录"
    share = _share(stopped, stopped + went_on)
    return share, None, f"{year}年看过知识库答案后：{stopped} 次表示已解决，{went_on} 次仍然留言"
