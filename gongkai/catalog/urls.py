from django.urls import path

from gongkai.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("import/", views.upload, name="import"),
    path("import/<str:token>/", views.preview, name="preview"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.entry, name="entry"),
]
