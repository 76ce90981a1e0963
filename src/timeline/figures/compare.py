"""Figures comparing events over time and between actors: activity bars, co-occurrence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema
from timeline.figures.counts import _COUNT_SCALE, _HOVER_DATE
from timeline.figures.text import (
    _DAY_MS,
    _GRID,
    MIN_HEIGHT,
    NO_EVENTS,
    _empty,
    _ms,
    _note,
    escape_text,
    label,
    type_colour,
    type_name,
)

_PERIODS = {"M": ("M1", None, "month"), "W": (7 * _DAY_MS, "1970-01-05", "week")}


def activity_figure(counts: pd.DataFrame, *, freq: str = "M", coarse: int = 0) -> go.Figure:
    """Stacked bars of events per month ("M") or week ("W") by event type.

    `counts` is `compare.activity`'s tidy frame (period, event_type, count); `coarse` is how many
    of the events are dated more coarsely than the bucket, said in a note under the chart.
    """
    if freq not in _PERIODS:
        raise ValueError(f"freq must be 'M' or 'W', not {freq!r}")
    if counts.empty or not counts[schema.COUNT].any():
        return _empty(NO_EVENTS)
    period, anchor, unit = _PERIODS[freq]
    traces = [
        dict(
            type="bar",
            x=_ms(group[schema.COUNT_PERIOD]).astype("float64"),
            y=group[schema.COUNT].to_numpy(),
            name=type_name(kind),
            marker={"color": type_colour(kind)},
            xperiod=period,
            xperiod0=anchor,
            xperiodalignment="middle",
        )
        for kind, group in counts.groupby(schema.COUNT_TYPE, sort=False)
        if group[schema.COUNT].any()
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
    return _actor_heatmap(
        matrix,
        hover="%{y} and %{x}: %{z:,} events",
        scale="Events together",
        empty="No actors to compare",
    )


def response_figure(matrix: pd.DataFrame) -> go.Figure:
    """How many responses each actor (rows) made to each actor's events (columns)."""
    return _actor_heatmap(
        matrix,
        hover="%{y} responded to %{x}: %{z:,} times",
        scale="Responses",
        empty="No responses between actors in view",
        titles=("Responded to", "Responder"),
    )


def _actor_heatmap(
    matrix: pd.DataFrame,
    *,
    hover: str,
    scale: str,
    empty: str,
    titles: tuple[str, str] | None = None,
) -> go.Figure:
    """Actors by actors as an annotated heatmap; empty cells left blank."""
    if matrix.empty:
        return _empty(empty)
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
        hovertemplate=f"{hover}<extra></extra>",
        colorbar={"title": {"text": scale}, "thickness": 12},
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
            "xaxis": {
                **axis(columns, matrix.columns),
                "tickangle": -45,
                "side": "bottom",
                **({"title": {"text": titles[0]}} if titles else {}),
            },
            "yaxis": {
                **axis(rows, matrix.index),
                "autorange": "reversed",
                **({"title": {"text": titles[1]}} if titles else {}),
            },
        },
    )
