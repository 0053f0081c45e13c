"""A grant report's receipts in the API: upload (multipart, one file a request), list
(with download links) and download. The applicant uploads while the report is open; the
applicant, the grant's reviewers and staff list and download; anyone else gets 404."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, UploadedFile
from ninja.responses import Status

from convene.core.errors import NotFound
from convene.core.formatting import iso_z
from convene.people.auth import person_auth
from convene.programmes import queries, schemas, services
from convene.programmes.api import ERRORS, router
from convene.programmes.models import Proposal, Receipt, Report
from convene.programmes.storage import private_download


def receipt_out(item: Receipt) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "content_type": item.content_type,
        "size": item.size,
        "uploaded_at": iso_z(item.uploaded_at) or "",
        "url": f"/api/receipts/{item.pk}",
    }


def _report(request: HttpRequest, pk: int) -> tuple[Proposal, Report]:
    item = queries.proposal_get(pk, request.user)
    if not queries.can_see_private(request.user, item):
        raise NotFound(_("There is no such proposal."))
    report = Report.objects.filter(proposal=item).first()
    if report is None:
        raise NotFound(_("This grant has no report yet."))
    return item, report


@router.get(
    "/grants/{pk}/report/receipts",
    response={200: list[schemas.ReceiptOut], **ERRORS},
    auth=person_auth,
    summary="A grant report's receipts (the applicant, its reviewers, staff)",
)
def receipts(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    _item, report = _report(request, pk)
    return [receipt_out(r) for r in queries.receipts_of(report, request.user)]


# Not required by ninja (see receipt_upload): the service refuses a missing file.
_FILE = File(None)  # type: ignore[type-arg]


@router.post(
    "/grants/{pk}/report/receipts",
    response={201: schemas.ReceiptOut, **ERRORS},
    auth=person_auth,
    summary="Upload a receipt (PDF, PNG, JPEG or WebP; the applicant, while reported)",
    # The file is required (the schema says so), but checked by the service after the
    # grant: an unknown grant is 404 whatever was sent (an empty part never reaches
    # request.FILES, which ninja would answer with its own 400 before the lookup).
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": {"required": ["file"]}}},
        }
    },
)
def receipt_upload(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = _FILE,
) -> Status[dict[str, Any]]:
    _item, report = _report(request, pk)
    files = [file] if file is not None else []
    made = services.receipts_add(actor=request.user, report=report, files=files, field="file")
    return Status(201, receipt_out(made[0]))


@router.get(
    "/receipts/{pk}",
    auth=person_auth,
    summary="Download a receipt (the applicant, the grant's reviewers, staff)",
)
def receipt_download(request: HttpRequest, pk: int) -> FileResponse:
    found = queries.receipt_get(pk, request.user)
    return private_download(found.file, name=found.name, content_type=found.content_type)
