"""The selected event's card: a drawer at the right of the window, wherever the analyst is.

A marker or a table row opens it; the chronology highlights the same event. An event that the
filters no longer show stays selected but is marked "not in view" above the chronology.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from timeline import chronology, display, safe, schema
from timeline.dataset import Dataset
from timeline.ui import relations, sourcing
from timeline.ui.controls import CARD_OPEN as OPEN
from timeline.ui.controls import select


def open_card(event_id: str) -> None:
    """Select `event_id` and show its card."""
    select(event_id)
    st.session_state[OPEN] = bool(event_id)


def closed() -> None:
    """The card was closed (its button, Escape or a click beside it)."""
    st.session_state[OPEN] = False


def summary(entry: chronology.Entry, event) -> None:
    """The card's date (as written too, where the words round it), type, status, actors and
    description; `event` is the event's row."""
    written = display.when(str(event[schema.DATE]), str(event[schema.END_DATE]))
    # The date as the data writes it too, where the words round it (a range, a month, a "~").
    exact_day = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written)
    date = entry.when if exact_day else f"{entry.when} ({written})"
    st.markdown(
        f"**Date** {safe.markdown(date)} · **Type** {safe.markdown(entry.event_type)} · "
        f"**Status** {safe.markdown(entry.status)}"
    )
    st.markdown(f"**Actors** {safe.markdown('; '.join(entry.actors))}")
    if entry.description:
        st.markdown(safe.markdown(entry.description))


def details(dataset: Dataset, event_id: str, *, in_view: bool) -> None:
    """The card of the selected event when asked for; a note when the filters hide it."""
    if not event_id:
        return
    match = dataset.events[dataset.events[schema.ID] == event_id]
    if not len(match):
        return
    if not in_view:
        _not_in_view(match.iloc[0][schema.TITLE], event_id)
    if st.session_state.get(OPEN):
        _card(dataset, event_id, in_view, st.session_state.get(relations.CHAIN, ""))


def _not_in_view(title: str, event_id: str) -> None:
    with st.container(border=True, key="not_in_view"):
        st.warning(
            f"**Not in view:** the selected event, “{safe.markdown(title)}”, does not match "
            "these filters, so the chart, chronology and table do not show it."
        )
        left, right = st.columns(2)
        left.button("Show its details", on_click=open_card, args=(event_id,), width="stretch")
        right.button("Clear the selection", on_click=open_card, args=("",), width="stretch")


@st.dialog("Event details", position="right", width="medium", on_dismiss=closed)
def _card(dataset: Dataset, event_id: str, in_view: bool, chain: str) -> None:
    state = st.session_state
    if state.get("event", "") != event_id or state.get(relations.CHAIN, "") != chain:
        st.rerun()  # a linked event or a chain was chosen in the card: the whole page follows
    chosen = dataset.events[dataset.events[schema.ID] == event_id]
    event = chosen.iloc[0]
    (entry,) = chronology.entries(chosen)
    st.subheader(safe.markdown(entry.title), anchor=False)
    if not in_view:
        st.warning("Not in view: this event does not match the current filters.")
    summary(entry, event)
    position = int(chosen.index[0])  # the dataset's index is its positions
    sourcing.strength_line(dataset, position)
    kind_of = sourcing.kinds(dataset, position)
    if not entry.sources:
        st.markdown("*No source given.*")
    for number, source in enumerate(entry.sources, start=1):
        target = safe.link_target(source.url) if source.url else ""
        label = safe.markdown(source.label)
        line = f"{number}. [{label}]({target})" if target else f"{number}. {label}"
        kind = kind_of.get(source.url, "") if source.url else ""
        st.markdown(f"{line} · {safe.markdown(kind)}" if kind else line)
    relations.linked_events(dataset, event_id)
    origin = safe.markdown(Path(dataset.report.name).name)
    st.caption(f"id {safe.markdown(event_id)} · row {event[schema.ROW]} of {origin}")
    if st.button("Close details"):
        closed()
        st.rerun()
