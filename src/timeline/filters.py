"""The analyst's view as a value, and applying it to a dataset as pure pandas/numpy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timeline import schema
from timeline.actors import affiliates
from timeline.load import Dataset

MATCH_ANY, MATCH_ALL = "any", "all"
MAX_LANES = 24


@dataclass(frozen=True)
class View:
    """Everything the analyst chose; the same value round-trips through the URL."""

    actors: tuple[str, ...] = ()
    match: str = MATCH_ANY
    affiliates: bool = False
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    theatre: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    event: str = ""


@dataclass(frozen=True)
class Shown:
    """The events in view, and where each sits on the timeline's lanes."""

    events: pd.DataFrame  # chronological; index = position in dataset.events
    lanes: list[str]  # top to bottom
    placements: pd.DataFrame  # event (position in `events`), lane (actor name)
    hidden_lanes: int = 0  # actors in view without a lane of their own
    actor_count: int = 0  # distinct actors among the events in view
    notes: list[str] = field(default_factory=list)


def describe(view: View) -> str:
    """The view in a few words for file names and titles, e.g. 'Iran statement 2020-09-27 to …'."""
    words = [*view.actors, *view.types, *view.statuses, view.theatre, view.text]
    if view.start or view.end:
        words.append(f"{view.start or '…'} to {view.end or '…'}")
    return " ".join(word for word in words if word)


def apply(view: View, dataset: Dataset) -> pd.DataFrame:
    """Events matching every choice in `view`, chronological, indexed by dataset position."""
    events = dataset.events
    positions = _actor_positions(view, dataset)
    candidates = events if positions is None else events.iloc[positions]
    keep = np.ones(len(candidates), dtype=bool)
    if view.types:
        keep &= candidates[schema.EVENT_TYPE].isin(view.types).to_numpy()
    if view.statuses:
        keep &= candidates[schema.STATUS].isin(view.statuses).to_numpy()
    if view.theatre:
        keep &= (candidates[schema.THEATRE] == view.theatre).to_numpy()
    if view.start:
        keep &= (candidates[schema.END] > pd.Timestamp(view.start)).to_numpy()
    if view.end:
        keep &= (
            candidates[schema.START] < pd.Timestamp(view.end) + pd.Timedelta(days=1)
        ).to_numpy()
    if view.text.strip():
        keep &= _text_match(candidates[keep], view.text.strip(), keep)
    return candidates[keep]


def _text_match(events: pd.DataFrame, text: str, keep: np.ndarray) -> np.ndarray:
    """Case-insensitive match in title or description, evaluated only on rows still in view."""
    hit = events[schema.TITLE].str.contains(text, case=False, regex=False) | events[
        schema.DESCRIPTION
    ].str.contains(text, case=False, regex=False)
    matched = np.zeros(len(keep), dtype=bool)
    matched[np.flatnonzero(keep)] = hit.to_numpy()
    return matched


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
    codes = index["actor"].cat.codes.to_numpy()
    categories = {name: code for code, name in enumerate(index["actor"].cat.categories)}
    event = index["event"].to_numpy()

    def events_of(group: list[str]) -> np.ndarray:
        slices = []
        for actor in group:
            code = categories.get(actor)
            if code is not None:
                low, high = np.searchsorted(codes, [code, code + 1])
                slices.append(event[low:high])
        return _union(slices, event.dtype)

    groups = [events_of(group) for group in actor_groups(view, dataset.actors)]
    if view.match == MATCH_ALL:
        positions = groups[0]
        for group in groups[1:]:
            positions = np.intersect1d(positions, group, assume_unique=True)
        return positions
    return _union(groups, event.dtype)


def _union(parts: list[np.ndarray], dtype: np.dtype) -> np.ndarray:
    """Sorted distinct positions of several sorted, distinct arrays; one array is returned as is."""
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts)) if parts else np.array([], dtype=dtype)


def arrange(
    view: View, dataset: Dataset, events: pd.DataFrame, *, max_lanes: int = MAX_LANES
) -> Shown:
    """Lanes for the events in view: chosen actors first, then by activity, at most `max_lanes`.

    Works on the index's integer actor codes: no actor name is materialised per placement, and
    `placements["lane"]` is categorical over `lanes`, so a million placements cost milliseconds.
    """
    index = dataset.event_actors
    names = index["actor"].cat.categories
    row = np.full(len(dataset.events), -1, dtype="int64")  # dataset position -> row in `events`
    row[events.index.to_numpy()] = np.arange(len(events))
    row = row[index["event"].to_numpy()]
    pairs = row >= 0
    row, code = row[pairs], index["actor"].cat.codes.to_numpy()[pairs]
    era = _drawn_as_era(events)[row]
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
            "event": row[placed],
            "lane": pd.Categorical.from_codes(
                lane[placed], categories=pd.Index(lanes, dtype="str")
            ),
        }
    )
    hidden = len(active) - len(lanes)
    notes = []
    if hidden > 0:
        notes.append(
            f"{hidden} more actors have events in view but no lane; "
            "choose them under Actors to see their lanes."
        )
    return Shown(events, lanes, placements, max(hidden, 0), len(active), notes)


def _drawn_as_era(events: pd.DataFrame) -> np.ndarray:
    is_period = events[schema.EVENT_TYPE] == schema.PERIOD
    return (is_period & (events[schema.END_DATE] != "")).to_numpy()


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


def focus(events: pd.DataFrame, periods: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
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


def options(dataset: Dataset) -> dict[str, list[str]]:
    """Choices offered by the controls: actors by activity, types and theatres present."""
    events = dataset.events
    actors = dataset.event_actors["actor"].value_counts().index.astype("str").tolist()
    present_types = _present(events[schema.EVENT_TYPE])
    types = [key for key in schema.EVENT_TYPES if key in present_types]
    types += sorted(present_types - set(types) - {""})
    theatres = sorted(t for t in _present(events[schema.THEATRE]) if t)
    return {
        "actors": actors,
        "types": types,
        "statuses": list(schema.STATUSES),
        "theatres": theatres,
    }


def _present(column: pd.Series) -> set[str]:
    """Distinct values of a column; a categorical's from its codes, without a string per row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories)) > 0
        return {str(value) for value in column.cat.categories[used]}
    return set(column.astype("str").unique())
