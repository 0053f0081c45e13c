from django.urls import path

from convene.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/notices/", views.notices, name="notices"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("suggest/languages/", views.suggest_languages, name="suggest_languages"),
    path("<str:username>/", views.person, name="person"),
]
