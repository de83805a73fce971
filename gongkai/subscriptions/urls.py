from django.urls import path

from gongkai.subscriptions import views

app_name = "subscriptions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/", views.partner, name="partner"),
]
