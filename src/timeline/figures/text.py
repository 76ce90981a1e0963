"""Escaping, labels, type colours and names, and the constants and notes every figure shares."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import safe, schema
from timeline.figures.palette import OTHER_COLOUR, TYPE_COLOURS

NO_EVENTS = "No events match these filters"

#: Marker symbol per claim status: filled when confirmed or not stated, hollow when contested.
STATUS_SYMBOLS: dict[str, str] = {"claimed": "circle-open", "disputed": "diamond-open"}
FILLED = "circle"

#: Order of a mark's `customdata`; the dashboard reads the event id at CUSTOMDATA_ID. An exact
#: day's date is formatted from x instead of being carried (saves ~13 bytes a point), and its
#: status is said once per trace; a span carries both, as it shares a trace with other statuses.
CUSTOMDATA = ("id", "title", "actors", "outlets", "date", "status")
CUSTOMDATA_ID = 0

LANE_PX = 30  # the distance between two lanes
MIN_PLOT_PX = 240  # the plot area's least height, however few the lanes
MIN_HEIGHT = 320
LABEL_CHARS = 28
MAX_BUCKETS = 400
MAX_ERAS = 24  # shaded periods; each is a band and a label
_DAY_MS = 86_400_000
_GRID = "#ECECEC"


#: Data text made inert for Plotly's HTML-like labels: a column, and one string.
escape = safe.plotly_column
escape_text = safe.plotly


def label(name: str, limit: int = LABEL_CHARS) -> str:
    """A name short enough for an axis, with an ellipsis when cut, escaped."""
    return escape_text(name if len(name) <= limit else name[: limit - 1].rstrip() + "…")


def type_colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def type_name(event_type: str) -> str:
    """The escaped legend name of an event type; unknown types are shown as written."""
    return escape_text(schema.event_type_label(event_type) or "Type not stated")


def key_name(event_type: str) -> str:
    """The escaped name of an event type in the one-row key: a word or two."""
    return escape_text(schema.event_type_short(event_type) or "Type not stated")


def event_ids(points: Sequence[dict]) -> list[str]:
    """Event ids of selected points (as Streamlit returns them), read from `customdata`."""
    ids = []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple):
            custom = custom[CUSTOMDATA_ID] if custom else None
        if custom:
            ids.append(str(custom))
    return ids


def _ms(column: pd.Series) -> np.ndarray:
    return column.to_numpy("datetime64[ms]").astype("int64")


def _note(text: str) -> dict:
    return {
        "text": escape_text(text),
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 12, "color": "#333"},
        "bgcolor": "#FFF4CE",
    }


def _empty(message: str, title: str | None = None) -> go.Figure:
    """A deliberate empty figure: no axes, one friendly sentence."""
    return go.Figure(
        layout={
            "template": "none",
            "height": MIN_HEIGHT,
            "title": {"text": escape_text(title), "x": 0} if title else None,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": escape_text(message),
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "showarrow": False,
                    "font": {"size": 16, "color": "#555"},
                }
            ],
        }
    )
