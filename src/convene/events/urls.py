from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from convene.events import feeds, views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("month/", views.month, name="month"),
    path("month/<int:year>/<int:month>/", views.month, name="month"),
    path("new/", views.create, name="create"),
    path("mine/", views.my_events, name="mine"),
    # Notices moved to the people app; links in e-mails already sent still arrive.
    path("notices/", RedirectView.as_view(pattern_name="people:notices", permanent=True)),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel_registration, name="cancel"),
    path("<int:pk>/registrants/", views.registrants, name="registrants"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/comments/<int:comment_id>/", views.comment_moderate, name="comment_moderate"),
    path("<int:pk>/resources/new/", views.event_resource_add, name="resource_add"),
    path("series/<int:pk>/resources/new/", views.series_resource_add, name="series_resource_add"),
    path("hubs/<slug:slug>/resources/new/", views.hub_resource_add, name="hub_resource_add"),
    path(
        "timeline/<int:pk>/resources/new/",
        views.timeline_resource_add,
        name="timeline_resource_add",
    ),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<int:resource_id>/remove/", views.resource_remove, name="resource_remove"),
    path("resources/<int:resource_id>/file", views.resource_file, name="resource_file"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/plan/", views.planner, name="planner"),
    path("calendar/events.ics", feeds.site, name="feed_site"),
    path("calendar/event/<int:pk>.ics", feeds.event_feed, name="feed_event"),
    path("calendar/series/<int:pk>.ics", feeds.series_feed, name="feed_series"),
    path("calendar/organisation/<slug:slug>.ics", feeds.organisation_feed, name="feed_org"),
    path("calendar/region/<slug:slug>.ics", feeds.region_feed, name="feed_region"),
    path("calendar/person/<str:token>.ics", feeds.person_feed, name="feed_person"),
    # Last: "<id>/<slug>/" would otherwise swallow "<id>/register/" and the like.
    path("<int:pk>/<slug:slug>/", views.detail, name="detail_slug"),
]
