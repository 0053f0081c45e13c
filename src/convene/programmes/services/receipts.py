"""A grant report's receipts: uploaded files (PDF or images) kept in the private storage
(settings.STORAGES["private"], never served publicly). Only the applicant adds them;
the applicant, the grant's reviewers and staff read them (`queries.receipt_get`)."""

import uuid
from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.programmes.models import GrantState, Receipt, Report
from convene.programmes.services._common import require, require_person

# content type -> (the file's first bytes, the extensions it may carry)
KINDS: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {
    "application/pdf": ((b"%PDF-",), (".pdf",)),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
    "image/jpeg": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "image/webp": ((b"RIFF",), (".webp",)),
}
MAX_RECEIPTS = 20


def _sniff(head: bytes) -> str | None:
    for content_type, (signatures, _extensions) in KINDS.items():
        if any(head.startswith(signature) for signature in signatures):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


def receipt_check(file: UploadedFile, *, field: str = "receipt_files") -> str:
    """The file's content type when it is a PDF, PNG, JPEG or WebP (by its name and its
    first bytes, not by what the browser claims) within settings.RECEIPT_MAX_BYTES;
    otherwise Invalid on `field` naming the file and what is accepted."""
    name = PurePath(file.name or "").name or _("the file")
    limit = settings.RECEIPT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise Invalid(
            _("“%(name)s” is larger than %(limit)s; receipts may be at most %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            field=field,
            code="too_large",
        )
    if file.size == 0:
        raise Invalid(_("“%(name)s” is empty.") % {"name": name}, field=field, code="empty")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type = _sniff(head)
    extension = PurePath(name).suffix.lower()
    if content_type is None or extension not in KINDS[content_type][1]:
        raise Invalid(
            _("“%(name)s” is not a PDF or an image (PNG, JPEG, WebP).") % {"name": name},
            field=field,
            code="file_type",
        )
    return content_type


def _store(report: Report, file: UploadedFile, content_type: str, user: User) -> Receipt:
    name = PurePath(file.name or "receipt").name[:200]
    receipt = Receipt(
        report=report,
        name=name,
        content_type=content_type,
        size=file.size or 0,
        uploaded_by=user,
        uploaded_at=now(),
    )
    # A name of our own: the stored path says nothing about the file.
    receipt.file.save(f"{uuid.uuid4().hex}{KINDS[content_type][1][0]}", file, save=False)
    receipt.save()
    return receipt


def receipts_check(
    *, report: Report | None, files: Sequence[UploadedFile], field: str = "receipt_files"
) -> list[str]:
    """Each file's content type; refuses the lot when one file is refused or there would
    be more than MAX_RECEIPTS (call it before writing anything)."""
    kept = report.receipt_files.count() if report is not None else 0
    if kept + len(files) > MAX_RECEIPTS:
        raise Invalid(
            _("A report keeps at most %(n)s receipts.") % {"n": MAX_RECEIPTS}, field=field
        )
    return [receipt_check(file, field=field) for file in files]


def receipts_store(
    *, report: Report, files: Sequence[UploadedFile], types: Sequence[str], user: User
) -> list[Receipt]:
    """Store files already checked (`receipts_check`); the caller has checked who may.
    Called last in its transaction, after every other refusal could have happened."""
    return [_store(report, file, kind, user) for file, kind in zip(files, types, strict=True)]


def receipts_add(
    *, actor: Actor, report: Report, files: Sequence[UploadedFile], field: str = "receipt_files"
) -> list[Receipt]:
    """Add receipts to a filed grant report (its applicant, until the grant is closed)."""
    require_person(actor)
    proposal = report.proposal
    if proposal is None:
        raise Invalid(_("Only a grant's report keeps receipts."), field=field)
    require(actor.pk == proposal.applicant_id, _("Only the applicant adds receipts."))
    if proposal.state != GrantState.REPORTED:
        raise Conflict(_("Receipts are added while the report is open."), code="closed")
    if not files:
        raise Invalid(_("Choose at least one file."), field=field, code="required")
    types = receipts_check(report=report, files=files, field=field)
    assert isinstance(actor, User)
    with transaction.atomic():
        return receipts_store(report=report, files=files, types=types, user=actor)
