"""标准化工作专栏 on the portal: a body's standard catalogue with the public documents under each entry."""

from __future__ import annotations

from itertools import groupby

from django.shortcuts import get_object_or_404, render

from gongkai.accounts.models import Agency
from gongkai.catalog.models import Entry
from gongkai.documents.models import Document


def standard(request, code):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    entries = list(Entry.objects.public().filter(agency=agency).order_by("seq", "id"))
    public = Document.objects.public()
    for e in entries:
        e.shown = list(
            public.filter(pk__in=e.links.filter(confirmed=True).values("document_id")).order_by("-published_at")[:10]
        )
    grouped = [(level1, list(rows)) for level1, rows in groupby(entries, key=lambda e: e.level1)]
    return render(request, "portal/standard.html", {"agency": agency, "grouped": grouped})
