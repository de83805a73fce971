from django.urls import path

from gongkai.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("<int:pk>/", views.catalogue, name="catalogue"),
    path("<int:pk>/entries/<int:entry_pk>/", views.entry, name="entry"),
]
urlpatterns += [
    path("<int:pk>/entries/<int:entry_pk>/consult/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("consultations/<int:pk>/report.docx", views.consultation_docx, name="consultation_docx"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
]
