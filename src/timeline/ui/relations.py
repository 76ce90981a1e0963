"""Links in the page: the card's linked events, following a chain, and the arrows' toggle.

Each linked event is a button that selects it; "Follow this chain" narrows the view to the
event and everything linked to it (`links.chain`), and a note above the chart says so until
it is cleared. The view's `chain` and `connectors` fields hold these choices, so the URL
follows them like any filter.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from timeline import display, filters, links, safe, schema
from timeline.dataset import Dataset
from timeline.links.graph import LABEL
from timeline.ui.controls import DATES, days_shown, select
from timeline.view import View

CHAIN = "chain"  # the view's field, and its session-state key
CONNECTORS = "connectors"
_TOGGLE = "connectors_toggle"


def follow(event_id: str) -> None:
    """Narrow the view to the chain of `event_id` ('' to stop following one)."""
    st.session_state[CHAIN] = event_id


def linked_events(dataset: Dataset, event_id: str) -> None:
    """The selected event's links, grouped as read from it ("violated by", "scheduled by", …).

    Every linked event is a button selecting it; the chain control follows all of them.
    """
    position = links.position_of(dataset.events, event_id)
    if position is None:
        return
    found = links.relations(position, dataset.events, dataset.links)
    if found.empty:
        return
    st.markdown("**Linked events**")
    for label, group in found.groupby(LABEL, sort=False):
        named, listed = st.columns([1, 4])
        named.markdown(f":gray[{safe.markdown(label[:1].upper() + label[1:])}]")
        for other in group.itertuples(index=False):
            other_id = getattr(other, schema.ID)
            title = getattr(other, schema.TITLE)
            when = getattr(other, schema.DATE)
            listed.button(
                f"{safe.markdown(when)} · {safe.markdown(title)}",
                key=f"linked-{event_id}-{label}-{other_id}",
                on_click=select,
                args=(other_id,),
                type="tertiary",
                icon=":material/arrow_right_alt:",
                help="Select this event",
            )
    following = st.session_state.get(CHAIN) == event_id
    st.button(
        "Following this chain" if following else "Follow this chain",
        key=f"follow-{event_id}",
        on_click=follow,
        args=(event_id,),
        disabled=following,
        icon=":material/account_tree:",
        help=(
            "Show only this event and everything linked to it, both ways, up to "
            f"{links.CHAIN_DEPTH} links away; the other filters still apply."
        ),
    )


def chain_note(shown: filters.Shown, view: View, dataset: Dataset) -> None:
    """Above the chart: the chain being followed, how much of it is in view, and a way out."""
    if not view.chain:
        return
    position = links.position_of(dataset.events, view.chain)
    if position is None:
        return
    title = dataset.events.at[position, schema.TITLE]
    chained = filters.chain_positions(view.chain, dataset)
    outside = len(chained) - len(shown)
    text, buttons = st.columns([5, 1], vertical_alignment="center")
    hidden = (
        f" {display.count(outside, 'more linked event')} "
        f"{'is' if outside == 1 else 'are'} outside the other filters."
        if outside
        else ""
    )
    text.info(
        f"**Following a chain** from “{safe.markdown(title)}”: "
        f"{display.count(len(shown), 'event')} in view, the event and those linked to it "
        f"within {links.CHAIN_DEPTH} links, both ways.{hidden}",
        icon=":material/account_tree:",
    )
    buttons.button(
        "Stop following", key="chain_clear", on_click=follow, args=("",), width="stretch"
    )
    first, last = _span(chained, dataset)
    shown_first, shown_last = days_shown(view, dataset)
    if first < shown_first or last > shown_last:
        buttons.button(
            "Show all its dates",
            key="chain_dates",
            on_click=_dates,
            args=(min(first, shown_first), max(last, shown_last)),
            width="stretch",
            help=f"Widen the dates to {display.day_span(first, last)}, the chain's whole span.",
        )


def _span(positions, dataset: Dataset) -> tuple[dt.date, dt.date]:
    """The first and last day the events at `positions` cover."""
    events = dataset.events
    first = events[schema.START].take(positions).min()
    last = events[schema.END].take(positions).max() - pd.Timedelta(days=1)
    return first.date(), last.date()


def _dates(first: dt.date, last: dt.date) -> None:
    st.session_state[DATES] = (first, last)


def arrows_toggle(dataset: Dataset) -> None:
    """A switch for the arrows between linked events; offered only when the data has links."""
    if dataset.links.empty:
        return
    st.session_state[_TOGGLE] = bool(st.session_state.get(CONNECTORS, True))
    st.toggle(
        "Arrows between linked events",
        key=_TOGGLE,
        on_change=_arrows_changed,
        help="Responses, violations, replacements and the dates an event set, as thin arrows "
        "from the earlier event to the later one. Deadlines keep their flag either way.",
    )


def _arrows_changed() -> None:
    st.session_state[CONNECTORS] = st.session_state[_TOGGLE]
