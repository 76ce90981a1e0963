"""Periods (a war, its truces) as bands behind the lanes, each named on the chart above its band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.layout import ASSUMED_PLOT_PX, AXIS_PX, CHAR_PX, ERA_TIER_PX
from timeline.figures.palette import ERA_FILLS, ERA_LINE
from timeline.figures.text import escape_text, label

MAX_TIERS = 3  # rows of labels; a label that fits none is cut to fit
NARROW = 0.02  # of the window: a band this narrow gets an outline, so a one-day truce shows
MIN_LABEL_CHARS = 8
GAP_PX = 6  # between two labels in a row


def _era_marks(
    eras: pd.DataFrame | None, window: tuple[pd.Timestamp, pd.Timestamp]
) -> tuple[list[dict], list[dict], int]:
    """A band per era (shapes), a label above each (annotations), and the rows of labels used.

    Eras nest (truces inside a war) and can be a day wide, so labels are stacked in rows above
    the dates: each starts where its band starts, or ends where it ends, wherever its row is
    free; a label that fits no row is cut to the room it has. Its hover has the full name.
    """
    if eras is None or eras.empty:
        return [], [], 0
    first, last = (int(day.value // 1_000_000) for day in window)
    start = eras[schema.START].to_numpy("datetime64[ms]").astype("int64")
    end = eras[schema.END].to_numpy("datetime64[ms]").astype("int64")
    names = eras[schema.TITLE].astype("str").tolist()
    written = (eras[schema.DATE] + " – " + eras[schema.END_DATE]).tolist()
    px_per_ms = ASSUMED_PLOT_PX / max(last - first, 1)
    shapes, labels, named = [], [], []
    rows: list[list[list]] = []  # per row of labels: [left px, right px, label index]
    for number, era in enumerate(np.argsort(start, kind="stable")):
        fill = ERA_FILLS[number % len(ERA_FILLS)]
        narrow = (end[era] - start[era]) < NARROW * (last - first)
        shapes.append(_band(start[era], end[era], fill, narrow))
        if end[era] <= first or start[era] >= last:
            continue  # outside the window: shaded if panned to, not labelled
        left = (max(start[era], first) - first) * px_per_ms
        right = (min(end[era], last) - first) * px_per_ms
        text = label(names[era], 48)
        row, anchor = _free_row(rows, left, right, _width(text))
        if row is None:  # no row has room: cut the label in its way, then this one to fit
            row, anchor = _make_room(rows, labels, named, left), "left"
            room = min(_room(rows[row], left), _width(text))
            text = label(names[era], max(MIN_LABEL_CHARS, int((room - 10 - GAP_PX) / CHAR_PX)))
        width = _width(text)
        x0 = left if anchor == "left" else right - width
        rows[row].append([x0, x0 + width, len(labels)])
        x = max(start[era], first) if anchor == "left" else min(end[era], last)
        hover = f"{escape_text(names[era])}<br>{escape_text(written[era])}"
        labels.append(_label(x, anchor, text, row, fill, hover))
        named.append(names[era])
    return shapes, labels, len(rows)


def _free_row(rows: list[list[list]], left: float, right: float, width: float) -> tuple:
    """The first row (a new one while there are fewer than MAX_TIERS) where a label fits whole
    starting at its band's start, else ending at its band's end; (None, "") if none has room."""
    candidates = [*rows, []] if len(rows) < MAX_TIERS else rows
    for anchor, (x0, x1) in (("left", (left, left + width)), ("right", (right - width, right))):
        for number, row in enumerate(candidates):
            if x0 >= 0 and all(x1 + GAP_PX <= a or x0 >= b + GAP_PX for a, b, _ in row):
                if number == len(rows):
                    rows.append(row)
                return number, anchor
    return None, ""


def _make_room(rows: list[list[list]], labels: list[dict], names: list[str], left: float) -> int:
    """A row with room for at least a cut label from `left`: the roomiest, or else the row
    whose label covering `left` started earliest, that label cut to end before `left`."""
    room = [_room(row, left) for row in rows]
    if max(room) >= _width("x" * MIN_LABEL_CHARS) + GAP_PX:
        return int(np.argmax(room))
    covering = [
        (taken[0], number, taken)
        for number, row in enumerate(rows)
        for taken in row
        if taken[0] <= left < taken[1] + GAP_PX and labels[taken[2]]["xanchor"] == "left"
    ]
    if not covering:
        return int(np.argmax(room))
    _, number, taken = min(covering, key=lambda found: found[0])
    chars = max(MIN_LABEL_CHARS, int((left - taken[0] - 10 - 2 * GAP_PX) / CHAR_PX))
    labels[taken[2]]["text"] = label(names[taken[2]], chars)
    taken[1] = taken[0] + _width(labels[taken[2]]["text"])
    return number


def _room(row: list[list], left: float) -> float:
    """Free px in `row` from `left` to the next label; none if a label covers `left`."""
    if any(a <= left < b + GAP_PX for a, b, _ in row):
        return 0.0
    return min([a for a, _, _ in row if a > left] or [np.inf]) - left


def _width(text: str) -> float:
    return 10 + CHAR_PX * len(text)


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


def _label(x: int, anchor: str, text: str, row: int, fill: str, hover: str) -> dict:
    return {
        "text": text,
        "hovertext": hover,
        "xref": "x",
        "yref": "paper",
        "x": _iso(x),
        "y": 1,
        "xanchor": anchor,
        "yanchor": "bottom",
        "yshift": AXIS_PX + ERA_TIER_PX * row,  # above the dates
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
