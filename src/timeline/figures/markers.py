"""One marker per event and lane, by event type and claim status, with its hover text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.spans import (
    _connectors,
    _key_traces,
    _legend_entry,
    _qualifiers,
    _spans,
)
from timeline.figures.text import (
    CUSTOMDATA,
    FILLED,
    STATUS_SYMBOLS,
    _ms,
    escape,
    escape_text,
    type_colour,
    type_name,
)

_HOVER = (
    "<b>%{customdata[1]}</b><br>{date}<br>%{customdata[2]}<br>{status}<br>Sources: %{customdata[3]}"
)
_EXACT_DATE, _WRITTEN_DATE = "%{x|%Y-%m-%d}", "%{customdata[4]}"


def _marker_traces(
    events: pd.DataFrame, positions: np.ndarray, lane: np.ndarray, selected: str | None
) -> list:
    """Markers per (type, status), spans per type, connectors, date qualifiers, the selection."""
    used, row = np.unique(positions, return_inverse=True)
    shown = events.iloc[used]
    start, end = _ms(shown[schema.START]), _ms(shown[schema.END])
    middle = (start + (end - start) // 2).astype("float64")
    ranged = (shown[schema.END_DATE] != "").to_numpy()
    coarse = (
        (shown[schema.PRECISION].astype("str") != "day") | shown[schema.APPROXIMATE]
    ).to_numpy()
    exact = ~ranged & ~coarse & ~shown[schema.UNCERTAIN].to_numpy(dtype=bool)
    event_type = _text(shown[schema.EVENT_TYPE])[row]
    status = _text(shown[schema.STATUS])[row]
    custom = _customdata(shown)[row]
    x, half = middle[row], ((end - start) / 2)[row]
    ranged, imprecise, exact = ranged[row], (coarse & ~ranged)[row], exact[row]
    traces: list = []
    for kind in schema.type_order(event_type):
        of_type = event_type == kind
        name, colour = type_name(kind), type_colour(kind)
        traces.append(_legend_entry(name, name, {"color": colour, "symbol": FILLED}))
        for mask, bar in ((of_type & ranged, True), (of_type & imprecise, False)):
            if mask.any():
                traces.append(_spans(x[mask], half[mask], lane[mask], colour, name, bar))
        for claim in np.unique(status[of_type]):
            for written in (False, True):
                mask = of_type & (status == claim) & (exact != written)
                if mask.any():
                    points = custom[mask] if written else custom[mask][:, :-1]
                    traces.append(_points(x[mask], lane[mask], points, colour, name, claim))
    traces += _key_traces(status, ranged.any(), imprecise.any())
    traces += _connectors(middle, row, lane)
    traces += _qualifiers(shown, row, x, lane)
    if selected is not None:
        ring = (shown[schema.ID] == selected).to_numpy()[row]
        if ring.any():
            traces.append(_ring(x[ring], lane[ring]))
    return traces


def _points(
    x: np.ndarray, lane: np.ndarray, custom: np.ndarray, colour: str, name: str, claim: str
) -> dict:
    """The markers of one event type and claim status; their hover reads `custom`."""
    date = _WRITTEN_DATE if custom.shape[1] == len(CUSTOMDATA) else _EXACT_DATE
    status = escape_text(schema.status_label(claim))
    return dict(
        type="scattergl",
        x=x,
        y=lane,
        customdata=custom,
        mode="markers",
        marker=_marker(colour, STATUS_SYMBOLS.get(claim, FILLED)),
        name=name,
        legendgroup=name,
        showlegend=False,
        hovertemplate=_HOVER.replace("{date}", date).replace("{status}", status),
    )


def _ring(x: np.ndarray, lane: np.ndarray) -> dict:
    """A ring around each marker of the selected event."""
    return dict(
        type="scattergl",
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
    """(id, title, actors, outlets, date as written) per event; all but the id escaped."""
    end_date = events[schema.END_DATE]
    date = events[schema.DATE] + end_date.where(end_date == "", " – " + end_date)
    outlets = events[schema.SOURCE_NAME].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)
    columns = [
        events[schema.ID],
        escape(events[schema.TITLE]),
        escape(events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)),
        escape(outlets.where(outlets != "", "not named")),
        escape(date),
    ]
    return np.column_stack([column.to_numpy(dtype=object) for column in columns])


def _marker(colour: str, symbol: str) -> dict:
    if symbol.endswith("-open"):
        return {
            "color": colour,
            "symbol": symbol,
            "size": 10,
            "line": {"width": 2, "color": colour},
        }
    return {"color": colour, "symbol": symbol, "size": 10, "line": {"width": 1, "color": "#FFF"}}
