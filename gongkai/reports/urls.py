from django.urls import path, register_converter

from gongkai.reports import views


class YearConverter:
    regex = r"(19|20|21)\d\d"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "year")

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("mapping/", views.mapping, name="mapping"),
    path("import/", views.import_report, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("<str:code>/<year:year>/", views.report_edit, name="edit"),
    path("<str:code>/<year:year>/aggregate/", views.report_edit, {"scope": "aggregate"}, name="edit_aggregate"),
    path("<str:code>/<year:year>/<str:scope>/v<int:version>.<str:fmt>", views.version_download, name="download"),
    path("<str:code>/<year:year>/<str:scope>/draft.<str:fmt>", views.draft_download, name="draft_download"),
]
