from django.urls import path

from gongkai.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event, name="event"),
    path("<int:pk>/checkin/", views.check_in, name="checkin"),
    path("<int:pk>/survey.xlsx", views.survey_export, name="survey_export"),
    path("zones/<int:pk>/", views.zone, name="zone"),
]
