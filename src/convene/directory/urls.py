from django.urls import URLPattern, URLResolver, path

from convene.directory import views

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("who-serves/", views.who_serves, name="who_serves"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/shapes.svg", views.coverage_shapes, name="coverage_shapes"),
    path("coverage.csv", views.coverage_csv, name="coverage_csv"),
    path("suggest/countries/", views.suggest_countries, name="suggest_countries"),
    path("suggest/organisations/", views.suggest_organisations, name="suggest_organisations"),
    path("suggest/communities/", views.suggest_communities, name="suggest_communities"),
    path("timeline/", views.timeline, name="timeline"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("propose/", views.propose, name="propose"),
    path("proposals/", views.proposals, name="proposals"),
    path("communities/new/", views.community_edit, name="community_create"),
    path("communities/<slug:slug>/", views.community, name="community"),
    path("communities/<slug:slug>/edit/", views.community_edit, name="community_edit"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/roles/", views.role_set, name="role_set"),
    path("<slug:slug>/roles/<int:role_id>/remove/", views.role_remove, name="role_remove"),
    path("<slug:slug>/stage/", views.stage_change, name="stage_change"),
    path("<slug:slug>/recognition/", views.recognise, name="recognise"),
    path("<slug:slug>/people/", views.membership_add, name="membership_add"),
    path(
        "<slug:slug>/people/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("<slug:slug>/decision/", views.decide, name="decide"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/join/<int:request_id>/decision/", views.join_decide, name="join_decide"),
]
