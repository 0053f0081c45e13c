"""Pages measured by `make bench` for consultations, on a chapter of 200 paragraphs with
50,000 feedback items (bench/consultations_data.py): the chapter, one paragraph's
feedback, the synthesis (all, and one chapter), the version page, one item."""

from typing import Any


def urls(context: dict[str, Any]) -> list[tuple[str, str]]:
    chapter, version, paragraph = context["chapter"], context["version"], context["paragraph"]
    return [
        ("consultations_chapter", f"/consultations/{chapter}/"),
        ("consultations_paragraph", f"/consultations/{chapter}/paragraphs/{paragraph}/"),
        ("consultations_synthesis", "/consultations/synthesis/"),
        ("consultations_synthesis_chapter", f"/consultations/synthesis/?chapter={chapter}"),
        ("consultations_version", f"/consultations/{chapter}/versions/{version}/"),
        ("consultations_index", "/consultations/"),
    ]
