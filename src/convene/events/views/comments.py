"""Comments on an event page: write, report, hide or show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convene.core.errors import Conflict, Invalid
from convene.events import services
from convene.events.forms import CommentForm
from convene.events.models import Comment
from convene.events.views.common import event_or_404


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], event=event).first()
        try:
            services.comment_add(
                actor=request.user, event=event, body=form.cleaned_data["body"], parent=parent
            )
        except (Invalid, Conflict) as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Write something first."))
    return HttpResponseRedirect(reverse("events:detail", args=[pk]) + "#comments")


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    item = get_object_or_404(Comment.objects.select_related("event"), pk=comment_id, event_id=pk)
    action = request.POST.get("action")
    if action == "report":
        services.comment_report(actor=request.user, comment=item)
        messages.success(request, _("Thank you; moderators will look at it."))
    elif action in ("hide", "show"):
        services.comment_set_hidden(actor=request.user, comment=item, hidden=action == "hide")
    return HttpResponseRedirect(reverse("events:detail", args=[pk]) + "#comments")
