"""A session's first view: the chart is sent, and drawn, before the rest of the page.

On a session's first run the page sends its header, counts, tabs and chart, then stops; a small
script in the page asks for the next run as soon as the browser has drawn the chart, and that
run draws everything (filters, chronology, exports). The browser's one thread thus renders the
chart first instead of the sidebar's and the chronology's elements (docs/performance.md, "First
view in a browser"). Every later run is whole, whatever triggers it, so a page whose script
never reports (no JavaScript) is whole on the analyst's first action.

The script that asks for the rest sits in the sidebar, so the sidebar is there from the first
run: the chart is drawn once, at the width it keeps, not again when the filters arrive.

`TIMELINE_PROGRESSIVE=0` draws whole pages from the first run: in-process tests (AppTest), which
run no browser, use it.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from timeline.view import TABS

WHOLE = "page_whole"  # this session has had its first run: every run from now on is whole
_SIGNAL = st.components.v2.component(
    "timeline.chart_drawn",
    js=(Path(__file__).with_name("assets") / "chart_drawn.js").read_text(encoding="utf-8"),
)


def chart_first() -> bool:
    """Whether this run sends the chart alone: a session's first, opened on the Timeline tab.

    Every run after a session's first is whole. A new session has no upload yet, so its first
    run draws no uploader either; a first run that finds no event to draw asks at once for the
    whole page (`whole_now`).
    """
    first = not st.session_state.get(WHOLE)
    st.session_state[WHOLE] = True
    if os.environ.get("TIMELINE_PROGRESSIVE", "1") == "0":
        return False
    return first and st.query_params.get("tab", TABS[0]) == TABS[0]


def whole_now() -> None:
    """Nothing to draw first (no event in view): run again at once, whole."""
    st.rerun()


def rest_when_drawn() -> None:
    """End this run after the chart; the browser asks for the whole page once it is drawn.

    The signal is drawn in the sidebar: the sidebar is there from this run on, so the chart is
    laid out at the width it keeps once the filters are drawn.
    """
    with st.sidebar:
        _SIGNAL(key="chart_drawn", on_drawn_change=lambda: None, height=0)
    st.stop()
