from django.urls import path

from gongkai.gazette import views

app_name = "gazette"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("<int:pk>/", views.issue, name="issue"),
    path("<int:pk>/download.<str:fmt>", views.download, name="download"),
]
