"""The page on data an engine serves (DuckDB, PostgreSQL): what the session's `Session` answers.

The same sections as `dashboard.py`, in its order: header, filters (the same widgets and URL
state, `ui.controls`), counts, the selected event's card, then the views. What the engines do not
answer (map, deadlines, links between events and their chains, source strength, the responses
matrix) is not offered here, and the page says so once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from timeline import display, safe
from timeline.engines.base import Timeline
from timeline.ui import engine_compare, engine_reading, engine_views
from timeline.ui.controls import controls, days_shown, follow, sidebar
from timeline.ui.engine_source import Served, stop
from timeline.view import TABS, Offered, View

OFFERED_TABS = ("Timeline", "Activity", "Co-occurrence", "Actor profile")
ENGINE_NAMES = {"duckdb": "DuckDB", "postgres": "PostgreSQL"}
NOT_OFFERED = (
    "Served by {engine}: the map, deadlines, links between events (arrows and chains), source "
    "strength and the responses matrix need the data in memory and are not offered here."
)
SEARCH_AS_TYPED = (
    " Search finds the text as typed, ignoring case but not accents, in titles and descriptions."
)


@dataclass(frozen=True)
class Report:
    """The name and size of the data, as the controls' `dataset.report` gives them."""

    name: str
    rows_read: int


@dataclass(frozen=True)
class Facts:
    """What the sidebar's controls read of a dataset (`ui.controls`), answered by a Session."""

    options: dict[str, list[str]]
    span: tuple[dt.date, dt.date]
    story_period: tuple[dt.date, dt.date] | None
    actors: pd.DataFrame  # the registry: choosing a state ticks "Include affiliated officials"
    report: Report
    search_text: None = None  # the engine searches: there is nothing to fold on the page


def facts(served: Served) -> Facts:
    """The facts of the served data (each one answer of the shared result cache)."""
    session = served.session
    span = session.span() or (dt.date.today(), dt.date.today())
    return Facts(
        options=session.options(),
        span=span,
        story_period=story_period(session.focus(View()), span),
        actors=session.registry(),
        report=Report(served.name, served.rows),
    )


def story_period(
    focus: tuple[pd.Timestamp, pd.Timestamp] | None, span: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date] | None:
    """The days the page opens on: where the engine says the chart opens, in whole days
    (as `Dataset.story_period` rounds them), within the data's span; None: every day."""
    if focus is None:
        return None
    first = max(focus[0].floor("D").date(), span[0])
    last = min((focus[1].ceil("D") - pd.Timedelta(days=1)).date(), span[1])
    return None if (first, last) == span or last < first else (first, last)


def engine_page(served: Served) -> None:
    """The whole page on an engine; one clear message if the engine fails mid-way."""
    try:
        _page(served)
    except Exception as error:  # a database gone away: named, masked
        stop(served.name, error)


def _page(served: Served) -> None:
    known = facts(served)
    header(served, known)
    session = served.session
    offered = Offered(
        **known.options, has_event=lambda event_id: bool(len(session.event(event_id)))
    )
    view = _answerable(controls(known, offered), known)
    timeline = session.timeline(view)
    metrics(timeline, view, known)
    engine_views.details(served, view.event)
    if not timeline.count:
        st.info(
            "No events match these filters. Remove a filter or press **Reset filters** in the "
            "sidebar."
        )
    else:
        tabs = st.tabs(list(OFFERED_TABS), key="tab", on_change="rerun")
        opened = dict(zip(OFFERED_TABS, tabs, strict=True))
        if opened["Timeline"].open:
            with opened["Timeline"]:
                figure = engine_views.chart(served, timeline, view, known)
                engine_reading.chronology_page(served, view)
                engine_views.table(served, view, timeline.count)
                engine_views.exports(served, view, figure, known, timeline.count)
        if opened["Activity"].open:
            with opened["Activity"]:
                engine_compare.activity(served, view)
        if opened["Co-occurrence"].open:
            with opened["Co-occurrence"]:
                engine_compare.together(served, view)
        if opened["Actor profile"].open:
            with opened["Actor profile"]:
                engine_compare.profile(served, view, timeline, known)
    sidebar(known)


def _answerable(view: View, known: Facts) -> View:
    """`view` without what the engines do not answer (a chain, a tab not offered), said once."""
    changes = {}
    if view.chain:
        changes["chain"] = ""
    if view.tab not in OFFERED_TABS and view.tab in TABS:
        changes["tab"] = OFFERED_TABS[0]
    if not changes:
        return view
    said = []
    if "chain" in changes:
        said.append("the chain of links it follows")
    if "tab" in changes:
        said.append(f"its {view.tab} tab")
    st.warning(
        f"This view's link asks for {' and '.join(said)}, which data served by an engine does "
        "not offer; showing the rest of the view."
    )
    return follow(view, known, **changes)


def header(served: Served, known: Facts) -> None:
    """The title, what the data is (name, events, days, theatres), and what is not offered."""
    st.title("Timeline")
    span = display.day_span(*known.span) if served.rows else "no dates"
    theatres = len(known.options["theatres"])
    where = f", in {display.count(theatres, 'theatre')}" if theatres else ""
    st.caption(
        f"{display.count(served.rows, 'event')} from {safe.markdown(served.name)}, {span}"
        f"{where}; dates are as precise as the sources allow."
    )
    searched = "" if served.session.folds_search else SEARCH_AS_TYPED
    st.caption(NOT_OFFERED.format(engine=ENGINE_NAMES.get(served.engine, served.engine)) + searched)


def metrics(timeline: Timeline, view: View, known: Facts) -> None:
    """Counts of what the chart shows: its events, their actors, the days they cover in it."""
    span = None
    if timeline.count and timeline.first is not None and timeline.last is not None:
        first, last = days_shown(view, known)
        covered = (timeline.first, timeline.last - pd.Timedelta(days=1))
        span = (max(covered[0].date(), first), min(covered[1].date(), last))
    columns = st.columns([1, 1, 2])
    columns[0].metric("Events", f"{timeline.count:,}")
    columns[1].metric("Actors", f"{timeline.actor_count:,}")
    columns[2].metric("Date span", display.day_span(*span) if span else "—")
