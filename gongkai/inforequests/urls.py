from django.urls import path

from gongkai.inforequests import views

app_name = "inforequests"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/step/", views.case_step, name="step"),
    path("<str:number>/reply/", views.case_reply, name="reply"),
]

public_urlpatterns = [
    path("agencies/<str:code>/apply/", views.apply, name="apply"),
    path("requests/status/", views.status, name="status"),
]
