"""Counts per lane and time bucket, shown instead of markers above the point budget."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, eq=False)
class Grid:
    """Events per lane and time bucket: what the count view draws, whichever engine counted."""

    z: np.ndarray  # lanes x buckets, float, NaN where empty
    edges: np.ndarray  # bucket edges, epoch ms, one more than buckets
    unit: str  # day, week, month or year
    step: int  # units per bucket (> 1 only for years, beyond 400 of them)
    shown: int  # distinct events counted

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Grid)
            and (self.unit, self.step, self.shown) == (other.unit, other.step, other.shown)
            and np.array_equal(self.z, other.z, equal_nan=True)
            and np.array_equal(self.edges, other.edges)
        )


def bucketing(first_ms: int, last_ms: int) -> tuple[str, int, int, int]:
    """(unit, first unit index, units per bucket, buckets): the finest giving ≤ MAX_BUCKETS."""
    bounds = np.array([first_ms, last_ms], dtype="int64")
    for unit in _UNITS:
        first, last = _unit_index(bounds, unit)
        if last - first < MAX_BUCKETS:
            break
    step = -(-(last - first + 1) // MAX_BUCKETS)
    return unit, int(first), int(step), int((last - first) // step + 1)


def count_grid(
    lane: np.ndarray,
    start_ms: np.ndarray,
    count: np.ndarray,
    lanes: int,
    shown: int,
    *,
    span: tuple[int, int] | None = None,
    unit: str | None = None,
) -> Grid:
    """Add `count` placements at each (lane, start) into buckets (see `bucketing`).

    `start_ms` may be the placements' own starts (count 1 each) or, from a database, the first
    instant of the `unit` each group of them falls in, with `span` the placements' first and
    last start.
    """
    low, high = span if span is not None else (int(start_ms.min()), int(start_ms.max()))
    chosen, first, step, width = bucketing(low, high)
    if unit is not None and unit != chosen:
        raise ValueError(f"counted per {unit}, but {chosen} buckets are needed")
    bucket = (_unit_index(start_ms.astype("int64"), chosen) - first) // step
    cells = lane.astype("int64") * width + bucket
    z = np.bincount(cells, weights=count, minlength=lanes * width).reshape(lanes, width)
    z = z.astype("float64")
    z[z == 0] = np.nan  # empty cells stay blank
    edges = _unit_start(first + step * np.arange(width + 1), chosen).astype("float64")
    return Grid(z, edges, chosen, step, shown)


def _density_traces(
    events: pd.DataFrame, positions: np.ndarray, lane: np.ndarray, lanes: list[str]
) -> tuple[list, str]:
    """Counts per lane and time bucket (the finest of day/week/month/year giving ≤ MAX_BUCKETS)."""
    start = _ms(events[schema.START])[positions]
    shown = int(np.count_nonzero(np.bincount(positions, minlength=len(events))))
    grid = count_grid(lane, start, np.ones(len(start)), len(lanes), shown)
    return grid_traces(grid, lanes)


def grid_traces(grid: Grid, lanes: list[str]) -> tuple[list, str]:
    """The heatmap of a count grid, and the note saying what it summarises."""
    unit, step = grid.unit, grid.step
    per = unit if step == 1 else f"{step} years"
    heatmap = dict(
        type="heatmap",
        z=grid.z,
        x=grid.edges,
        y=[escape_text(name) for name in lanes],
        colorscale=_COUNT_SCALE,
        hoverongaps=False,
        ygap=2,
        colorbar={"title": {"text": "Events"}, "thickness": 12},
        hovertemplate="%{y}<br>%{x|" + _HOVER_DATE[unit] + "}: %{z:,} events<extra></extra>",
    )
    note = (
        f"{grid.shown:,} events — showing counts per {per}; "
        "narrow the dates or actors to see individual events"
    )
    return [heatmap], note
