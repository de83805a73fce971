"""政民互动 in the open API.

``GET /api/v1/kb``: the policy knowledge base as a change feed for the 12345 hotline and service windows —
entries changed after ``since`` (an ISO time, or the ``next`` of the previous page), oldest first, each with
its status (published / expired with its policy / withdrawn) so a consumer drops what is no longer valid.

``POST /api/v1/messages`` (an agency's token): a message forwarded from another platform (中国政府网 留言,
the 12345 hotline), idempotent by (source, source_id), with the source's deadline honoured.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.api.auth import AgencyTokenAuth
from gongkai.api.public import AnonymousThrottle
from gongkai.interactions.models import Answer, Channel, InteractionError, Message

router = Router(tags=["政民互动"])
PAGE = 200


class KbFilters(Schema):
    since: str = Field("", max_length=40, description="只返回此时间之后变化的条目（ISO 8601，或上一页的 next）")
    agency: str = Field("", max_length=40, description="机关代码")


class KbItem(Schema):
    id: int
    agency: str
    question: str
    answer: str
    status: str  # published / expired / withdrawn
    document_title: str
    document_number: str
    document_url: str
    tags: list[str]
    updated_at: str


class KbPage(Schema):
    items: list[KbItem]
    next: str  # pass as ``since`` for the following page; "" when this is the last


@router.get(
    "/kb", response={200: KbPage, 422: dict}, throttle=[AnonymousThrottle()], summary="政策咨询知识库（变更订阅）"
)
def knowledge_feed(request, filters: Query[KbFilters]):
    found = (
        Answer.objects.exclude(state=Answer.State.DRAFT)
        .select_related("agency", "document")
        .order_by("updated_at", "id")
    )
    if filters.since:
        try:
            since = datetime.datetime.fromisoformat(filters.since)
        except ValueError:
            return Status(
                422, {"error": f"since：“{filters.since}”不是有效时间（ISO 8601，如 2026-01-01T00:00:00+08:00）"}
            )
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        found = found.filter(updated_at__gt=since)
    if filters.agency:
        found = found.filter(agency__code=filters.agency)
    rows = list(found[: PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    expired = set(Answer.objects.expired().filter(pk__in=[a.pk for a in rows]).values_list("pk", flat=True))
    items = []
    for a in rows:
        status = a.status_among(expired)
        doc = a.document
        items.append({
            "id": a.pk, "agency": a.agency.code, "question": a.question,
            "answer": a.answer if status == "published" else "", "status": status,
            "document_title": doc.title if doc else "", "document_number": doc.doc_number if doc else "",
            "document_url": f"/documents/{doc.uid}/" if doc else "", "tags": a.tags,
            "updated_at": a.updated_at.isoformat(),
        })  # fmt: skip
    return {"items": items, "next": rows[-1].updated_at.isoformat() if more and rows else ""}


class MessageIn(Schema):
    source: str = Field(..., min_length=1, max_length=30, description="来源平台，如 12345、gov.cn")
    source_id: str = Field(..., min_length=1, max_length=100, description="来源平台的留言编号（幂等）")
    channel: str = Field("consult", max_length=20, description="渠道代码：policy、consult、mailbox")
    subject: str = Field(..., max_length=100)
    text: str = Field(..., max_length=3000)
    name: str = Field("", max_length=60)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    received_on: datetime.date | None = Field(None, description="来源平台收到的日期，默认今天")
    due_on: datetime.date | None = Field(None, description="来源平台规定的答复期限（有则以此为准）")
    consent: bool = False


class MessageOut(Schema):
    number: str
    state: str
    due: str
    created: bool


@router.post("/messages", auth=AgencyTokenAuth(), response={200: MessageOut, 201: MessageOut, 422: dict},
             summary="转入留言（12345、中国政府网等）")  # fmt: skip
def intake(request, payload: MessageIn):
    agency = request.auth
    channel = Channel.objects.filter(code=payload.channel, active=True).first()
    if channel is None:
        return Status(422, {"error": f"channel：“{payload.channel}”不是可用的渠道"})
    today = timezone.localdate()
    if payload.received_on and not today - datetime.timedelta(days=366) <= payload.received_on <= today:
        return Status(422, {"error": "received_on：须在一年内，且不能晚于今天"})
    if any(
        "\x00" in v or any("\ud800" <= ch <= "\udfff" for ch in v)
        for v in (payload.name, payload.phone, payload.email, payload.source, payload.source_id)
    ):
        return Status(422, {"error": "联系方式或来源编号：含有无法识别的字符"})
    if payload.due_on and payload.received_on and payload.due_on < payload.received_on:
        return Status(422, {"error": "due_on：不能早于 received_on"})
    try:
        message, code = Message.submit(
            agency, channel, subject=payload.subject, text=payload.text, name=payload.name, phone=payload.phone,
            email=payload.email, consent=payload.consent, received_on=payload.received_on, source=payload.source,
            source_id=payload.source_id, source_due=payload.due_on,
        )  # fmt: skip
    except InteractionError as exc:
        return Status(422, {"error": str(exc)})
    if message.agency_id != agency.pk and message.transfer_to_id != agency.pk:
        return Status(422, {"error": "source_id：该来源编号已被其他机关使用"})
    out = {
        "number": message.number,
        "state": message.state,
        "due": message.due.isoformat(),
        "created": code is not None,
    }
    return Status(201 if code is not None else 200, out)
