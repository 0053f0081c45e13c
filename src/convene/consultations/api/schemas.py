"""The shapes the consultations API reads and writes."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from convene.core.api import BodyIn, Limit, Offset


class ChapterOut(Schema):
    slug: str
    title: str
    order: int
    charter: str
    drafting_group: str | None
    current_version: int | None
    url: str


class ChapterIn(BodyIn):
    slug: str = ""
    title: str
    charter: str | None = None
    order: int | None = None
    drafting_group: str | None = Field(None, description="an organisation's slug")


class ParagraphOut(Schema):
    key: str
    position: int
    text: str
    change: Literal["same", "edited", "new"]
    kind: str = "paragraph"
    level: int = 0


class VersionIn(BodyIn):
    label: str
    text: str
    format: Literal["markdown", "wikitext"] = "markdown"
    status: Literal["draft", "open", "final"] = "open"
    source: str = Field("", description="where the text came from (a file, a wiki page's URL)")


class PublishedOut(Schema):
    number: int
    label: str
    status: str
    paragraphs: list[ParagraphOut]
    removed: list[str]


class ReanchorOut(Schema):
    state: str
    done: int
    total: int


class VersionSummaryOut(Schema):
    number: int
    label: str
    status: str
    published_on: dt.date
    format: str
    reanchor: ReanchorOut


class VersionOut(VersionSummaryOut):
    paragraphs: list[ParagraphOut]
    removed: list[str]
    merged_into: dict[str, str]


class StatusIn(BodyIn):
    status: Literal["draft", "open", "closed", "superseded", "final"]


class DiffOut(Schema):
    key: str
    change: Literal["same", "edited", "new", "removed"]
    position: int | None
    old_text: str
    new_text: str
    merged_into: str
    split_from: str
    adopted: list[int] = Field(description="ids of the feedback items adopted into it")


class AnchorOut(Schema):
    paragraph: str | None
    position: int | None
    quote: str | None
    state: Literal["exact", "fuzzy", "paragraph", "orphaned", "chapter"] | None


class FeedbackOut(Schema):
    id: int
    chapter: str
    version: int = Field(description="the version it was given on")
    text: str
    channel: str
    language: str
    region: str | None
    community: str | None
    event_id: int | None
    question_id: int | None
    source: str
    given_by: str | None
    contact: str | None = Field(description="shown to the drafting group only")
    given_at: str
    status: str
    status_reason: str
    adopted_in: int | None
    adopted_key: str | None
    themes: list[str]
    merged_into: int | None
    anchor: AnchorOut


class TrailOut(Schema):
    version: int
    state: str
    paragraph: str | None
    position: int | None


class FeedbackDetailOut(FeedbackOut):
    trail: list[TrailOut] = Field(description="where it sits in every version")
    duplicates: list[int]
    answers: list[str] = Field(description="the answers of the question it came from")


class FeedbackIn(BodyIn):
    text: str = ""
    version: int | None = None
    paragraph: str | None = None
    quote: str | None = None
    start: int | None = Field(None, description="the quote's offset in its paragraph")
    channel: str = "web"
    language: str = ""
    region: str | None = None
    community: str | None = None
    event: int | None = Field(None, description="the session's event id (channel session)")
    question: int | None = Field(None, description="a board question's id (channel question)")
    source: str = ""
    name: str = Field("", description="on behalf of (recorded channels)")
    contact: str = ""
    given_at: dt.datetime | None = None


class FeedbackFiltersIn(Schema):
    version: int | None = None
    paragraph: str = ""
    state: str = ""
    status: str = ""
    channel: str = ""
    language: str = ""
    region: str = ""
    community: str = ""
    theme: str = ""
    limit: Limit = 50
    offset: Offset = 0


class TriageIn(BodyIn):
    status: Literal["new", "considering", "adopted", "partly", "not_adopted"] | None = None
    reason: str | None = None
    themes: list[str] | None = None
    adopted_in: int | None = None
    adopted_key: str | None = None


class MergeIn(BodyIn):
    into: int


class PeriodIn(BodyIn):
    starts_on: dt.date
    ends_on: dt.date
    title: str = ""
    whole_charter: bool = False


class PeriodOut(Schema):
    id: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    chapter: str | None


class TranslationParagraphOut(Schema):
    key: str
    position: int
    source: str
    text: str
    status: Literal["missing", "in_progress", "outdated", "done"]


class TranslationIn(BodyIn):
    text: str
    done: bool = False


class ImportIn(BodyIn):
    data: str
    format: Literal["survey", "talk_page"]
    source: str = ""
    version: int | None = None
    language: str = ""


class WikiVersionIn(BodyIn):
    label: str
    page: str = Field(description="the wiki page whose current text becomes the version")
    status: Literal["draft", "open", "final"] = "open"


class WikiTalkIn(BodyIn):
    page: str = Field(description="a wiki page (its talk page is read) or a talk page")
    version: int | None = None
    language: str = ""


class ImportedOut(Schema):
    created: int
    ids: list[int]
