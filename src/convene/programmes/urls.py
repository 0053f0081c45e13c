from django.urls import URLPattern, URLResolver, path

from convene.programmes.views import ambassadors, grants

app_name = "programmes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", ambassadors.index, name="index"),
    path("apply/", ambassadors.apply, name="apply"),
    path("me/", ambassadors.me, name="me"),
    path("ambassadors/<int:pk>/", ambassadors.ambassador, name="ambassador"),
    path("ambassadors/<int:pk>/host/", ambassadors.host, name="host"),
    path("conversations/<int:pk>/", ambassadors.conversation, name="conversation"),
    path("conversations/<int:pk>/report/", ambassadors.report, name="report"),
    path("grants/", grants.grants, name="grants"),
    path("grants/new/", grants.propose, name="propose"),
    path("grants/<int:pk>/", grants.grant, name="grant"),
    path("grants/<int:pk>/transition", grants.transition, name="transition"),
    path("grants/<int:pk>/report/", grants.grant_report, name="grant_report"),
    path(
        "grants/<int:pk>/report/feedback",
        grants.grant_report_feedback,
        name="grant_report_feedback",
    ),
    path("countries/<str:code>/", grants.country, name="country"),
    path("hubs/<slug:slug>/grants/", grants.hub_grants, name="hub_grants"),
]
