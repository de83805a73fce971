from django.urls import path

from gongkai.documents import views, views_import

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="new"),
    path("import/", views_import.import_documents, name="import"),
    path("import/confirm/", views_import.import_confirm, name="import_confirm"),
    path("import/jobs/<int:pk>/", views_import.import_job, name="import_job"),
    path("import/jobs/<int:pk>/cancel/", views_import.import_job_cancel, name="import_job_cancel"),
    path("import/jobs/<int:pk>/confirm/", views_import.import_job_confirm, name="import_job_confirm"),
    path("late/", views.late_list, name="late"),
    path("rereview/", views.rereview_queue, name="rereview"),
    path("indicators/", views.indicators, name="indicators"),
    path("<uuid:uid>/", views.document_detail, name="detail"),
    path("<uuid:uid>/edit/", views.document_edit, name="edit"),
    path("<uuid:uid>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<uuid:uid>/submit/", views.document_submit, name="submit"),
    path("<uuid:uid>/review/", views.document_review, name="review"),
    path("<uuid:uid>/publish/", views.document_publish, name="publish"),
    path("<uuid:uid>/withdraw/", views.document_withdraw, name="withdraw"),
    path("<uuid:uid>/revise/", views.document_revise, name="revise"),
    path("<uuid:uid>/validity/", views.document_validity, name="validity"),
    path("<uuid:uid>/rereview/", views.document_rereview, name="rereview_act"),
]
