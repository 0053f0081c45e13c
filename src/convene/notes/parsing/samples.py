"""Sample notes shaped like real ones, for `make bench` and tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from convene.notes.parsing.formats import ALIASES
from convene.notes.parsing.labels import Kind
from convene.notes.parsing.model import Answer, Item

_SAMPLE_QUESTIONS: Final = (
    "How will hub {n} be accountable to the communities it serves?",
    "Can individuals without affiliation become ambassadors in region {n}?",
    "When will chapter {n} of the Movement Charter be published for feedback?",
    "Is a regional meetup grant possible for {n} participants?",
    "Will the translation of chapter {n} be done by ambassadors? 🌍",
    "هل سيتم ترجمة الفصل {n} إلى العربية؟",
)
_SAMPLE_ANSWERS: Final = (
    "The Roles and Responsibilities drafting group is working on it (item {n}).",
    "Yes, but that will not be the only thing.",
    "Work is ongoing to find a solution for item {n}.",
    "Members can read about the Hubs Dialogue and join pilot {n}.\nThe next round is in 2023.",
)
_SAMPLE_BODIES: Final = (None, "MCDC", None, "Support staff")
_SAMPLE_POINTER: Final = "See the previous answer."


def generate_sample_items(n: int) -> list[Item]:
    """``n`` deterministic top-level items shaped like real notes (for benchmarks).

    Every seventh has a follow-up answered by pointing back, every thirteenth is a
    comment, answers alternate between bare and named bodies and one has two paragraphs.
    The texts need no escaping in any format, so :func:`generate_sample_notes` can write
    them without the renderers.
    """
    items = []
    for i in range(n):
        answers = tuple(
            Answer(_SAMPLE_BODIES[(i + j) % 4], _SAMPLE_ANSWERS[(i + j) % 4].format(n=i))
            for j in range(1 + i % 2)
        )
        followups: tuple[Item, ...] = ()
        if i % 7 == 0:
            pointer = Answer(None, _SAMPLE_POINTER, refers_to_previous=True)
            followups = (Item("question", f"To whom is hub {i} answerable?", (pointer,)),)
        kind: Kind = "comment" if i % 13 == 0 else "question"
        text = _SAMPLE_QUESTIONS[i % len(_SAMPLE_QUESTIONS)].format(n=i)
        items.append(Item(kind, text, answers, followups))
    return items


def generate_sample_notes(n: int, fmt: str = "text") -> str:
    """:func:`generate_sample_items` written in ``fmt`` ("text", "wikitext", "markdown").

    Written here rather than with :mod:`convene.notes.rendering` (which imports this
    module) so that the benchmark input depends on the parser alone; the output is the
    same as the renderers' for these texts, which a test checks.
    """
    name = ALIASES[fmt]
    glyphs = ("•", "◦", "▪")
    bullets: dict[str, Callable[[int], str]] = {
        "text": lambda d: "  " * (d + 1) + glyphs[d % 3] + " ",
        "wikitext": lambda d: "*" * (d + 1) + " ",
        "markdown": lambda d: "  " * d + "- ",
    }
    breaks = {"text": "\n    ", "wikitext": "<br />", "markdown": "\\\n  "}
    bullet, paragraph_break = bullets[name], breaks[name]
    out: list[str] = []

    def write(depth: int, prefix: str, text: str) -> None:
        indent = "  " * depth if name != "wikitext" else ""
        body = text.replace("\n", paragraph_break + indent)
        out.append(f"{bullet(depth)}{prefix}{body}\n")

    def walk(item: Item, depth: int) -> None:
        if depth:
            prefix = "Follow up comment: " if item.kind == "comment" else "Follow up question: "
        else:
            prefix = "C: " if item.kind == "comment" else ""
        write(depth, prefix, item.text)
        for answer in item.answers:
            write(depth + 1, f"{answer.by} response: " if answer.by else "Response: ", answer.text)
        for followup in item.followups:
            walk(followup, depth + 1)

    for item in generate_sample_items(n):
        walk(item, 0)
    return "".join(out)
