"""The comparison tabs of the engine-served page: activity, co-occurrence, an actor's profile.

Each is one answer of the browser session's `Session`, drawn by the figures the in-memory
page uses (`ui.compare_tabs`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from timeline import display, schema
from timeline.engines.base import Timeline
from timeline.figures import activity_figure, cooccurrence_figure
from timeline.ui.controls import follow
from timeline.ui.engine_source import Served
from timeline.ui.notices import TABLE_ROWS
from timeline.ui.timeline_tab import link_columns
from timeline.view import View


def activity(served: Served, view: View) -> None:
    freq = (
        st.segmented_control(
            "Count events per",
            ["M", "W"],
            key="activity_freq",
            default="M",
            format_func={"M": "month", "W": "week"}.get,
        )
        or "M"
    )
    counts, coarse = served.session.activity(view, freq=freq)
    st.plotly_chart(activity_figure(counts, freq=freq, coarse=coarse), key="activity_chart")
    st.caption(
        "Stacked by event type; every filter in the sidebar applies. Events count where they start."
    )


def together(served: Served, view: View) -> None:
    st.plotly_chart(
        cooccurrence_figure(served.session.cooccurrence(view, top=20)), key="cooccurrence_chart"
    )
    st.caption(
        "How many events in view each two of the 20 most active actors share; the diagonal is "
        "each actor's own count. Actors who appear together are placed next to each other."
    )


def profile(served: Served, view: View, timeline: Timeline, known) -> None:
    choices = list(timeline.lanes)
    if not choices:
        st.info("No actor has events in view.")
        return
    if view.profiled not in choices:
        default = view.actors[0] if view.actors and view.actors[0] in choices else choices[0]
        view = follow(view, known, profiled=default)
    actor = st.selectbox("Actor", choices, key="profiled")
    found = served.session.profile(view, actor)
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
    st.markdown(f"**Its events in order** ({found.count:,})")
    own = served.session.rows_with_ids(tuple(found.events[:TABLE_ROWS]))
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
