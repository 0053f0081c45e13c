"""Turn world-atlas's countries-110m.json (TopoJSON) into world-110m.json: one SVG path
per ISO 3166-1 alpha-2 code, equirectangular, Antarctica left out.

Run once by hand when the source changes (it is not needed at run time):
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python build_world_map.py package/countries-110m.json > world-110m.json
"""

import itertools
import json
import sys

import pycountry

SCALE = 2.5  # pixels per degree
NORTH, SOUTH = 84.0, -58.0


def main(path: str) -> None:
    topo = json.load(open(path, encoding="utf-8"))  # noqa: SIM115 - a one-off script
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon, lat = x * sx + tx, y * sy + ty
            points.append((round((lon + 180) * SCALE), round((NORTH - max(lat, SOUTH)) * SCALE)))
        arcs.append(points)

    width = round(360 * SCALE)

    def ring(indexes: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            out.extend(pts if not out else pts[1:])
        # A ring crossing the antimeridian (Russia, Fiji) jumps across the whole map: keep
        # it continuous instead, running past the edge, where the SVG viewport clips it.
        shift = 0
        fixed = out[:1]
        for (x0, _y0), (x1, y1) in itertools.pairwise(out):
            if x1 - x0 > width / 2:
                shift -= width
            elif x0 - x1 > width / 2:
                shift += width
            fixed.append((x1 + shift, y1))
        return fixed

    def path_of(rings: list[list[int]]) -> str:
        parts = []
        for r in rings:
            pts = ring(r)
            dedup = [pts[0]] + [p for prev, p in itertools.pairwise(pts) if p != prev]
            if len(dedup) < 3:
                continue
            x0, y0 = dedup[0]
            cmd = [f"M{x0} {y0}"]
            px, py = x0, y0
            rel = []
            for x, y in dedup[1:]:
                rel.append(f"{x - px} {y - py}")
                px, py = x, y
            cmd.append("l" + " ".join(rel) + "z")
            parts.append("".join(cmd))
        return "".join(parts)

    shapes: dict[str, str] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        numeric = geom.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is None or country.alpha_2 == "AQ":
            continue
        polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        d = "".join(path_of(p) for p in polys)
        if d:
            shapes[country.alpha_2] = shapes.get(country.alpha_2, "") + d
    out = {
        "source": "world-atlas 2.0.2 (npm), countries-110m.json, derived from Natural Earth "
        "(public domain); world-atlas is ISC-licensed, Copyright 2013-2019 Michael Bostock. "
        "Equirectangular projection, Antarctica left out.",
        "width": round(360 * SCALE),
        "height": round((NORTH - SOUTH) * SCALE),
        "shapes": dict(sorted(shapes.items())),
    }
    json.dump(out, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
