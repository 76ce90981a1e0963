"""scripts/borders.py: Natural Earth TopoJSON (world-atlas) to the map's shipped GeoJSON."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "borders.py"
_spec = importlib.util.spec_from_file_location("borders_script", SCRIPT)
borders = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = borders
_spec.loader.exec_module(borders)

#: Two square countries side by side sharing one edge (arc 1), quantized on a 1-degree grid, and
#: a third country across the antimeridian; arcs are delta-encoded as TopoJSON stores them.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "arcs": [
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # west country's outer edge: (1,0)-(0,0)-(0,1)-(1,1)
        [[1, 1], [0, -1]],  # the shared edge (1,1)-(1,0)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # east country's outer edge: (1,0)-(2,0)-(2,1)-(1,1)
        [[179, 10], [1, 0], [-359, 0], [1, 0], [0, 1], [-1, 0], [359, 0], [-1, 0], [0, -1]],
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]]},
                {"type": "Polygon", "arcs": [[2, ~1]]},
                {"type": "Polygon", "arcs": [[3]]},
            ],
        },
        "land": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "MultiPolygon", "arcs": [[[0, 2]], [[3]]]},
            ],
        },
    },
}


def test_arcs_are_decoded_from_deltas_and_the_transform():
    arcs = borders.decode_arcs(TOPOLOGY)
    assert arcs[0] == [(1, 0), (0, 0), (0, 1), (1, 1)]
    assert arcs[1] == [(1, 1), (1, 0)]


def test_borders_are_the_arcs_two_countries_share_and_land_is_filled():
    collection = borders.convert(TOPOLOGY)
    land, border = collection["features"]
    assert land["properties"] == {"kind": "land"}
    assert border["geometry"]["coordinates"] == [[[1, 1], [1, 0]]]
    assert json.loads(json.dumps(collection)) == collection  # plain JSON, as shipped


def test_a_ring_across_the_antimeridian_continues_past_180_instead_of_crossing_the_map():
    land = borders.convert(TOPOLOGY)["features"][0]["geometry"]["coordinates"]
    ring = land[1][0]
    longitudes = [point[0] for point in ring]
    assert max(longitudes) > 180 and min(longitudes) >= 179
    assert ring[0] == ring[-1]


def test_the_shipped_file_is_what_the_script_writes():
    shipped = json.loads((SCRIPT.parents[1] / "src/timeline/figures/borders.geojson").read_text())
    assert [f["properties"]["kind"] for f in shipped["features"]] == ["land", "border"]
    for feature in shipped["features"]:
        for point in _points(feature["geometry"]["coordinates"]):
            assert point == [round(value, borders.DIGITS) for value in point]


def _points(nested):
    if nested and isinstance(nested[0], int | float):
        yield nested
        return
    for part in nested:
        yield from _points(part)
