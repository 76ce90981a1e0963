"""The chronology of the engine-served page: the events in view, one page of the answer at a time.

A new list (other filters) opens on its first page; the selected event is highlighted when it is
on the page shown (finding its page would need its rank in the view, which engines do not answer).
"""

from __future__ import annotations

import dataclasses
import hashlib

import streamlit as st

from timeline import chronology
from timeline.ui.engine_source import Served
from timeline.ui.reading import entry_list
from timeline.view import TABS, View


def chronology_page(served: Served, view: View) -> None:
    """The chronology of the events in view, one page of the engine's answer at a time."""
    st.subheader("Chronology", anchor=False)
    count = served.session.count(view)
    if not count:
        st.info("No event in view falls in this period.")
        return
    pages = chronology.pages(count)
    # A new list (other filters) opens on its first page: its paging widget has its own key.
    key = "engine_reading-" + hashlib.sha1(_listed(view).encode()).hexdigest()[:12]
    number = min(st.session_state.get(key, 1), pages)
    page = served.session.reading_page(view, page=number - 1, size=chronology.PAGE_SIZE)
    entries = chronology.entries(page.events)
    if pages > 1:
        first = (number - 1) * chronology.PAGE_SIZE + 1
        st.caption(f"Events {first:,}–{first + len(entries) - 1:,} of {count:,}, in order.")
    entry_list(entries, view.event)
    if pages > 1:
        st.pagination(pages, key=key, max_visible_pages=9)


def _listed(view: View) -> str:
    """What decides which events are listed (not the selection, the tab or the profile)."""
    return repr(dataclasses.replace(view, event="", tab=TABS[0], profiled=""))
