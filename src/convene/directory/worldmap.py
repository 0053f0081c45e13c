"""The coverage map: one SVG path per country (data/world-110m.json, from Natural Earth via
world-atlas), coloured by coverage level, each with a <title> so it reads without script."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from convene.directory import queries
from convene.directory.names import country_name

MAP_FILE = Path(__file__).resolve().parent / "data" / "world-110m.json"

LEVEL_LABELS = {
    queries.LEVEL_NONE: _("nothing listed"),
    queries.LEVEL_AFFILIATES: _("affiliates or groups, no hub discussion"),
    queries.LEVEL_DISCUSSION: _("hub discussion (idea to planning)"),
    queries.LEVEL_PILOT: _("hub pilot"),
    queries.LEVEL_RECOGNISED: _("recognised hub"),
}


@functools.cache
def _shapes() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Shape:
    code: str
    d: str
    level: int
    title: str


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    shapes: list[Shape]
    legend: list[tuple[int, str]]
    source: str
    shapes_url: str

    @property
    def paths(self) -> SafeString:
        """One <use> per country, pointing at its outline in `shapes.svg` (the same for
        every page and reader, so the browser fetches and caches it once) and coloured by
        its class; joined here rather than in a template loop."""
        return mark_safe(  # noqa: S308 - the codes are ours, the titles escaped
            "".join(
                f'<use href="{self.shapes_url}#{s.code}" class="lv{s.level}" data-code="{s.code}">'
                f"<title>{escape(s.title)}</title></use>"
                for s in self.shapes
            )
        )


@functools.cache
def shapes_svg() -> str:
    """Every country's outline as an SVG path with the country code as its id."""
    data = _shapes()
    paths = "".join(f'<path id="{code}" d="{d}"/>' for code, d in data["shapes"].items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {data["width"]} {data["height"]}">'
        f"<defs>{paths}</defs></svg>"
    )


def world_map(levels: dict[str, int], notes: dict[str, str]) -> WorldMap:
    data = _shapes()
    shapes = []
    for code, d in data["shapes"].items():
        level = levels.get(code, queries.LEVEL_NONE)
        label = str(LEVEL_LABELS[level])
        note = notes.get(code, "")
        title = f"{country_name(code)}: {label}" + (f" — {note}" if note and note != label else "")
        shapes.append(Shape(code, d, level, title))
    return WorldMap(
        width=data["width"],
        height=data["height"],
        shapes=shapes,
        legend=[(level, str(label)) for level, label in LEVEL_LABELS.items()],
        source=data["source"],
        shapes_url=reverse("directory:coverage_shapes"),
    )
