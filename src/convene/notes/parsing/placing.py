"""Placing entries by role and depth: the rules are in the package's docstring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from convene.notes.parsing.entries import Entry
from convene.notes.parsing.labels import Kind, Label, Role, classify, is_pointer
from convene.notes.parsing.model import Answer, Item, Problem, normalize_text

# Follow-ups can nest without end in a hostile document; the model is a tree walked
# recursively (equality, to_dict), so depth is capped far above anything real notes use.
_MAX_NESTING: Final = 40


@dataclass
class _ItemB:
    kind: Kind
    text: str
    answers: list[_AnswerB] = field(default_factory=list)
    followups: list[_ItemB] = field(default_factory=list)

    def freeze(self) -> Item:
        return Item(
            kind=self.kind,
            text=self.text,
            answers=tuple(a.freeze() for a in self.answers),
            followups=tuple(f.freeze() for f in self.followups),
        )


@dataclass
class _AnswerB:
    by: str | None
    parts: list[str]

    def freeze(self) -> Answer:
        text = normalize_text("\n".join(self.parts))
        return Answer(by=self.by, text=text, refers_to_previous=is_pointer(text))


class _Placer:
    """Places entries by role and depth (the rules are in the module docstring)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.roots: list[_ItemB] = []
        self.problems: list[Problem] = []
        # Open bullets: (depth, the item or answer it made, the item that owns it).
        self.stack: list[tuple[int, _ItemB | _AnswerB, _ItemB]] = []
        self.last_top: _ItemB | None = None  # the item made by the last top-level bullet

    def report(self, entry: Entry, message: str) -> None:
        lines = self.lines
        source = lines[entry.line - 1].strip() if 0 < entry.line <= len(lines) else ""
        self.problems.append(Problem(entry.line, message, source))

    def place(self, entry: Entry) -> None:
        stack = self.stack
        depth = entry.depth
        while stack and stack[-1][0] >= depth:
            stack.pop()
        limit = stack[-1][0] + 1 if stack else 0
        if depth > limit:
            self.report(entry, "nested deeper than the bullet above it; placed one level below it")
            depth = limit
        if len(stack) >= _MAX_NESTING:
            self.report(entry, f"nested over {_MAX_NESTING} levels; placed beside the one above")
            depth = stack.pop()[0]
        label = classify(entry.text)
        text = normalize_text(label.rest if label else entry.text)
        if stack:
            self.place_nested(depth, label, text)
        else:
            self.place_top(entry, depth, label, text)

    def place_top(self, entry: Entry, depth: int, label: Label | None, text: str) -> None:
        role = label.role if label else None
        if label is not None and role == "answer":
            if self.last_top is None:
                self.report(entry, "answer with no question before it; skipped")
                return
            answer = _AnswerB(label.by, [text])
            self.last_top.answers.append(answer)
            self.stack.append((depth, answer, self.last_top))
            return
        item = _ItemB(_kind_of(role), text)
        if role in ("followup_question", "followup_comment"):
            if self.roots:
                self.roots[-1].followups.append(item)
            else:
                self.report(entry, f"follow-up with nothing before it; kept as a {item.kind}")
                self.roots.append(item)
        else:
            self.roots.append(item)
        self.last_top = item
        self.stack.append((depth, item, item))

    def place_nested(self, depth: int, label: Label | None, text: str) -> None:
        _, parent, owner = self.stack[-1]
        if isinstance(parent, _AnswerB) and label is None:
            parent.parts.append(text)  # an unprefixed bullet under an answer continues it
            self.stack.append((depth, parent, owner))
            return
        target = owner if isinstance(parent, _AnswerB) else parent
        if label is None or label.role == "answer":
            answer = _AnswerB(label.by if label else None, [text])
            target.answers.append(answer)
            self.stack.append((depth, answer, target))
        else:
            item = _ItemB(_kind_of(label.role), text)
            target.followups.append(item)
            self.stack.append((depth, item, item))


def _kind_of(role: Role | None) -> Kind:
    return "comment" if role in ("comment", "followup_comment") else "question"


def build(entries: Iterable[Entry], lines: Sequence[str]) -> tuple[list[Item], list[Problem]]:
    placer = _Placer(lines)
    for entry in entries:
        placer.place(entry)
    return [root.freeze() for root in placer.roots], placer.problems
