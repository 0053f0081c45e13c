"""CSV and JSON exports of funded grants and of ambassadors' activity."""

import csv
import io
import json

from django.db.models import Count
from django.http import HttpResponse

from convene.programmes import queries


def _csv(name: str, header: list[str], rows: list[list[str]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _grant_rows() -> list[dict[str, str]]:
    return [
        {
            "id": str(p.pk),
            "kind": p.kind,
            "title": p.title,
            "state": p.state,
            "applicant": p.applicant.username,
            "organisation": p.organisation.slug if p.organisation else "",
            "country": p.country_id,
            "amount": str(p.amount),
            "currency": p.currency,
            "hub": p.hub.slug if p.hub else "",
            "decision_note": p.decision_note,
            "reported": "yes" if p.state in ("reported", "closed") else "no",
        }
        for p in queries.proposals_funded()
    ]


def grants_csv() -> HttpResponse:
    rows = _grant_rows()
    header = (
        list(rows[0])
        if rows
        else [
            "id",
            "kind",
            "title",
            "state",
            "applicant",
            "organisation",
            "country",
            "amount",
            "currency",
            "hub",
            "decision_note",
            "reported",
        ]
    )
    return _csv("funded-grants.csv", header, [list(r.values()) for r in rows])


def grants_json() -> HttpResponse:
    return HttpResponse(
        json.dumps({"items": _grant_rows()}, ensure_ascii=False), content_type="application/json"
    )


def ambassadors_csv() -> HttpResponse:
    rows = queries.ambassadors_public().annotate(
        hosted=Count("conversations", distinct=True),
        reports=Count("conversations__report", distinct=True),
        translations=Count("assignments", distinct=True),
    )
    header = [
        "username",
        "round",
        "languages",
        "regions",
        "communities",
        "activities",
        "conversations",
        "reports",
        "translations",
    ]
    lines = [
        [
            a.user.username,
            a.round.slug,
            " ".join(sorted(x.code for x in a.languages.all())),
            " ".join(sorted(x.slug for x in a.regions.all())),
            " ".join(sorted(x.slug for x in a.communities.all())),
            " ".join(a.activities),
            str(a.hosted),
            str(a.reports),
            str(a.translations),
        ]
        for a in rows
    ]
    return _csv("ambassadors-activity.csv", header, lines)
