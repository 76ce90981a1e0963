"""The reading view: the events in view as a chronology to read, a page at a time.

Each entry shows the date as precisely as known, the title (press it to select the event on the
chart), actors, type and status, the description and every source as a link. The selected event
is highlighted and its page is the one shown; the list scrolls to it without moving the page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from timeline import chronology, filters, safe, schema
from timeline.chronology import Entry
from timeline.ui.controls import select

PAGE = "reading_page"
_FOLLOWED = "reading_followed"  # the selection the page last moved to
_OF = "reading_of"  # the list the page number belongs to
_VERSION, _WANTED = "reading_page_version", "reading_page_wanted"
LIST_HEIGHT = 620  # pixels; the list scrolls within it, so the page around it stays put
STATUSES = ("confirmed", "claimed", "disputed")  # coloured by the list's stylesheet
_ASSETS = Path(__file__).with_name("assets")
# One element for the whole page of entries, drawn as plain DOM in the browser: it costs a
# fraction of 25 x 5 Streamlit elements on the first view (docs/performance.md, "First view").
_LIST = st.components.v2.component(
    "timeline.chronology",
    css=(_ASSETS / "chronology.css").read_text(encoding="utf-8"),
    js=(_ASSETS / "chronology.js").read_text(encoding="utf-8"),
)


def listed(shown: filters.Shown) -> np.ndarray:
    """Positions in the dataset of the events in view (the view's dates hold them), in order."""
    if shown.positions is None:
        return np.arange(len(shown.source))
    return np.asarray(shown.positions)


def in_view(shown: filters.Shown, event_id: str) -> bool:
    """Whether the event `event_id` is among the events in view (looked up, not copied out)."""
    if not event_id:
        return False
    at = np.flatnonzero((shown.source[schema.ID] == event_id).to_numpy())
    if not len(at):
        return False
    if shown.positions is None:
        return True
    found = np.searchsorted(shown.positions, at[0])  # positions are ascending
    return bool(found < len(shown.positions) and shown.positions[found] == at[0])


def reading_view(shown: filters.Shown, event_id: str) -> np.ndarray:
    """The chronology of the events in view: the chart's days, so both show the same events.

    Returns the positions it lists, so the brief of this view lists the same events.
    """
    positions = listed(shown)
    ids = shown.source[schema.ID]
    st.subheader("Chronology", anchor=False)
    if not len(positions):
        st.info("No event in view falls in this period.")
        return positions
    pages = chronology.pages(len(positions))
    identity = (len(positions), int(positions[0]), int(positions[-1]))
    key, page, moved = paging(identity, pages, event_id, lambda: _place(positions, ids, event_id))
    rows = positions[(page - 1) * chronology.PAGE_SIZE : page * chronology.PAGE_SIZE]
    entries = chronology.entries(shown.source.take(rows))
    list_page(entries, page, pages, len(positions), key=key, event_id=event_id, scroll=moved)
    return positions


def _place(positions: np.ndarray, ids: pd.Series, event_id: str) -> int | None:
    """Where `event_id` is listed among `positions` (0 = first), or None when it is not."""
    at = np.flatnonzero((ids.take(positions) == event_id).to_numpy())
    return int(at[0]) if len(at) else None


def paging(
    identity: object, pages: int, event_id: str, place: Callable[[], int | None]
) -> tuple[str, int, bool]:
    """The paging widget's key, the page to show, and whether a newly selected event moved it.

    `identity` names the list (a new one, from other filters, starts on its first page);
    `place` finds the selected event in it, asked only when the selection is new, and a newly
    selected event brings its own page. The page chosen stays otherwise. A widget's value
    cannot be set once drawn, so those moves draw a new paging widget (a new key) opened on
    the page wanted. Both pages, in memory and on an engine, page through this.
    """
    state = st.session_state
    wanted = None
    if state.get(_OF) != identity:
        state[_OF] = identity
        state.pop(_FOLLOWED, None)
        wanted = 1
    moved = bool(event_id) and state.get(_FOLLOWED) != event_id
    if moved:
        state[_FOLLOWED] = event_id
        at = place()
        if at is not None:
            wanted = chronology.page_of(at)
    key = f"{PAGE}-{state.get(_VERSION, 0)}"
    if wanted is None and not 1 <= state.get(key, 1) <= pages:
        wanted = pages
    if wanted is not None:
        state[_VERSION] = state.get(_VERSION, 0) + 1
        key = f"{PAGE}-{state[_VERSION]}"
        state[_WANTED] = wanted
    return key, state.get(key, state.get(_WANTED, 1)), moved


def list_page(
    entries: list[Entry],
    page: int,
    pages: int,
    count: int,
    *,
    key: str,
    event_id: str,
    scroll: bool,
) -> None:
    """Page `page` of `pages` of a chronology of `count` events: where it is in the list, its
    entries (`scroll`: to the selected one), and the paging widget (`key`, from `paging`)."""
    if pages > 1:
        first = (page - 1) * chronology.PAGE_SIZE + 1
        st.caption(f"Events {first:,}–{first + len(entries) - 1:,} of {count:,}, in order.")
    entry_list(entries, event_id, scroll=scroll)
    if pages > 1:
        st.pagination(pages, default=page, key=key, max_visible_pages=9)


def entry_list(entries: list[Entry], event_id: str, *, scroll: bool = False) -> None:
    """One page of entries as one list element; pressing a title selects its event.

    `scroll` brings the selected entry to the top of the list (once, when it was chosen).
    """
    _LIST(
        key="chronology",
        data={
            "entries": [_entry(entry, selected=entry.id == event_id) for entry in entries],
            "scroll": event_id if scroll else "",
            "height": LIST_HEIGHT,
        },
        on_chosen_change=_chosen,
    )


def _chosen() -> None:
    """An entry's title was pressed: select its event on the chart."""
    chosen = st.session_state["chronology"].chosen
    if chosen:
        select(chosen)


def _entry(entry: Entry, *, selected: bool) -> dict:
    """What the list draws of one entry; the browser sets every string as text, never HTML."""
    return {
        "id": entry.id,
        "when": entry.when,
        "title": entry.title,
        "type": entry.event_type,
        "status": entry.status,
        "status_class": entry.status_key if entry.status_key in STATUSES else "",
        "selected": selected,
        "actors": ", ".join(entry.actors),
        "description": entry.description,
        "sources": [
            {"label": source.label, "url": _target(source.url)} for source in entry.sources
        ],
    }


def _target(url: str) -> str:
    """A source's address if it is one to follow (http or https), else none."""
    target = safe.link_target(url) if url else "#"
    return "" if target == "#" else target
