from django.urls import path

from convene.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("timezone/", views.timezone_picker, name="timezone"),
    path("language/", views.set_language, name="set_language"),
]
