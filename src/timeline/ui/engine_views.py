"""The Timeline tab of the engine-served page: chart, table, card and exports.

The chronology is `engine_reading`.

Each asks the browser session's `Session` for one answer (a page of rows, a matrix, the lanes'
markers or counts) and lays it out as the in-memory page's sections do.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from timeline import brief, brief_word, chronology, display, export, safe, schema
from timeline.chronology import Entry
from timeline.engines.base import Timeline
from timeline.ui.card import closed, open_card, summary
from timeline.ui.controls import CARD_OPEN, days_shown
from timeline.ui.engine_source import Served
from timeline.ui.notices import TABLE_ROWS
from timeline.ui.timeline_tab import DOCX, exported, now, share_link, show_chart, table_columns
from timeline.view import View, describe


def chart(served: Served, timeline: Timeline, view: View, known) -> go.Figure:
    """The lanes over exactly the chosen days, as the engine placed them (or counted them)."""
    first, last = days_shown(view, known)
    whole = display.count(served.rows, "event")
    figure = timeline.figure(
        # Periods depend on the theatre and dates only: asked so, one answer serves every
        # actor, type or search chosen (a cache hit instead of a query per view).
        eras=served.session.eras(View(theatre=view.theatre, start=view.start, end=view.end)),
        selected=view.event or None,
        title=display.chart_title(view.actors),
        window=(pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)),
        subtitle=display.filter_line(view, first, last),
        credit=f"{display.count(timeline.count, 'event')} of {whole} in {served.name} · "
        f"drawn {now()}",
    )
    show_chart(figure, view, timeline.notes)
    return figure


def table(served: Served, view: View, count: int) -> None:
    """The events in view as a table, fetched only once opened (the first TABLE_ROWS rows)."""
    listing = st.expander(
        f"Table of the {display.count(count, 'event')} in view", key="table_open", on_change="rerun"
    )
    if not listing.open:
        return
    with listing:
        if count > TABLE_ROWS:
            st.caption(
                f"The table lists the first {TABLE_ROWS:,} of {count:,} events in view; "
                "narrow the filters to list the rest."
            )
        frame = display.table_frame(served.session.table_page(view, limit=TABLE_ROWS))
        ids = frame["id"].tolist()
        key = f"engine_table-{view.event}"  # drawn anew, ticked, when the selection moves
        st.dataframe(
            frame,
            key=key,
            hide_index=True,
            width="stretch",
            on_select=lambda: _select_from_table(key, ids),
            selection_mode="single-row",
            selection_default={"selection": {"rows": [ids.index(view.event)]}}
            if view.event in ids
            else None,
            column_order=[column for column in frame.columns if column != "id"],
            column_config=table_columns(),
            placeholder="",
        )


def _select_from_table(key: str, ids: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    open_card(ids[rows[0]] if rows else "")


def details(served: Served, event_id: str) -> None:
    """The selected event's card (a drawer), while it is open."""
    if not event_id or not st.session_state.get(CARD_OPEN):
        return
    found = served.session.event(event_id)
    if len(found):
        _card(found, served.name)


@st.dialog("Event details", position="right", width="medium", on_dismiss=closed)
def _card(found: pd.DataFrame, origin: str) -> None:
    (entry,) = chronology.entries(found)
    event = found.iloc[0]
    st.subheader(safe.markdown(entry.title), anchor=False)
    summary(entry, event)
    st.markdown(source_links(entry))
    st.caption(f"id {safe.markdown(entry.id)} · row {event[schema.ROW]} of {safe.markdown(origin)}")
    if st.button("Close details"):
        closed()
        st.rerun()


def exports(served: Served, view: View, figure: go.Figure, known, count: int) -> None:
    """Downloads of what is in view, built only when clicked, and the link to this view."""
    stem = export.file_stem(describe(view))
    listed = min(count, brief.MAX_EVENTS)
    cut = "" if listed == count else f"the first {listed:,} of "
    word, text = st.columns(2)
    word.download_button(
        f"Brief of {cut}{display.count(count, 'event')} (Word)",
        data=lambda: brief_word.docx_bytes(_brief(served, view, figure, count)),
        file_name=f"{stem}-brief.docx",
        mime=DOCX,
        on_click="ignore",
        width="stretch",
        icon=":material/description:",
    )
    text.download_button(
        f"Brief of {cut}{display.count(count, 'event')} (Markdown)",
        data=lambda: brief.markdown(_brief(served, view, figure, count)).encode(),
        file_name=f"{stem}-brief.md",
        mime="text/markdown",
        on_click="ignore",
        width="stretch",
        icon=":material/article:",
    )
    columns = st.columns(3)
    columns[0].download_button(
        f"Events in view ({count:,}) as CSV",
        data=lambda: served.session.export_csv(view),  # built batch by batch when clicked
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        help="UTF-8 for Excel; cells that a spreadsheet would run as formulas are neutralised.",
        width="stretch",
    )
    columns[1].download_button(
        "Chart as offline HTML",
        data=lambda: export.chart_html(
            exported(figure), title=f"Timeline: {describe(view) or 'all events'}"
        ),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        width="stretch",
    )
    with columns[2].popover("Copy link to this view", width="stretch"):
        st.caption("Anyone with access to this dashboard sees exactly this view.")
        st.code(share_link(view, known), language=None, wrap_lines=True)


def _brief(served: Served, view: View, figure: go.Figure, count: int) -> brief.Brief:
    from timeline import snapshot

    events = served.session.table_page(view, limit=brief.MAX_EVENTS)
    return brief.build(
        events,
        view=view,
        dataset=served.name,
        in_view=count,
        chart=snapshot.chart_png(figure),
    )


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
