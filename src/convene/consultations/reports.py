"""The findings report and the open data, written from plain rows (no database here).

- `findings_wikitext`: counts by each dimension and "you said, we did" (each item's
  status and reason), as wikitext to publish on the wiki; `read_wikitext` reads the
  counts and items back (so the export is checked by a round trip).
- `items_csv` / `read_csv` and `findings_json` / `read_json`: the open data, every item
  with where it sits and what became of it. No names of people: the source says where a
  point came from (a session, a regional conversation), never who made it.
"""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.utils.translation import gettext as _

UTC = dt.UTC
WIKI_ITEMS = 500  # a wiki page stays readable; the open data holds every item


@dataclass(frozen=True)
class ItemRow:
    id: int
    chapter: str
    version: int | None  # the version the anchor is given for
    paragraph: str  # the paragraph's key, "" for the whole chapter or an orphan
    position: int | None  # the paragraph's position in that version
    anchor: str  # exact | fuzzy | paragraph | orphaned | chapter
    quote: str
    text: str
    channel: str
    region: str
    language: str
    status: str
    reason: str
    themes: tuple[str, ...]
    source: str
    created: dt.datetime  # aware


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Findings:
    title: str
    generated: dt.datetime
    filters: Mapping[str, str]  # what the report is limited to, as the reader chose it
    total: int
    counts: Mapping[str, Sequence[Count]]  # dimension -> counts, biggest first
    dimension_labels: Mapping[str, str] = field(default_factory=dict)
    items: Sequence[ItemRow] = ()


CSV_FIELDS = [f.name for f in fields(ItemRow)]


def _iso(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _row_out(row: ItemRow) -> dict[str, Any]:
    out = asdict(row)
    out["themes"] = list(row.themes)
    out["created"] = _iso(row.created)
    return out


def _row_in(data: Mapping[str, Any]) -> ItemRow:
    themes = data["themes"]
    if isinstance(themes, str):
        themes = [t for t in themes.split(";") if t.strip()] if themes else []

    def number(value: Any) -> int | None:
        return None if value in (None, "") else int(value)

    return ItemRow(
        id=int(data["id"]),
        chapter=str(data["chapter"]),
        version=number(data["version"]),
        paragraph=str(data["paragraph"] or ""),
        position=number(data["position"]),
        anchor=str(data["anchor"]),
        quote=str(data["quote"] or ""),
        text=str(data["text"]),
        channel=str(data["channel"]),
        region=str(data["region"] or ""),
        language=str(data["language"] or ""),
        status=str(data["status"]),
        reason=str(data["reason"] or ""),
        themes=tuple(t.strip() for t in themes),
        source=str(data["source"] or ""),
        created=_from_iso(str(data["created"])),
    )


# --- CSV ------------------------------------------------------------------------------


def items_csv(rows: Iterable[ItemRow]) -> str:
    """One line per item; themes joined with "; "; instants in UTC."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        data = _row_out(row)
        data["themes"] = "; ".join(row.themes)
        writer.writerow({k: "" if v is None else v for k, v in data.items()})
    return out.getvalue()


def read_csv(text: str) -> list[ItemRow]:
    return [_row_in(data) for data in csv.DictReader(io.StringIO(text))]


# --- JSON -----------------------------------------------------------------------------


def findings_json(findings: Findings) -> str:
    document = {
        "title": findings.title,
        "generated": _iso(findings.generated),
        "filters": dict(findings.filters),
        "total": findings.total,
        "counts": {
            dimension: [asdict(c) for c in counts] for dimension, counts in findings.counts.items()
        },
        "items": [_row_out(row) for row in findings.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def read_json(text: str) -> Findings:
    data = json.loads(text)
    return Findings(
        title=data["title"],
        generated=_from_iso(data["generated"]),
        filters=data["filters"],
        total=data["total"],
        counts={
            dimension: [Count(**c) for c in counts] for dimension, counts in data["counts"].items()
        },
        items=[_row_in(item) for item in data["items"]],
    )


# --- wikitext -------------------------------------------------------------------------


def _nowiki(text: str) -> str:
    """User text inside <nowiki> on one line: the wiki shows it as written, and a "|", a
    "{{" or a newline cannot break the table around it."""
    flat = " ".join(text.split())
    return "<nowiki>" + flat.replace("&", "&amp;").replace("<", "&lt;") + "</nowiki>"


_NOWIKI = re.compile(r"<nowiki>(.*?)</nowiki>")


def _un_nowiki(cell: str) -> str:
    match = _NOWIKI.search(cell)
    inner = match.group(1) if match else cell.strip()
    return inner.replace("&lt;", "<").replace("&amp;", "&")


def findings_wikitext(findings: Findings) -> str:
    """The report as a wiki page section: a summary line, one sortable table per dimension
    (its name as a heading), then "you said, we did" (at most WIKI_ITEMS items)."""
    lines = [
        f"== {_nowiki(findings.title)} ==",
        _("Generated %(when)s from %(total)s feedback items.")
        % {"when": _iso(findings.generated), "total": findings.total},
    ]
    if findings.filters:
        shown = "; ".join(f"{key}: {value}" for key, value in findings.filters.items())
        lines.append(_("Limited to %(filters)s.") % {"filters": _nowiki(shown)})
    for dimension, counts in findings.counts.items():
        label = findings.dimension_labels.get(dimension, dimension)
        lines += [
            "",
            f"=== {_nowiki(label)} ===",
            f"<!-- dimension: {dimension} -->",
            '{| class="wikitable sortable"',
            f"! {_('Key')} !! {_('Name')} !! {_('Items')}",
        ]
        for c in counts:
            lines += ["|-", f"| {_nowiki(c.key)} || {_nowiki(c.label)} || {c.count}"]
        lines.append("|}")
    if findings.items:
        lines += [
            "",
            f"=== {_('You said, we did')} ===",
            "<!-- items -->",
            '{| class="wikitable sortable"',
            f"! # !! {_('Paragraph')} !! {_('Feedback')} !! {_('Status')} !! {_('Reason')}",
        ]
        for row in findings.items[:WIKI_ITEMS]:
            where = "" if row.position is None else str(row.position)
            cells = [str(row.id), where, *map(_nowiki, (row.text, row.status, row.reason))]
            lines += ["|-", "| " + " || ".join(cells)]
        lines.append("|}")
        if len(findings.items) > WIKI_ITEMS:
            lines.append(
                _("%(more)s more items are in the open data (CSV, JSON).")
                % {"more": len(findings.items) - WIKI_ITEMS}
            )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class WikiItem:
    id: int
    position: int | None
    text: str
    status: str
    reason: str


def read_wikitext(text: str) -> tuple[dict[str, list[Count]], list[WikiItem]]:
    """The counts (by dimension) and items of a report written by `findings_wikitext`."""
    counts: dict[str, list[Count]] = {}
    items: list[WikiItem] = []
    dimension: str | None = None
    in_items = False
    for line in text.splitlines():
        marker = re.fullmatch(r"<!-- dimension: (.*) -->", line)
        if marker:
            dimension, in_items = marker.group(1), False
            counts[dimension] = []
        elif line == "<!-- items -->":
            dimension, in_items = None, True
        elif line.startswith("| "):
            cells = [cell.strip() for cell in line[2:].split(" || ")]
            if dimension is not None and len(cells) == 3:
                counts[dimension].append(
                    Count(_un_nowiki(cells[0]), _un_nowiki(cells[1]), int(cells[2]))
                )
            elif in_items and len(cells) == 5:
                items.append(
                    WikiItem(
                        id=int(cells[0]),
                        position=int(cells[1]) if cells[1] else None,
                        text=_un_nowiki(cells[2]),
                        status=_un_nowiki(cells[3]),
                        reason=_un_nowiki(cells[4]),
                    )
                )
    return counts, items
