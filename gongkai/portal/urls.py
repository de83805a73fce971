from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import (
    decisions,
    events,
    feeds,
    gazette,
    interactions,
    reports,
    requests,
    standard,
    subscriptions,
    views,
)
from gongkai.portal.sitemaps import SITEMAPS
from gongkai.reports.urls import YearConverter  # noqa: F401 — registers the <year:…> converter

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.library, name="library"),
    path("search/suggest/", views.suggestions, name="suggest"),
    path("normative/", views.normative, name="normative"),
    path("documents/<uuid:uid>/", views.document, name="document"),
    path("documents/<uuid:uid>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("agencies/<str:code>/", views.agency_column, name="agency"),
    path("agencies/<str:code>/art20/<int:item>/", views.agency_category, name="agency_category"),
    path("agencies/<str:code>/decisions/<year:year>/", decisions.catalogue_page, name="decisions"),
    path("agencies/<str:code>/standard/", standard.standard, name="standard"),
    path("gazette/", gazette.archive, name="gazette"),
    path("events/", events.events, name="events"),
    path("events/<int:pk>/", events.event, name="event"),
    path("events/polls/<int:pk>/", events.poll, name="event_poll"),
    path("events/registrations/<str:code>/", events.registration, name="event_registration"),
    path("zones/", events.zones, name="zones"),
    path("gazette/<str:code>/<year:year>/<int:number>/", gazette.issue_page, name="gazette_issue"),
    path("gazette/<str:code>/<year:year>/<int:number>.<str:fmt>", gazette.issue_file, name="gazette_file"),
    path("feeds/gazette.atom", gazette.GazetteFeed(), name="feed_gazette"),
    path("feeds/all.atom", feeds.DocumentsFeed(), name="feed"),
    path("feeds/agency/<str:code>.atom", feeds.AgencyFeed(), name="feed_agency"),
    path("feeds/subject/<int:pk>.atom", feeds.SubjectFeed(), name="feed_subject"),
    path("feeds/tag/<int:pk>.atom", feeds.TagFeed(), name="feed_tag"),
    path("feeds/decisions.atom", feeds.DecisionsFeed(), name="feed_decisions"),
    path("feeds/consultations.atom", feeds.ConsultationsFeed(), name="feed_consultations"),
    path("decisions/entries/<int:pk>/", decisions.entry_page, name="decision_entry"),
    path("decisions/meetings/<int:pk>/", decisions.meeting_page, name="meeting"),
    path("consultations/", decisions.consultations, name="consultations"),
    path("interact/", interactions.interact_home, name="interact"),
    path("interact/suggest/", interactions.suggest, name="interact_suggest"),
    path("interact/status/", interactions.status, name="interact_status"),
    path("interact/mine/", interactions.mine, name="interact_mine"),
    path("interact/board/", interactions.board, name="interact_board"),
    path("interact/board/<int:pk>/", interactions.board_item, name="interact_item"),
    path("interact/rate/<str:number>/", interactions.rate, name="interact_rate"),
    path("interact/<slug:code>/", interactions.ask, name="interact_ask"),
    path("kb/", interactions.kb, name="kb"),
    path("kb/<int:pk>/", interactions.kb_answer, name="kb_answer"),
    path("responses/", interactions.responses, name="responses"),
    path("push/profile/", subscriptions.profile, name="push_profile"),
    path("push/subscriptions/", subscriptions.subscriptions, name="push_subscriptions"),
    path("push/inbox/", subscriptions.inbox, name="push_inbox"),
    path("push/inbox/<int:pk>/", subscriptions.item, name="push_item"),
    path("push/go/<int:pk>/", subscriptions.go, name="push_open"),
    path("push/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="push_unsubscribe"),
    path("push/partners/<slug:slug>/", subscriptions.partner_page, name="push_partner"),
    path("feeds/push/<str:token>.atom", subscriptions.SubscriptionFeed(), name="feed_push"),
    path("feeds/relay/<str:token>.atom", subscriptions.PartnerFeed(), name="feed_relay"),
    path("consultations/<int:pk>/", decisions.consultation_page, name="consultation"),
    path("consultations/<int:pk>/report.docx", decisions.report_docx, name="consultation_report"),
    path("consultations/confirm/<str:token>/", decisions.comment_verify, name="comment_verify"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("a11y/", views.toggle_a11y, name="a11y"),
    path("login/", views.public_login, name="login"),
    path("register/", views.register, name="register"),
]

# The applicant's 依申请公开 pages, under the "requests" namespace (gongkai/urls.py).
request_urlpatterns = [
    path("requests/apply/", requests.choose_agency, name="choose"),
    path("requests/mine/", requests.mine, name="mine"),
    path("requests/recover/", requests.recover, name="recover"),
    path("requests/recover/<str:token>/", requests.recover_link, name="recover_link"),
    path("agencies/<str:code>/apply/", requests.apply, name="apply"),
    path("requests/status/", requests.status, name="status"),
    path("requests/correct/", requests.applicant_correction, name="correct"),
    path("requests/withdraw/", requests.applicant_withdrawal, name="withdraw"),
    path("requests/letters/<int:pk>/", requests.applicant_letter, name="applicant_letter"),
    path("requests/files/<int:pk>/", requests.applicant_file, name="applicant_file"),
]

# Published annual reports, under the "reports_public" namespace.
report_urlpatterns = [
    path("agencies/<str:code>/reports/<year:year>/", reports.portal_report, name="report"),
    path(
        "agencies/<str:code>/reports/<year:year>/aggregate/",
        reports.portal_report,
        {"scope": "aggregate"},
        name="report_aggregate",
    ),
    path(
        "agencies/<str:code>/reports/<year:year>/<str:scope>/v<int:version>.<str:fmt>",
        reports.portal_download,
        name="download",
    ),
]
