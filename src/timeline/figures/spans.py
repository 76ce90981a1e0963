"""What is drawn around the markers: date spans, connectors, date qualifiers and the legend key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.text import FILLED, STATUS_SYMBOLS, escape_text

_INVISIBLE = {"opacity": 0, "size": 1}  # markers that only carry error bars


def _legend_entry(
    name: str, group: str, marker: dict | None = None, line: dict | None = None
) -> dict:
    """A data-less trace that only draws a legend item (the real traces hide theirs)."""
    return dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="markers" if marker else "lines",
        marker={"size": 10, **(marker or {})},
        line=line,
        name=name,
        legendgroup=group,
        hoverinfo="skip",
    )


def _spans(
    middle: np.ndarray, half: np.ndarray, lane: np.ndarray, colour: str, name: str, bar: bool
) -> dict:
    """Error bars over start→end per lane: a thick bar for a date range, a capped whisker for a
    month, year or ~ date. Error bars carry one number per span instead of a drawn segment."""
    return dict(
        type="scatter",
        x=middle,
        y=lane,
        mode="markers",
        marker=_INVISIBLE,
        error_x={
            "type": "data",
            "symmetric": True,
            "array": half.astype("float32"),
            "color": colour,
            "thickness": 8 if bar else 1.5,
            "width": 0 if bar else 4,
        },
        opacity=0.5 if bar else 1.0,
        name=name,
        legendgroup=name,
        showlegend=False,
        hoverinfo="skip",
    )


def _key_traces(status: np.ndarray, bars: bool, whiskers: bool) -> list:
    """Legend items explaining claim status and span styles, for what the figure shows."""
    present = set(status)
    key = []
    if present - set(STATUS_SYMBOLS):
        key.append((f"{schema.STATUSES['confirmed']} or not stated", FILLED))
    key += [(schema.STATUSES[s], symbol) for s, symbol in STATUS_SYMBOLS.items() if s in present]
    entries = [
        _legend_entry(escape_text(name), "key", {"color": "#666", "symbol": symbol})
        for name, symbol in key
    ]
    if bars:
        entries.append(
            _legend_entry(
                "Date range (date to end_date)", "key", line={"color": "#666", "width": 8}
            )
        )
    if whiskers:
        entries.append(
            _legend_entry(
                "Month, year or ~ date: the span it covers",
                "key",
                line={"color": "#666", "width": 1.5},
            )
        )
    if entries:
        entries[0]["legendgrouptitle"] = {"text": "Key"}
    return entries


def _connectors(middle: np.ndarray, row: np.ndarray, lane: np.ndarray) -> list:
    """A thin vertical line from the top to the bottom lane of each event on several lanes."""
    reach = pd.DataFrame({"row": row, "lane": lane}).groupby("row")["lane"].agg(["min", "max"])
    reach = reach[reach["min"] < reach["max"]]
    if reach.empty:
        return []
    top = reach["min"].to_numpy()
    name = "One event, several actors"
    return [
        _legend_entry(name, "connectors", line={"color": "#888", "width": 1}),
        dict(
            type="scatter",
            x=middle[reach.index.to_numpy()],
            y=top,
            mode="markers",
            marker=_INVISIBLE,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": reach["max"].to_numpy() - top,  # down the reversed lane axis
                "arrayminus": np.zeros_like(top),
                "color": "#888",
                "thickness": 1,
                "width": 0,
            },
            name=name,
            legendgroup="connectors",
            showlegend=False,
            hoverinfo="skip",
        ),
    ]


def _qualifiers(shown: pd.DataFrame, row: np.ndarray, x: np.ndarray, lane: np.ndarray) -> list:
    """'~' (approximate) and '?' (uncertain) beside markers, as the data writes them."""
    approximate = shown[schema.APPROXIMATE].to_numpy(dtype=bool)[row]
    uncertain = shown[schema.UNCERTAIN].to_numpy(dtype=bool)[row]
    marked = approximate | uncertain
    if not marked.any():
        return []
    text = np.where(approximate & uncertain, "~?", np.where(approximate, "~", "?"))
    return [
        dict(
            type="scatter",
            x=x[marked],
            y=lane[marked],
            text=text[marked],
            mode="text",
            textposition="top right",
            textfont={"size": 13, "color": "#333"},
            name="~ approximate, ? uncertain date",
            legendgroup="qualifiers",
            hoverinfo="skip",
        )
    ]
