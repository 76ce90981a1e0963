"""The in-memory engine: today's pandas path (`filters`, `compare`) behind the query interface."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd

from timeline import compare, filters, schema
from timeline.engines import layout
from timeline.engines.base import Engine, Session, Timeline, hidden_note
from timeline.figures.counts import count_grid
from timeline.figures.text import _ms
from timeline.filters import View
from timeline.load import Dataset


class MemoryEngine(Engine):
    """A loaded Dataset, shared by every session (never mutated)."""

    name = "memory"

    def __init__(self, dataset: Dataset, key: str) -> None:
        super().__init__(key, len(dataset.events))
        self.dataset = dataset

    def session(self) -> MemorySession:
        return MemorySession(self.dataset, self.key)


class MemorySession(Session):
    folds_search = True  # `search.matches` is the page's own search

    def __init__(self, dataset: Dataset, key: str) -> None:
        super().__init__(key)
        self.dataset = dataset
        self._last: tuple[View, filters.Shown] | None = None  # one rerun asks several questions
        self._lock = threading.Lock()

    def _shown(self, view: View) -> filters.Shown:
        with self._lock:
            if self._last is not None and self._last[0] == view:
                return self._last[1]
        shown = filters.show(view, self.dataset, max_lanes=filters.MAX_LANES)
        with self._lock:
            self._last = (view, shown)
        return shown

    def _positions(self, view: View) -> np.ndarray:
        return filters.select(view, self.dataset)

    def _frame(self, positions: np.ndarray, names=layout.EVENT_COLUMNS) -> pd.DataFrame:
        events = self.dataset.events.take(positions)
        return layout.canonical(events.assign(**{layout.POS: positions}), names)

    def _options(self) -> dict[str, list[str]]:
        offered = dict(self.dataset.options)  # a copy: the dataset's own is shared
        offered.pop("strengths", None)  # the SQL engines do not rate sources yet: same choices
        actor = self.dataset.event_actors["actor"]
        counts = np.bincount(actor.cat.codes.to_numpy(), minlength=len(actor.cat.categories))
        names = actor.cat.categories.astype("str")
        order = np.argsort(-counts, kind="stable")  # categories are sorted: ties by name
        offered["actors"] = [names[i] for i in order if counts[i] > 0]
        return offered

    def _actor_registry(self) -> pd.DataFrame:
        return self.dataset.actors.copy()  # a copy: the dataset's own is shared

    def _span(self) -> tuple[dt.date, dt.date] | None:
        events = self.dataset.events
        if not len(events):
            return None
        last = events[schema.END].max() - pd.Timedelta(days=1)
        return events[schema.START].min().date(), last.date()

    def _count(self, view: View) -> int:
        return len(self._positions(view))

    def _timeline(self, view: View, budget: int, max_lanes: int) -> Timeline:
        shown = filters.show(view, self.dataset, max_lanes=max_lanes)
        dates = shown.columns(schema.START, schema.END)
        first = dates[schema.START].min() if len(dates) else None
        last = dates[schema.END].max() if len(dates) else None
        placed = shown.placed_in_source()
        lane = placed["lane"].cat.codes.to_numpy().astype("int64")
        position = placed["event"].to_numpy().astype("int64")
        common = dict(
            count=len(shown),
            first=first,
            last=last,
            lanes=list(shown.lanes),
            hidden_lanes=shown.hidden_lanes,
            actor_count=shown.actor_count,
            notes=hidden_note(shown.hidden_lanes),
        )
        if len(placed) > budget:
            start = _ms(self.dataset.events[schema.START])[position]
            grid = count_grid(
                lane, start, np.ones(len(start)), len(shown.lanes), len(np.unique(position))
            )
            return Timeline(**common, grid=grid)
        used, event = np.unique(position, return_inverse=True)
        order = np.lexsort((lane, event))
        placements = pd.DataFrame(
            {
                "event": event[order].astype("int64"),
                "lane": pd.Categorical.from_codes(
                    lane[order], categories=pd.Index(shown.lanes, dtype="str")
                ),
            }
        )
        drawn = self._frame(used, layout.DRAWN_COLUMNS)
        return Timeline(**common, events=drawn, placements=placements)

    def _eras(self, view: View) -> pd.DataFrame:
        periods = filters.eras(view, self.dataset)
        periods = periods.assign(**{layout.POS: periods.index.to_numpy()})
        return layout.canonical(periods, layout.DRAWN_COLUMNS)

    def _focus(self, view: View):
        shown = self._shown(view)
        return opening_window(
            shown.columns(schema.START, schema.END), filters.eras(view, self.dataset)
        )

    def _rows(self, view: View, offset: int, limit: int, newest_first: bool) -> pd.DataFrame:
        positions = self._positions(view)
        if newest_first:
            positions = _newest_first(self.dataset.events, positions)
        return self._frame(positions[offset : offset + limit])

    def _place(self, view: View, at: int) -> int | None:
        found = np.flatnonzero(self._positions(view) == at)
        return int(found[0]) if len(found) else None

    def _pairs(self, positions: np.ndarray) -> pd.DataFrame:
        """The (event, actor) pairs of these events, in the index's order."""
        index = self.dataset.event_actors
        inside = np.zeros(len(self.dataset.events), dtype=bool)
        inside[positions] = True
        return index[inside[index["event"].to_numpy()]]

    def _cooc(self, view: View, top: int) -> pd.DataFrame:
        return compare.cooccurrence(self._pairs(self._positions(view)), top=top)

    def _profile(self, view: View, actor: str) -> compare.ActorProfile:
        positions = self._positions(view)
        own = filters.select(View(actors=(actor,)), self.dataset)
        mine = np.intersect1d(positions, own, assume_unique=True)
        return compare.profile(actor, self.dataset.events.take(mine), self._pairs(mine))

    def _activity(self, view: View, freq: str) -> tuple[pd.DataFrame, int]:
        events = self.dataset.events.take(self._positions(view))
        return compare.activity(events, freq=freq), compare.coarser_than(events, freq=freq)

    def _with_ids(self, ids: tuple[str, ...]) -> pd.DataFrame:
        events = self.dataset.events
        return self._frame(np.flatnonzero(events[schema.ID].isin(ids).to_numpy()))

    def _event(self, event_id: str) -> pd.DataFrame:
        events = self.dataset.events
        return self._frame(np.flatnonzero((events[schema.ID] == event_id).to_numpy())[:1])


def _newest_first(events: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Latest start first; among equal starts, the later row first (the reverse of the file)."""
    return positions[::-1].copy()


def opening_window(
    events: pd.DataFrame, periods: pd.DataFrame
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Where the chart opens: the periods in view with a margin, when they hold most of the events.

    A timeline whose context reaches back decades would otherwise crush the story's weeks into a
    sliver; None means "show everything".
    """
    if periods.empty or events.empty:
        return None
    first, last = periods[schema.START].min(), periods[schema.END].max()
    margin = max((last - first) * 0.25, pd.Timedelta(days=7))
    start, end = first - margin, last + margin
    inside = ((events[schema.END] > start) & (events[schema.START] < end)).mean()
    whole = events[schema.END].max() - events[schema.START].min()
    if inside < 0.5 or (end - start) >= whole:
        return None
    return start, end
