"""The findings report and the open data round-trip: what is written is what is read."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from convene.consultations.reports import (
    WIKI_ITEMS,
    Count,
    Findings,
    ItemRow,
    WikiItem,
    findings_json,
    findings_wikitext,
    items_csv,
    read_csv,
    read_json,
    read_wikitext,
)

WHEN = dt.datetime(2022, 11, 25, 9, 30, tzinfo=dt.UTC)


def row(**changes: object) -> ItemRow:
    values: dict[str, object] = {
        "id": 7,
        "chapter": "roles",
        "version": 2,
        "paragraph": "p3",
        "position": 3,
        "anchor": "exact",
        "quote": "hubs",
        "text": "What is a hub?\nAnd who funds it?",
        "channel": "session",
        "region": "South Asia",
        "language": "bn",
        "status": "adopted",
        "reason": "Defined in draft 2",
        "themes": ("hubs", "funding"),
        "source": "AMA Asia-Pacific",
        "created": WHEN,
    }
    values.update(changes)
    return ItemRow(**values)  # type: ignore[arg-type]


def findings(items: list[ItemRow]) -> Findings:
    return Findings(
        title="Roles & Responsibilities: findings",
        generated=WHEN,
        filters={"region": "South Asia"},
        total=len(items),
        counts={
            "channel": [Count("session", "Session", 2), Count("email", "E-mail | post", 1)],
            "status": [Count("adopted", "Adopted", 3)],
        },
        dimension_labels={"channel": "By channel", "status": "By status"},
        items=items,
    )


def test_csv_round_trips_every_field() -> None:
    whole = row(id=8, version=None, position=None, paragraph="", themes=(), anchor="chapter")
    rows = [row(), whole]

    assert read_csv(items_csv(rows)) == rows


def test_json_round_trips_counts_and_items() -> None:
    report = findings([row(), row(id=9, quote="", reason="")])

    assert read_json(findings_json(report)) == report.__class__(
        **{**report.__dict__, "dimension_labels": {}}
    )


def test_wikitext_report_has_tables_and_reads_back() -> None:
    report = findings([row(), row(id=9, position=None, text="a {{template}} | [[link]] </nowiki>")])

    text = findings_wikitext(report)
    counts, items = read_wikitext(text)

    assert text.splitlines()[:3] == [
        "== <nowiki>Roles &amp; Responsibilities: findings</nowiki> ==",
        "Generated 2022-11-25T09:30:00Z from 2 feedback items.",
        "Limited to <nowiki>region: South Asia</nowiki>.",
    ]
    assert '{| class="wikitable sortable"' in text.splitlines()
    assert counts == {k: list(v) for k, v in report.counts.items()}
    assert items == [
        WikiItem(7, 3, "What is a hub? And who funds it?", "adopted", "Defined in draft 2"),
        WikiItem(9, None, "a {{template}} | [[link]] </nowiki>", "adopted", "Defined in draft 2"),
    ]


def test_wikitext_report_stops_at_the_limit_and_says_where_the_rest_is() -> None:
    report = findings([row(id=n) for n in range(1, WIKI_ITEMS + 3)])

    text = findings_wikitext(report)

    assert len(read_wikitext(text)[1]) == WIKI_ITEMS
    assert text.endswith("2 more items are in the open data (CSV, JSON).\n")


@given(st.text(max_size=80), st.text(max_size=40))
def test_any_text_survives_csv_and_json(text: str, quote: str) -> None:
    item = row(text=text, quote=quote)

    assert read_csv(items_csv([item])) == [item]
    assert read_json(findings_json(findings([item]))).items == [item]
