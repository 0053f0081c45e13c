"""A wiki talk page as comments: section, author, date, text and reply depth.

A comment is everything from the end of the previous comment to a signature, as
MediaWiki's own discussion tools read it, with two more boundaries: a section heading,
and a change of indentation (an unsigned remark followed by a signed reply are two
comments). What is left unsigned at a boundary is one unsigned comment.

A signature is found at the end of a line: a timestamp ("12:34, 5 December 2022 (UTC)")
with, just before it, links to one user's page, talk page or contributions; or an
``{{unsigned|Name|date}}`` template; or the user links alone, or the timestamp alone.
Page furniture (header templates, archive boxes, magic words, hidden comments) is not a
comment.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

__all__ = ["TalkComment", "parse_talk_page"]


@dataclass(frozen=True)
class TalkComment:
    section: str  # heading the comment is under ("" before the first)
    author: str | None  # user name from the signature, None if unsigned
    signed_at: dt.datetime | None  # aware UTC
    text: str  # comment text without signature, indentation markers removed
    depth: int  # reply depth (number of leading ':' / '*' / '#')
    line: int  # 1-based line where it starts


_MONTHS: Final = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Longest first, so that "December" is not read as "Dec".
_MONTH: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))

# "12:34, 5 December 2022 (UTC)" and the American "12:34, December 5, 2022 (UTC)"; other
# wikis write other dates and zones: those still end a comment, without a date.
_TIMESTAMP: Final = re.compile(
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2}),?\s+"
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}}),)"
    r"\s+(?P<year>\d{4})"
    r"(?:\s*\((?P<zone>UTC)\)|(?!\s*\())"  # (UTC), or no zone at all (in {{unsigned}})
    r"|\d{1,2}:\d{2},?\s[^()\[\]{}<>|\n]{4,30}?\s\((?:[A-Z]{2,5}|UTC[+\u2212-]\d{1,2}(?::?\d{2})?)\)",
    re.IGNORECASE,
)

# User namespaces (and their talk namespaces) in the languages of the larger wikis.
_USER_NAMESPACES: Final = (
    "user", "user talk", "benutzer", "benutzerin", "benutzer diskussion",
    "benutzerin diskussion", "utilisateur", "utilisatrice", "discussion utilisateur",
    "discussion utilisatrice", "usuario", "usuaria", "usuario discusión", "usuário",
    "usuária", "usuário discussão", "utente", "discussioni utente", "gebruiker",
    "overleg gebruiker", "użytkownik", "użytkowniczka", "dyskusja użytkownika",
    "участник", "участница", "обсуждение участника", "обсуждение участницы",
    "користувач", "обговорення користувача", "用户", "用户讨论", "用戶", "利用者",
    "利用者\u2010会話", "사용자", "사용자토론", "مستخدم", "نقاش المستخدم", "کاربر", "بحث کاربر",
    "kullan\u0131c\u0131", "kullan\u0131c\u0131 mesaj", "användare", "användardiskussion", "bruker",
    "brukerdiskusjon", "bruger", "brugerdiskussion", "käyttäjä", "keskustelu käyttäjästä",
    "uživatel", "diskuse s uživatelem", "felhasználó", "szerkesztő", "utilizator",
    "discuție utilizator", "pengguna", "thành viên", "ผู้ใช้",
)  # fmt: skip
_CONTRIBUTIONS: Final = (
    r"(?:special|spezial|spécial|especial|speciale|speciaal|specjalna|служебная|特別|特殊)"
    r"\s*:\s*(?:contributions|contribs|beiträge|contribuciones|contribuições|contributi"
    r"|bijdragen|wkład|вклад|投稿記録|用户贡献)\s*/"
)
_USER_LINK: Final = re.compile(
    r"\[\[\s*:?(?:[a-z-]{1,12}\s*:\s*)*?"  # interwiki prefixes: [[m:User:..]], [[:en:User:..]]
    r"(?:(?:"
    + "|".join(re.escape(name).replace(r"\ ", "[ _]+") for name in _USER_NAMESPACES)
    + r")\s*:|"
    + _CONTRIBUTIONS
    + r")"
    r"\s*(?P<name>[^\[\]|#/{}<>]+?)\s*(?:[/#][^\[\]|]*)?(?:\|[^\[\]]*)?\]\]",
    re.IGNORECASE,
)
_UNSIGNED: Final = re.compile(
    r"\{\{\s*(?:subst\s*:\s*)?(?P<template>unsigned[ _-]?(?:ip)?2?|unsignedip2?|"
    r"nicht[ _]signiert|non[ _]signé|no[ _]firmado|sans[ _]signature)\s*"
    r"(?P<params>(?:\|[^{}]*)?)\}\}",
    re.IGNORECASE,
)
_OUTDENT: Final = re.compile(
    r"\{\{\s*(?:outdent2?|od2?|undent|unindent|out)\s*(?:\|[^{}]*)?\}\}", re.IGNORECASE
)
_HEADING: Final = re.compile(r"(={1,6})\s*(?P<title>.+?)\s*\1\s*$")
_MARKERS: Final = re.compile(r"[:*#]+")
_TAG: Final = re.compile(r"<[^<>]*>")
_COMMENT: Final = re.compile(r"<!--.*?-->", re.DOTALL)
_MAGIC: Final = re.compile(r"__[A-Z]+__")
# What may sit between the parts of a signature, once tags are removed.
_GLUE: Final = re.compile(r"[\s()|·•‧⋅\-\u2013—~/:'\"]*")
# What a comment's text may end with just before its signature: dashes, the words
# {{unsigned}} leaves when substituted, and the tags opened around the signature.
_TRAILING: Final = re.compile(
    r"(?:\s|[-\u2013—~]|&nbsp;|&#160;|&mdash;|&ndash;|<[^/<>][^<>]*>"
    r"|preceding\s+(?:\[\[[^\[\]|]*\|)?(?:unsigned|undated)(?:\]\])?\s+comment\s+added(?:\s+by)?)*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Signature:
    start: int  # where the signature starts in the line
    author: str | None
    signed_at: dt.datetime | None


def parse_talk_page(wikitext: str) -> list[TalkComment]:
    """Each signed comment one item; consecutive unsigned lines form one unsigned item."""
    return _TalkReader(wikitext.replace("\r\n", "\n").replace("\r", "\n")).run()


class _TalkReader:
    def __init__(self, text: str) -> None:
        self.lines = _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text).split("\n")
        self.comments: list[TalkComment] = []
        self.section = ""
        # (line number, depth, text) of the comment being read.
        self.pending: list[tuple[int, int, str]] = []
        self.base = 0  # depth added by {{outdent}}
        self.last_depth = 0

    def run(self) -> list[TalkComment]:
        index = 0
        while index < len(self.lines):
            index = self.read(index)
        self.flush()
        return self.comments

    def read(self, index: int) -> int:
        """Read the line at ``index``; returns the index of the next line to read."""
        line = self.lines[index].rstrip()
        number = index + 1
        heading = _HEADING.match(line)
        if heading is not None:
            self.flush()
            self.section = _plain_heading(heading.group("title"))
            self.base = 0
            return index + 1
        markers = _MARKERS.match(line)
        marks = markers.group() if markers else ""
        body = line[len(marks) :].strip()
        outdent = _OUTDENT.match(body)
        if outdent is not None:
            self.flush()
            self.base = self.last_depth + 1 - len(marks)
            body = body[outdent.end() :].strip()
        if self.skipped(number, body):
            return index + 1
        if not self.pending and not marks and body.startswith("{{"):
            end = _furniture_end(self.lines, index)
            if end is not None:
                return end
        depth = max(0, self.base + len(marks))
        if self.pending and self.pending[-1][1] != depth:
            self.flush()
        signature = _signature(body)
        if signature is None:
            self.pending.append((number, depth, body))
            return index + 1
        before = body[: signature.start]
        trailing = _TRAILING.search(before)
        text = before[: trailing.start()] if trailing is not None else before
        self.pending.append((number, depth, text))
        self.emit(signature.author, signature.signed_at)
        return index + 1

    def skipped(self, number: int, body: str) -> bool:
        """Whether a line that holds no comment text was skipped (blank, rule, magic word)."""
        if not body:
            if self.pending:  # a paragraph break inside the comment
                self.pending.append((number, self.pending[-1][1], ""))
            return True
        if _is_rule(body):
            self.flush()
            return True
        return _MAGIC.fullmatch(body) is not None

    def emit(self, author: str | None, signed_at: dt.datetime | None) -> None:
        number, depth, _text = self.pending[0]
        text = "\n".join(text for _number, _depth, text in self.pending).strip()
        self.pending.clear()
        if not text and author is None and signed_at is None:
            return
        self.comments.append(TalkComment(self.section, author, signed_at, text, depth, number))
        self.last_depth = depth

    def flush(self) -> None:
        if self.pending:
            self.emit(None, None)


def _plain_heading(title: str) -> str:
    """A heading as it reads: links as their labels; templates, tags and emphasis dropped."""
    title = re.sub(r"\[\[(?:[^\[\]|]*\|)?([^\[\]|]*)\]\]", r"\1", title)
    title = re.sub(r"\{\{[^{}]*\}\}", "", _TAG.sub("", title))
    return " ".join(title.replace("'''", "").replace("''", "").split())


def _is_rule(body: str) -> bool:
    return body.startswith("----") and not body.strip("-")


def _furniture_end(lines: list[str], index: int) -> int | None:
    """Where page furniture (templates alone, maybe over several lines) starting at line
    ``index`` ends, or None when the line holds more than templates."""
    depth = 0
    for at in range(index, len(lines)):
        line = lines[at]
        position = 0
        for match in re.finditer(r"\{\{|\}\}", line):
            if depth == 0 and line[position : match.start()].strip():
                return None
            depth += 1 if match.group() == "{{" else -1
            position = match.end()
            if depth < 0:
                return None
        if depth == 0:
            return at + 1 if not line[position:].strip() else None
    return None


def _signature(body: str) -> _Signature | None:
    """The signature ending ``body``, if it has one."""
    stamp = None
    for match in _TIMESTAMP.finditer(body):
        stamp = match
    if stamp is not None and not _is_glue(body[stamp.end() :]):
        stamp = None
    end = stamp.start() if stamp is not None else len(body)
    signed_at = _instant(stamp) if stamp is not None else None

    unsigned = None
    for match in _UNSIGNED.finditer(body, 0, len(body)):
        unsigned = match
    if unsigned is not None and _is_glue(body[unsigned.end() : end]):
        author, when = _unsigned_params(unsigned.group("params"))
        return _Signature(unsigned.start(), author, when or signed_at)

    links = _signature_links(body, end)
    if links:
        start, author = links
        return _Signature(start, author, signed_at)
    if stamp is not None:
        return _Signature(stamp.start(), None, signed_at)
    return None


def _signature_links(body: str, end: int) -> tuple[int, str] | None:
    """(start, author) of the run of links to one user's pages that ends just before
    ``end``, glued by punctuation and formatting."""
    links = list(_USER_LINK.finditer(body, 0, end))
    start, author, boundary = None, None, end
    for link in reversed(links):
        name = _user_name(link.group("name"))
        if not _is_glue(body[link.end() : boundary]) or (author is not None and name != author):
            break
        start, author, boundary = link.start(), name, link.start()
    if start is None or author is None:
        return None
    # Bold or italic opened right at the signature belongs to it.
    quotes = len(body[:start]) - len(body[:start].rstrip("'"))
    return start - (quotes if quotes >= 2 else 0), author


def _is_glue(text: str) -> bool:
    return _GLUE.fullmatch(_TAG.sub("", text).replace("'''", "").replace("''", "")) is not None


def _user_name(raw: str) -> str:
    name = " ".join(raw.replace("_", " ").split())
    return name[:1].upper() + name[1:]


def _instant(stamp: re.Match[str]) -> dt.datetime | None:
    """The UTC instant of an English timestamp, None for another zone or a bad date."""
    if stamp.group("hour") is None:
        return None
    month = (stamp.group("month") or stamp.group("month2") or "").lower()
    day = stamp.group("day") or stamp.group("day2")
    try:
        return dt.datetime(
            int(stamp.group("year")),
            _MONTHS[month],
            int(day),
            int(stamp.group("hour")),
            int(stamp.group("minute")),
            tzinfo=dt.UTC,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _unsigned_params(params: str) -> tuple[str | None, dt.datetime | None]:
    """Author and date from {{unsigned|Name|date}} (or {{unsigned2|date|Name}}: the date
    is whichever parameter reads as one)."""
    author, when = None, None
    for raw in params.split("|")[1:]:
        value = raw.strip()
        if not value or re.match(r"\w+\s*=", value):
            continue
        stamp = _TIMESTAMP.search(value)
        if stamp is not None:
            when = when or _instant(stamp)
        elif author is None:
            author = _user_name(value)
    return author, when
