"""The lane figure's layout: lanes, date axis, legend, height, and the era bands behind."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.text import (
    _GRID,
    CHROME_PX,
    LANE_PX,
    LEGEND_PX,
    MIN_HEIGHT,
    escape_text,
    label,
)

_RANGE_BUTTONS = [
    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
    {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
    {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
    {"step": "all", "label": "All"},
]


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
