"""Resources of an event or a series: add (a link or an uploaded file) and remove."""

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.errors import Invalid, NotAllowed, TooLarge
from convene.core.types import Actor
from convene.directory.models import Language
from convene.events.models import Event, Resource, ResourceKind, Series
from convene.events.queries import is_organiser, is_series_organiser
from convene.events.services.common import signed_in_person

MAX_FILE_BYTES = 50 * 1024 * 1024


def _may_change(actor: Actor, *, event: Event | None, series: Series | None) -> bool:
    if event is not None:
        return is_organiser(actor, event)
    return series is not None and is_series_organiser(actor, series)


def resource_add(
    *,
    actor: Actor,
    kind: str,
    title: str,
    event: Event | None = None,
    series: Series | None = None,
    languages: Sequence[Language] = (),
    published_on: dt.date | None = None,
    url: str = "",
    file: UploadedFile | None = None,
    translation_of: Resource | None = None,
) -> Resource:
    """Add a resource to `event` or `series` (exactly one), by its organisers. A
    translation (`translation_of`) must belong to the same event or series; a translation
    of a translation is filed under the original, so that one resource's versions stay
    together."""
    if (event is None) == (series is None):
        raise Invalid(_("A resource belongs to an event or to a series."), field="event")
    if not _may_change(actor, event=event, series=series):
        raise NotAllowed(_("Only the organisers may add resources."))
    if kind not in ResourceKind.values:
        raise Invalid(_("Unknown kind of resource."), field="kind")
    if not title.strip():
        raise Invalid(_("Give the resource a title."), field="title")
    if bool(url.strip()) == (file is not None):
        raise Invalid(_("Give either a link or a file."), field="url")
    if file is not None and file.size is not None and file.size > MAX_FILE_BYTES:
        raise TooLarge(
            _("Files may be at most %(megabytes)d MB.") % {"megabytes": MAX_FILE_BYTES // 2**20}
        )
    if translation_of is not None:
        translation_of = translation_of.translation_of or translation_of
        if (translation_of.event_id, translation_of.series_id) != (
            event.pk if event else None,
            series.pk if series else None,
        ):
            raise Invalid(
                _("A translation belongs with the resource it translates."),
                field="translation_of",
            )
    with transaction.atomic():
        resource = Resource(
            event=event,
            series=series,
            kind=kind,
            title=title.strip(),
            published_on=published_on,
            url=url.strip(),
            translation_of=translation_of,
            added_by=signed_in_person(actor),
        )
        if file is not None:
            resource.file.save(file.name or "file", file, save=False)
        resource.save()
        resource.languages.set(languages)
    return resource


def resource_remove(*, actor: Actor, resource: Resource) -> None:
    """Remove a resource (and its translations) and its uploaded file, by the organisers."""
    if not _may_change(actor, event=resource.event, series=resource.series):
        raise NotAllowed(_("Only the organisers may remove resources."))
    files = [
        (r.file.storage, r.file.name) for r in [resource, *resource.translations.all()] if r.file
    ]

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    with transaction.atomic():
        resource.delete()
        transaction.on_commit(delete_files)
