"""The map of the events in view: one point per located event, or clusters above a budget.

Drawn by Plotly's `scattermap` (MapLibre) on a style built here, with no URL in it: a sea
background, Natural Earth land and borders shipped in the package (borders.geojson, public
domain, built by scripts/borders.py), and no glyphs, sprites or tiles, so every point and border
is drawn offline. Plotly's named styles fetch their style and tiles and draw nothing offline.
Online OpenStreetMap tiles are layered in only when asked for, with their attribution.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from timeline import schema
from timeline.figures.map_data import CLUSTER_DATA, MAP_DATA, aggregate, fatalities, located
from timeline.figures.map_traces import _cluster_traces, _legend_only, _point_traces
from timeline.figures.text import TYPE_COLOURS, _note, escape_text

_NO_TEMPLATE = pio.templates["none"].to_plotly_json()
BORDERS = Path(__file__).with_name("borders.geojson")
BORDERS_CREDIT = "Borders: Natural Earth (public domain)"
ONLINE_TILES = {
    "sourcetype": "raster",
    "source": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
    "sourceattribution": "© OpenStreetMap contributors",
    "below": "borders",  # the shipped borders stay drawn over the tiles
}
POINT_BUDGET = 3000  # located events drawn one by one; above it, clusters
MAP_HEIGHT = 620
LEGEND_PX = 60  # room above the map for the legend's rows
FIT_WIDTH = 900  # px the fit assumes: the page is wider at 1440 px, so the fit has margin
_SEA, _LAND, _COAST, _BORDER = "#DCE6EE", "#F6F4EF", "#9AA7B2", "#8E8E8E"


@functools.cache
def _borders() -> dict:
    return json.loads(BORDERS.read_text(encoding="utf-8"))


def offline_style() -> dict:
    """A MapLibre style of sea, land and borders with its data inline: no URL, nothing fetched.

    No symbol layer, so no glyphs or sprite are needed (MapLibre fetches those for text).
    """
    kind = ["get", "kind"]
    return {
        "version": 8,
        "name": "timeline offline",
        "sources": {
            "natural-earth": {
                "type": "geojson",
                "data": _borders(),
                "attribution": BORDERS_CREDIT,
            }
        },
        "layers": [
            {"id": "sea", "type": "background", "paint": {"background-color": _SEA}},
            {
                "id": "land",
                "type": "fill",
                "source": "natural-earth",
                "filter": ["==", kind, "land"],
                "paint": {"fill-color": _LAND},
            },
            {
                "id": "coast",
                "type": "line",
                "source": "natural-earth",
                "filter": ["==", kind, "land"],
                "paint": {"line-color": _COAST, "line-width": 0.7},
            },
            {
                "id": "borders",
                "type": "line",
                "source": "natural-earth",
                "filter": ["==", kind, "border"],
                "paint": {"line-color": _BORDER, "line-width": 0.9, "line-dasharray": [3, 2]},
            },
        ],
    }


def map_figure(
    events: pd.DataFrame,
    *,
    missing: int = 0,
    selected: str | None = None,
    point_budget: int = POINT_BUDGET,
    online_tiles: bool = False,
    height: int = MAP_HEIGHT,
    title: str | None = None,
) -> go.Figure:
    """The events in view with coordinates, coloured by type, fitted to them; clusters above
    `point_budget` located events.

    Events without coordinates are not drawn, and a note on the map counts them with the
    `missing` ones the caller left out of `events`. ACLED rows, whose fatalities the import
    keeps in the description, are sized by them, with a size key. Clusters need only the
    coordinates and event type of `events`.
    """
    where = located(events)
    total, placed = len(events) + missing, int(where.sum())
    notes = []
    if placed < total:
        notes.append(f"{total - placed:,} of {total:,} events in view have no coordinates")
    lat = events[schema.LATITUDE].to_numpy("float64", na_value=np.nan)[where]
    lon = events[schema.LONGITUDE].to_numpy("float64", na_value=np.nan)[where]
    if placed > point_budget:
        clusters = aggregate(lat, lon, events[schema.EVENT_TYPE][where], point_budget)
        traces = _cluster_traces(clusters)
        notes.append(
            f"{placed:,} located events — shown as {len(clusters.count):,} clusters of nearby "
            f"events ({clusters.cell:g}° grid); narrow the filters to see and select each event"
        )
    elif placed:
        traces = _point_traces(events[where], lat, lon, selected)
    else:
        traces = [_legend_only("No event in view has coordinates", "#999")]
    legend = any(trace.get("showlegend", True) for trace in traces)  # clusters: a colour bar
    center, zoom = fit(lat, lon, height=height)
    layout = {
        "template": _NO_TEMPLATE,  # a dict: unvalidated, a name would stay a string
        "height": height,
        "margin": {
            "l": 0,
            "r": 0,
            "t": (LEGEND_PX if legend else 10) + (30 if title else 0),
            "b": 0,
        },
        "title": {"text": escape_text(title), "x": 0, "xanchor": "left"} if title else None,
        "map": {
            "style": offline_style(),
            "center": {"lat": center[0], "lon": center[1]},
            "zoom": zoom,
            "layers": [ONLINE_TILES] if online_tiles else [],
        },
        # A new fit (other filters) refits the map; a selection keeps the analyst's pan and zoom.
        "uirevision": f"{center[0]:.3f},{center[1]:.3f},{zoom:.2f}",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#FFF"},
        # Above the map, across it: inside the map it hid the points under it.
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "font": {"size": 11},
            "itemsizing": "trace",
            "tracegroupgap": 8,
        },
        # Down the right edge: across the top it covered the legend's last entries.
        "modebar": {"orientation": "v"},
        "annotations": [_map_note("; ".join(notes))] if notes else [],
    }
    # Built from known keys: per-property validation, a deep copy of the borders each time, is
    # skipped (0.28 -> 0.03 s a build); the tests validate the same figures.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _map_note(text: str) -> dict:
    """The figure's note in the map's top-left corner (the attribution takes the bottom right)."""
    return {**_note(text), "x": 0, "xanchor": "left", "y": 1, "yanchor": "top"}


def fit(
    lat: np.ndarray, lon: np.ndarray, *, height: int = MAP_HEIGHT, width: int = FIT_WIDTH
) -> tuple[tuple[float, float], float]:
    """Centre (lat, lon) and zoom that show every point, in web-Mercator as MapLibre draws it."""
    if not len(lat):
        return (20.0, 20.0), 0.6
    x = (lon + 180) / 360
    y = _mercator_y(np.clip(lat, -85, 85))
    span_x, span_y = max(float(np.ptp(x)), 1e-9), max(float(np.ptp(y)), 1e-9)
    # MapLibre's world is 512 px wide at zoom 0; keep a fifth of the map free around the points.
    zoom = math.log2(min(0.8 * width / (512 * span_x), 0.8 * height / (512 * span_y)))
    middle_y = (float(y.min()) + float(y.max())) / 2
    centre_lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * middle_y))))
    centre_lon = (float(lon.min()) + float(lon.max())) / 2
    return (round(centre_lat, 4), round(centre_lon, 4)), round(min(max(zoom, 0.3), 7.0), 2)


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    """Web-Mercator y from 0 (north) to 1 (south)."""
    phi = np.radians(lat)
    return (1 - np.log(np.tan(phi) + 1 / np.cos(phi)) / np.pi) / 2


__all__ = [
    "BORDERS",
    "CLUSTER_DATA",
    "MAP_DATA",
    "ONLINE_TILES",
    "POINT_BUDGET",
    "TYPE_COLOURS",
    "aggregate",
    "fatalities",
    "fit",
    "located",
    "map_figure",
    "offline_style",
]
