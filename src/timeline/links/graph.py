"""Links between loaded events as a table of positions; one event's relations; a chain of events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import schema
from timeline.links.contract import entries

#: Steps a chain follows from its event unless told otherwise, and the most it may follow.
CHAIN_DEPTH = 3
MAX_CHAIN_DEPTH = 10

# The columns of a link table: the row's event, the relation, the target (positions in events).
EVENT, RELATION, TARGET = "event", "relation", "target"

# The columns of `relations`: which way the link is read, and the event at the other end.
DIRECTION, LABEL, OTHER = "direction", "label", "other"
OUTGOING, INCOMING = "out", "in"


def table(events: pd.DataFrame) -> pd.DataFrame:
    """Every link among `events` as (event, relation, target), both ends positions in `events`.

    Built from the loaded (already checked) `links` cells in one vectorised pass. A link whose
    target is not among `events` is left out, so a filtered frame gives the links within it.
    `relation` is categorical over the vocabulary, in its order.
    """
    found = entries(events[schema.LINKS])
    labels = events.index.to_numpy()
    by_id = pd.Series(labels, index=pd.Index(events[schema.ID], dtype="str"))
    by_id = by_id[~by_id.index.duplicated()]
    target = by_id.reindex(found["target"]).to_numpy()
    kept = ~pd.isna(target) & found["relation"].isin(list(schema.RELATIONS)).to_numpy()
    return pd.DataFrame(
        {
            EVENT: labels[found["record"].to_numpy()[kept]].astype("int64"),
            RELATION: pd.Categorical(found["relation"][kept], categories=list(schema.RELATIONS)),
            TARGET: target[kept].astype("int64"),
        }
    ).reset_index(drop=True)


def in_view(links: pd.DataFrame, shown: pd.Index) -> pd.DataFrame:
    """The links whose two ends are both among the events in view (their positions)."""
    both = links[EVENT].isin(shown).to_numpy() & links[TARGET].isin(shown).to_numpy()
    return links[both].reset_index(drop=True)


def position_of(events: pd.DataFrame, event_id: str) -> int | None:
    """The position of the event with `event_id`, or None when no event has it."""
    found = np.flatnonzero((events[schema.ID] == event_id).to_numpy())
    return int(events.index[found[0]]) if len(found) else None


def relations(position: int, events: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Everything linked to one event, read from that event, with the labels a reader sees.

    One row per link touching the event: `direction` ("out" when the event holds the link,
    "in" when another event points at it), `relation`, `label` ("violates" / "violated by",
    "scheduled by" / "sets the date of", ...), `other` (position of the event at the other
    end) and that event's id, title and date. Ordered by relation (vocabulary order), outgoing
    before incoming, then by the other event's start.
    """
    outgoing = links[links[EVENT] == position]
    incoming = links[links[TARGET] == position]
    linked = pd.DataFrame(
        {
            DIRECTION: [OUTGOING] * len(outgoing) + [INCOMING] * len(incoming),
            RELATION: np.concatenate(
                [outgoing[RELATION].astype("str"), incoming[RELATION].astype("str")]
            ).astype(object),
            OTHER: np.concatenate([outgoing[TARGET], incoming[EVENT]]).astype("int64"),
        }
    )
    linked = linked[linked[OTHER].isin(events.index)]
    other = events.loc[linked[OTHER]]
    linked = linked.assign(
        **{
            LABEL: [
                schema.relation_label(relation, inverse=direction == INCOMING)
                for relation, direction in zip(linked[RELATION], linked[DIRECTION], strict=True)
            ],
            schema.ID: other[schema.ID].to_numpy(),
            schema.TITLE: other[schema.TITLE].to_numpy(),
            schema.DATE: other[schema.DATE].to_numpy(),
            schema.START: other[schema.START].to_numpy(),
        }
    )
    order = np.lexsort(
        (
            linked[schema.START].to_numpy(),
            (linked[DIRECTION] == INCOMING).to_numpy(),
            pd.Index(list(schema.RELATIONS)).get_indexer(linked[RELATION]),
        )
    )
    columns = [DIRECTION, RELATION, LABEL, OTHER, schema.ID, schema.TITLE, schema.DATE]
    frame = linked.iloc[order][columns].reset_index(drop=True)
    return frame.astype({c: "str" for c in columns if c != OTHER})


def chain(position: int, links: pd.DataFrame, *, depth: int = CHAIN_DEPTH) -> pd.Series:
    """The event and everything linked to it, both ways, transitively up to `depth` steps.

    Returns the distance in steps (0 for the event itself), indexed by event position in
    ascending order. `depth` is clipped to 0..MAX_CHAIN_DEPTH so a URL cannot ask for a walk of
    the whole graph; one step follows links in both directions.
    """
    depth = min(max(int(depth), 0), MAX_CHAIN_DEPTH)
    source = np.concatenate([links[EVENT].to_numpy(), links[TARGET].to_numpy()])
    reached = np.concatenate([links[TARGET].to_numpy(), links[EVENT].to_numpy()])
    distance = {int(position): 0}
    frontier = np.array([position], dtype="int64")
    for step in range(1, depth + 1):
        following = np.unique(reached[np.isin(source, frontier)])
        frontier = np.array([p for p in following.tolist() if p not in distance], dtype="int64")
        if not len(frontier):
            break
        distance.update(dict.fromkeys(frontier.tolist(), step))
    found = pd.Series(distance, dtype="int64", name="distance")
    found.index = found.index.astype("int64")
    return found.sort_index()
