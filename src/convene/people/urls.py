from django.urls import path

from convene.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.profile, name="profile"),
]
