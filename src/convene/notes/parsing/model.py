"""The notes model: items (questions and comments), their answers, problems, the JSON."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from convene.notes.parsing.labels import Kind, is_valid_by


def normalize_text(text: str) -> str:
    """Return ``text`` as the model stores it.

    Notes arrive with every kind of whitespace (non-breaking spaces from a browser,
    tabs from an etherpad, CRLF from Windows); comparing or round-tripping them is only
    well defined once that is settled. Each paragraph (any line break counts) has its
    whitespace runs collapsed to one space and is stripped; empty paragraphs are
    dropped; paragraphs are joined by ``"\\n"``. Control characters are removed, since
    no format can carry them faithfully (Markdown turns NUL into U+FFFD, for one).
    """
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub("", text)
    lines = text.splitlines()
    if len(lines) == 1:  # the common case, kept fast: this runs for every text parsed
        return " ".join(lines[0].split())
    return "\n".join(filter(None, [" ".join(line.split()) for line in lines]))


# Control characters that are not whitespace (C0 and C1), and lone surrogates.
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Answer:
    """One response to a question or comment.

    ``by`` is the body named in the prefix as written ("MCDC", "Support staff"), or
    None for a bare "Response:". ``refers_to_previous`` marks answers that only point
    back ("See the previous answer"), so a reader can be shown the answer meant.
    """

    by: str | None
    text: str
    refers_to_previous: bool = False

    def __post_init__(self) -> None:
        # Normalised here so that equal notes compare equal however they were built.
        object.__setattr__(self, "text", normalize_text(self.text))
        if self.by is not None:
            by = normalize_text(self.by)
            if not is_valid_by(by):
                raise ValueError(f"cannot be written as '<body> response:': {self.by!r}")
            object.__setattr__(self, "by", by)

    def to_dict(self) -> dict[str, Any]:
        """The answer in the notes JSON shape."""
        return {"by": self.by, "text": self.text, "refers_to_previous": self.refers_to_previous}


@dataclass(frozen=True)
class Item:
    """A question or comment, its answers and its follow-ups (which are items too)."""

    kind: Kind
    text: str
    answers: tuple[Answer, ...] = ()
    followups: tuple[Item, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("question", "comment"):
            raise ValueError(f"kind must be 'question' or 'comment', not {self.kind!r}")
        object.__setattr__(self, "text", normalize_text(self.text))
        # Accept lists from callers but store tuples, so items stay hashable and frozen.
        object.__setattr__(self, "answers", tuple(self.answers))
        object.__setattr__(self, "followups", tuple(self.followups))

    def to_dict(self) -> dict[str, Any]:
        """The item in the notes JSON shape (see DESIGN.md, "The notes JSON")."""
        return {
            "kind": self.kind,
            "text": self.text,
            "answers": [a.to_dict() for a in self.answers],
            "followups": [f.to_dict() for f in self.followups],
        }


@dataclass(frozen=True)
class Problem:
    """A line that could not be placed as written (1-based ``line``, source ``text``)."""

    line: int
    message: str
    text: str


@dataclass
class ParseResult:
    """What :func:`parse` found: the items, the problems, and the format it read."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fmt: str = "text"

    def to_json(self) -> dict[str, Any]:
        """The notes JSON as a ``json.dumps``-ready dict: ``{"items": [...]}``."""
        return {"items": [item.to_dict() for item in self.items]}


def items_from_json(data: Mapping[str, Any] | Sequence[Any]) -> list[Item]:
    """Rebuild items from the notes JSON (the dict, or just its ``items`` list).

    Raises ``ValueError`` with the path of the offending value, because this reads
    stored or posted data, where a clear message is worth more than a KeyError.
    """
    raw = data.get("items") if isinstance(data, Mapping) else data
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise ValueError("items: expected a list")
    return [_item_from_json(entry, f"items[{i}]") for i, entry in enumerate(raw)]


def _item_from_json(data: Any, path: str) -> Item:
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: expected an object")
    kind, text = data.get("kind"), data.get("text")
    if kind not in ("question", "comment"):
        raise ValueError(f"{path}.kind: expected 'question' or 'comment'")
    if not isinstance(text, str):
        raise ValueError(f"{path}.text: expected a string")
    answers_raw = data.get("answers", [])
    followups_raw = data.get("followups", [])
    if not isinstance(answers_raw, list) or not isinstance(followups_raw, list):
        raise ValueError(f"{path}: answers and followups must be lists")
    answers = []
    for i, a in enumerate(answers_raw):
        where = f"{path}.answers[{i}]"
        if not isinstance(a, Mapping):
            raise ValueError(f"{where}: expected an object")
        by, a_text, refers = a.get("by"), a.get("text"), a.get("refers_to_previous", False)
        if by is not None and not isinstance(by, str):
            raise ValueError(f"{where}.by: expected a string or null")
        if not isinstance(a_text, str) or not isinstance(refers, bool):
            raise ValueError(f"{where}: text must be a string, refers_to_previous a bool")
        answers.append(Answer(by=by, text=a_text, refers_to_previous=refers))
    followups = [_item_from_json(f, f"{path}.followups[{i}]") for i, f in enumerate(followups_raw)]
    return Item(kind=kind, text=text, answers=tuple(answers), followups=tuple(followups))
