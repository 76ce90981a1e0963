"""The map's traces: points by event type with their size key and selection ring, or clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.counts import _COUNT_SCALE
from timeline.figures.map_data import Clusters, fatalities, map_customdata
from timeline.figures.text import STATUS_SYMBOLS, escape_text, type_colour, type_name

POINT_PX, MAX_POINT_PX = 11, 40
_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[4]} · %{customdata[5]}<br>%{customdata[2]}"
    "<br>%{customdata[7]}<br>{toll}Sources: %{customdata[3]}<extra></extra>"
)
_TOLL = "Fatalities: %{customdata[6]}<br>"
_CLUSTER_HOVER = "<b>%{customdata[1]} events</b> near here<br>%{customdata[2]}<extra></extra>"


def _point_traces(
    events: pd.DataFrame, lat: np.ndarray, lon: np.ndarray, selected: str | None
) -> list:
    """Points per event type (hollow when claimed or disputed), a size key, the selection ring."""
    custom = map_customdata(events)
    toll = fatalities(events).to_numpy("float64", na_value=np.nan)
    sized = bool(np.isfinite(toll).any())
    size = _sizes(toll) if sized else np.full(len(events), POINT_PX, dtype="float64")
    kinds = events[schema.EVENT_TYPE].astype("str").to_numpy(dtype=object)
    status = events[schema.STATUS].astype("str").to_numpy(dtype=object)
    hollow = np.isin(status, list(STATUS_SYMBOLS))
    traces = []
    for kind in schema.type_order(kinds):
        of_type = kinds == kind
        name, colour = type_name(kind), type_colour(kind)
        for contested in (False, True):
            mask = of_type & (hollow == contested)
            if not mask.any():
                continue
            trace = _points(lat[mask], lon[mask], custom[mask], size[mask], colour, name, sized)
            trace["showlegend"] = not (of_type & ~hollow).any() if contested else True
            traces.append(trace)
            if contested:  # a white centre: hollow, as on the timeline
                traces.append(_dots(lat[mask], lon[mask], size[mask] * 0.45, "#FFF", name))
    if hollow.any():
        traces.append(_legend_only("White centre: claimed or disputed", "#666"))
    if sized:
        traces += _size_key(toll)
    if selected is not None:
        ring = (events[schema.ID] == selected).to_numpy()
        if ring.any():
            traces.append(_dots(lat[ring], lon[ring], size[ring] + 14, "#000", "Selected"))
            traces.append(_dots(lat[ring], lon[ring], size[ring] + 7, "#FFF", "Selected"))
            colour = type_colour(str(kinds[ring][0]))
            traces.append(_dots(lat[ring], lon[ring], size[ring], colour, "Selected"))
    return traces


def _points(
    lat: np.ndarray,
    lon: np.ndarray,
    custom: np.ndarray,
    size: np.ndarray,
    colour: str,
    name: str,
    sized: bool,
) -> dict:
    """The points of one event type; hover and click read `custom` (MAP_DATA)."""
    return dict(
        type="scattermap",
        lat=lat,
        lon=lon,
        customdata=custom,
        mode="markers",
        marker={"size": size, "color": colour, "opacity": 0.9},
        name=name,
        legendgroup=name,
        hovertemplate=_HOVER.replace("{toll}", _TOLL if sized else ""),
    )


def _dots(lat: np.ndarray, lon: np.ndarray, size: np.ndarray, colour: str, group: str) -> dict:
    """Circles drawn for looks only (a hollow centre, the selection ring): no hover, no click."""
    return dict(
        type="scattermap",
        lat=lat,
        lon=lon,
        mode="markers",
        marker={"size": size, "color": colour},
        name=group,
        legendgroup=group,
        showlegend=False,
        hoverinfo="skip",
    )


def _legend_only(name: str, colour: str, *, size: float = POINT_PX) -> dict:
    """A legend entry without points (a scattermap needs one point: it is placed off the map)."""
    return dict(
        type="scattermap",
        lat=[None],
        lon=[None],
        mode="markers",
        marker={"size": size, "color": colour},
        name=escape_text(name),
        legendgroup="key",
        hoverinfo="skip",
    )


def _sizes(toll: np.ndarray) -> np.ndarray:
    """Marker diameter by fatalities, its area growing with the toll; no toll: the base size."""
    known = np.nan_to_num(toll, nan=0.0)
    return np.clip(POINT_PX + 2.5 * np.sqrt(known), POINT_PX, MAX_POINT_PX)


def _size_key(toll: np.ndarray) -> list:
    """Legend entries for no toll, round tolls below the largest in view, and the largest."""
    largest = int(np.nanmax(toll))
    steps = [n for n in (1, 10, 100, 1000, 10_000) if n < largest] + [largest] if largest else []
    key = [_legend_only("0 or not given", "#888")]
    key += [
        _legend_only(f"{n:,} {'fatality' if n == 1 else 'fatalities'}", "#888", size=_size(n))
        for n in steps
    ]
    key[0]["legendgrouptitle"] = {"text": "Size: fatalities (ACLED rows; others base size)"}
    for entry in key:
        entry["legendgroup"] = "size"
    return key


def _size(toll: int) -> float:
    return float(_sizes(np.array([toll], dtype="float64"))[0])


def _cluster_traces(clusters: Clusters) -> list:
    """One circle per cluster, sized and coloured by its count, its main event types in hover."""
    count = clusters.count.astype("float64")
    size = np.clip(8 + 4 * np.log2(count), 8, MAX_POINT_PX)
    return [
        dict(
            type="scattermap",
            lat=clusters.latitude,
            lon=clusters.longitude,
            customdata=clusters.customdata,
            mode="markers",
            marker={
                "size": size,
                "color": np.log10(count),
                "colorscale": _COUNT_SCALE,
                "opacity": 0.85,
                "colorbar": {
                    "title": {"text": "Events"},
                    "thickness": 12,
                    "tickvals": [0, 1, 2, 3, 4, 5, 6],
                    "ticktext": ["1", "10", "100", "1k", "10k", "100k", "1M"],
                },
            },
            name="Clusters",
            showlegend=False,
            hovertemplate=_CLUSTER_HOVER,
        )
    ]
