"""Published annual reports on the portal (the public surface of the reports app): a report's page
with the official merged-cell tables, its DOCX/XLSX downloads, and the agency page's list. Reads only
``PublishedReport.objects.public()``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.lib.params import int_param
from gongkai.portal.pagecache import cached_page
from gongkai.reports import exports, law, layout
from gongkai.reports.models import PublishedReport, Scope
from gongkai.reports.tables import ReportData


def public_reports(agency):
    """The latest published version of each of the agency's reports, newest year first."""
    latest = {}
    for published in (
        PublishedReport.objects.public().filter(report__agency=agency).select_related("report").order_by("-version")
    ):
        latest.setdefault((published.report.year, published.report.scope), published)
    return sorted(latest.values(), key=lambda p: (-p.report.year, p.report.scope))


@cached_page
def portal_report(request, code, year, scope=Scope.AGENCY):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    versions = (
        PublishedReport.objects.public()
        .filter(report__agency=agency, report__year=year, report__scope=scope)
        .order_by("-version")
    )
    if not versions:
        raise Http404("该年度报告尚未发布")
    wanted = int_param(request, "version", default=None, low=1, high=10_000, label="版本")
    published = versions.filter(version=wanted).first() if wanted else versions.first()
    if published is None:
        raise Http404("没有这个版本")
    data = ReportData.from_dict(published.snapshot["data"])
    context = {
        "agency": agency,
        "published": published,
        "versions": versions,
        "sections": law.SECTIONS,
        "prose": published.snapshot["sections"],
        "tables": dict(layout.tables(data)),
        "prose_sections": law.PROSE_SECTIONS,
    }
    return render(request, "reports/portal_report.html", context)


def portal_download(request, code, year, scope, version, fmt):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    published = get_object_or_404(
        PublishedReport.objects.public(), report__agency=agency, report__year=year, report__scope=scope, version=version
    )
    return exports.download_response(published, fmt)


def portal_url(published: PublishedReport) -> str:
    report = published.report
    name = "reports_public:report_aggregate" if report.scope == Scope.AGGREGATE else "reports_public:report"
    return reverse(name, args=[report.agency.code, report.year])
