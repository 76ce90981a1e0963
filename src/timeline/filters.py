"""The analyst's view as a value, and applying it to a dataset as pure pandas/numpy."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from timeline import links, schema, search
from timeline.actors import affiliates
from timeline.dataset import Dataset
from timeline.view import MATCH_ALL, MATCH_ANY, View, describe

__all__ = [
    "MATCH_ALL",
    "MATCH_ANY",
    "Shown",
    "View",
    "apply",
    "arrange",
    "describe",
    "eras",
    "select",
    "show",
]

MAX_LANES = 24


@dataclass(frozen=True, eq=False)
class Shown:
    """The events in view, and where each sits on the timeline's lanes.

    The events are held as positions in the shared dataset and copied out on first use of
    `events`: at a million events, copying every column of a third of them costs more than the
    rest of a rerun, while the counts, the metrics and the table's first rows need little of it.
    """

    source: pd.DataFrame = field(repr=False)  # the dataset's events (shared: never mutated)
    positions: np.ndarray | None  # rows of `source` in view, chronological; None: all of it
    lanes: list[str]  # top to bottom
    placements: pd.DataFrame  # event (position in `events`), lane (categorical over `lanes`)
    hidden_lanes: int = 0  # actors in view without a lane of their own
    actor_count: int = 0  # distinct actors among the events in view
    notes: list[str] = field(default_factory=list)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The events in view, chronological, indexed by position in the dataset."""
        if self.positions is None:
            return self.source
        if len(self.positions) == len(self.source):  # all of them: copy-on-write, no copy
            return self.source.copy(deep=False)
        return self.source.take(self.positions)

    def __len__(self) -> int:
        return len(self.source) if self.positions is None else len(self.positions)

    def head(self, rows: int) -> pd.DataFrame:
        """The first `rows` events in view, copying no others."""
        if self.positions is None:
            return self.source.head(rows)
        return self.source.take(self.positions[:rows])

    def columns(self, *names: str) -> pd.DataFrame:
        """Only these columns of the events in view (e.g. start and end for the date span)."""
        if self.positions is None:
            return self.source[list(names)]
        return self.source[list(names)].take(self.positions)

    def placed_in_source(self) -> pd.DataFrame:
        """`placements` with each event as its row in `source`, to draw without copying events."""
        if self.positions is None:
            return self.placements
        placed = self.positions[self.placements[schema.PLACED_EVENT].to_numpy()]
        return self.placements.assign(**{schema.PLACED_EVENT: placed})


def apply(view: View, dataset: Dataset) -> pd.DataFrame:
    """Events matching every choice in `view`, chronological, indexed by dataset position."""
    positions = select(view, dataset)
    if len(positions) == len(dataset.events):
        return dataset.events.copy(deep=False)  # copy-on-write: the caller cannot change it
    return dataset.events.take(positions)


def show(view: View, dataset: Dataset, *, max_lanes: int = MAX_LANES) -> Shown:
    """The events matching `view` on their lanes, copied out of the dataset only where used."""
    return arrange(view, dataset, select(view, dataset), max_lanes=max_lanes)


def select(view: View, dataset: Dataset) -> np.ndarray:
    """Positions in `dataset.events` of the events matching every choice in `view`, ascending.

    Each test reads one column at the candidate positions only, so a narrow choice (one actor's
    events) costs in proportion to its matches and no row is copied whole.
    """
    events = dataset.events
    positions = _actor_positions(view, dataset)
    if view.chain:
        chained = chain_positions(view.chain, dataset)
        positions = chained if positions is None else np.intersect1d(positions, chained)

    def column(name: str) -> pd.Series:
        return events[name] if positions is None else events[name].take(positions)

    keep = np.ones(len(events) if positions is None else len(positions), dtype=bool)
    if view.types:
        keep &= column(schema.EVENT_TYPE).isin(view.types).to_numpy()
    if view.statuses:
        keep &= column(schema.STATUS).isin(view.statuses).to_numpy()
    if view.strengths:  # rated on first use, once per dataset
        strength = dataset.source_strength
        strength = strength if positions is None else strength.take(positions)
        keep &= strength.isin(view.strengths).to_numpy()
    if view.theatre:
        keep &= (column(schema.THEATRE) == view.theatre).to_numpy()
    if view.start:
        keep &= (column(schema.END) > pd.Timestamp(view.start)).to_numpy()
    if view.end:
        keep &= (column(schema.START) < pd.Timestamp(view.end) + pd.Timedelta(days=1)).to_numpy()
    rows = np.flatnonzero(keep) if positions is None else positions[keep]
    if view.text.strip():
        rows = rows[_text_match(dataset, rows, view.text)]
    return rows


def chain_positions(event_id: str, dataset: Dataset) -> np.ndarray:
    """Positions of the event and of everything linked to it, both ways, up to CHAIN_DEPTH steps.

    Empty when no event has the id (the data changed under a view; a link's id is checked).
    """
    position = links.position_of(dataset.events, event_id)
    if position is None:
        return np.array([], dtype="int64")
    found = links.chain(position, dataset.links).index.to_numpy()
    return dataset.events.index.get_indexer(found).astype("int64")


def _text_match(dataset: Dataset, rows: np.ndarray, text: str) -> np.ndarray:
    """Every word of `text` in any searched column (`timeline.search`), at the rows in view."""
    return search.matches(dataset.search_text, rows, search.parse(text))


def actor_groups(view: View, registry: pd.DataFrame) -> list[list[str]]:
    """One group per chosen actor: the actor and, if asked, the officials affiliated with it."""
    if not view.affiliates:
        return [[actor] for actor in view.actors]
    return [[actor, *affiliates(registry, [actor])] for actor in view.actors]


def _actor_positions(view: View, dataset: Dataset) -> np.ndarray | None:
    """Positions of events naming the chosen actors; None when no actor is chosen.

    The (event, actor) index is sorted by actor code, so each actor's events are one slice
    found by binary search: the cost follows the matches, not the size of the dataset.
    """
    if not view.actors:
        return None
    index = dataset.event_actors
    codes = index[schema.PAIR_ACTOR].cat.codes.to_numpy()
    categories = {name: code for code, name in enumerate(index[schema.PAIR_ACTOR].cat.categories)}
    event = index[schema.PAIR_EVENT].to_numpy()

    def events_of(group: list[str]) -> np.ndarray:
        slices = []
        for actor in group:
            code = categories.get(actor)
            if code is not None:
                low, high = np.searchsorted(codes, [code, code + 1])
                slices.append(event[low:high])
        return _combine(slices, len(dataset.events), event.dtype)

    groups = [events_of(group) for group in actor_groups(view, dataset.actors)]
    return _combine(groups, len(dataset.events), event.dtype, every=view.match == MATCH_ALL)


def _combine(
    parts: list[np.ndarray], size: int, dtype: np.dtype, *, every: bool = False
) -> np.ndarray:
    """Positions in any (or `every`) one of several sorted, distinct arrays, ascending.

    One array is returned as is; a few small ones are merged by sorting; large ones are marked
    in one boolean array over the dataset, which is linear where sorting half a million is not.
    """
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return np.array([], dtype=dtype)
    if sum(len(part) for part in parts) < size // 64:
        if not every:
            return np.unique(np.concatenate(parts))
        positions = parts[0]
        for part in parts[1:]:
            positions = np.intersect1d(positions, part, assume_unique=True)
        return positions
    hits = np.zeros(size, dtype="int32" if every else bool)
    for part in parts:
        hits[part] += 1 if every else True
    return np.flatnonzero(hits == len(parts) if every else hits).astype(dtype, copy=False)


def arrange(
    view: View,
    dataset: Dataset,
    events: pd.DataFrame | np.ndarray,
    *,
    max_lanes: int = MAX_LANES,
) -> Shown:
    """Lanes for the events in view: chosen actors first, then by activity, at most `max_lanes`.

    `events` is the frame `apply` returns, or the positions `select` returns (nothing copied).
    Works on the index's integer actor codes: no actor name is materialised per placement, and
    `placements["lane"]` is categorical over `lanes`, so a million placements cost milliseconds.
    """
    if isinstance(events, pd.DataFrame):
        source, positions = events, None
        row, code = _pairs_in_view(dataset, events.index.to_numpy())
        era = _drawn_as_era(events)[row]
    else:
        source, positions = dataset.events, events
        row, code = _pairs_in_view(dataset, events)
        era = _drawn_as_era(dataset.events, events)[row]
    names = dataset.event_actors[schema.PAIR_ACTOR].cat.categories
    if not era.all():  # periods are shaded behind the lanes, not drawn again on them
        row, code = row[~era], code[~era]
    count = np.bincount(code, minlength=len(names))
    by_activity = np.argsort(-count, kind="stable")  # ties in registry order, as value_counts
    active = names[by_activity[count[by_activity] > 0]].tolist()
    chosen = list(view.actors)  # affiliates brought in by a choice are ranked by activity
    chosen = [actor for actor in dict.fromkeys(chosen) if actor in set(active)]
    others = [actor for actor in active if actor not in set(chosen)]
    lanes = (chosen + others)[:max_lanes]
    lane_of = np.full(len(names), -1, dtype="int32")  # code -> lane; -1: no lane of its own
    lane_of[names.get_indexer(lanes)] = np.arange(len(lanes), dtype="int32")
    lane = lane_of[code]
    placed = lane >= 0
    placements = pd.DataFrame(
        {
            schema.PLACED_EVENT: row[placed],
            schema.LANE: pd.Categorical.from_codes(
                lane[placed], categories=pd.Index(lanes, dtype="str")
            ),
        }
    )
    hidden = len(active) - len(lanes)
    notes = []
    if hidden > 0:
        notes.append(
            f"{hidden} more {'actor has' if hidden == 1 else 'actors have'} events in view but "
            "no lane; choose them under Actors to see their lanes."
        )
    return Shown(source, positions, lanes, placements, max(hidden, 0), len(active), notes)


def _pairs_in_view(dataset: Dataset, in_view: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row in view, actor code) of each (event, actor) pair of the events in view, index order.

    A few events in view are looked up in the pairs grouped by event (built once per dataset),
    so a narrow view costs its own pairs; many are marked in one pass over the whole index.
    """
    index = dataset.event_actors
    codes = index[schema.PAIR_ACTOR].cat.codes.to_numpy()
    if len(in_view) * 8 < len(dataset.events) and _ascending(in_view):
        offsets, by_event = dataset.pairs_by_event
        first, count = offsets[in_view], offsets[in_view + 1] - offsets[in_view]
        ends = np.cumsum(count)
        within = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - count, count)
        pair = np.sort(by_event[np.repeat(first, count) + within])  # back to the index's order
        event = index[schema.PAIR_EVENT].to_numpy()[pair]
        return np.searchsorted(in_view, event), codes[pair]
    row = np.full(len(dataset.events), -1, dtype="int64")  # dataset position -> row in view
    row[in_view] = np.arange(len(in_view))
    row = row[index[schema.PAIR_EVENT].to_numpy()]
    pairs = row >= 0
    return row[pairs], codes[pairs]


def _ascending(positions: np.ndarray) -> bool:
    return len(positions) < 2 or bool((positions[1:] > positions[:-1]).all())


def _drawn_as_era(events: pd.DataFrame, at: np.ndarray | None = None) -> np.ndarray:
    """Ranged periods (at the given positions); end dates are read only for the periods."""
    kind = events[schema.EVENT_TYPE] if at is None else events[schema.EVENT_TYPE].take(at)
    periods = np.flatnonzero((kind == schema.PERIOD).to_numpy())
    drawn = np.zeros(len(kind), dtype=bool)
    rows = periods if at is None else at[periods]
    drawn[periods] = (events[schema.END_DATE].take(rows) != "").to_numpy()
    return drawn


def eras(view: View, dataset: Dataset) -> pd.DataFrame:
    """Periods to shade (war, truces): ranged period events within the theatre and dates."""
    events = dataset.events
    periods = events[_drawn_as_era(events)]
    if view.theatre:
        periods = periods[periods[schema.THEATRE] == view.theatre]
    if view.start:
        periods = periods[periods[schema.END] > pd.Timestamp(view.start)]
    if view.end:
        periods = periods[periods[schema.START] < pd.Timestamp(view.end) + pd.Timedelta(days=1)]
    return periods
