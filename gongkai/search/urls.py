from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("equivalences/", views.equivalences, name="equivalences"),
    path("equivalences/<int:pk>/remove/", views.equivalence_remove, name="equivalence_remove"),
]
