"""重大行政决策 on the portal (the public surface of the decisions app): each body's published yearly
catalogues, their entries, the decisions taken outside them and the change history. Reads only
``Catalogue.objects.public()``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.accounts.models import Agency
from gongkai.decisions.models import Catalogue, EntryChange


def catalogue_page(request, code, year):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    catalogue = Catalogue.objects.public().filter(agency=agency, year=year).first()
    if catalogue is None:
        raise Http404("该年度的重大行政决策事项目录尚未公布")
    entries = list(catalogue.entries.all())
    changes = EntryChange.objects.filter(entry__catalogue=catalogue).select_related("entry")
    years = Catalogue.objects.public().filter(agency=agency).values_list("year", flat=True)
    context = {
        "agency": agency,
        "catalogue": catalogue,
        "entries": [e for e in entries if not e.outside],
        "outside": [e for e in entries if e.outside],
        "changes": changes,
        "years": list(years),
    }
    return render(request, "portal/decisions.html", context)
