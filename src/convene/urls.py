"""Root URL configuration: each app brings its own urls.py."""

from django.contrib import admin
from django.urls import include, path

from convene.api.api import api
from convene.events import views as events_views

urlpatterns = [
    # The front page shows upcoming sessions, so the events app serves it; core's own
    # "core:home" reverses to the same address.
    path("", events_views.home, name="home"),
    path("", include("convene.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("convene.people.urls")),
    path("directory/", include("convene.directory.urls")),
    path("events/", include("convene.events.urls")),
    path("questions/", include("convene.qa.urls")),
    path("notes/", include("convene.notes.urls")),
    path("consultations/", include("convene.consultations.urls")),
    path("programmes/", include("convene.programmes.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
