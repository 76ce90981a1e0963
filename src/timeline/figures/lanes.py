"""The lane timeline: one lane per actor, markers or counts on them, eras shaded behind."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from timeline import schema
from timeline.figures.counts import Grid, _density_traces, grid_traces
from timeline.figures.eras import _era_marks
from timeline.figures.layout import _lane_layout, _legend_rows
from timeline.figures.links import FLAG_ABOVE, relation_traces
from timeline.figures.markers import _marker_traces
from timeline.figures.text import _DAY_MS, MAX_ERAS, NO_EVENTS, _empty, _ms, escape_text

_NO_TEMPLATE = pio.templates["none"].to_plotly_json()
WEBGL_ABOVE = 3000  # markers: SVG up to here (WebGL costs ~1.4 s to start in software rendering)


def timeline_figure(
    events: pd.DataFrame,
    placements: pd.DataFrame,
    *,
    lanes: Sequence[str],
    eras: pd.DataFrame | None = None,
    selected: str | None = None,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    credit: str | None = None,
    point_budget: int = 4000,
    webgl_above: int = WEBGL_ABOVE,
    era_budget: int = MAX_ERAS,
    links: pd.DataFrame | None = None,
    arrows: bool = True,
) -> go.Figure:
    """One lane per actor, events coloured by type on their lanes, eras shaded behind.

    `placements` holds one row per (event position in `events`, lane). The date axis opens on
    `window` (start, exclusive end), else on every placed event. Exact days are markers (SVG up
    to `webgl_above` placements, WebGL above); spans are bars over the time they cover. Above
    `point_budget` placements the lanes show counts per time bucket instead, and above
    `era_budget` eras only the longest are shaded, so the figure's size and build time stay
    bounded whatever the data; a note under the chart says what is summarised. `title`,
    `subtitle` (e.g. the filters) and `credit` (the data and date) make an export stand alone.
    `links` (the link table of `events`) adds arrows between placed events, unless `arrows` is
    False, and a flag above each placed deadline (`figures.links`).
    """
    if events.empty or placements.empty:
        return _empty(NO_EVENTS, title)
    codes, lanes = _lane_codes(placements[schema.LANE], lanes)
    positions = placements[schema.PLACED_EVENT].to_numpy().astype("int64", copy=False)
    window = window or _extent(events, positions)
    notes, headroom = [], 0.0
    if len(placements) > point_budget:
        traces, note = _density_traces(events, positions, codes, lanes)
        notes.append(note)
    else:
        webgl = len(placements) > webgl_above
        traces = _marker_traces(events, positions, codes, selected, webgl=webgl)
        below, above, note = relation_traces(events, positions, codes, links, arrows=arrows)
        traces = below + traces + above  # arrows beneath the markers, deadline flags on them
        notes += [note] if note else []
        if any((np.asarray(flags["y"]) < 0).any() for flags in above):  # on the top lane
            headroom = FLAG_ABOVE
    return _assemble(
        traces,
        notes,
        lanes,
        numeric=len(placements) <= point_budget,
        eras=eras,
        era_budget=era_budget,
        window=window,
        heading=(title, subtitle, credit),
        headroom=headroom,
    )


def counts_figure(
    grid: Grid,
    *,
    lanes: Sequence[str],
    eras: pd.DataFrame | None = None,
    era_budget: int = MAX_ERAS,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    credit: str | None = None,
) -> go.Figure:
    """The count view of `timeline_figure` from a grid an engine counted (see engines)."""
    lanes = list(lanes)
    if not lanes or grid.shown == 0:
        return _empty(NO_EVENTS, title)
    traces, note = grid_traces(grid, lanes)
    first, last = (pd.Timestamp(int(edge), unit="ms") for edge in (grid.edges[0], grid.edges[-1]))
    return _assemble(
        traces,
        [note],
        lanes,
        numeric=False,
        eras=eras,
        era_budget=era_budget,
        window=window or (first, last),
        heading=(title, subtitle, credit),
    )


def _assemble(
    traces: list,
    notes: list[str],
    lanes: list[str],
    *,
    numeric: bool,
    eras: pd.DataFrame | None,
    era_budget: int,
    window: tuple[pd.Timestamp, pd.Timestamp],
    heading: tuple[str | None, str | None, str | None],
    headroom: float = 0.0,
) -> go.Figure:
    """The figure around `traces`: lanes, key, period bands and names, title and footer."""
    title, subtitle, credit = heading
    eras, unshaded = _longest(eras, era_budget)
    if unshaded:
        notes = [
            *notes,
            f"{unshaded:,} shorter periods are not shaded; narrow the dates or theatre to see them",
        ]
    shapes, labels, tiers = _era_marks(eras, window)
    keyed = [t["name"] for t in traces if t.get("showlegend") is not False and "name" in t]
    footer = " · ".join(escape_text(part) for part in [*notes, credit or ""] if part)
    layout = _lane_layout(
        lanes,
        numeric=numeric,
        window=window,
        title=title,
        subtitle=subtitle,
        footer=footer,
        key_rows=_legend_rows(keyed),
        era_tiers=tiers,
        headroom=headroom,
    )
    layout["shapes"] = shapes
    layout["annotations"] += labels
    layout["template"] = _NO_TEMPLATE
    # Built from known keys and typed arrays: Plotly's per-property validation, half the build
    # at 3,000 markers, is skipped here; the tests validate the same figures.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _extent(events: pd.DataFrame, positions: np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the first placed event's start to the last one's end, a little margin either side."""
    start = _ms(events[schema.START])[positions].min()
    end = _ms(events[schema.END])[positions].max()
    margin = max((end - start) // 50, _DAY_MS // 2)
    return pd.Timestamp(start - margin, unit="ms"), pd.Timestamp(end + margin, unit="ms")


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
