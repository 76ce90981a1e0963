"""The chronology of the engine-served page: the events in view, one page of the answer at a time.

A new list (other filters) opens on its first page; a newly selected event turns the list to its
page (the engine answers its place among the events in view) and is highlighted there.
"""

from __future__ import annotations

import dataclasses
import hashlib

import streamlit as st

from timeline import chronology
from timeline.ui.engine_source import Served
from timeline.ui.reading import entry_list
from timeline.view import TABS, View

_OF = "engine_reading_of"  # the list the page belongs to
_FOLLOWED = "engine_reading_followed"  # the selection the page last moved to
_MOVES = "engine_reading_moves"  # how many times a selection moved the page (the widget's key)


def chronology_page(served: Served, view: View) -> None:
    """The chronology of the events in view, one page of the engine's answer at a time."""
    st.subheader("Chronology", anchor=False)
    count = served.session.count(view)
    if not count:
        st.info("No event in view falls in this period.")
        return
    pages = chronology.pages(count)
    key, wanted, moved = _paging(served, view)
    number = min(st.session_state.get(key, wanted), pages)
    page = served.session.reading_page(view, page=number - 1, size=chronology.PAGE_SIZE)
    entries = chronology.entries(page.events)
    if pages > 1:
        first = (number - 1) * chronology.PAGE_SIZE + 1
        st.caption(f"Events {first:,}–{first + len(entries) - 1:,} of {count:,}, in order.")
    entry_list(entries, view.event, scroll=moved)  # the list scrolls to a new selection
    if pages > 1:
        st.pagination(pages, default=number, key=key, max_visible_pages=9)


def _paging(served: Served, view: View) -> tuple[str, int, bool]:
    """The paging widget's key, the page it opens on, and whether a new selection moved it.

    A new list (other filters) opens on its first page; a newly selected event in view brings
    its own page. A widget's value cannot be set once drawn, so a move draws a new paging
    widget (a new key). The page chosen otherwise stays.
    """
    state = st.session_state
    listed = "engine_reading-" + hashlib.sha1(_listed(view).encode()).hexdigest()[:12]
    if state.get(_OF) != listed:
        state[_OF] = listed
        state.pop(_FOLLOWED, None)
    wanted, moved = 1, False
    if view.event and state.get(_FOLLOWED) != view.event:
        state[_FOLLOWED] = view.event
        place = served.session.place(view, view.event)
        if place is not None:
            wanted, moved = chronology.page_of(place), True
            state[_MOVES] = state.get(_MOVES, 0) + 1
    return f"{listed}-{state.get(_MOVES, 0)}", wanted, moved


def _listed(view: View) -> str:
    """What decides which events are listed (not the selection, the tab or the profile)."""
    return repr(dataclasses.replace(view, event="", tab=TABS[0], profiled=""))
