from django.urls import path

from gongkai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.my_queue, name="queue"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<str:code>/", views.agency_detail, name="agency"),
    path("agencies/<str:code>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<str:code>/review-body/", views.agency_review_body, name="agency_review_body"),
]
