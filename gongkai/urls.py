from django.contrib import admin
from django.urls import include, path

from gongkai.api.urls import api
from gongkai.portal.urls import report_urlpatterns as public_report_urls
from gongkai.portal.urls import request_urlpatterns as public_request_urls

admin.site.site_header = admin.site.site_title = "公开·系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("workspace/audit/", include("gongkai.audit.urls")),
    path("workspace/calendar/", include("gongkai.workdays.urls")),
    path("workspace/search/", include("gongkai.search.urls")),
    path("workspace/documents/", include("gongkai.documents.urls")),
    path("workspace/requests/", include("gongkai.inforequests.urls")),
    path("", include((public_request_urls, "requests"))),
    path("workspace/reports/", include("gongkai.reports.urls")),
    path("workspace/plans/", include("gongkai.workplans.urls")),
    path("workspace/decisions/", include("gongkai.decisions.urls")),
    path("workspace/interactions/", include("gongkai.interactions.urls")),
    path("workspace/push/", include("gongkai.subscriptions.urls")),
    path("workspace/catalog/", include("gongkai.catalog.urls")),
    path("workspace/gazette/", include("gongkai.gazette.urls")),
    path("workspace/inspections/", include("gongkai.inspections.urls")),
    path("workspace/events/", include("gongkai.events.urls")),
    path("", include((public_report_urls, "reports_public"))),
    path("workspace/", include("gongkai.accounts.urls")),
    path("", include("gongkai.portal.urls")),
]

# A query parameter that does not fit (lib/params.py) is a 400 with its Chinese message.
handler400 = "gongkai.portal.views.bad_request"
# Chinese 403, 404 and 500 pages in the portal's look, saying where to go instead.
handler403 = "gongkai.portal.views.forbidden"
handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
