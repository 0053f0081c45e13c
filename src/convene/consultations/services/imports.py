"""Feedback imported in bulk: a survey's CSV export, a chapter's talk page (wikitext)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from convene.consultations import text as engine
from convene.consultations.models import (
    FEEDBACK_LIMIT,
    Channel,
    Chapter,
    Feedback,
    Paragraph,
    Version,
)
from convene.consultations.queries.access import can_record
from convene.consultations.services._common import (
    anchor_fields,
    require,
    require_person,
    require_takes_feedback,
    version_by_number,
)
from convene.consultations.services.anchoring import items_of, place_items
from convene.consultations.services.feedback import _periods
from convene.core.clock import now
from convene.core.errors import Invalid
from convene.core.inputs import LANGUAGE_RE
from convene.core.types import Actor
from convene.directory.models import Community, Region

SURVEY_COLUMNS = (
    "text", "paragraph", "quote", "language", "region", "community", "name", "contact", "date",
)  # fmt: skip
IMPORT_LIMIT = 20_000


def _importable(actor: Actor, chapter: Chapter, version: int | None) -> tuple[User, Version]:
    person = require_person(actor)
    require(
        can_record(user=person, chapter=chapter),
        _("Only organisers, ambassadors and the drafting group may import feedback."),
    )
    given_on = version_by_number(chapter, version)
    require_takes_feedback(given_on, recorded=True)
    return person, given_on


def _line_error(line: int, message: str, field: str = "file") -> Invalid:
    return Invalid(
        _("Line %(line)s: %(message)s") % {"line": line, "message": message}, field=field
    )


def _in_period(periods: list[Any], day: dt.date) -> bool:
    return any(p.starts_on <= day <= p.ends_on for p in periods)


def _save(version: Version, rows: list[Feedback]) -> list[Feedback]:
    with transaction.atomic():
        created = Feedback.objects.bulk_create(rows, batch_size=1000)
        place_items(version, items_of(created))
    return created


@dataclass(frozen=True)
class _SurveyContext:
    chapter: Chapter
    version: Version
    actor: User
    source: str
    paragraphs: dict[str, str]
    by_position: dict[int, str]
    regions: dict[str, int]
    communities: dict[str, int]
    periods: list[Any]
    at: dt.datetime


def _survey_key(c: _SurveyContext, line: int, key: str, quote: str) -> tuple[str, Any]:
    if key.isdigit():
        if int(key) not in c.by_position:
            raise _line_error(line, _("there is no paragraph %(n)s.") % {"n": key})
        key = c.by_position[int(key)]
    elif key and key not in c.paragraphs:
        raise _line_error(line, _("there is no paragraph “%(key)s”.") % {"key": key})
    if not quote:
        return key, None
    for candidate in [key] if key else list(c.paragraphs):
        anchor = engine.anchor_for_quote(c.paragraphs[candidate], quote)
        if anchor is not None:
            return candidate, anchor
    raise _line_error(line, _("the quoted passage is not in the text."))


def _survey_date(c: _SurveyContext, line: int, value: str) -> dt.datetime:
    given_at = c.at
    if value:
        parsed = parse_datetime(value)
        day = parse_date(value) if parsed is None else None
        if parsed is None and day is None:
            raise _line_error(line, _("“%(date)s” is not a date.") % {"date": value})
        if parsed is None and day is not None:
            parsed = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        assert parsed is not None
        given_at = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if not _in_period(c.periods, given_at.date()):
        raise _line_error(
            line,
            _("%(day)s is outside the consultation periods.")
            % {"day": given_at.date().isoformat()},
        )
    return given_at


def _survey_row(c: _SurveyContext, line: int, row: dict[str, str]) -> Feedback:
    text = row["text"]
    if len(text) > FEEDBACK_LIMIT:
        raise _line_error(line, _("the text is too long."))
    key, anchor = _survey_key(c, line, row.get("paragraph", ""), row.get("quote", ""))
    language = row.get("language", "")
    if language and not LANGUAGE_RE.match(language):
        raise _line_error(line, _("“%(code)s” is not a language code.") % {"code": language})
    region = row.get("region", "")
    if region and region not in c.regions:
        raise _line_error(line, _("there is no region “%(slug)s”.") % {"slug": region})
    community = row.get("community", "")
    if community and community not in c.communities:
        raise _line_error(line, _("there is no community “%(slug)s”.") % {"slug": community})
    return Feedback(
        chapter=c.chapter,
        version=c.version,
        paragraph_key=key,
        **anchor_fields(anchor),
        text=text,
        language=language,
        region_id=c.regions.get(region) if region else None,
        community_id=c.communities.get(community) if community else None,
        channel=Channel.SURVEY,
        source=f"{c.source} (line {line})"[:500],
        on_behalf_name=row.get("name", "")[:200],
        on_behalf_contact=row.get("contact", "")[:300],
        recorded_by=c.actor,
        given_at=_survey_date(c, line, row.get("date", "")),
        created_at=c.at,
    )


def survey_import(
    *,
    actor: Actor,
    chapter: Chapter,
    data: str,
    source: str = "survey",
    version: int | None = None,
) -> list[Feedback]:
    """One feedback item per row of a survey's CSV export (header row: `text` required;
    `paragraph` (a key or a position), `quote`, `language`, `region` and `community`
    (slugs), `name`, `contact`, `date` optional). All or nothing: the first bad row is
    refused naming its line. Each row's date (default today) must fall in a period."""
    actor, given_on = _importable(actor, chapter, version)
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "text" not in header:
        raise _line_error(1, _("the first row must name the columns, one of them “text”."))
    reader.fieldnames = header
    context = _SurveyContext(
        chapter=chapter,
        version=given_on,
        actor=actor,
        source=source,
        paragraphs=dict(Paragraph.objects.filter(version=given_on).values_list("key", "text")),
        by_position=dict(Paragraph.objects.filter(version=given_on).values_list("position", "key")),
        regions=dict(Region.objects.values_list("slug", "pk")),
        communities=dict(Community.objects.values_list("slug", "pk")),
        periods=_periods(chapter),
        at=now(),
    )
    rows: list[Feedback] = []
    for index, raw in enumerate(reader):
        line = reader.line_num
        if index >= IMPORT_LIMIT:
            raise _line_error(line, _("at most %(n)s rows at once.") % {"n": IMPORT_LIMIT})
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if row.get("text"):
            rows.append(_survey_row(context, line, row))
    return _save(given_on, rows)


def talk_page_import(
    *,
    actor: Actor,
    chapter: Chapter,
    wikitext: str,
    source: str = "",
    version: int | None = None,
    language: str = "",
) -> list[Feedback]:
    """One feedback item per signed comment of a talk page (consecutive unsigned lines
    one item), its author's user name and signature date kept, the section in `source`.
    Comments already imported (same author, date and text) are skipped, so importing the
    page again adds only what is new. Comments dated outside every period are skipped."""
    actor, given_on = _importable(actor, chapter, version)
    try:
        comments = engine.parse_talk_page(wikitext)
    except engine.TextError as exc:
        raise _line_error(exc.line or 1, exc.message, field="wikitext") from exc
    periods = _periods(chapter)
    at = now()
    existing = set(
        Feedback.objects.filter(chapter=chapter, channel=Channel.TALK_PAGE).values_list(
            "on_behalf_name", "given_at", "text"
        )
    )
    rows: list[Feedback] = []
    for comment in comments:
        text = comment.text.strip()
        if not text:
            continue
        given_at = comment.signed_at or at
        if comment.signed_at is not None and not _in_period(periods, given_at.date()):
            continue
        author = comment.author or ""
        if (author, given_at, text[:FEEDBACK_LIMIT]) in existing:
            continue
        where = f"{source} § {comment.section}" if comment.section else source
        rows.append(
            Feedback(
                chapter=chapter,
                version=given_on,
                text=text[:FEEDBACK_LIMIT],
                language=language,
                channel=Channel.TALK_PAGE,
                source=f"{where} (line {comment.line})".strip()[:500],
                on_behalf_name=author[:200],
                recorded_by=actor,
                given_at=given_at,
                created_at=at,
            )
        )
    return _save(given_on, rows)
