from django.urls import path

from gongkai.workplans import views

app_name = "workplans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.import_plan, name="import"),
    path("import/<str:token>/", views.preview, name="preview"),
    path("shares/", views.share_list, name="shares"),
    path("shares/<int:pk>/", views.share_detail, name="share"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/bulletin.docx", views.bulletin, name="bulletin"),
    path("<int:pk>/tasks/<int:task_pk>/", views.task_detail, name="task"),
]
