"""The Deadlines tab: dates fixed in advance, who fixed them and when, and what became of them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from timeline import filters, links, schema
from timeline.dataset import Dataset
from timeline.ui.card import open_card

_KEY = "deadlines_table"
_ROW_PX = 35  # a data grid's row


def lead_time(days: int) -> str:
    """Days ahead a date was set, in the unit an analyst would say: '9 days', '5 years 3 months'."""
    if days < 60:
        return f"{days:,} day" + ("" if days == 1 else "s")
    years, months = divmod(round(days / 30.4375), 12)
    parts = [f"{years} year" + ("" if years == 1 else "s")] if years else []
    parts += [f"{months} month" + ("" if months == 1 else "s")] if months else []
    return " ".join(parts)


def deadline_rows(
    shown: filters.Shown, dataset: Dataset, *, today: dt.date | None = None
) -> pd.DataFrame:
    """The deadlines in view, as the tab lists them; the setting event may be out of view."""
    # Positions only: the events in view are not copied out for this.
    every = shown.source.index
    in_view = every if shown.positions is None else every[shown.positions]
    found = links.deadlines(
        dataset.events, links.deadline_links(dataset.links, in_view), today=today
    )
    found = found[found["deadline"].isin(in_view)].reset_index(drop=True)
    titles = dataset.events.set_index(schema.ID)[schema.TITLE]
    responses = [
        "; ".join(titles.get(event_id, event_id) for event_id in ids.split(schema.LIST_SEPARATOR))
        if ids
        else ""
        for ids in found["responses"]
    ]
    return pd.DataFrame(
        {
            "id": found["id"],
            "Due": found["due"],
            "Deadline": found["title"],
            "Outcome": found["outcome_label"],
            "Set by": found["set_by_title"],
            "Set on": found["set_on"],
            "Lead time": [lead_time(int(days)) for days in found["lead_days"]],
            "Responses": responses,
            "Upcoming": found["upcoming"],
        }
    )


def deadlines(shown: filters.Shown, dataset: Dataset) -> None:
    """The deadlines among the events in view, by due date; a row selects its deadline."""
    today = dt.date.today()
    rows = deadline_rows(shown, dataset, today=today)
    if rows.empty:
        st.info(
            "No deadline is in view. A deadline is an event whose date another event fixed in "
            "advance (a `scheduled_by` link); widen the filters to see them."
        )
        return
    upcoming = int(rows["Upcoming"].sum())
    columns = st.columns(3)
    columns[0].metric("Deadlines in view", f"{len(rows):,}")
    columns[1].metric("Upcoming", f"{upcoming:,}", help=f"Not yet due on {today:%d %b %Y}.")
    columns[2].metric("Happened as scheduled", f"{(rows['Outcome'] == _MET).sum():,}")
    ids = rows["id"].tolist()
    st.dataframe(
        rows,
        key=_KEY,
        hide_index=True,
        width="stretch",
        on_select=lambda: _select_row(ids),
        selection_mode="single-row",
        column_order=[column for column in rows.columns if column != "id"],
        height=min(_ROW_PX * (len(rows) + 1) + 3, 640),  # every row, up to a screenful
        column_config={
            "Due": st.column_config.TextColumn(width=90),
            "Deadline": st.column_config.TextColumn(width=260),
            "Outcome": st.column_config.TextColumn(width=170),
            "Set by": st.column_config.TextColumn(width=220),
            "Set on": st.column_config.TextColumn(width=90),
            "Lead time": st.column_config.TextColumn(width=125),
            "Responses": st.column_config.TextColumn(width=260),
            "Upcoming": st.column_config.CheckboxColumn(
                help=f"The due date has not yet passed on {today:%d %b %Y}."
            ),
        },
    )
    st.caption(
        "Deadlines in view by due date: what fixed the date and how far ahead, the outcome as "
        "the deadline's status records it, and the events that answered, violated, ended or "
        "disputed it. Select a row for the deadline's details."
    )


_MET = schema.DEADLINE_OUTCOMES["confirmed"]


def _select_row(ids: list[str]) -> None:
    chosen = st.session_state[_KEY].selection.rows
    if chosen:
        open_card(ids[chosen[0]])  # its card opens in the page's drawer
