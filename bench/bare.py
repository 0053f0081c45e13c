"""The bare reference for `make bench`: a minimal Django view rendering 50 rows of the
bench database into a template, the shape of a list page with nothing else.

It is mounted only by the bench's own urlconf (bench/urls.py, named by bench/settings.py)
and served exactly as the pages are (the same middleware, the same test client), so
`page.<name>_vs_bare` compares a page's rate with what Django itself costs.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines

from convene.events.models import Event

TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Events</title></head>
<body><h1>Events</h1>
<table>{% for event in events %}
<tr><td><a href="/events/{{ event.id }}/">{{ event.title }}</a></td>
<td>{{ event.kind }}</td><td>{{ event.starts_at|date:"Y-m-d H:i" }}</td></tr>{% endfor %}
</table></body></html>"""
)


def bare(request: HttpRequest) -> HttpResponse:
    events = Event.objects.order_by("-id").values("id", "title", "kind", "starts_at")[:50]
    return HttpResponse(TEMPLATE.render({"events": events}, request))
