"""The lane figure's layout: title block, key, era labels, date axis, lanes, footer.

Everything above the plot is stacked in pixels from the top (title and filter line, the key,
the era labels, the dates), so the plot keeps its height whatever the key holds. The dates are
above the lanes, where they are seen without scrolling past a tall chart. The toolbar, set
vertical in the right margin, never covers the key.
"""

from __future__ import annotations

import math

import pandas as pd

from timeline.figures.text import (
    _DAY_MS,
    _GRID,
    LABEL_CHARS,
    LANE_PX,
    MIN_PLOT_PX,
    escape_text,
    label,
)

TITLE_PX, SUBTITLE_PX = 26, 20
KEY_ROW_PX = 21  # one row of the key (legend)
ERA_TIER_PX = 18  # one row of period labels
AXIS_PX = 42  # the date axis' tick labels (two lines: day and month, then the year)
FOOTER_PX = 22
TOOLBAR_PX = 40  # right margin that holds the vertical toolbar
ASSUMED_PLOT_PX = 760  # plot width the key and era labels are laid out for (1440 px, sidebar)
CHAR_PX = 6.3  # mean width of a character at 11 px
LANE_CHAR_PX = 7.4  # width of a lane label's character at 12 px, wide letters allowed for
MAX_TICKS = 10


def _legend_rows(names: list[str]) -> int:
    """Rows the horizontal key wraps into at the assumed plot width."""
    rows, used = 1, 0.0
    for name in names:
        width = 44 + CHAR_PX * len(name)
        if used and used + width > ASSUMED_PLOT_PX:
            rows, used = rows + 1, 0.0
        used += width
    return rows if names else 0


def _lane_layout(
    lanes: list[str],
    *,
    numeric: bool,
    window: tuple[pd.Timestamp, pd.Timestamp],
    title: str | None = None,
    subtitle: str | None = None,
    footer: str = "",
    key_rows: int = 1,
    era_tiers: int = 0,
    headroom: float = 0.0,
) -> dict:
    """Lanes top to bottom on a date axis opened on `window`; a key and era labels above.

    `headroom`: lanes of room above the top lane, for marks drawn above its marks (deadline
    flags), so they clear the date axis.
    """
    count = len(lanes)
    plot_px = max(MIN_PLOT_PX, round(LANE_PX * (count + headroom)))
    heading = (TITLE_PX if title else 0) + (SUBTITLE_PX if title and subtitle else 0)
    top = 6 + heading + KEY_ROW_PX * key_rows + ERA_TIER_PX * era_tiers + AXIS_PX
    bottom = 8 + (FOOTER_PX if footer else 0)
    height = top + plot_px + bottom
    escaped = [escape_text(name) for name in lanes]
    yaxis = {
        "tickmode": "array",
        "tickvals": list(range(count)) if numeric else escaped,
        "ticktext": [label(name) for name in lanes],
        "range": [count - 0.5, -0.5 - headroom],
        "fixedrange": True,
        "showgrid": True,
        "gridcolor": _GRID,
        "zeroline": False,
        # Not automargin: it draws the whole figure twice (measured: 170 -> 85 ms a draw).
        "automargin": False,
        "tickfont": {"size": 12},
    }
    if not numeric:
        yaxis.update(type="category", categoryorder="array", categoryarray=escaped)
    layout = {
        "height": height,
        "margin": {"l": _label_px(lanes), "r": TOOLBAR_PX, "t": top, "b": bottom},
        "plot_bgcolor": "#FFF",
        "paper_bgcolor": "#FFF",
        "font": {"family": "Arial, Helvetica, sans-serif", "color": "#222"},
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#FFF"},
        "uirevision": f"{window[0]}/{window[1]}",  # a new window opens anew; a zoom survives reruns
        "barmode": "overlay",
        "modebar": {"orientation": "v", "bgcolor": "rgba(255, 255, 255, 0.8)"},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - (6 + heading) / height,
            "yref": "container",
            "yanchor": "top",
            "itemsizing": "constant",
            "font": {"size": 11},
            "tracegroupgap": 0,
        },
        "xaxis": _date_axis(window),
        "yaxis": yaxis,
        "annotations": [],
    }
    if title:
        layout["title"] = {
            "text": f"<b>{escape_text(title)}</b>",
            "subtitle": {
                "text": escape_text(subtitle or ""),
                "font": {"size": 12, "color": "#444"},
            },
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1 - 6 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 15},
        }
    if footer:
        layout["annotations"].append(
            {
                "text": footer,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -4,
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": "#555"},
            }
        )
    return layout


def _label_px(lanes: list[str]) -> int:
    """Room for the longest lane label at 12 px, generously: a clipped name misleads."""
    longest = max((len(label(name).replace("&amp;", "&")) for name in lanes), default=0)
    return int(16 + LANE_CHAR_PX * min(longest, LABEL_CHARS))


def _date_axis(window: tuple[pd.Timestamp, pd.Timestamp]) -> dict:
    """A date axis opened on `window`, no finer than days where the window is days wide.

    Labels name the period between two ticks (`ticklabelmode="period"`), so a day's event, at
    the middle of its day, sits under its day's label, and a month's span under its month's.
    """
    days = (window[1] - window[0]) / pd.Timedelta(days=1)
    return {
        "type": "date",
        "side": "top",
        "range": [window[0].isoformat(), window[1].isoformat()],
        "ticklabelmode": "period",
        "nticks": max(2, min(MAX_TICKS, math.floor(days))),
        "showgrid": True,
        "gridcolor": _GRID,
        "showline": True,
        "linecolor": "#999",
        "ticks": "outside",
        "ticklen": 4,
        "hoverformat": "%d %b %Y",
        "tickformatstops": [
            {"dtickrange": [None, _DAY_MS], "value": "%d %b %Y<br>%H:%M"},
            {"dtickrange": [_DAY_MS, 28 * _DAY_MS], "value": "%d %b\n%Y"},
        ],
    }
