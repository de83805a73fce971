from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("a11y/", views.toggle_a11y, name="a11y"),
    path("login/", views.public_login, name="login"),
    path("register/", views.register, name="register"),
]
