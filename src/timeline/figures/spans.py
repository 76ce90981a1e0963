"""What is drawn besides exact-day markers: span bars, their key, and connectors across lanes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.text import STATUS_SYMBOLS, escape_text

_INVISIBLE = {"opacity": 0, "size": 1}  # markers that only carry error bars
SPAN_WIDTH = 0.5  # a span bar's thickness, in lanes
KEY_GREY = "#555555"
RANGE_KEY = "Date range"
HATCHED_KEY = "Month, year or approximate date"
CONNECTOR_KEY = "One event, several actors"
HATCH = "/"

_SPAN_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[4]}<br>%{customdata[2]}<br>%{customdata[5]}"
    "<br>Sources: %{customdata[3]}"
)


def _spans(
    start: np.ndarray,
    end: np.ndarray,
    lane: np.ndarray,
    hatched: np.ndarray,
    custom: np.ndarray,
    colour: str,
    name: str,
) -> dict:
    """Bars from each span's start to its exclusive end on its lane, solid for a date range,
    hatched for a month, a year or a ~ or ? date (the event happened somewhere in it).

    `base` is the start and x the length in milliseconds: on a date axis plotly.js draws such
    a bar over exactly that interval, in SVG, in the offline HTML and in the PNG.
    """
    return dict(
        type="bar",
        orientation="h",
        base=start.astype("float64"),
        x=(end - start).astype("float64"),
        y=lane,
        width=SPAN_WIDTH,
        customdata=custom,
        marker={
            "color": colour,
            "opacity": 0.85,
            # The outline: a span too short to see at this zoom still draws its edge.
            "line": {"width": 1, "color": colour},
            "pattern": {
                "shape": np.where(hatched, HATCH, "").tolist(),
                "fillmode": "replace",
                "size": 6,
                "solidity": 0.35,
            },
        },
        hovertemplate=_SPAN_HOVER,
        name=name,
        legendgroup=name,
        showlegend=False,
    )


def _contested_spans(
    middle: np.ndarray, lane: np.ndarray, status: np.ndarray, colours: np.ndarray
) -> dict:
    """The claim-status symbol on each claimed or disputed span, at its middle; the bar hovers."""
    return dict(
        type="scatter",
        x=middle,
        y=lane,
        mode="markers",
        marker={
            "symbol": [STATUS_SYMBOLS[s] for s in status],
            "color": colours.tolist(),
            "size": 10,
            "line": {"width": 2, "color": colours.tolist()},
        },
        name="Status of a span",
        showlegend=False,
        hoverinfo="skip",
    )


def _short_status(status: str) -> str:
    """A status label without its explanation in brackets, for the one-row key."""
    return schema.STATUSES[status].split(" (")[0]


def _key_traces(status: np.ndarray, ranged: np.ndarray, hatched: np.ndarray) -> list:
    """Legend items explaining the marks the figure shows: hollow status symbols, span styles."""
    present = set(status)  # a filled mark (confirmed or not stated) needs no explaining
    key = [(_short_status(s), symbol) for s, symbol in STATUS_SYMBOLS.items() if s in present]
    entries = [
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="markers",
            marker={"size": 10, "color": KEY_GREY, "symbol": symbol, "line": {"width": 2}},
            name=escape_text(name),
            hoverinfo="skip",
        )
        for name, symbol in key
    ]
    for present_, name, shape in ((ranged, RANGE_KEY, ""), (hatched, HATCHED_KEY, HATCH)):
        if np.any(present_):
            entries.append(
                dict(
                    type="bar",
                    orientation="h",
                    x=[None],
                    y=[None],
                    marker={
                        "color": KEY_GREY,
                        "line": {"width": 1, "color": KEY_GREY},
                        "pattern": {"shape": shape, "fillmode": "replace", "solidity": 0.35},
                    },
                    name=name,
                    hoverinfo="skip",
                )
            )
    return entries


def _connectors(middle: np.ndarray, row: np.ndarray, lane: np.ndarray) -> list:
    """A thin vertical line from the top to the bottom lane of each event on several lanes.

    Vertical error bars: the lane axis is linear, where plotly.js draws them (not on dates).
    """
    reach = pd.DataFrame({"row": row, "lane": lane}).groupby("row")["lane"].agg(["min", "max"])
    reach = reach[reach["min"] < reach["max"]]
    if reach.empty:
        return []
    top = reach["min"].to_numpy()
    return [
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
            name=CONNECTOR_KEY,
            legendgroup="connectors",
            hoverinfo="skip",
            showlegend=False,  # its legend item is the line below; this trace's marker is invisible
        ),
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="lines",
            line={"color": "#888", "width": 1.5},
            name=CONNECTOR_KEY,
            legendgroup="connectors",
            hoverinfo="skip",
        ),
    ]
