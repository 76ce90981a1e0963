"""The lane timeline: one lane per actor, markers or counts on them, eras shaded behind."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from timeline import schema
from timeline.figures.counts import Grid, _density_traces, grid_traces
from timeline.figures.layout import _era_shapes, _lane_layout
from timeline.figures.markers import _marker_traces
from timeline.figures.text import MAX_ERAS, NO_EVENTS, _empty, _note

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
    codes, lanes = _lane_codes(placements[schema.LANE], lanes)
    positions = placements[schema.PLACED_EVENT].to_numpy().astype("int64", copy=False)
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


def counts_figure(
    grid: Grid,
    *,
    lanes: Sequence[str],
    eras: pd.DataFrame | None = None,
    era_budget: int = MAX_ERAS,
    title: str | None = None,
) -> go.Figure:
    """The count view of `timeline_figure` from a grid an engine counted (see engines)."""
    lanes = list(lanes)
    if not lanes or grid.shown == 0:
        return _empty(NO_EVENTS, title)
    traces, note = grid_traces(grid, lanes)
    layout = _lane_layout(lanes, title, numeric=False)
    notes = [note]
    eras, unshaded = _longest(eras, era_budget)
    if unshaded:
        notes.append(
            f"{unshaded:,} shorter periods are not shaded; narrow the dates or theatre to see them"
        )
    layout["annotations"] = [_note("; ".join(notes))]
    layout["shapes"] = _era_shapes(eras)
    layout["template"] = _NO_TEMPLATE
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
