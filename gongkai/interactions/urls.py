from django.urls import path

from gongkai.interactions import views

app_name = "interactions"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("kb/", views.answers, name="answers"),
    path("kb/<int:pk>/", views.answer, name="answer"),
    path("kb/export.<str:fmt>", views.answers_export, name="answers_export"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<int:pk>/", views.incident, name="incident"),
    path("<str:number>/", views.message, name="message"),
]
