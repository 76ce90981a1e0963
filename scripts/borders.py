"""Build the map's shipped borders file from Natural Earth via the npm package `world-atlas`.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    uv run python scripts/borders.py package/countries-110m.json

writes src/timeline/figures/borders.geojson: land as polygons (to fill) and the borders between
countries as lines, coordinates rounded to 0.01° (about 1 km, far below the 1:110m scale's own
error). Natural Earth is public domain; world-atlas (ISC licence) only converts it to TopoJSON.
Run once; the output is committed, so nothing is fetched when the app or its tests run.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "timeline" / "figures" / "borders.geojson"
DIGITS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (lon, lat) points: TopoJSON stores them quantized and delta-encoded."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((round(x * kx + dx, DIGITS), round(y * ky + dy, DIGITS)))
        arcs.append(_without_repeats(points))
    return arcs


def _without_repeats(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = points[:1]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


def _arc(arcs: list, index: int) -> list[tuple[float, float]]:
    return arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i walked backwards


def _ring(arcs: list, indexes: list[int]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = _arc(arcs, index)
        points.extend(arc if not points else arc[1:])  # consecutive arcs share an end point
    return [list(point) for point in points]


def _unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """A ring crossing the antimeridian continued past ±180° instead of jumping across the map.

    MapLibre would otherwise fill a band across the whole world between the jumps. A ring going
    round the pole (Antarctica) does not close when unwrapped and is left as it is.
    """
    out, shift = [list(ring[0])], 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(ring):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append([round(x1 + shift, DIGITS), y1])
    return out if out[0] == out[-1] else ring


def _polygons(geometry: dict, arcs: list) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    polygons = []
    for rings in parts:
        drawn = [_unwrapped(_ring(arcs, ring)) for ring in rings]
        if len(drawn[0]) >= 4:  # a ring rounded away to a point is dropped
            polygons.append([ring for ring in drawn if len(ring) >= 4])
    return polygons


def _shared_arcs(geometries: list[dict]) -> list[int]:
    """Arcs used by two countries: the borders between them (coastlines are used once)."""
    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(geometries):
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
        for rings in parts:
            for ring in rings:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(number)
    return sorted(index for index, who in users.items() if len(who) > 1)


def convert(topology: dict) -> dict:
    """A GeoJSON FeatureCollection: one land MultiPolygon, one borders MultiLineString."""
    arcs = decode_arcs(topology)
    land = [
        polygon
        for geometry in topology["objects"]["land"]["geometries"]
        for polygon in _polygons(geometry, arcs)
    ]
    countries = topology["objects"]["countries"]["geometries"]
    borders = [[list(p) for p in arcs[i]] for i in _shared_arcs(countries) if len(arcs[i]) > 1]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "land"},
                "geometry": {"type": "MultiPolygon", "coordinates": land},
            },
            {
                "type": "Feature",
                "properties": {"kind": "border"},
                "geometry": {"type": "MultiLineString", "coordinates": borders},
            },
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    collection = convert(json.loads(arguments.topojson.read_text()))
    arguments.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    print(f"{arguments.out}: {arguments.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
