"""政府公报 on the portal: the archive by year with a search filter, each issue's contents with page numbers,
its PDF and DOCX, and the Atom feed. Reads only ``Issue.objects.public()``."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed

from gongkai.accounts.models import Agency
from gongkai.documents.models import Document
from gongkai.gazette import render as rendering
from gongkai.gazette.models import SECTIONS, Issue, Item
from gongkai.lib.params import choice_param, int_param


def archive(request):
    year = int_param(request, "year", default=None, low=2008, high=2100, label="年份")
    q = str(request.GET.get("q", "")).strip()[:50]
    section = choice_param(request, "section", list(SECTIONS), default="", label="栏目")
    issues = Issue.objects.public().select_related("agency")
    if year:
        issues = issues.filter(year=year)
    found = []
    if q or section:
        items = Item.objects.filter(issue__in=issues, document__in=Document.objects.public()).select_related(
            "issue__agency", "document"
        )
        if q:
            items = items.filter(document__title__contains=q)
        if section:
            items = items.filter(section=section)
        found = list(items.order_by("-issue__year", "-issue__number", "position")[:200])
    years = sorted(set(Issue.objects.public().values_list("year", flat=True)), reverse=True)
    context = {
        "issues": issues[:100],
        "years": years,
        "year": year,
        "q": q,
        "section": section,
        "found": found,
        "sections": SECTIONS,
    }
    return render(request, "portal/gazette.html", context)


def _issue(code, year, number) -> Issue:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    issue = Issue.objects.public().filter(agency=agency, year=year, number=number).select_related("agency").first()
    if issue is None:
        raise Http404("未找到该期公报")
    return issue


def issue_page(request, code, year, number):
    issue = _issue(code, year, number)
    items = [i for i in issue.ordered() if Document.objects.public().filter(pk=i.document_id).exists()]
    return render(request, "portal/gazette_issue.html", {"issue": issue, "items": items, "sections": SECTIONS})


def issue_file(request, code, year, number, fmt):
    issue = _issue(code, year, number)
    return rendering.download(issue, fmt)


class GazetteFeed(Feed):
    feed_type = Atom1Feed
    title = "政府公报"
    subtitle = "各期政府公报"

    def link(self):
        return "/gazette/"

    def items(self):
        return Issue.objects.public().select_related("agency").order_by("-published_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "；".join(i.document.title for i in item.ordered()[:20])

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at
