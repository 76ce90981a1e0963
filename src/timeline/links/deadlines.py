"""Deadlines: events whose date another event fixed in advance, with what became of them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from timeline import schema
from timeline.links.graph import EVENT, RELATION, TARGET

# The columns of the deadlines table.
DEADLINE, SET_BY = "deadline", "set_by"
DEADLINE_COLUMNS: tuple[str, ...] = (
    DEADLINE,  # position of the deadline event
    "id",
    "due",  # its date as written
    "title",
    SET_BY,  # position of the event that fixed the date
    "set_by_id",
    "set_by_title",
    "set_on",  # that event's date as written
    "lead_days",  # days from the setting event's start to the due date's start
    "outcome",  # a key of schema.DEADLINE_OUTCOMES
    "outcome_label",
    "responses",  # ids of the events linking to the deadline (other than what set it), ";"
    "response_count",
    "upcoming",  # the due date has not wholly passed on `today`
)

_NUMBERS = {DEADLINE: "int64", SET_BY: "int64", "lead_days": "int64", "response_count": "int64"}
_ENDING = (schema.ENDS, schema.REPLACES)


def deadline_links(links: pd.DataFrame, shown: pd.Index) -> pd.DataFrame:
    """The links `deadlines` reads for the deadlines among `shown` (positions), and no others.

    Their `scheduled_by` links and every link into them, whatever else is in view: the event
    that set a date in 2015 is named beside a deadline shown in 2020. On a page, passing these
    instead of every link keeps the cost with the deadlines in view, not the dataset's links.
    """
    setting = (links[RELATION] == schema.SCHEDULED_BY).to_numpy() & links[EVENT].isin(shown)
    due = links.loc[setting, EVENT].unique()
    return links[(links[EVENT].isin(due) | links[TARGET].isin(due)).to_numpy()]


def deadlines(
    events: pd.DataFrame, links: pd.DataFrame, *, today: dt.date | None = None
) -> pd.DataFrame:
    """One row per `scheduled_by` link among `events`, ordered by due date.

    The outcome reads from the deadline's status: confirmed "happened as scheduled", disputed,
    claimed; a `scheduled` deadline is "upcoming", or "overdue" once its date has passed on
    `today`. A deadline that an earlier event ends or replaces (a mission withdrawn before
    its term ran out) is "ended-early", whatever its status.
    """
    today = today or dt.date.today()
    setting = links[(links[RELATION] == schema.SCHEDULED_BY).to_numpy()]
    setting = setting[setting[EVENT].isin(events.index) & setting[TARGET].isin(events.index)]
    deadline = events.loc[setting[EVENT]]
    set_by = events.loc[setting[TARGET]]
    due = deadline[schema.START].to_numpy()
    now = np.datetime64(today, "ms")
    upcoming = deadline[schema.END].to_numpy() > now

    incoming = links[
        links[TARGET].isin(setting[EVENT]).to_numpy()
        & (links[RELATION] != schema.SCHEDULED_BY).to_numpy()
    ]
    incoming = incoming.assign(start=events[schema.START].reindex(incoming[EVENT]).to_numpy())
    incoming = incoming.sort_values(["start", EVENT], kind="stable")
    responses = (
        incoming.assign(id=events[schema.ID].reindex(incoming[EVENT]).to_numpy())
        .groupby(TARGET)["id"]
        .agg(schema.LIST_SEPARATOR.join)
    )
    ending = incoming[incoming[RELATION].isin(_ENDING).to_numpy()]
    first_end = ending.groupby(TARGET)["start"].min()
    ended_early = first_end.reindex(setting[EVENT]).to_numpy() < due

    status = deadline[schema.STATUS].astype("str").to_numpy()
    outcome = np.where(
        status == schema.SCHEDULED, np.where(upcoming, "upcoming", "overdue"), status
    )
    outcome = np.where(ended_early, "ended-early", outcome)
    outcome = np.where(np.isin(outcome, list(schema.DEADLINE_OUTCOMES)), outcome, "")
    listed = responses.reindex(setting[EVENT]).fillna("").to_numpy()
    frame = pd.DataFrame(
        {
            DEADLINE: setting[EVENT].to_numpy(),
            "id": deadline[schema.ID].to_numpy(),
            "due": deadline[schema.DATE].to_numpy(),
            "title": deadline[schema.TITLE].to_numpy(),
            SET_BY: setting[TARGET].to_numpy(),
            "set_by_id": set_by[schema.ID].to_numpy(),
            "set_by_title": set_by[schema.TITLE].to_numpy(),
            "set_on": set_by[schema.DATE].to_numpy(),
            "lead_days": ((due - set_by[schema.START].to_numpy()) // np.timedelta64(1, "D")),
            "outcome": outcome,
            "outcome_label": [schema.DEADLINE_OUTCOMES[key] for key in outcome],
            "responses": listed,
            "response_count": np.array(
                [len(ids.split(schema.LIST_SEPARATOR)) if ids else 0 for ids in listed]
            ),
            "upcoming": upcoming,
        },
        columns=list(DEADLINE_COLUMNS),
    )
    frame = frame.iloc[np.lexsort((frame[DEADLINE].to_numpy(), due))].reset_index(drop=True)
    text = {column: "str" for column in DEADLINE_COLUMNS if column not in _NUMBERS}
    return frame.astype({**text, **_NUMBERS, "upcoming": "bool"})
