"""重大行政决策 in the open API: the published catalogues with their entries, the decisions outside them
and the change history; each published entry's full process; the drafts put to public comment with the
comments the body published (masked) and the adoption report — the same ``public()`` querysets the
portal pages read."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.api.public import AnonymousThrottle
from gongkai.decisions import report
from gongkai.decisions.models import Catalogue, Comment, Consultation, Entry, EntryChange
from gongkai.decisions.timeline import timeline

router = Router(tags=["重大行政决策"], throttle=[AnonymousThrottle()])


class CatalogueFilters(Schema):
    agency: str = Field("", max_length=40, description="机关代码")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")


class EntryOut(Schema):
    id: int
    stage: str
    number: int
    matter: str
    unit: str
    timing: str
    procedures: list[str]
    withdrawn: bool
    version: int


class OutsideOut(Schema):
    matter: str
    unit: str
    reason: str


class ChangeOut(Schema):
    number: int
    version: int
    kind: str
    reason: str
    at: str


class CatalogueOut(Schema):
    agency: str
    agency_name: str
    year: int
    title: str
    approval: str
    approved_on: str | None
    published_at: str
    url: str
    entries: list[EntryOut]
    outside: list[OutsideOut]
    changes: list[ChangeOut]


class CatalogueList(Schema):
    items: list[CatalogueOut]


def _out(catalogue: Catalogue) -> dict:
    entries = list(catalogue.entries.all())
    changes = EntryChange.objects.filter(entry__catalogue=catalogue).select_related("entry")
    return {
        "agency": catalogue.agency.code, "agency_name": catalogue.agency.name, "year": catalogue.year,
        "title": catalogue.title, "approval": catalogue.approval,
        "approved_on": catalogue.approved_on.isoformat() if catalogue.approved_on else None,
        "published_at": catalogue.published_at.isoformat() if catalogue.published_at else "",
        "url": f"/agencies/{catalogue.agency.code}/decisions/{catalogue.year}/",
        "entries": [
            {"id": e.pk, "stage": e.stage_label, "number": e.number, "matter": e.matter, "unit": e.unit,
             "timing": e.timing,
             "procedures": e.procedure_labels, "withdrawn": e.withdrawn, "version": e.version}
            for e in entries if not e.outside
        ],
        "outside": [{"matter": e.matter, "unit": e.unit, "reason": e.outside_reason} for e in entries if e.outside],
        "changes": [
            {"number": c.entry.number, "version": c.version, "kind": c.get_kind_display(), "reason": c.reason,
             "at": c.at.isoformat()}
            for c in changes
        ],
    }  # fmt: skip


@router.get("/decision-catalogues", response=CatalogueList, summary="已公布的重大行政决策事项目录")
def list_catalogues(request, filters: Query[CatalogueFilters]):
    catalogues = Catalogue.objects.public().select_related("agency").order_by("-year", "agency__sort_order")
    if filters.agency:
        catalogues = catalogues.filter(agency__code=filters.agency)
    if filters.year is not None:
        catalogues = catalogues.filter(year=filters.year)
    return {"items": [_out(c) for c in catalogues[:100]]}


# -- one decision's full process, and public comment ----------------------------------------------
class DocOut(Schema):
    title: str
    doc_number: str
    url: str


class StepOut(Schema):
    on: str
    note: str
    documents: list[DocOut]
    interpretations: list[DocOut]


class StageOut(Schema):
    code: str
    label: str
    state: str  # done / todo / na (不适用)
    steps: list[StepOut]


class ConsultationBrief(Schema):
    id: int
    agency: str
    agency_name: str
    title: str
    starts_on: str
    ends_on: str
    short_reason: str
    phase: str
    open: bool
    entry_id: int | None
    report_published: bool
    url: str


class EntryDetail(Schema):
    id: int
    agency: str
    year: int
    number: int
    matter: str
    unit: str
    timing: str
    procedures: list[str]
    outside: bool
    withdrawn: bool
    stage: str
    url: str
    stages: list[StageOut]
    consultations: list[ConsultationBrief]


def _doc(d) -> dict:
    return {"title": d.title, "doc_number": d.doc_number, "url": f"/documents/{d.uid}/"}


def _brief(c: Consultation) -> dict:
    catalogue = c.entry.catalogue
    return {
        "id": c.pk, "agency": c.agency.code, "agency_name": c.agency.name, "title": c.title,
        "starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(), "short_reason": c.short_reason,
        "phase": c.phase(), "open": c.is_open(), "report_published": c.report_published_at is not None,
        "entry_id": c.entry_id if catalogue.state == Catalogue.State.PUBLISHED else None,
        "url": f"/consultations/{c.pk}/",
    }  # fmt: skip


@router.get("/decision-entries/{entry_id}", response=EntryDetail, summary="重大行政决策事项的全过程")
def entry_detail(request, entry_id: int):
    entry = Entry.objects.public().select_related("catalogue__agency").filter(pk=entry_id).first()
    if entry is None:
        raise HttpError(404, "未找到该决策事项（目录未公布或不存在）")
    stages = [
        {"code": v.stage.code, "label": v.stage.label, "state": v.state,
         "steps": [{"on": s.on.isoformat(), "note": s.note, "documents": [_doc(d) for d in s.documents],
                    "interpretations": [_doc(d) for d in s.interpretations]} for s in v.steps]}
        for v in timeline(entry, public=True)
    ]  # fmt: skip
    consultations = Consultation.objects.public().filter(entry=entry).select_related("agency", "entry__catalogue")
    return {
        "id": entry.pk, "agency": entry.catalogue.agency.code, "year": entry.catalogue.year, "number": entry.number,
        "matter": entry.matter, "unit": entry.unit, "timing": entry.timing, "procedures": entry.procedure_labels,
        "outside": entry.outside, "withdrawn": entry.withdrawn, "stage": entry.stage_label,
        "url": f"/decisions/entries/{entry.pk}/", "stages": stages, "consultations": [_brief(c) for c in consultations],
    }  # fmt: skip


class ConsultationFilters(Schema):
    agency: str = Field("", max_length=40, description="机关代码")
    state: Literal["open", "closed", "all"] = Field("all", description="open 正在征求意见；closed 已截止；all 全部")


class ConsultationList(Schema):
    items: list[ConsultationBrief]


@router.get("/consultations", response=ConsultationList, summary="公开征求意见的决策草案")
def list_consultations(request, filters: Query[ConsultationFilters]):
    today = timezone.localdate()
    found = Consultation.objects.public().select_related("agency", "entry__catalogue").order_by("ends_on", "id")
    if filters.agency:
        found = found.filter(agency__code=filters.agency)
    if filters.state == "open":
        found = found.filter(pk__in=Consultation.objects.open_on(today))
    elif filters.state == "closed":
        found = found.exclude(pk__in=Consultation.objects.open_on(today))
    return {"items": [_brief(c) for c in found[:200]]}


class ArticleOut(Schema):
    seq: int
    label: str
    text: str


class CommentOut(Schema):
    article: str
    text: str
    signature: str
    count: int


class AdoptionOut(Schema):
    article: str
    text: str
    count: int
    outcome: str
    reason: str


class ConsultationDetail(ConsultationBrief):
    explanation: str
    preamble: str
    whole_only: bool
    articles: list[ArticleOut]
    comments_received: int
    published_comments: list[CommentOut]
    report_summary: str
    adoption: list[AdoptionOut]


@router.get(
    "/consultations/{consultation_id}", response=ConsultationDetail, summary="征求意见草案、公开的意见和采纳情况"
)
def consultation_detail(request, consultation_id: int):
    c = Consultation.objects.public().select_related("agency", "entry__catalogue").filter(pk=consultation_id).first()
    if c is None:
        raise HttpError(404, "未找到该征求意见")
    published = c.comments.filter(state=Comment.State.PUBLISHED).select_related("article").order_by("id")
    counts: dict[int, int] = {}
    first: dict[int, Comment] = {}
    for x in published:
        counts[x.group_id] = counts.get(x.group_id, 0) + 1
        first.setdefault(x.group_id, x)
    reported = c.state == Consultation.State.REPORTED
    return {
        **_brief(c), "explanation": c.explanation, "preamble": c.preamble, "whole_only": c.whole_only,
        "articles": [{"seq": a.seq, "label": a.label, "text": a.text} for a in c.articles.all()],
        "comments_received": c.comments.filter(state__in=Comment.COUNTED).count(),
        "published_comments": [
            {"article": x.article.label if x.article else "草案全文", "text": x.masked, "signature": x.signature,
             "count": counts[g]} for g, x in first.items()
        ],
        "report_summary": c.report_summary if reported else "",
        "adoption": [
            {"article": r["where"], "text": r["text"], "count": r["count"], "outcome": r["outcome"],
             "reason": r["reason"]}
            for r in (report.rows(c) if reported else [])
        ],
    }  # fmt: skip
