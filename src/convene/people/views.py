from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convene.people.services import profile_ensure


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "people/profile.html", {"profile": profile_ensure(user=request.user)})
