"""The API of the resources of hubs and timeline entries (a hub's stage changes): list
them (each original with its translations nested, as in an event's or a series' payload)
and add one by its link. Uploading a file is the page's job."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status

from convene.core.api import BodyIn, ErrorOut, Limit, Offset, PageOut, one_of, paginate
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.directory.models import Language, Organisation, StageChange
from convene.events import queries, services
from convene.events.api import ResourceOut, resource_out, resources_out
from convene.events.models import Resource, ResourceKind
from convene.people.auth import person_auth, reader_auth

router = Router(tags=["events"])

ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ResourceIn(BodyIn):
    kind: Annotated[str, one_of(ResourceKind.values, blank=False)]
    title: str = Field(min_length=1, max_length=200)
    languages: list[str] = Field(default=[], max_length=20, description="language codes")
    date: dt.date | None = None
    url: str = Field(max_length=500, description="the link (https://…)")
    translation_of: int | None = Field(
        default=None, description="the id of the resource this one translates"
    )


def _hub_or_404(request: HttpRequest, slug: str) -> Organisation:
    hub = queries.hub_for_resources(viewer=request.user, slug=slug)
    if hub is None:
        raise NotFound("No such hub.")
    return hub


def _entry_or_404(request: HttpRequest, entry_id: int) -> StageChange:
    entry = queries.timeline_entry_for_resources(viewer=request.user, pk=entry_id)
    if entry is None:
        raise NotFound("No such timeline entry.")
    return entry


def _page(
    request: HttpRequest, groups: list[queries.ResourceGroup], limit: int, offset: int
) -> dict[str, Any]:
    return paginate(
        request,
        groups,
        limit=limit,
        offset=offset,
        serialise=lambda page: resources_out(request, list(page)),
    )


def _add(
    request: HttpRequest,
    payload: ResourceIn,
    *,
    hub: Organisation | None = None,
    stage_change: StageChange | None = None,
) -> Status[ResourceOut]:
    # Who asks is checked before anything is looked up.
    if not queries.may_change_resources(request.user, hub=hub, stage_change=stage_change):
        raise NotAllowed("Only the hub's coordinators and staff may add resources.")
    languages = list(Language.objects.filter(code__in=payload.languages))
    if len(languages) != len(set(payload.languages)):
        known = {language.code for language in languages}
        unknown = ", ".join(sorted(set(payload.languages) - known))
        raise Invalid(f"Unknown language code: {unknown}.", field="languages")
    original = None
    if payload.translation_of is not None:
        original = Resource.objects.filter(pk=payload.translation_of).first()
        if original is None:
            raise Invalid("No such resource to translate.", field="translation_of")
    resource = services.resource_add(
        actor=request.user,
        hub=hub,
        stage_change=stage_change,
        kind=payload.kind,
        title=payload.title,
        languages=languages,
        published_on=payload.date,
        url=payload.url,
        translation_of=original,
    )
    return Status(201, resource_out(request, resource))


@router.get(
    "/hubs/{slug}/resources",
    response={200: PageOut[ResourceOut], **ERRORS},
    auth=reader_auth,
    summary="A hub's resources, translations nested",
)
def hub_resources(
    request: HttpRequest, slug: str, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    hub = _hub_or_404(request, slug)
    return _page(request, queries.resources_for(hub=hub), limit, offset)


@router.post(
    "/hubs/{slug}/resources",
    response={201: ResourceOut, **ERRORS},
    auth=person_auth,
    summary="Add a resource to a hub (its coordinators, staff)",
)
def hub_resource_add(request: HttpRequest, slug: str, payload: ResourceIn) -> Status[ResourceOut]:
    return _add(request, payload, hub=_hub_or_404(request, slug))


@router.get(
    "/timeline/{entry_id}/resources",
    response={200: PageOut[ResourceOut], **ERRORS},
    auth=reader_auth,
    summary="A timeline entry's resources (a hub's stage change), translations nested",
)
def timeline_resources(
    request: HttpRequest, entry_id: int, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    entry = _entry_or_404(request, entry_id)
    return _page(request, queries.resources_for(stage_change=entry), limit, offset)


@router.post(
    "/timeline/{entry_id}/resources",
    response={201: ResourceOut, **ERRORS},
    auth=person_auth,
    summary="Add a resource to a timeline entry (whoever may edit its hub)",
)
def timeline_resource_add(
    request: HttpRequest, entry_id: int, payload: ResourceIn
) -> Status[ResourceOut]:
    return _add(request, payload, stage_change=_entry_or_404(request, entry_id))
