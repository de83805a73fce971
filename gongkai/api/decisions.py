"""重大行政决策 in the open API: the published catalogues with their entries, the decisions outside them
and the change history — the same ``Catalogue.objects.public()`` the portal page reads."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.public import AnonymousThrottle
from gongkai.decisions.models import Catalogue, EntryChange

router = Router(tags=["重大行政决策"], throttle=[AnonymousThrottle()])


class CatalogueFilters(Schema):
    agency: str = Field("", max_length=40, description="机关代码")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")


class EntryOut(Schema):
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
            {"number": e.number, "matter": e.matter, "unit": e.unit, "timing": e.timing,
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
