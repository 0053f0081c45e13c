from django.urls import URLPattern, URLResolver, path

from convene.programmes.views import ambassadors, grants, staff

app_name = "programmes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", ambassadors.index, name="index"),
    path("apply/", ambassadors.apply, name="apply"),
    path("me/", ambassadors.me, name="me"),
    path("ambassadors/<int:pk>/", ambassadors.ambassador, name="ambassador"),
    path("ambassadors/<int:pk>/host/", ambassadors.host, name="host"),
    path("ambassadors/<int:pk>/withdraw/", ambassadors.withdraw, name="withdraw"),
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
    path("grants/<int:pk>/receipts/", grants.receipt_add, name="receipt_add"),
    path("receipts/<int:pk>/", grants.receipt, name="receipt"),
    path("countries/<str:code>/", grants.country, name="country"),
    path("setup/", staff.setup, name="setup"),
    path("rounds/new/", staff.round_form, name="round_new"),
    path("rounds/<slug:slug>/edit/", staff.round_form, name="round_edit"),
    path("grant-programmes/new/", staff.programme_form, name="programme_new"),
    path("grant-programmes/<slug:slug>/edit/", staff.programme_form, name="programme_edit"),
    path("hubs/<slug:slug>/grants/", grants.hub_grants, name="hub_grants"),
]
