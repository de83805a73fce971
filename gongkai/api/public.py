"""Public read endpoints: documents (with the library's search and filters), interpretations,
agencies and facets. Everything is read from ``Document.objects.public()`` (DESIGN rule 1).

Pagination is by an opaque cursor (``next_cursor``); anonymous callers are rate-limited per address.
"""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from typing import Annotated, Any, Literal

from django.conf import settings
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from gongkai.accounts.models import Agency
from gongkai.documents.models import Document, public_q
from gongkai.lib.clients import client_address
from gongkai.search import engine, query


class AnonymousThrottle(AnonRateThrottle):
    """Per-address limit for anonymous callers, read from settings at each request."""

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request) -> bool:
        if settings.GONGKAI_API_ANON_RATE == "off":  # load measurements (bench/pages.py) only
            return True
        self.rate = settings.GONGKAI_API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


router = Router(tags=["公开数据"], throttle=[AnonymousThrottle()])


# The years a document of this platform can carry: the filters and the filings check the same bounds.
PLAUSIBLE_YEARS = (1949, 2100)


class DocumentFilters(Schema):
    q: str = Field("", max_length=200, description='检索词：词语（全部匹配）、"短语"、-排除词、发文字号或索引号')
    agency: list[str] = Field([], description="机关代码，可多个")
    subject: list[str] = Field([], description="一级主题分类名称")
    kind: list[str] = Field([], description="文种代码，如 notice")
    year: list[Annotated[int, Field(ge=PLAUSIBLE_YEARS[0], le=PLAUSIBLE_YEARS[1])]] = Field(
        [], description=f"成文年份（{PLAUSIBLE_YEARS[0]}—{PLAUSIBLE_YEARS[1]}）"
    )
    validity: list[Literal["valid", "expired", "repealed", "amended"]] = []
    normative: bool | None = Field(None, description="是否行政规范性文件")
    tags: list[str] = Field([], description="需求侧标签，形如 people:高校毕业生")
    order: Literal["relevance", "date"] = "relevance"
    limit: int = Field(20, ge=1, le=100)
    cursor: str = Field("", description="上一页返回的 next_cursor")

    def engine_filters(self) -> dict[str, list[str]]:
        filters: dict[str, Any] = {
            "agency": self.agency,
            "subject": self.subject,
            "kind": self.kind,
            "year": [str(y) for y in self.year],
            "validity": list(self.validity),
            "tags": self.tags,
        }
        if self.normative is not None:
            filters["normative"] = ["1" if self.normative else "0"]
        return {k: v for k, v in filters.items() if v}


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    office_name: str
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str


class DocumentSummary(Schema):
    id: str
    index_number: str
    title: str
    doc_number: str
    agency: str
    agency_name: str
    kind: str
    subject: str
    written_on: datetime.date | None
    published_at: datetime.datetime
    validity: str
    is_normative: bool
    expires_on: datetime.date | None
    is_interpretation: bool
    summary: str
    url: str


class DocumentList(Schema):
    items: list[DocumentSummary]
    total: int
    next_cursor: str | None


class AttachmentOut(Schema):
    name: str
    kind: str
    size: int
    url: str


class LinkOut(Schema):
    id: str
    title: str
    relation: str


class DocumentDetail(DocumentSummary):
    body_html: str
    effective_on: datetime.date | None
    repealed_on: datetime.date | None
    interpretation_form: str
    tags: list[str]
    attachments: list[AttachmentOut]
    interpretations: list[LinkOut]
    policies: list[LinkOut]
    relations: list[LinkOut]
    service_links: list[dict]


def _cursor_offset(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())["o"]
        if not isinstance(offset, int) or offset < 0:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise HttpError(422, "cursor：无效的分页游标，请使用上一页返回的 next_cursor") from None


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def summary(doc: Document) -> dict:
    return {
        "id": str(doc.uid),
        "index_number": doc.index_number,
        "title": doc.title,
        "doc_number": doc.doc_number,
        "agency": doc.agency.code,
        "agency_name": doc.agency.name,
        "kind": doc.kind,
        "subject": str(doc.subject) if doc.subject_id else "",
        "written_on": doc.written_on,
        "published_at": doc.published_at,
        "validity": doc.validity,
        "is_normative": doc.is_normative,
        "expires_on": doc.expires_on,
        "is_interpretation": doc.is_interpretation,
        "summary": doc.summary,
        "url": reverse("portal:document", args=[doc.uid]),
    }


def _public():
    return Document.objects.public().select_related("agency", "subject__parent")


@router.get("/documents", response=DocumentList, summary="检索公开的政府信息")
def list_documents(request, filters: Query[DocumentFilters]):
    parsed = query.parse(filters.q)
    if parsed.message and filters.q.strip():
        raise HttpError(422, f"q：{parsed.message}")
    offset = _cursor_offset(filters.cursor)
    if offset > engine.MAX_OFFSET:
        raise HttpError(422, f"cursor：只能浏览前 {engine.MAX_OFFSET} 条结果，请增加检索词或筛选条件")
    result = engine.search(
        parsed.query,
        filters.engine_filters(),
        order=filters.order,
        offset=offset,
        limit=filters.limit,
        with_facets=False,
    )
    docs = {d.pk: d for d in _public().filter(pk__in=result.ids)}
    items = [summary(docs[i]) for i in result.ids if i in docs]
    more = offset + filters.limit < result.total
    return {"items": items, "total": result.total, "next_cursor": _cursor(offset + filters.limit) if more else None}


@router.get("/facets", summary="检索结果的分面统计")
def facets(request, filters: Query[DocumentFilters]):
    parsed = query.parse(filters.q)
    result = engine.search(parsed.query, filters.engine_filters(), limit=1)
    return {
        "total": result.total,
        "facets": {k: [{"value": v, "count": c} for v, c in rows] for k, rows in result.facets.items()},
    }


@router.get("/documents/{uid}", response=DocumentDetail, summary="一条公开的政府信息")
def get_document(request, uid: str):
    try:
        key = uuid.UUID(uid)
    except ValueError:
        raise HttpError(404, "未找到该信息") from None
    doc = _public().filter(uid=key).first()
    if doc is None:
        raise HttpError(404, "未找到该信息")
    public = Document.objects.public()
    data = summary(doc)
    data.update(
        body_html=doc.body,
        effective_on=doc.effective_on,
        repealed_on=doc.repealed_on,
        interpretation_form=doc.interpretation_form,
        tags=[f"{t.group.code}:{t.name}" for t in doc.tags.select_related("group")],
        attachments=[
            {"name": a.name, "kind": a.kind, "size": a.size, "url": reverse("portal:attachment", args=[doc.uid, a.pk])}
            for a in doc.attachments.all()
        ],
        interpretations=[
            {"id": str(d.uid), "title": d.title, "relation": "interpretation"} for d in public.filter(interprets=doc)
        ],
        policies=[
            {"id": str(d.uid), "title": d.title, "relation": "policy"} for d in public.filter(interpretations=doc)
        ],
        relations=[
            {"id": str(r.target.uid), "title": r.target.title, "relation": r.kind}
            for r in doc.relations_out.filter(public_q("target__")).select_related("target")
        ]
        + [
            {"id": str(r.source.uid), "title": r.source.title, "relation": f"{r.kind}_by"}
            for r in doc.relations_in.filter(public_q("source__")).select_related("source")
        ],
        service_links=[{"name": s.name, "url": s.url} for s in doc.service_links.all()],
    )
    return data


@router.get("/interpretations", response=DocumentList, summary="政策解读")
def list_interpretations(request, limit: int = Query(20, ge=1, le=100), cursor: str = ""):
    offset = _cursor_offset(cursor)
    docs = _public().interpretations().order_by("-published_at", "-pk")
    total = docs.count()
    items = [summary(d) for d in docs[offset : offset + limit]]
    more = offset + limit < total
    return {"items": items, "total": total, "next_cursor": _cursor(offset + limit) if more else None}


@router.get("/agencies", response=list[AgencyOut], summary="机关及其政府信息公开工作机构")
def list_agencies(request):
    return [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "parent": a.parent.code if a.parent_id else None,
            "office_name": a.office_name,
            "address": a.address,
            "postcode": a.postcode,
            "office_hours": a.office_hours,
            "phone": a.phone,
            "fax": a.fax,
            "email": a.email,
            "website": a.website,
        }
        for a in Agency.objects.active().select_related("parent")
    ]
