"""What a reader of one format hands to the placing stage: entries and problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from convene.notes.parsing.model import Problem


@dataclass
class Entry:
    """One bullet: where it is, how deep, and its readable text (paragraphs by \\n)."""

    line: int
    depth: int
    text: str


@dataclass
class Read:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
