"""Who responds to whom, and how fast: `responds_to` links read through the events' actors."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from timeline import schema
from timeline.links.graph import EVENT, RELATION, TARGET

# The columns of `response_times`.
RESPONDER, RESPONDED_TO, DAYS = "responder", "responded_to", "days"


def response_times(
    events: pd.DataFrame,
    pairs: pd.DataFrame,
    links: pd.DataFrame,
    *,
    counted_as: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per response and (responder, responded-to) pair of actors, with the days between.

    `events` are the events in view, `pairs` their (event, actor) pairs and `links` the link
    table; a response counts when both events are in view. An event of several actors answers
    for each of them, to each actor of the event it responds to; an actor answering one of its
    own events is not counted (it is nobody's response to it). `counted_as` maps an actor to
    the one it counts as (an official to his state, from `actors.affiliates`), so Zarif's
    answer counts as Iran's. Columns: event (the response), target (the event responded to),
    responder, responded_to, days (start to start).
    """
    answers = links[(links[RELATION] == schema.RESPONDS_TO).to_numpy()]
    answers = answers[answers[EVENT].isin(events.index) & answers[TARGET].isin(events.index)]
    names = pairs["actor"].astype("str")
    if counted_as:
        names = names.map(lambda name: counted_as.get(name, name))
    actors = pd.DataFrame(
        {"position": pairs["event"].to_numpy(), "actor": names.to_numpy()}
    ).drop_duplicates()
    joined = answers[[EVENT, TARGET]].merge(
        actors.rename(columns={"position": EVENT, "actor": RESPONDER}), on=EVENT
    )
    joined = joined.merge(
        actors.rename(columns={"position": TARGET, "actor": RESPONDED_TO}), on=TARGET
    )
    joined = joined[joined[RESPONDER] != joined[RESPONDED_TO]]
    start = events[schema.START]
    days = (
        start.reindex(joined[EVENT]).to_numpy() - start.reindex(joined[TARGET]).to_numpy()
    ) / np.timedelta64(1, "D")
    return (
        joined.assign(**{DAYS: days.astype("float64")})
        .astype({EVENT: "int64", TARGET: "int64", RESPONDER: "str", RESPONDED_TO: "str"})
        .sort_values([RESPONDED_TO, RESPONDER, EVENT], kind="stable", ignore_index=True)
    )


def response_speed(
    actor: str,
    events: pd.DataFrame,
    pairs: pd.DataFrame,
    links: pd.DataFrame,
    *,
    counted_as: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Who responds to `actor`'s events in view, how often, and the median days it takes.

    Columns: responder, responses (distinct response events), median_days. Most frequent
    responder first, then the faster, then by name.
    """
    times = response_times(events, pairs, links, counted_as=counted_as)
    times = times[times[RESPONDED_TO] == actor].drop_duplicates([EVENT, TARGET, RESPONDER])
    speed = times.groupby(RESPONDER).agg(responses=(EVENT, "nunique"), median_days=(DAYS, "median"))
    speed = speed.reset_index().sort_values(
        ["responses", "median_days", RESPONDER], ascending=[False, True, True], kind="stable"
    )
    return speed.astype({RESPONDER: "str", "responses": "int64", "median_days": "float64"})[
        [RESPONDER, "responses", "median_days"]
    ].reset_index(drop=True)


def response_matrix(
    events: pd.DataFrame,
    pairs: pd.DataFrame,
    links: pd.DataFrame,
    *,
    top: int = 10,
    counted_as: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """How many responses each actor (rows) made to each actor's events (columns).

    Limited to the `top` actors by responses made plus received, most active first (ties by
    name); an actor appears in both the rows and the columns, so the matrix is square.
    """
    times = response_times(events, pairs, links, counted_as=counted_as)
    made = times.groupby(RESPONDER)[EVENT].nunique()
    received = times.groupby(RESPONDED_TO)[EVENT].nunique()
    activity = made.add(received, fill_value=0)
    ranked = sorted(activity.index, key=lambda name: (-activity[name], name))[:top]
    chosen = pd.Index(ranked, dtype="str")
    kept = times[times[RESPONDER].isin(chosen) & times[RESPONDED_TO].isin(chosen)]
    counts = kept.groupby([RESPONDER, RESPONDED_TO])[EVENT].nunique()
    matrix = counts.unstack(fill_value=0).reindex(index=chosen, columns=chosen, fill_value=0)
    matrix.index.name, matrix.columns.name = RESPONDER, RESPONDED_TO
    return matrix.astype("int64")
