from django.urls import path

from gongkai.inforequests import views

app_name = "inforequests"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("analysis/", views.analysis, name="analysis"),
    path("export.csv", views.export, name="export"),
    path("phrases/", views.phrases, name="phrases"),
    path("templates/", views.templates, name="templates"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/do/<str:action>/", views.case_action, name="act"),
    path("<str:number>/letters/<int:pk>/", views.letter_download, name="letter"),
    path("<str:number>/letters/<int:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("<str:number>/files/<int:pk>/", views.case_file_download, name="file"),
]
