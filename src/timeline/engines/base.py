"""The query interface every engine answers, and the answers' types.

A page asks a `Session` (one per analyst's session, from `Engine.session()`) for what a rerun
draws: the count and lanes with markers or counts (`timeline`), table and reading pages, the
comparisons, an event's details and the export. Each answer is cached for every session by
(source, question, view) with a TTL (see `cache`). Subclasses implement the `_` methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from timeline import compare, export, schema
from timeline.engines import cache, layout
from timeline.figures import Grid, counts_figure, timeline_figure
from timeline.filters import MAX_LANES, View

POINT_BUDGET = 4000  # placements drawn as markers; above, counts per lane and time bucket
TABLE_ROWS = 2000
EXPORT_BATCH = 100_000


class EngineError(Exception):
    """A source cannot be opened or queried; the message names it (credentials masked)."""


@dataclass(frozen=True)
class Timeline:
    """The lane chart's data for one view: markers within the point budget, else a grid."""

    count: int  # events in view
    first: pd.Timestamp | None  # earliest start in view
    last: pd.Timestamp | None  # latest (exclusive) end in view
    lanes: list[str]
    hidden_lanes: int
    actor_count: int  # distinct actors among the events in view (periods' actors left out)
    notes: list[str] = field(default_factory=list)
    events: pd.DataFrame | None = None  # markers: the placed events (layout.canonical)
    placements: pd.DataFrame | None = None  # event (row in `events`), lane (categorical)
    grid: Grid | None = None  # counts per lane and time bucket, above the point budget

    def figure(
        self,
        *,
        eras: pd.DataFrame | None = None,
        selected: str | None = None,
        title=None,
        **heading,
    ) -> go.Figure:
        """The lane chart, as `figures.timeline_figure` draws it from in-memory data.

        `heading`: the figures' `window`, `subtitle` and `credit`, as the page passes them.
        """
        if self.grid is not None:
            return counts_figure(self.grid, lanes=self.lanes, eras=eras, title=title, **heading)
        events = self.events if self.events is not None else pd.DataFrame()
        placements = self.placements if self.placements is not None else pd.DataFrame()
        return timeline_figure(
            events,
            placements,
            lanes=self.lanes,
            eras=eras,
            selected=selected,
            title=title,
            **heading,
        )


@dataclass(frozen=True)
class Page:
    """One page of the events in view, in order of start."""

    events: pd.DataFrame  # layout.canonical
    number: int  # 0-based
    size: int
    total: int  # events in view

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


class Session:
    """One analyst's handle on an engine; answers are shared through the result cache."""

    #: Whether search works as on the in-memory page (`timeline.search`); otherwise it finds
    #: the text as typed, ignoring case but not accents, in titles and descriptions.
    folds_search = False

    def __init__(self, key: str) -> None:
        self.key = key  # the source's identity, without credentials

    def _cached(self, question: str, view: View | None, *args, compute):
        return cache.RESULTS.get((self.key, question, view, args), compute)

    def options(self) -> dict[str, list[str]]:
        """Choices for the controls: actors by activity (then name), types, statuses, theatres."""
        return self._cached("options", None, compute=self._options)

    def registry(self) -> pd.DataFrame:
        """The actor registry the data was validated with (who is whose official)."""
        return self._cached("registry", None, compute=self._actor_registry)

    def span(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of the data (None when empty), for the date control."""
        return self._cached("span", None, compute=self._span)

    def count(self, view: View) -> int:
        return self._cached("count", view, compute=lambda: self._count(view))

    def timeline(
        self, view: View, *, point_budget: int = POINT_BUDGET, max_lanes: int = MAX_LANES
    ) -> Timeline:
        return self._cached(
            "timeline",
            view,
            point_budget,
            max_lanes,
            compute=lambda: self._timeline(view, point_budget, max_lanes),
        )

    def eras(self, view: View) -> pd.DataFrame:
        """Ranged periods within the view's theatre and dates, shaded behind the lanes."""
        return self._cached("eras", view, compute=lambda: self._eras(view))

    def focus(self, view: View) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """Where the chart opens (see engines.memory.opening_window); None: everything."""
        return self._cached("focus", view, compute=lambda: self._focus(view))

    def table_page(self, view: View, *, offset: int = 0, limit: int = TABLE_ROWS) -> pd.DataFrame:
        """Events in view in chronological order, rows offset..offset+limit."""
        return self._cached(
            "table", view, offset, limit, compute=lambda: self._rows(view, offset, limit, False)
        )

    def reading_page(
        self, view: View, *, page: int = 0, size: int = 50, newest_first: bool = False
    ) -> Page:
        """A page of the reading view: the events in view ordered by start, `size` per page."""

        def compute() -> Page:
            rows = self._rows(view, page * size, size, newest_first)
            return Page(rows, page, size, self.count(view))

        return self._cached("reading", view, page, size, newest_first, compute=compute)

    def place(self, view: View, event_id: str) -> int | None:
        """Where the event `event_id` is listed among the events in view (0 = first), or None
        when it is not in view: the chronology turns to its page."""
        found = self.event(event_id)
        if found.empty:
            return None
        at = int(found[layout.POS].iloc[0])
        return self._cached("place", view, at, compute=lambda: self._place(view, at))

    def cooccurrence(self, view: View, *, top: int = 20) -> pd.DataFrame:
        return self._cached("cooccurrence", view, top, compute=lambda: self._cooc(view, top))

    def profile(self, view: View, actor: str) -> compare.ActorProfile:
        return self._cached("profile", view, actor, compute=lambda: self._profile(view, actor))

    def activity(self, view: View, *, freq: str = "M") -> tuple[pd.DataFrame, int]:
        """(counts per period and event type, events dated more coarsely than the period)."""
        if freq not in compare.FREQUENCIES:
            raise ValueError(f"freq must be one of {', '.join(compare.FREQUENCIES)}, not {freq!r}")
        return self._cached("activity", view, freq, compute=lambda: self._activity(view, freq))

    def event(self, event_id: str) -> pd.DataFrame:
        """The event with this id (no row when there is none), for the details card."""
        return self._cached("event", None, event_id, compute=lambda: self._event(event_id))

    def rows_with_ids(self, ids: tuple[str, ...]) -> pd.DataFrame:
        """The events with these ids, chronological (e.g. an actor profile's first events)."""
        return self._cached("ids", None, tuple(ids), compute=lambda: self._with_ids(tuple(ids)))

    def export_batches(self, view: View, rows: int = EXPORT_BATCH) -> Iterator[pd.DataFrame]:
        """Every event in view, chronological, `rows` at a time (not cached: it is streamed)."""
        offset = 0
        while True:
            batch = self._rows(view, offset, rows, False)
            if len(batch):
                yield batch
            if len(batch) < rows:
                return
            offset += rows

    def export_csv(self, view: View) -> bytes:
        """The events in view as `export.events_csv` writes them, built batch by batch."""
        parts: list[bytes] = []
        for batch in self.export_batches(view):
            data = export.events_csv(batch)
            parts.append(data if not parts else data.split(b"\r\n", 1)[1])
        return b"".join(parts) if parts else export.events_csv(_empty_events())

    def close(self) -> None:
        """Release this session's cursor or connection."""

    # Implemented by each engine.
    def _options(self) -> dict[str, list[str]]:
        raise NotImplementedError

    def _span(self) -> tuple[dt.date, dt.date] | None:
        raise NotImplementedError

    def _actor_registry(self) -> pd.DataFrame:
        raise NotImplementedError

    def _count(self, view: View) -> int:
        raise NotImplementedError

    def _timeline(self, view: View, budget: int, max_lanes: int) -> Timeline:
        raise NotImplementedError

    def _eras(self, view: View) -> pd.DataFrame:
        raise NotImplementedError

    def _focus(self, view: View) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        raise NotImplementedError

    def _rows(self, view: View, offset: int, limit: int, newest_first: bool) -> pd.DataFrame:
        raise NotImplementedError

    def _place(self, view: View, at: int) -> int | None:
        """How many events in view come before position `at`; None when `at` is not in view."""
        raise NotImplementedError

    def _cooc(self, view: View, top: int) -> pd.DataFrame:
        raise NotImplementedError

    def _profile(self, view: View, actor: str) -> compare.ActorProfile:
        raise NotImplementedError

    def _activity(self, view: View, freq: str) -> tuple[pd.DataFrame, int]:
        raise NotImplementedError

    def _event(self, event_id: str) -> pd.DataFrame:
        raise NotImplementedError

    def _with_ids(self, ids: tuple[str, ...]) -> pd.DataFrame:
        raise NotImplementedError


class Engine:
    """A source opened once per process and shared; `session()` gives each analyst a handle."""

    name = "engine"

    def __init__(self, key: str, rows: int) -> None:
        self.key, self.rows = key, rows

    def session(self) -> Session:
        raise NotImplementedError

    def close(self) -> None:
        """Close the shared connection."""


def lanes_of(view: View, counts: dict[str, int], max_lanes: int) -> tuple[list[str], int, int]:
    """(lanes, hidden lanes, active actors): chosen actors first, then by activity, then name."""
    active = sorted((name for name, n in counts.items() if n > 0), key=lambda a: (-counts[a], a))
    chosen = [actor for actor in dict.fromkeys(view.actors) if counts.get(actor, 0) > 0]
    others = [actor for actor in active if actor not in set(chosen)]
    lanes = (chosen + others)[:max_lanes]
    return lanes, max(len(active) - len(lanes), 0), len(active)


def hidden_note(hidden: int) -> list[str]:
    if hidden <= 0:
        return []
    return [
        f"{hidden} more actors have events in view but no lane; "
        "choose them under Actors to see their lanes."
    ]


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype="str") for name in schema.COLUMNS})
