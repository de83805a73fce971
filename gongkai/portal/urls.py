from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import feeds, views
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.library, name="library"),
    path("normative/", views.normative, name="normative"),
    path("documents/<uuid:uid>/", views.document, name="document"),
    path("documents/<uuid:uid>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("agencies/<str:code>/", views.agency_column, name="agency"),
    path("feeds/all.atom", feeds.DocumentsFeed(), name="feed"),
    path("feeds/agency/<str:code>.atom", feeds.AgencyFeed(), name="feed_agency"),
    path("feeds/subject/<int:pk>.atom", feeds.SubjectFeed(), name="feed_subject"),
    path("feeds/tag/<int:pk>.atom", feeds.TagFeed(), name="feed_tag"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("a11y/", views.toggle_a11y, name="a11y"),
    path("login/", views.public_login, name="login"),
    path("register/", views.register, name="register"),
]
