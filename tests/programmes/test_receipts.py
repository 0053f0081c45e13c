"""A grant report's receipts: uploaded files kept privately (outside static and media),
downloaded only by the applicant, the grant's reviewers and staff; refused by type and
size with a field error, in the browser and the API."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from convene.programmes import services
from convene.programmes.models import Proposal, Receipt
from tests.consultations.test_api import client_for
from tests.programmes.conftest import PDF, PNG, proposal_for, upload
from tests.programmes.test_api import _paid

pytestmark = pytest.mark.django_db


def _status(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:  # read to the end: the test client then closes the file
        b"".join(response.streaming_content)
    return int(response.status_code)


def _filed(world: dict[str, Any]) -> Proposal:
    proposal = _paid(world)
    services.grant_report_file(
        actor=world["member"], proposal=proposal, summary="Done",
        receipt_files=[upload("venue.pdf")],
    )  # fmt: skip
    return proposal


def test_report_form_uploads_receipts_to_the_private_folder(
    world: dict[str, Any], settings: Any
) -> None:
    proposal = _paid(world)
    client = client_for(world["member"])
    response = client.post(
        f"/programmes/grants/{proposal.pk}/report/",
        {
            "summary": "We met.",
            "receipts": "Paper originals with the treasurer.",
            "receipt_files": [upload("venue.pdf"), upload("food.png", PNG, "image/png")],
        },
    )
    assert response.status_code == 302
    receipts = list(Receipt.objects.order_by("pk"))
    assert [(r.name, r.content_type, r.size) for r in receipts] == [
        ("venue.pdf", "application/pdf", len(PDF)),
        ("food.png", "image/png", len(PNG)),
    ]
    stored = Path(settings.PRIVATE_FILES_DIR) / receipts[0].file.name
    assert stored.read_bytes() == PDF
    assert "venue" not in receipts[0].file.name  # a name of our own
    assert not str(stored).startswith((str(settings.MEDIA_ROOT), str(settings.STATIC_ROOT)))
    page = client.get(f"/programmes/grants/{proposal.pk}/").content.decode()
    assert f"/programmes/receipts/{receipts[0].pk}/" in page
    assert "Paper originals" in page


@pytest.mark.parametrize("who", ["member", "reviewer", "staff"])
def test_allowed_people_download_a_receipt(world: dict[str, Any], who: str) -> None:
    receipt = Receipt.objects.get(report__proposal=_filed(world))
    response = client_for(world[who]).get(f"/programmes/receipts/{receipt.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="venue.pdf"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", [None, "ambassador", "committee_member", "blocked"])
def test_others_cannot_download_a_receipt(world: dict[str, Any], who: str | None) -> None:
    receipt = Receipt.objects.get(report__proposal=_filed(world))
    client = client_for(world[who]) if who else client_for()
    assert client.get(f"/programmes/receipts/{receipt.pk}/").status_code == 404
    assert client.get(f"/api/receipts/{receipt.pk}").status_code in (401, 404)
    page = client.get(f"/programmes/grants/{receipt.report.proposal_id}/").content.decode()
    assert "/programmes/receipts/" not in page


def test_a_conflicted_reviewer_cannot_download(world: dict[str, Any]) -> None:
    proposal = proposal_for(world)
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")
    services.review_save(actor=world["reviewer"], proposal=proposal, recommendation="conflict")
    services.review_save(actor=world["reviewer2"], proposal=proposal, recommendation="approve")
    services.review_save(actor=world["staff"], proposal=proposal, recommendation="approve")
    for to in ("approved", "agreement", "paid"):
        services.proposal_transition(actor=world["staff"], proposal=proposal, to=to)
    services.grant_report_file(
        actor=world["member"], proposal=proposal, summary="Done", receipt_files=[upload()]
    )
    receipt = Receipt.objects.get()
    url = f"/programmes/receipts/{receipt.pk}/"
    reviewers = [_status(client_for(world[who]), url) for who in ("reviewer", "reviewer2")]
    assert reviewers == [404, 200]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just text", "is not a PDF or an image"),
        ("fake.pdf", b"MZ\x90\x00 an executable", "is not a PDF or an image"),
        ("photo.png", PDF, "is not a PDF or an image"),  # the name and the bytes disagree
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_bad_receipt_is_a_field_error_and_nothing_is_lost(
    world: dict[str, Any], name: str, content: bytes, message: str
) -> None:
    proposal = _paid(world)
    response = client_for(world["member"]).post(
        f"/programmes/grants/{proposal.pk}/report/",
        {"summary": "What we did", "receipt_files": [upload(name, content)]},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors["receipt_files"])
    assert form["summary"].value() == "What we did"
    proposal.refresh_from_db()
    assert (proposal.state, Receipt.objects.count()) == ("paid", 0)


def test_a_receipt_over_the_limit_is_a_field_error(world: dict[str, Any], settings: Any) -> None:
    settings.RECEIPT_MAX_BYTES = 100
    proposal = _paid(world)
    response = client_for(world["member"]).post(
        f"/programmes/grants/{proposal.pk}/report/",
        {"summary": "S", "receipt_files": [upload("big.pdf", PDF + b"0" * 200)]},
    )
    assert response.status_code == 400
    assert "is larger than 100\xa0bytes" in response.context["form"].errors["receipt_files"][0]


def test_add_receipts_later_from_the_grant_page(world: dict[str, Any]) -> None:
    proposal = _filed(world)
    url = f"/programmes/grants/{proposal.pk}/receipts/"
    assert client_for(world["reviewer"]).post(url, {"receipt_files": [upload()]}).status_code == 403
    bad = client_for(world["member"]).post(url, {"receipt_files": [upload("a.exe", b"MZ")]})
    assert bad.status_code == 400
    done = client_for(world["member"]).post(
        url, {"receipt_files": [upload("taxi.jpg", b"\xff\xd8\xff\xe0jpeg")]}
    )
    assert done.status_code == 302
    assert sorted(Receipt.objects.values_list("name", flat=True)) == ["taxi.jpg", "venue.pdf"]
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="closed")
    closed = client_for(world["member"]).post(url, {"receipt_files": [upload()]})
    assert closed.status_code == 400
    assert "while the report is open" in closed.content.decode()


# ----------------------------------------------------------------- the API


def _upload(client: Client, pk: int, name: str = "r.pdf", content: bytes = PDF) -> Any:
    return client.post(f"/api/grants/{pk}/report/receipts", {"file": upload(name, content)})


def test_api_uploads_lists_and_downloads(world: dict[str, Any]) -> None:
    proposal = _filed(world)
    made = _upload(client_for(world["member"]), proposal.pk, "hall.pdf")
    assert made.status_code == 201, made.json()
    assert made.json()["name"] == "hall.pdf"
    listed = client_for(world["reviewer"]).get(f"/api/grants/{proposal.pk}/report/receipts")
    assert [r["name"] for r in listed.json()] == ["venue.pdf", "hall.pdf"]
    url = listed.json()[1]["url"]
    download = client_for(world["staff"]).get(url)
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF)
    assert download["Content-Disposition"] == 'attachment; filename="hall.pdf"'


def test_api_refuses_a_bad_file_on_its_field_and_others_entirely(world: dict[str, Any]) -> None:
    proposal = _filed(world)
    bad = _upload(client_for(world["member"]), proposal.pk, "x.txt", b"text")
    assert (bad.status_code, bad.json()["field"], bad.json()["code"]) == (400, "file", "file_type")
    assert _upload(client_for(world["reviewer"]), proposal.pk).status_code == 403
    assert _upload(client_for(world["ambassador"]), proposal.pk).status_code == 404
    assert _upload(client_for(), proposal.pk).status_code == 401
    listed = client_for(world["ambassador"]).get(f"/api/grants/{proposal.pk}/report/receipts")
    assert listed.status_code == 404


def test_api_without_a_file_is_refused_on_its_field_after_the_grant(world: dict[str, Any]) -> None:
    proposal = _filed(world)
    member = client_for(world["member"])
    url = f"/api/grants/{proposal.pk}/report/receipts"
    for body in ({}, {"file": upload("empty.pdf", b"")}):
        missing = member.post(url, body)
        assert (missing.status_code, missing.json()["field"]) == (400, "file")
    # An unknown grant is 404 whatever was sent (not ninja's 400 for the missing part).
    unknown = member.post("/api/grants/999999/report/receipts", {"file": upload("e.pdf", b"")})
    assert unknown.status_code == 404
    assert Receipt.objects.filter(report__proposal=proposal).count() == 1


def test_api_takes_a_file_larger_than_the_body_limit(world: dict[str, Any], settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    proposal = _filed(world)
    made = _upload(client_for(world["member"]), proposal.pk, "scan.pdf", PDF + b"0" * 5000)
    assert made.status_code == 201


@pytest.mark.parametrize("url", ["/api/grants/{pk}/report/receipts", "/programmes/grants/{pk}/"])
def test_receipt_lists_do_not_grow(world: dict[str, Any], url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proposal = _paid(world)
    services.grant_report_file(actor=world["member"], proposal=proposal, summary="S")
    report = proposal.report

    def count(n: int) -> int:
        Receipt.objects.all().delete()
        services.receipts_add(
            actor=world["member"], report=report, files=[upload(f"r{i}.pdf") for i in range(n)]
        )
        client = client_for(world["staff"])
        client.get(url.format(pk=proposal.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(pk=proposal.pk))
        assert response.status_code == 200
        assert response.content.decode().count(f"r{n - 1}.pdf") >= 1
        return len(queries)

    assert count(1) == count(5)
