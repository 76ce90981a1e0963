"""Figures: data first, options after `*`, a go.Figure out; never filtering, never raising on empty.

Every piece of data-derived text is HTML-escaped before it reaches the figure, because Plotly
renders a subset of HTML (<a href>, <b>, <br>) in hover text, tick labels, legend and annotations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from timeline import schema

NO_EVENTS = "No events match these filters"

#: Paul Tol's colour-blind-safe "muted" scheme plus greys; colour is never the only cue (the
#: legend and the hover box name the type too).
TYPE_COLOURS: dict[str, str] = {
    "statement": "#332288",
    "negotiation": "#88CCEE",
    "ceasefire": "#44AA99",
    "agreement": "#117733",
    "decision": "#AA4499",
    "military": "#882255",
    "sanction": "#DDCC77",
    "visit": "#999933",
    "incident": "#CC6677",
    "report": "#555555",
    "period": "#BBBBBB",
}
OTHER_COLOUR = "#999999"  # event types not in the schema, kept as written

#: Marker symbol per claim status: filled when confirmed or not stated, hollow when contested.
STATUS_SYMBOLS: dict[str, str] = {"claimed": "circle-open", "disputed": "diamond-open"}
FILLED = "circle"
_INVISIBLE = {"opacity": 0, "size": 1}  # markers that only carry error bars

#: Order of a marker's `customdata`; the dashboard reads the event id at CUSTOMDATA_ID. An exact
#: day's date is formatted from x instead of being carried (saves ~13 bytes a point).
CUSTOMDATA = ("id", "title", "actors", "outlets", "date")
CUSTOMDATA_ID = 0

LANE_PX, CHROME_PX, MIN_HEIGHT = 28, 190, 320
LEGEND_PX = 130  # room above the plot for the legend's rows
LABEL_CHARS = 28
MAX_BUCKETS = 400
MAX_ERAS = 24  # shaded periods; each is a band and a legend entry
_DAY_MS = 86_400_000
_GRID = "#ECECEC"
_HOVER = (
    "<b>%{customdata[1]}</b><br>{date}<br>%{customdata[2]}<br>{status}<br>Sources: %{customdata[3]}"
)
_EXACT_DATE, _WRITTEN_DATE = "%{x|%Y-%m-%d}", "%{customdata[4]}"
_RANGE_BUTTONS = [
    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
    {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
    {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
    {"step": "all", "label": "All"},
]


# What Plotly's text renderer must not read as markup. Quotes as numeric references: Plotly
# decodes those and &amp; &lt; &gt;, but shows the named `&quot;` literally.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def escape(text: pd.Series) -> pd.Series:
    """Data text made inert for Plotly's HTML-like labels, vectorised."""
    text = text.astype("str").fillna("")
    for char, entity in _ENTITIES:
        text = text.str.replace(char, entity, regex=False)
    return text


def escape_text(text: str) -> str:
    """`escape` for one string."""
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return text


def label(name: str, limit: int = LABEL_CHARS) -> str:
    """A name short enough for an axis, with an ellipsis when cut, escaped."""
    return escape_text(name if len(name) <= limit else name[: limit - 1].rstrip() + "…")


def type_colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def type_name(event_type: str) -> str:
    """The escaped legend name of an event type; unknown types are shown as written."""
    return escape_text(schema.event_type_label(event_type) or "Type not stated")


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


_NO_TEMPLATE = pio.templates["none"].to_plotly_json()


def timeline_figure(
    events: pd.DataFrame,
    placements: pd.DataFrame,
    *,
    lanes: Sequence[str],
    eras: pd.DataFrame | None = None,
    selected: str | None = None,
    point_budget: int = 4000,
    era_budget: int = MAX_ERAS,
    title: str | None = None,
) -> go.Figure:
    """One lane per actor, events coloured by type on their lanes, eras shaded behind.

    `placements` holds one row per (event position in `events`, lane). Above `point_budget`
    placements the lanes show counts per time bucket instead of markers, and above `era_budget`
    eras only the longest are shaded, so the figure's size and build time stay bounded whatever
    the data; a note says what is summarised.
    """
    if events.empty or placements.empty:
        return _empty(NO_EVENTS, title)
    codes, lanes = _lane_codes(placements["lane"], lanes)
    positions = placements["event"].to_numpy().astype("int64", copy=False)
    notes = []
    if len(placements) > point_budget:
        traces, note = _density_traces(events, positions, codes, lanes)
        layout = _lane_layout(lanes, title, numeric=False)
        notes.append(note)
    else:
        traces = _marker_traces(events, positions, codes, selected)
        layout = _lane_layout(lanes, title, numeric=True)
    eras, unshaded = _longest(eras, era_budget)
    if unshaded:
        notes.append(
            f"{unshaded:,} shorter periods are not shaded; narrow the dates or theatre to see them"
        )
    if notes:
        layout["annotations"] = [_note("; ".join(notes))]
    layout["shapes"] = _era_shapes(eras)
    layout["template"] = _NO_TEMPLATE
    # Built from known keys and typed arrays: Plotly's per-property validation, half the build
    # at 3,000 markers, is skipped here; the tests validate the same figures.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _longest(eras: pd.DataFrame | None, budget: int) -> tuple[pd.DataFrame | None, int]:
    """At most `budget` eras, the longest, in their order; and how many were left out.

    A generated or exported file can hold thousands of periods: every band is a shape and a
    legend entry, which Plotly validates one by one (about a millisecond each) and ships.
    """
    if eras is None or len(eras) <= budget:
        return eras, 0
    length = (eras[schema.END] - eras[schema.START]).to_numpy()
    longest = np.sort(np.argsort(-length, kind="stable")[:budget])
    return eras.iloc[longest], len(eras) - budget


def _lane_codes(lane: pd.Series, lanes: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Integer lane of each placement (0 = top); lanes missing from `lanes` go at the bottom."""
    lanes = list(dict.fromkeys(str(name) for name in lanes))
    which, names = pd.factorize(lane)  # hashes each distinct name once; cheap when categorical
    names = [str(name) for name in names]
    lanes += [name for name in names if name not in set(lanes)]
    codes = pd.Index(lanes).get_indexer(names)[which]
    return codes.astype("int8" if len(lanes) < 128 else "int32"), lanes


def _ms(column: pd.Series) -> np.ndarray:
    return column.to_numpy("datetime64[ms]").astype("int64")


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


def _lane_layout(lanes: list[str], title: str | None, *, numeric: bool) -> dict:
    """Lanes top to bottom, a date axis with range slider and quick ranges, height per lane."""
    count = len(lanes)
    plot_px = LANE_PX * count
    escaped = [escape_text(name) for name in lanes]
    yaxis = {
        "tickmode": "array",
        "tickvals": list(range(count)) if numeric else escaped,
        "ticktext": [label(name) for name in lanes],
        "range": [count - 0.5, -0.5],
        "fixedrange": True,
        "showgrid": True,
        "gridcolor": _GRID,
        "zeroline": False,
        "automargin": True,
    }
    if not numeric:
        yaxis.update(type="category", categoryorder="array", categoryarray=escaped)
    return {
        "template": "none",
        "height": max(MIN_HEIGHT, plot_px + CHROME_PX + LEGEND_PX),
        "margin": {"l": 10, "r": 10, "t": LEGEND_PX + (90 if title else 60), "b": 30},
        "title": {"text": escape_text(title), "x": 0, "xanchor": "left"} if title else None,
        "plot_bgcolor": "#FFF",
        "paper_bgcolor": "#FFF",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#FFF"},
        "uirevision": "timeline",
        # Above the plot, across it: a legend at the side took 40% of a laptop's plot width.
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "tracegroupgap": 8,
            "itemsizing": "constant",
            "font": {"size": 11},
        },
        "xaxis": {
            "type": "date",
            "showgrid": True,
            "gridcolor": _GRID,
            "rangeselector": {"buttons": _RANGE_BUTTONS, "x": 0, "y": 1.0, "yanchor": "bottom"},
            "rangeslider": {"visible": True, "thickness": min(0.15, max(0.04, 40 / plot_px))},
        },
        "yaxis": yaxis,
    }


ERA_FILLS = (
    "rgba(120, 120, 120, 0.10)",
    "rgba(68, 170, 153, 0.16)",
    "rgba(221, 204, 119, 0.20)",
    "rgba(136, 204, 238, 0.18)",
    "rgba(204, 102, 119, 0.12)",
)


def _era_shapes(eras: pd.DataFrame | None) -> list[dict]:
    """A light band per era behind the lanes, named in the legend rather than on the band.

    Eras nest (truce windows inside a war) and are often a day wide, so labels written on the
    bands would overlap; legend entries stay readable and toggle the band on click.
    """
    if eras is None or eras.empty:
        return []
    start = np.datetime_as_string(eras[schema.START].to_numpy("datetime64[ms]"), unit="D")
    end = np.datetime_as_string(eras[schema.END].to_numpy("datetime64[ms]"), unit="D")
    names = eras[schema.TITLE].astype("str").tolist()
    written = (eras[schema.DATE] + " – " + eras[schema.END_DATE]).tolist()
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": x0,
            "x1": x1,
            "y0": 0,
            "y1": 1,
            "fillcolor": ERA_FILLS[number % len(ERA_FILLS)],
            "line": {"width": 0},
            "layer": "below",
            "name": f"{label(name, 48)} ({escape_text(dates)})",
            "showlegend": True,
            "legendgroup": "eras",
            "legendgrouptitle": {"text": "Periods"},
            "legendrank": 2000 + number,
        }
        for number, (x0, x1, name, dates) in enumerate(zip(start, end, names, written, strict=True))
    ]


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


_PERIODS = {"M": ("M1", None, "month"), "W": (7 * _DAY_MS, "1970-01-05", "week")}


def activity_figure(counts: pd.DataFrame, *, freq: str = "M", coarse: int = 0) -> go.Figure:
    """Stacked bars of events per month ("M") or week ("W") by event type.

    `counts` is `compare.activity`'s tidy frame (period, event_type, count); `coarse` is how many
    of the events are dated more coarsely than the bucket, said in a note under the chart.
    """
    if freq not in _PERIODS:
        raise ValueError(f"freq must be 'M' or 'W', not {freq!r}")
    if counts.empty or not counts["count"].any():
        return _empty(NO_EVENTS)
    period, anchor, unit = _PERIODS[freq]
    traces = [
        dict(
            type="bar",
            x=_ms(group["period"]).astype("float64"),
            y=group["count"].to_numpy(),
            name=type_name(kind),
            marker={"color": type_colour(kind)},
            xperiod=period,
            xperiod0=anchor,
            xperiodalignment="middle",
        )
        for kind, group in counts.groupby("event_type", sort=False)
        if group["count"].any()
    ]
    coarser = "year" if unit == "month" else "month or year"
    note = f"{coarse:,} events dated only to the {coarser} are counted in its first {unit}"
    return go.Figure(
        data=traces,
        layout={
            "template": "none",
            "barmode": "stack",
            "bargap": 0.1,
            "height": 360,
            "margin": {"l": 50, "r": 10, "t": 40, "b": 40},
            "hovermode": "x unified",
            "legend": {"title": {"text": "Event type"}},
            "xaxis": {"type": "date", "hoverformat": _HOVER_DATE[unit]},
            "yaxis": {
                "title": {"text": f"Events per {unit}"},
                "gridcolor": _GRID,
                "rangemode": "tozero",
            },
            "annotations": [_note(note)] if coarse else [],
        },
    )


def cooccurrence_figure(matrix: pd.DataFrame) -> go.Figure:
    """How often each pair of actors appears in the same event, as an annotated heatmap."""
    if matrix.empty:
        return _empty("No actors to compare")
    columns = [escape_text(str(name)) for name in matrix.columns]
    rows = [escape_text(str(name)) for name in matrix.index]
    counts = matrix.to_numpy(dtype="float64", na_value=np.nan)
    counts[counts == 0] = np.nan
    heatmap = dict(
        type="heatmap",
        z=counts,
        x=columns,
        y=rows,
        colorscale=_COUNT_SCALE,
        hoverongaps=False,
        xgap=1,
        ygap=1,
        texttemplate="%{z:,}",
        hovertemplate="%{y} and %{x}: %{z:,} events<extra></extra>",
        colorbar={"title": {"text": "Events together"}, "thickness": 12},
    )

    def axis(names: list[str], source: pd.Index) -> dict:
        return {
            "type": "category",
            "tickmode": "array",
            "tickvals": names,
            "ticktext": [label(str(name)) for name in source],
            "automargin": True,
            "showgrid": False,
        }

    return go.Figure(
        data=[heatmap],
        layout={
            "template": "none",
            "height": max(MIN_HEIGHT, 26 * len(rows) + 160),
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "xaxis": {**axis(columns, matrix.columns), "tickangle": -45, "side": "bottom"},
            "yaxis": {**axis(rows, matrix.index), "autorange": "reversed"},
        },
    )
