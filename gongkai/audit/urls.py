from django.urls import path

from gongkai.audit import views

app_name = "audit"
urlpatterns = [
    path("<str:target_type>/<str:target_id>/", views.timeline, name="timeline"),
]
