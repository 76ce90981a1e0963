"""Comparisons over the events in view: activity over time, actors together, one actor's profile.

Every function takes already-filtered data: the events in view (indexed by their position in
the dataset, as `filters.apply` returns them) and the (event, actor) pairs of those events
(`pairs_in_view`). Nothing here filters by the analyst's choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timeline import schema

FREQUENCIES = ("W", "M")  # weeks run Monday to Sunday; months are calendar months
_MONDAY = np.datetime64("1970-01-05", "D")
PARTNERS = 5


def pairs_in_view(events: pd.DataFrame, event_actors: pd.DataFrame) -> pd.DataFrame:
    """The dataset's (event, actor) index restricted to the events in view."""
    return event_actors[event_actors[schema.PAIR_EVENT].isin(events.index)]


def activity(events: pd.DataFrame, *, freq: str = "M") -> pd.DataFrame:
    """Events per week ("W") or month ("M") and event type, zero-filled; tidy for stacked bars.

    Columns: period (first day of the week or month), event_type, count. Events are counted in
    the period of their start, so an event dated only to a month counts in its first week.
    Event types appear in the vocabulary's order, then any others alphabetically.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    if events.empty:
        return pd.DataFrame(
            {
                schema.COUNT_PERIOD: pd.Series([], dtype="datetime64[ms]"),
                schema.COUNT_TYPE: pd.Series([], dtype="str"),
                schema.COUNT: pd.Series([], dtype="int64"),
            }
        )
    day = events[schema.START].to_numpy().astype("datetime64[D]")
    if freq == "M":
        first = day.astype("datetime64[M]")
        step = np.timedelta64(1, "M")
    else:
        first = _MONDAY + (day - _MONDAY) // np.timedelta64(7, "D") * np.timedelta64(7, "D")
        step = np.timedelta64(7, "D")
    periods = np.arange(first.min(), first.max() + step, step)
    period_index = ((first - first.min()) // step).astype("int64")
    written, present = pd.factorize(events[schema.EVENT_TYPE])
    present = present.astype("str")
    types = schema.type_order(present)
    type_index = pd.Index(types).get_indexer(present)[written]
    counts = np.bincount(
        period_index * len(types) + type_index, minlength=len(periods) * len(types)
    )
    return pd.DataFrame(
        {
            schema.COUNT_PERIOD: np.repeat(periods.astype("datetime64[D]"), len(types)).astype(
                "datetime64[ms]"
            ),
            schema.COUNT_TYPE: pd.Series(np.tile(types, len(periods)), dtype="str"),
            schema.COUNT: counts.astype("int64"),
        }
    )


def coarser_than(events: pd.DataFrame, *, freq: str = "M") -> int:
    """How many events are dated too coarsely for the bucket (a month's event in weekly counts)."""
    coarser = ["year"] if freq == "M" else ["month", "year"]
    return int(events[schema.PRECISION].astype("str").isin(coarser).sum())


def cooccurrence(pairs: pd.DataFrame, *, top: int = 20) -> pd.DataFrame:
    """How many events each two of the `top` most active actors share; the diagonal is each
    actor's own event count. Rows and columns are ordered so that actors who appear together
    sit together (see `seriate`).
    """
    codes, names = pd.factorize(pairs[schema.PAIR_ACTOR])  # by category code when categorical: fast
    names = np.asarray(names.astype("str"))
    event = pairs[schema.PAIR_EVENT].to_numpy()
    once = ~pd.DataFrame({"event": event, "actor": codes}).duplicated().to_numpy()
    codes, event = codes[once], event[once]
    activity = np.bincount(codes, minlength=len(names))
    ranked = np.lexsort((names, -activity))[:top]
    chosen = list(names[ranked])
    rank = np.full(len(names), -1)
    rank[ranked] = np.arange(len(ranked))
    kept = rank[codes] >= 0
    members = pd.DataFrame({"event": event[kept], "rank": rank[codes][kept]})
    together = members.merge(members, on="event")
    size = len(chosen)
    matrix = np.bincount(
        together["rank_x"].to_numpy() * size + together["rank_y"].to_numpy(),
        minlength=size * size,
    ).reshape(size, size)
    order = seriate(matrix)
    labels = pd.Index([chosen[i] for i in order], name="actor", dtype="str")
    return pd.DataFrame(matrix[np.ix_(order, order)].astype("int64"), index=labels, columns=labels)


def seriate(matrix: np.ndarray) -> list[int]:
    """An order of the actors that keeps those who appear together next to each other.

    Greedy nearest-neighbour chaining: start from the first (most active) actor, then always
    append the unplaced actor most similar to the last one placed, by cosine similarity of
    their shared events (n_ab / sqrt(n_a n_b)); ties go to the more active actor, and with no
    similar actor left the chain continues with the most active one. Deterministic, O(n^2).
    """
    size = len(matrix)
    if size == 0:
        return []
    own = np.sqrt(np.diag(matrix).astype("float64"))
    with np.errstate(divide="ignore", invalid="ignore"):
        similarity = np.nan_to_num(matrix / np.outer(own, own))
    placed = np.zeros(size, dtype=bool)
    order = [0]
    placed[0] = True
    for _ in range(size - 1):
        candidates = np.where(placed, -1.0, similarity[order[-1]])
        following = int(np.argmax(candidates))  # the first of equals: the more active actor
        order.append(following)
        placed[following] = True
    return order


@dataclass(frozen=True)
class ActorProfile:
    """One actor among the events in view: when, how busy, with whom, doing what."""

    actor: str
    events: tuple[str, ...] = ()  # ids, in chronological order
    first: str = ""  # date, as written, of its first event
    last: str = ""  # the latest date it is seen, as written (end_date of a ranged event)
    busiest_month: str = ""  # YYYY-MM with most events starting in it; the earliest on a tie
    busiest_count: int = 0
    partners: tuple[tuple[str, int], ...] = ()  # most frequent co-actors, shared event counts
    by_type: dict[str, float] = field(default_factory=dict)  # shares of its events, sum to 1
    by_status: dict[str, float] = field(default_factory=dict)  # "" is "not stated"

    @property
    def count(self) -> int:
        return len(self.events)


def profile(actor: str, events: pd.DataFrame, pairs: pd.DataFrame) -> ActorProfile:
    """The profile of `actor` among `events`; an empty profile when it has no event in view."""
    named = pairs[schema.PAIR_EVENT][(pairs[schema.PAIR_ACTOR] == actor).to_numpy()].unique()
    positions = events.index.intersection(pd.Index(named))
    if positions.empty:
        return ActorProfile(actor)
    own = events.loc[positions]
    own = own.iloc[np.lexsort((own[schema.ROW].to_numpy(), own[schema.START].to_numpy()))]
    latest = own.iloc[len(own) - 1 - int(np.argmax(own[schema.END].to_numpy()[::-1]))]
    month = np.datetime_as_string(own[schema.START].to_numpy().astype("datetime64[M]"))
    months = pd.Series(month, dtype="str").value_counts()
    shared = pairs[
        pairs[schema.PAIR_EVENT].isin(positions).to_numpy()
        & (pairs[schema.PAIR_ACTOR] != actor).to_numpy()
    ]
    partners = _counts(shared[schema.PAIR_ACTOR])[:PARTNERS]
    return ActorProfile(
        actor=actor,
        events=tuple(own[schema.ID].tolist()),
        first=own[schema.DATE].iloc[0],
        last=latest[schema.END_DATE] or latest[schema.DATE],
        busiest_month=months[months == months.max()].index.min(),
        busiest_count=int(months.max()),
        partners=tuple((str(name), int(count)) for name, count in partners.items()),
        by_type=_shares(own[schema.EVENT_TYPE]),
        by_status=_shares(own[schema.STATUS]),
    )


def _shares(values: pd.Series) -> dict[str, float]:
    counts = _counts(values)
    return {name: float(count / counts.sum()) for name, count in counts.items()}


def _counts(values: pd.Series) -> pd.Series:
    """Counts of each value present, most frequent first, then by name; categories by code."""
    counts = values.value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = counts.index.astype("str")
    return counts.sort_index().sort_values(ascending=False, kind="stable")
