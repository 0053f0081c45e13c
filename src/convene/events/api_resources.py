"""The API of the resources of hubs and timeline entries (a hub's stage changes): list
them (each original with its translations nested, as in an event's or a series' payload)
and add one by its link; change or remove any resource (of an event, a series, a hub or a
timeline entry) by whoever may add one there. Uploading a file is the page's job."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status

from convene.core.api import (
    BodyIn,
    Limit,
    Offset,
    PageOut,
    one_of,
    paginate,
    refusal_responses,
)
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.directory.models import Language, Organisation, StageChange
from convene.events import queries, services
from convene.events.api import ResourceOut, resource_out, resources_out
from convene.events.models import Resource, ResourceKind
from convene.people.auth import person_auth, reader_auth

router = Router(tags=["events"])

ERRORS = refusal_responses(400, 401, 403, 404)


class ResourceIn(BodyIn):
    kind: Annotated[str, one_of(ResourceKind.values, blank=False)]
    title: str = Field(min_length=1, max_length=200)
    languages: list[str] = Field(default=[], max_length=20, description="language codes")
    date: dt.date | None = None
    url: str = Field(max_length=500, description="the link (https://…)")
    translation_of: int | None = Field(
        default=None, description="the id of the resource this one translates"
    )


class ResourcePatchIn(BodyIn):
    """Only the fields given change; a link replaces an uploaded file."""

    kind: Annotated[str | None, one_of(ResourceKind.values, blank=False, null=True)] = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    languages: list[str] | None = Field(default=None, max_length=20)
    date: dt.date | None = None
    url: str | None = Field(default=None, max_length=500)
    translation_of: int | None = None


def _languages(codes: list[str]) -> list[Language]:
    languages = list(Language.objects.filter(code__in=codes))
    if len(languages) != len(set(codes)):
        unknown = ", ".join(sorted(set(codes) - {language.code for language in languages}))
        raise Invalid(f"Unknown language code: {unknown}.", field="languages")
    return languages


def _resource_to_translate(pk: int | None) -> Resource | None:
    if pk is None:
        return None
    original = Resource.objects.filter(pk=pk).first()
    if original is None:
        raise Invalid("No such resource to translate.", field="translation_of")
    return original


def _resource_to_change(request: HttpRequest, resource_id: int) -> Resource:
    resource = (
        Resource.objects.select_related("event", "series", "hub", "stage_change__organisation")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None:
        raise NotFound("No such resource.")
    if not queries.may_change_resource(request.user, resource):
        raise NotAllowed("Only whoever may add resources there may change them.")
    return resource


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
    languages = _languages(payload.languages)
    original = _resource_to_translate(payload.translation_of)
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


@router.patch(
    "/resources/{resource_id}",
    response={200: ResourceOut, **ERRORS},
    auth=person_auth,
    summary="Change a resource (whoever may add one where it is)",
)
def resource_update(
    request: HttpRequest, resource_id: int, payload: ResourcePatchIn
) -> ResourceOut:
    resource = _resource_to_change(request, resource_id)
    given = payload.model_fields_set
    languages = (
        _languages(payload.languages or [])
        if "languages" in given
        else list(resource.languages.all())
    )
    translation_of = (
        _resource_to_translate(payload.translation_of)
        if "translation_of" in given
        else resource.translation_of
    )
    services.resource_update(
        actor=request.user,
        resource=resource,
        kind=payload.kind if payload.kind is not None else resource.kind,
        title=payload.title if payload.title is not None else resource.title,
        languages=languages,
        published_on=payload.date if "date" in given else resource.published_on,
        url=payload.url if payload.url is not None else "" if resource.file else resource.url,
        translation_of=translation_of,
    )
    return resource_out(request, resource)


@router.delete(
    "/resources/{resource_id}",
    response={204: None, **ERRORS},
    auth=person_auth,
    summary="Remove a resource and its translations",
)
def resource_remove(request: HttpRequest, resource_id: int) -> Status[None]:
    services.resource_remove(actor=request.user, resource=_resource_to_change(request, resource_id))
    return Status(204, None)
