from django.urls import path

from gongkai.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("<int:pk>/", views.catalogue, name="catalogue"),
    path("<int:pk>/entries/<int:entry_pk>/", views.entry, name="entry"),
]
