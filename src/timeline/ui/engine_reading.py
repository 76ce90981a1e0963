"""The chronology of the engine-served page: the events in view, one page of the answer at a time.

It pages as the in-memory chronology does (`reading.paging`): a new list opens on its first page,
a newly selected event turns it to its page (the engine answers its place among the events in
view) and is highlighted there.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from timeline import chronology
from timeline.ui.engine_source import Served
from timeline.ui.reading import list_page, paging
from timeline.view import TABS, View


def chronology_page(served: Served, view: View) -> None:
    """The chronology of the events in view, one page of the engine's answer at a time."""
    st.subheader("Chronology", anchor=False)
    count = served.session.count(view)
    if not count:
        st.info("No event in view falls in this period.")
        return
    pages = chronology.pages(count)
    key, number, moved = paging(
        _listed(view), pages, view.event, lambda: served.session.place(view, view.event)
    )
    page = served.session.reading_page(view, page=number - 1, size=chronology.PAGE_SIZE)
    entries = chronology.entries(page.events)
    list_page(entries, number, pages, count, key=key, event_id=view.event, scroll=moved)


def _listed(view: View) -> str:
    """What decides which events are listed (not the selection, the tab or the profile)."""
    return repr(dataclasses.replace(view, event="", tab=TABS[0], profiled=""))
