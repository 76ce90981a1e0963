"""Counts per lane and time bucket, shown instead of markers above the point budget."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.text import _DAY_MS, MAX_BUCKETS, _ms, escape_text

_UNITS = ("day", "week", "month", "year")
_HOVER_DATE = {"day": "%d %b %Y", "week": "week %V of %G", "month": "%b %Y", "year": "%Y"}
_COUNT_SCALE = [[0.0, "#C6DBEF"], [0.5, "#4292C6"], [1.0, "#08306B"]]  # ColorBrewer Blues


def _unit_index(ms: np.ndarray, unit: str) -> np.ndarray:
    """Which day, Monday-week, month or year since 1970 each instant falls in."""
    if unit == "day":
        return ms // _DAY_MS
    if unit == "week":
        return (ms // _DAY_MS + 3) // 7  # 1970-01-01 was a Thursday
    calendar = "datetime64[M]" if unit == "month" else "datetime64[Y]"
    day = ms // _DAY_MS
    first, last = (int(day.min()), int(day.max())) if len(day) else (0, -1)
    if last - first > len(day):  # few instants over a long span: convert each
        return ms.astype("datetime64[ms]").astype(calendar).astype("int64")
    # Calendar arithmetic once per day in the span, then a lookup: 7x faster at 1e6 placements.
    table = np.arange(first, last + 1).astype("datetime64[D]").astype(calendar).astype("int64")
    return table[day - first]


def _unit_start(index: np.ndarray, unit: str) -> np.ndarray:
    """First instant (epoch ms) of each day, week, month or year index."""
    if unit == "day":
        return index * _DAY_MS
    if unit == "week":
        return (index * 7 - 3) * _DAY_MS
    calendar = "datetime64[M]" if unit == "month" else "datetime64[Y]"
    return index.astype(calendar).astype("datetime64[ms]").astype("int64")


def _density_traces(
    events: pd.DataFrame, positions: np.ndarray, lane: np.ndarray, lanes: list[str]
) -> tuple[list, str]:
    """Counts per lane and time bucket (the finest of day/week/month/year giving ≤ MAX_BUCKETS)."""
    start = _ms(events[schema.START])[positions]
    bounds = np.array([start.min(), start.max()])
    for unit in _UNITS:
        first, last = _unit_index(bounds, unit)
        if last - first < MAX_BUCKETS:
            break
    step = -(-(last - first + 1) // MAX_BUCKETS)  # > 1 only for years, beyond 400 of them
    width = (last - first) // step + 1
    bucket = (_unit_index(start, unit) - first) // step
    counts = np.bincount(lane.astype("int64") * width + bucket, minlength=len(lanes) * width)
    counts = counts.reshape(len(lanes), width).astype("float64")
    counts[counts == 0] = np.nan  # empty cells stay blank
    edges = _unit_start(first + step * np.arange(width + 1), unit).astype("float64")
    per = unit if step == 1 else f"{step} years"
    shown = int(np.count_nonzero(np.bincount(positions, minlength=len(events))))
    heatmap = dict(
        type="heatmap",
        z=counts,
        x=edges,
        y=[escape_text(name) for name in lanes],
        colorscale=_COUNT_SCALE,
        hoverongaps=False,
        ygap=2,
        colorbar={"title": {"text": "Events"}, "thickness": 12},
        hovertemplate="%{y}<br>%{x|" + _HOVER_DATE[unit] + "}: %{z:,} events<extra></extra>",
    )
    note = (
        f"{shown:,} events — showing counts per {per}; "
        "narrow the dates or actors to see individual events"
    )
    return [heatmap], note
