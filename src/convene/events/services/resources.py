"""Resources of an event, a series, a hub or a timeline entry (a hub's stage change): add
(a link or an uploaded file), change and remove."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.errors import Invalid, NotAllowed, TooLarge
from convene.core.generations import bump
from convene.core.inputs import clean_text
from convene.core.types import Actor
from convene.directory.models import Kind, Language, Organisation, StageChange
from convene.directory.services.history import record_change
from convene.events.models import RESOURCE_OWNERS, Event, Resource, ResourceKind, Series
from convene.events.page_reads import RESOURCES
from convene.events.queries import may_change_resource, may_change_resources
from convene.events.services.common import signed_in_person

MAX_FILE_BYTES = 50 * 1024 * 1024
TITLE_LIMIT = Resource._meta.get_field("title").max_length or 200
URL_LIMIT = Resource._meta.get_field("url").max_length or 500


def _owner_of(resource: Resource) -> dict[str, object]:
    return {field: getattr(resource, f"{field}_id") for field in RESOURCE_OWNERS}


def _check_url(url: str) -> str:
    url = clean_text(url, field="url", limit=URL_LIMIT, required=False)
    if not url:
        return url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise Invalid(_("Give a web address (https://…)."), field="url") from exc
    return url


def _check_fields(
    *, kind: str, title: str, url: str, file: UploadedFile | None, kept_file: bool
) -> tuple[str, str]:
    """The title and link, cleaned; refuses what a resource cannot be. `kept_file`: the
    resource keeps the file it has unless a link or another file is given."""
    if kind not in ResourceKind.values:
        raise Invalid(_("Unknown kind of resource."), field="kind")
    title = clean_text(title, field="title", limit=TITLE_LIMIT)
    url = _check_url(url)
    if (bool(url) and file is not None) or not (url or file or kept_file):
        raise Invalid(_("Give either a link or a file."), field="url")
    if file is not None and file.size is not None and file.size > MAX_FILE_BYTES:
        raise TooLarge(
            _("Files may be at most %(megabytes)d MB.") % {"megabytes": MAX_FILE_BYTES // 2**20}
        )
    return title, url


def _original(translation_of: Resource, owner: dict[str, object]) -> Resource:
    """What a translation is filed under: the original, which has the same owner."""
    original = translation_of.translation_of or translation_of
    if _owner_of(original) != owner:
        raise Invalid(
            _("A translation belongs with the resource it translates."), field="translation_of"
        )
    return original


def _record_on_hub(
    *,
    actor: Actor,
    hub: Organisation | None,
    stage_change: StageChange | None,
    action: str,
    summary: str,
    change: list[int | None],
) -> None:
    """Record a change to a hub's or its timeline entry's resources in the hub's history
    (and so bump the directory version its cached pages are keyed by); nothing for an
    event's or a series' resources."""
    organisation = hub if hub is not None else stage_change.organisation if stage_change else None
    if organisation is not None:
        record_change(
            actor=signed_in_person(actor),
            action=action,
            summary=summary,
            organisation=organisation,
            changes={"resource": change},
        )


def resource_add(
    *,
    actor: Actor,
    kind: str,
    title: str,
    event: Event | None = None,
    series: Series | None = None,
    hub: Organisation | None = None,
    stage_change: StageChange | None = None,
    languages: Sequence[Language] = (),
    published_on: dt.date | None = None,
    url: str = "",
    file: UploadedFile | None = None,
    translation_of: Resource | None = None,
) -> Resource:
    """Add a resource to exactly one of `event`, `series`, `hub` (an organisation of kind
    hub) or `stage_change` (a timeline entry): by the event's or series' organisers, by
    the hub's coordinators and staff. A translation (`translation_of`) must belong to the
    same owner; a translation of a translation is filed under the original, so that one
    resource's versions stay together. A hub's resource is recorded in the hub's history."""
    owners = {"event": event, "series": series, "hub": hub, "stage_change": stage_change}
    if sum(owner is not None for owner in owners.values()) != 1:
        raise Invalid(
            _("A resource belongs to one event, series, hub or timeline entry."), field="event"
        )
    if hub is not None and hub.kind != Kind.HUB:
        raise Invalid(_("Only hubs have resources in the directory."), field="hub")
    if not may_change_resources(
        actor, event=event, series=series, hub=hub, stage_change=stage_change
    ):
        raise NotAllowed(_("Only the organisers may add resources."))
    title, url = _check_fields(kind=kind, title=title, url=url, file=file, kept_file=False)
    if translation_of is not None:
        translation_of = _original(
            translation_of,
            {field: owner.pk if owner is not None else None for field, owner in owners.items()},
        )
    person = signed_in_person(actor)
    with transaction.atomic():
        resource = Resource(
            **owners,
            kind=kind,
            title=title,
            published_on=published_on,
            url=url,
            translation_of=translation_of,
            added_by=person,
        )
        if file is not None:
            resource.file.save(file.name or "file", file, save=False)
        resource.save()
        resource.languages.set(languages)
        bump(RESOURCES)  # event pages remember when they have none (events/page_reads.py)
        _record_on_hub(
            actor=actor,
            hub=hub,
            stage_change=stage_change,
            action="resource_add",
            summary=_("Resource added: %(title)s") % {"title": title},
            change=[None, resource.pk],
        )
    return resource


def resource_update(
    *,
    actor: Actor,
    resource: Resource,
    kind: str,
    title: str,
    languages: Sequence[Language] = (),
    published_on: dt.date | None = None,
    url: str = "",
    file: UploadedFile | None = None,
    translation_of: Resource | None = None,
) -> Resource:
    """Change a resource, by whoever may add one where it is. An uploaded file stays unless
    a link or another file replaces it (the old file is deleted after commit). A resource
    that has translations stays an original. A hub's is recorded in the hub's history."""
    hub, stage_change = resource.hub, resource.stage_change
    if not may_change_resource(actor, resource):
        raise NotAllowed(_("Only the organisers may change resources."))
    title, url = _check_fields(
        kind=kind, title=title, url=url, file=file, kept_file=bool(resource.file)
    )
    if translation_of is not None:
        translation_of = _original(translation_of, _owner_of(resource))
        if translation_of.pk == resource.pk or resource.translations.exists():
            raise Invalid(
                _("This resource is an original: its translations are filed under it."),
                field="translation_of",
            )
    old_file = (resource.file.storage, resource.file.name) if resource.file else None
    replaced = old_file is not None and (bool(url) or file is not None)
    with transaction.atomic():
        resource.kind, resource.title, resource.published_on = kind, title, published_on
        resource.translation_of = translation_of
        if file is not None:
            resource.file.save(file.name or "file", file, save=False)
        if url:
            resource.url, resource.file = url, ""
        elif file is not None:
            resource.url = ""
        resource.save()
        resource.languages.set(languages)
        _record_on_hub(
            actor=actor,
            hub=hub,
            stage_change=stage_change,
            action="resource_update",
            summary=_("Resource changed: %(title)s") % {"title": title},
            change=[resource.pk, resource.pk],
        )
        if replaced and old_file is not None:
            storage, name = old_file
            transaction.on_commit(lambda: storage.delete(name))
    return resource


def resource_remove(*, actor: Actor, resource: Resource) -> None:
    """Remove a resource (and its translations) and its uploaded file, by whoever may add
    one there. A hub's is recorded in the hub's history."""
    hub, stage_change = resource.hub, resource.stage_change
    if not may_change_resource(actor, resource):
        raise NotAllowed(_("Only the organisers may remove resources."))
    files = [
        (r.file.storage, r.file.name) for r in [resource, *resource.translations.all()] if r.file
    ]

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    with transaction.atomic():
        pk, title = resource.pk, resource.title
        resource.delete()
        _record_on_hub(
            actor=actor,
            hub=hub,
            stage_change=stage_change,
            action="resource_remove",
            summary=_("Resource removed: %(title)s") % {"title": title},
            change=[pk, None],
        )
        transaction.on_commit(delete_files)
