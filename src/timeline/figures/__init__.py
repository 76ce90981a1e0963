"""Figures: data first, options after `*`, a go.Figure out; never filtering, never raising on empty.

Every piece of data-derived text is HTML-escaped before it reaches the figure, because Plotly
renders a subset of HTML (<a href>, <b>, <br>) in hover text, tick labels, legend and annotations.
"""

from timeline.figures.compare import activity_figure, cooccurrence_figure, response_figure
from timeline.figures.counts import Grid
from timeline.figures.lanes import WEBGL_ABOVE, counts_figure, timeline_figure
from timeline.figures.map import POINT_BUDGET as MAP_POINT_BUDGET
from timeline.figures.map import map_figure, offline_style
from timeline.figures.map_data import MAP_DATA, aggregate, fatalities, located, map_frame
from timeline.figures.palette import ERA_FILLS, OTHER_COLOUR, PETROFF_10
from timeline.figures.text import (
    CUSTOMDATA_ID,
    LABEL_CHARS,
    LANE_PX,
    MAX_BUCKETS,
    MIN_HEIGHT,
    MIN_PLOT_PX,
    NO_EVENTS,
    STATUS_SYMBOLS,
    TYPE_COLOURS,
    escape,
    escape_text,
    event_ids,
    label,
    type_name,
)

__all__ = [
    "CUSTOMDATA_ID",
    "ERA_FILLS",
    "LABEL_CHARS",
    "LANE_PX",
    "MAP_DATA",
    "MAP_POINT_BUDGET",
    "MAX_BUCKETS",
    "MIN_HEIGHT",
    "MIN_PLOT_PX",
    "NO_EVENTS",
    "OTHER_COLOUR",
    "PETROFF_10",
    "STATUS_SYMBOLS",
    "TYPE_COLOURS",
    "WEBGL_ABOVE",
    "Grid",
    "activity_figure",
    "aggregate",
    "cooccurrence_figure",
    "counts_figure",
    "escape",
    "escape_text",
    "event_ids",
    "fatalities",
    "label",
    "located",
    "map_figure",
    "map_frame",
    "offline_style",
    "response_figure",
    "timeline_figure",
    "type_name",
]
