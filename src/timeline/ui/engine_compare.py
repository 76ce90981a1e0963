"""The comparison tabs of the engine-served page: activity, co-occurrence, an actor's profile.

Each is one answer of the browser session's `Session`, drawn by the figures the in-memory
page uses (`ui.compare_tabs`).
"""

from __future__ import annotations

import streamlit as st

from timeline.engines.base import Timeline
from timeline.ui.compare_tabs import (
    activity_chart,
    cooccurrence_chart,
    frequency,
    own_events,
    profiled,
    summary,
)
from timeline.ui.engine_source import Served
from timeline.ui.notices import TABLE_ROWS
from timeline.view import View


def activity(served: Served, view: View) -> None:
    freq = frequency()
    counts, coarse = served.session.activity(view, freq=freq)
    activity_chart(counts, freq, coarse)


def together(served: Served, view: View) -> None:
    cooccurrence_chart(served.session.cooccurrence(view, top=20))


def profile(served: Served, view: View, timeline: Timeline, known) -> None:
    choices = list(timeline.lanes)
    if not choices:
        st.info("No actor has events in view.")
        return
    actor, view = profiled(view, choices, known)
    found = served.session.profile(view, actor)
    summary(found)
    own_events(found, served.session.rows_with_ids(tuple(found.events[:TABLE_ROWS])))
