"""The comparison tabs: activity over time, actors together, and one actor's profile."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from timeline import actors, compare, display, filters, schema
from timeline.dataset import Dataset
from timeline.figures import activity_figure, cooccurrence_figure
from timeline.ui import responses
from timeline.ui.controls import follow
from timeline.ui.notices import TABLE_ROWS
from timeline.ui.timeline_tab import link_columns
from timeline.view import TABS, View

VIEWS = TABS
ROLLED_UP = (
    "Officials are counted under their state (*Include affiliated officials* is on): a state's "
    "own officials are never listed as its partners."
)


def view_tabs() -> dict:
    """The page's views as tabs; only the open one is computed, so a rerun costs one view.

    Keyed by the view's `tab` field, so the URL holds the open tab.
    """
    tabs = st.tabs(list(VIEWS), key="tab", on_change="rerun")
    return dict(zip(VIEWS, tabs, strict=True))


def _pairs(shown: filters.Shown, dataset: Dataset, view: View):
    """The (event, actor) pairs in view, officials rolled up under their state when asked."""
    pairs = compare.pairs_in_view(shown.events, dataset.event_actors)
    if view.affiliates:
        pairs = compare.roll_up(pairs, actors.principals(dataset.actors))
    return pairs


def activity(shown: filters.Shown) -> None:
    freq = frequency()
    counts = compare.activity(shown.events, freq=freq)
    activity_chart(counts, freq, compare.coarser_than(shown.events, freq=freq))


def frequency() -> str:
    """The Activity tab's period: "M" (month) or "W" (week)."""
    return (
        st.segmented_control(
            "Count events per",
            ["M", "W"],
            key="activity_freq",
            default="M",
            format_func={"M": "month", "W": "week"}.get,
        )
        or "M"
    )


def activity_chart(counts: pd.DataFrame, freq: str, coarse: int) -> None:
    st.plotly_chart(activity_figure(counts, freq=freq, coarse=coarse), key="activity_chart")
    st.caption(
        "Stacked by event type; every filter in the sidebar applies. Events count where they start."
    )


def together(shown: filters.Shown, dataset: Dataset, view: View) -> None:
    matrix = compare.cooccurrence(_pairs(shown, dataset, view), top=20)
    cooccurrence_chart(matrix, " " + ROLLED_UP if view.affiliates else "")
    responses.matrix(shown, dataset, view)


def cooccurrence_chart(matrix: pd.DataFrame, note: str = "") -> None:
    """The matrix of the most active actors' shared events; `note` ends its caption."""
    st.plotly_chart(cooccurrence_figure(matrix), key="cooccurrence_chart")
    st.caption(
        "How many events in view each two of the 20 most active actors share; the diagonal is "
        "each actor's own count. Actors who appear together are placed next to each other." + note
    )


def profile(shown: filters.Shown, dataset: Dataset, view: View) -> None:
    pairs = _pairs(shown, dataset, view)
    choices = shown.lanes or []
    if view.affiliates:  # officials are counted under their state, so only the state is offered
        principals = actors.principals(dataset.actors)
        choices = list(dict.fromkeys(principals.get(actor, actor) for actor in choices))
    if not choices:
        st.info("No actor has events in view.")
        return
    actor, view = profiled(view, choices, dataset)
    if view.affiliates:
        st.caption(ROLLED_UP)
    found = compare.profile(actor, shown.events, pairs)
    summary(found)
    responses.responders(actor, shown, dataset, view)
    own_events(found, shown.events[shown.events[schema.ID].isin(found.events)].head(TABLE_ROWS))


def profiled(view: View, choices: list[str], dataset: Dataset) -> tuple[str, View]:
    """The actor to profile: the one chosen, else the first actor filtered on, else the first
    offered; and the view saying so (the URL follows)."""
    if view.profiled not in choices:
        default = view.actors[0] if view.actors and view.actors[0] in choices else choices[0]
        view = follow(view, dataset, profiled=default)
    return st.selectbox("Actor", choices, key="profiled"), view


def summary(found: compare.ActorProfile) -> None:
    """An actor's counts, partners and shares by type and status."""
    columns = st.columns(4)
    columns[0].metric("Events in view", f"{found.count:,}")
    columns[1].metric("First seen", found.first or "—")
    columns[2].metric("Last seen", found.last or "—")
    columns[3].metric(
        "Busiest month", f"{found.busiest_month} ({found.busiest_count})" if found.count else "—"
    )
    left, middle, right = st.columns(3)
    left.markdown("**Most frequent partners**")
    left.dataframe(
        pd.DataFrame(found.partners, columns=["Actor", "Shared events"]),
        hide_index=True,
        width="stretch",
    )
    middle.markdown("**Share by event type**")
    middle.dataframe(
        _shares(found.by_type, schema.event_type_label, "Type"), hide_index=True, width="stretch"
    )
    right.markdown("**Share by status**")
    right.dataframe(
        _shares(found.by_status, schema.status_label, "Status"), hide_index=True, width="stretch"
    )


def own_events(found: compare.ActorProfile, own: pd.DataFrame) -> None:
    """The profiled actor's events in view (`own`, at most TABLE_ROWS of them) as a table."""
    st.markdown(f"**Its events in order** ({found.count:,})")
    st.dataframe(
        display.table_frame(own).drop(columns="id"),
        hide_index=True,
        width="stretch",
        column_config=link_columns(),
    )


def _shares(shares: dict[str, float], labelled, name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: [labelled(key) for key in shares],
            "Share": [f"{share:.0%}" for share in shares.values()],
        }
    )
