"""The chronology of the engine-served page: the events in view, one page of the answer at a time.

A new list (other filters) opens on its first page; the selected event is highlighted when it is
on the page shown (finding its page would need its rank in the view, which engines do not answer).
"""

from __future__ import annotations

import dataclasses
import hashlib

import streamlit as st

from timeline import chronology, safe
from timeline.chronology import Entry
from timeline.ui.controls import select
from timeline.ui.engine_source import Served
from timeline.view import TABS, View

LIST_HEIGHT = 620  # pixels, as the in-memory chronology: the list scrolls, the page stays put
STATUS_COLOURS = {"confirmed": "green", "claimed": "orange", "disputed": "red"}


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
    with st.container(height=LIST_HEIGHT, key="chronology"):
        for entry in entries:
            _entry(entry, selected=entry.id == view.event)
    if pages > 1:
        st.pagination(pages, key=key, max_visible_pages=9)


# The entries are drawn here rather than by `ui.reading`, whose list is being rebuilt as one
# browser component: once it lands, both chronologies should draw through it.
def _entry(entry: Entry, *, selected: bool) -> None:
    """One event of the chronology: date and badges, its title (selects it), text, sources."""
    with st.container(border=selected, key="reading_selected" if selected else None, gap="xxsmall"):
        colour = STATUS_COLOURS.get(entry.status_key, "gray")
        badges = f":blue-badge[{safe.markdown(entry.event_type)}] "
        badges += f":{colour}-badge[{safe.markdown(entry.status)}]"
        badges += " :violet-badge[Selected]" if selected else ""
        st.markdown(f"**{safe.markdown(entry.when)}** {badges}")
        st.button(
            f"**{safe.markdown(entry.title)}**",
            key=f"read-{entry.id}",
            type="tertiary",
            on_click=select,
            args=(entry.id,),
            help="Select this event on the chart",
        )
        lines = [f":gray[{safe.markdown(', '.join(entry.actors))}]"] if entry.actors else []
        if entry.description:
            lines.append(safe.markdown(entry.description))
        lines.append(source_links(entry))
        st.markdown("  \n".join(lines))
    if not selected:
        st.divider()


def source_links(entry: Entry) -> str:
    """Every source as a numbered link (an outlet without an address is named, unlinked)."""
    if not entry.sources:
        return "*No source given.*"
    links = []
    for number, source in enumerate(entry.sources, start=1):
        label = safe.markdown(source.label)
        target = safe.link_target(source.url) if source.url else "#"
        links.append(
            f"{number}\\. [{label}]({target})" if target != "#" else f"{number}\\. {label}"
        )
    return "Sources: " + " · ".join(links)


def _listed(view: View) -> str:
    """What decides which events are listed (not the selection, the tab or the profile)."""
    return repr(dataclasses.replace(view, event="", tab=TABS[0], profiled=""))
