"""The marks of events on their lanes: a marker for an exact day, a bar for a span of time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.spans import _connectors, _contested_spans, _key_traces, _spans
from timeline.figures.text import (
    FILLED,
    STATUS_SYMBOLS,
    _ms,
    escape,
    escape_text,
    key_name,
    type_colour,
    type_name,
)

_HOVER = (
    "<b>%{customdata[1]}</b><br>{date}<br>%{customdata[2]}<br>{status}<br>Sources: %{customdata[3]}"
)
_EXACT_DATE = "%{x|%Y-%m-%d}"
MARKER_PX = 10


def _marker_traces(
    events: pd.DataFrame,
    positions: np.ndarray,
    lane: np.ndarray,
    selected: str | None,
    *,
    webgl: bool = False,
) -> list:
    """Per event type: markers per claim status, one bar trace of spans; then the key, the
    connectors of events on several lanes, and the selection ring.

    An event is a span when the day it happened is not known exactly: it has an end date, is
    dated to a month or a year, or is approximate or uncertain. Spans are bars with a base, the
    one mark plotly.js draws over a time interval on a date axis (it draws no error_x there).
    """
    used, row = np.unique(positions, return_inverse=True)
    shown = events.iloc[used]
    start, end = _ms(shown[schema.START]), _ms(shown[schema.END])
    middle = (start + (end - start) // 2).astype("float64")
    ranged = (shown[schema.END_DATE] != "").to_numpy()
    imprecise = (
        (shown[schema.PRECISION].astype("str") != "day")
        | shown[schema.APPROXIMATE]
        | shown[schema.UNCERTAIN]
    ).to_numpy(dtype=bool)
    event_type = _text(shown[schema.EVENT_TYPE])[row]
    status = _text(shown[schema.STATUS])[row]
    marks = _Marks(
        x=middle[row],
        start=start[row],
        end=end[row],
        lane=lane,
        span=(ranged | imprecise)[row],
        hatched=(imprecise & ~ranged)[row],
        status=status,
        custom=_customdata(shown)[row],
        kind="scattergl" if webgl else "scatter",
    )
    traces: list = []
    for of in schema.type_order(event_type):
        traces += _type_traces(marks, event_type == of, of)
    span, hatched, x = marks.span, marks.hatched, marks.x
    contested = span & np.isin(status, list(STATUS_SYMBOLS))
    if contested.any():
        colours = np.array([type_colour(of) for of in event_type[contested]], dtype=object)
        traces.append(_contested_spans(x[contested], lane[contested], status[contested], colours))
    traces += _key_traces(status, span & ~hatched, hatched)
    traces += _connectors(middle, row, lane)
    if selected is not None:
        ring = (shown[schema.ID] == selected).to_numpy()[row]
        if ring.any():
            traces.append(_ring(marks.kind, x[ring], lane[ring]))
    return traces


@dataclass(frozen=True)
class _Marks:
    """Per placement: where its mark goes, whether it is a span, its status and hover data."""

    x: np.ndarray  # the middle of the event's time (epoch ms)
    start: np.ndarray
    end: np.ndarray
    lane: np.ndarray
    span: np.ndarray  # drawn as a bar over its time
    hatched: np.ndarray  # a month, year, ~ or ? date rather than a range
    status: np.ndarray
    custom: np.ndarray
    kind: str  # "scatter" (SVG) or "scattergl"


def _type_traces(marks: _Marks, of_type: np.ndarray, event_type: str) -> list:
    """One event type's markers per claim status and its span bars; one of them in the key."""
    name, colour = key_name(event_type), type_colour(event_type)
    extra = _extra(type_name(event_type))
    exact, span = of_type & ~marks.span, of_type & marks.span
    traces = []
    for claim in sorted(np.unique(marks.status[exact]), key=lambda s: s in STATUS_SYMBOLS):
        mask = exact & (marks.status == claim)
        points = _points(
            marks.kind, marks.x[mask], marks.lane[mask], marks.custom[mask, :4], colour, name, claim
        )
        traces.append({**points, "hovertemplate": points["hovertemplate"] + extra})
    if span.any():
        ends = (marks.start[span], marks.end[span])
        bars = _spans(
            *ends, marks.lane[span], marks.hatched[span], marks.custom[span], colour, name
        )
        traces.append({**bars, "hovertemplate": bars["hovertemplate"] + extra})
    if traces[0]["type"] != "bar" and traces[0]["marker"]["symbol"] != FILLED:
        return [_type_entry(name, colour), *traces]
    traces[0]["showlegend"] = True
    return traces


def _points(
    kind: str,
    x: np.ndarray,
    lane: np.ndarray,
    custom: np.ndarray,
    colour: str,
    name: str,
    claim: str,
) -> dict:
    """The exact-day markers of one event type and claim status; their hover reads `custom`."""
    status = escape_text(schema.status_label(claim))
    return dict(
        type=kind,
        x=x,
        y=lane,
        customdata=custom,
        mode="markers",
        marker=_marker(colour, STATUS_SYMBOLS.get(claim, FILLED)),
        name=name,
        legendgroup=name,
        showlegend=False,
        hovertemplate=_HOVER.replace("{date}", _EXACT_DATE).replace("{status}", status),
    )


def _extra(type_label: str) -> str:
    """The hover's side box: the event type's full label (the key has its short name)."""
    return f"<extra>{type_label}</extra>"


def _type_entry(name: str, colour: str) -> dict:
    """A data-less legend item: a type whose first markers are hollow still shows its colour."""
    return dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="markers",
        marker=_marker(colour, FILLED),
        name=name,
        legendgroup=name,
        hoverinfo="skip",
    )


def _ring(kind: str, x: np.ndarray, lane: np.ndarray) -> dict:
    """A ring around each mark of the selected event."""
    return dict(
        type=kind,
        x=x,
        y=lane,
        mode="markers",
        marker={"symbol": "circle-open", "size": 22, "color": "#000", "line": {"width": 3}},
        name="Selected",
        hoverinfo="skip",
        showlegend=False,
    )


def _text(column: pd.Series) -> np.ndarray:
    return column.astype("str").fillna("").to_numpy(dtype=object)


def _customdata(events: pd.DataFrame) -> np.ndarray:
    """(id, title, actors, outlets, date as written, status) per event; all but the id escaped."""
    end_date = events[schema.END_DATE]
    date = events[schema.DATE] + end_date.where(end_date == "", " – " + end_date)
    outlets = events[schema.SOURCE_NAME].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)
    status = events[schema.STATUS].astype("str").fillna("").map(schema.status_label)
    columns = [
        events[schema.ID],
        escape(events[schema.TITLE]),
        escape(events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)),
        escape(outlets.where(outlets != "", "not named")),
        escape(date),
        escape(status),
    ]
    return np.column_stack([column.to_numpy(dtype=object) for column in columns])


def _marker(colour: str, symbol: str) -> dict:
    if symbol.endswith("-open"):
        return {
            "color": colour,
            "symbol": symbol,
            "size": MARKER_PX,
            "line": {"width": 2, "color": colour},
        }
    # A thin dark rim keeps the light colours (cyan, yellow) visible on white.
    line = {"width": 0.6, "color": "rgba(0, 0, 0, 0.55)"}
    return {"color": colour, "symbol": symbol, "size": MARKER_PX, "line": line}
