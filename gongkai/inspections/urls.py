from django.urls import path

from gongkai.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("wording/", views.wording, name="wording"),
    path("sites/<int:pk>/", views.site, name="site"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/report.docx", views.run_docx, name="run_docx"),
]
