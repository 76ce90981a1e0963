"""Periods (a war, its truces) as bands behind the lanes, each named on the chart above its band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.layout import ASSUMED_PLOT_PX, CHAR_PX, ERA_TIER_PX
from timeline.figures.palette import ERA_FILLS, ERA_LINE
from timeline.figures.text import escape_text, label

MAX_TIERS = 4  # rows of labels; a label that fits none is shortened to fit
NARROW = 0.02  # of the window: a band this narrow gets an outline, so a one-day truce shows
MIN_LABEL_CHARS = 8


def _era_marks(
    eras: pd.DataFrame | None, window: tuple[pd.Timestamp, pd.Timestamp]
) -> tuple[list[dict], list[dict], int]:
    """A band per era (shapes), a label above each (annotations), and the rows of labels used.

    Eras nest (truces inside a war) and can be a day wide, so labels are stacked in rows above
    the plot, each starting where its band starts (or at the window's left edge); a label that
    would overlap its row's last one is cut to fit, its full name and dates in its hover.
    """
    if eras is None or eras.empty:
        return [], [], 0
    first, last = (int(day.value // 1_000_000) for day in window)
    start = eras[schema.START].to_numpy("datetime64[ms]").astype("int64")
    end = eras[schema.END].to_numpy("datetime64[ms]").astype("int64")
    names = eras[schema.TITLE].astype("str").tolist()
    written = (eras[schema.DATE] + " – " + eras[schema.END_DATE]).tolist()
    order = np.argsort(start, kind="stable")
    px_per_ms = ASSUMED_PLOT_PX / max(last - first, 1)
    shapes, labels, named = [], [], []
    tiers: list[tuple[int, float]] = []  # per row: its last label's index and right edge (px)
    for number, era in enumerate(order):
        fill = ERA_FILLS[number % len(ERA_FILLS)]
        narrow = (end[era] - start[era]) < NARROW * (last - first)
        shapes.append(_band(start[era], end[era], fill, narrow))
        if end[era] <= first or start[era] >= last:
            continue  # outside the window: shaded if panned to, not labelled
        left = (max(start[era], first) - first) * px_per_ms
        text = label(names[era], 48)
        width = _width(text)
        free = [row for row, (_, right) in enumerate(tiers) if right <= left]
        if free:
            row = free[0]
        elif len(tiers) < MAX_TIERS:
            row = len(tiers)
            tiers.append((-1, 0.0))
        else:
            row = int(np.argmin([right for _, right in tiers]))
            _shorten(labels, named, tiers[row], left)
        tiers[row] = (len(labels), left + width)
        hover = f"{escape_text(names[era])}<br>{escape_text(written[era])}"
        labels.append(_label(max(start[era], first), text, row, fill, hover))
        named.append(names[era])
    return shapes, labels, len(tiers)


def _width(text: str) -> float:
    return 10 + CHAR_PX * len(text)


def _shorten(labels: list[dict], names: list[str], last: tuple[int, float], left: float) -> None:
    """Cut a row's `last` (label index, right edge) so that it ends before `left` (px)."""
    index, right = last
    if index < 0:
        return
    start = right - _width(labels[index]["text"])
    chars = max(MIN_LABEL_CHARS, int((left - start - 14) / CHAR_PX))
    labels[index]["text"] = label(names[index], chars)


def _band(x0: int, x1: int, fill: str, narrow: bool) -> dict:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": _iso(x0),
        "x1": _iso(x1),
        "y0": 0,
        "y1": 1,
        "fillcolor": fill,
        "line": {"width": 1, "color": ERA_LINE} if narrow else {"width": 0},
        "layer": "below",
    }


def _label(x: int, text: str, row: int, fill: str, hover: str) -> dict:
    return {
        "text": text,
        "hovertext": hover,
        "xref": "x",
        "yref": "paper",
        "x": _iso(x),
        "y": 1,
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": 3 + ERA_TIER_PX * row,
        "showarrow": False,
        "font": {"size": 11, "color": "#222"},
        "bgcolor": fill.rsplit(",", 1)[0] + ", 0.35)",
        "bordercolor": ERA_LINE,
        "borderwidth": 0.5,
        "borderpad": 1,
    }


def _iso(ms: int) -> str:
    """An ISO date, or date and time when `ms` is not a midnight."""
    unit = "D" if ms % 86_400_000 == 0 else "s"
    return np.datetime_as_string(np.datetime64(int(ms), "ms"), unit=unit)
