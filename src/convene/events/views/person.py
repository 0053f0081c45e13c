"""A person's own events page: registrations, reminders opt-out, calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from convene.events import queries, services


@login_required
@require_http_methods(["GET", "POST"])
def my_events(request: HttpRequest) -> HttpResponse:
    """The person's registrations, reminder opt-out and private calendar feed."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset-feed":
            services.feed_token_reset(actor=request.user)
            messages.success(
                request, _("Your calendar address is new; the old one stopped working.")
            )
        elif action == "reminders":
            services.person_set_reminders(
                actor=request.user, enabled=request.POST.get("reminders") == "on"
            )
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("events:mine"))
    settings_row = services.person_settings(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "settings_row": settings_row,
            "feed_url": request.build_absolute_uri(
                reverse("events:feed_person", args=[settings_row.feed_token])
            ),
            "registrations": queries.person_registrations(user=request.user),
        },
    )
