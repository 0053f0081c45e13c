"""The consultations' generations (`core.generations`): `ALL` for what every page of the
app may show (the chapters list, the synthesis), one per chapter for its own pages. The
services bump them on every write that changes what a page shows (feedback given,
recorded, imported, triaged or merged; a version published, opened or closed or its
feedback carried; a translation saved; a period set; a chapter or charter made), and the
pages' cached parts carry them in their keys."""

from collections.abc import Iterable

from convene.core.generations import bump, generation

ALL = "consultations"


def _chapter(chapter_id: int) -> str:
    return f"consultations:chapter:{chapter_id}"


def changed(*, chapters: Iterable[int] = ()) -> None:
    """Mark the consultations changed, and the chapters whose ids are given."""
    bump(ALL, *(_chapter(pk) for pk in chapters))


def of_all() -> int:
    return generation(ALL)


def of_chapter(chapter_id: int) -> int:
    return generation(_chapter(chapter_id))
