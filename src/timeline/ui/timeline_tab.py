"""The Timeline tab: counts, the chart, the selected event's card, the table and the exports."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from timeline import display, export, filters, safe, schema, urlstate
from timeline.dataset import Dataset
from timeline.figures import event_ids, timeline_figure
from timeline.ui import relations, sourcing
from timeline.ui.controls import days_shown, linked, select
from timeline.ui.notices import TABLE_ROWS
from timeline.view import View, describe


def metrics(shown: filters.Shown, view: View, dataset: Dataset) -> None:
    """Counts of what the chart shows: its events, their actors, the days they cover in it."""
    span = display.covered(shown.columns(schema.START, schema.END))
    if span:  # an event reaching beyond the chosen days is counted, and shown, within them
        first, last = days_shown(view, dataset)
        span = (max(span[0].date(), first), min(span[1].date(), last))
    columns = st.columns([1, 1, 2])
    columns[0].metric("Events", f"{len(shown):,}")
    columns[1].metric("Actors", f"{shown.actor_count:,}")
    columns[2].metric("Date span", display.day_span(*span) if span else "—")


def _select_from_chart() -> None:
    chosen = event_ids(st.session_state["chart"].selection.points)
    if chosen:
        select(chosen[0])


def chart(shown: filters.Shown, view: View, dataset: Dataset) -> go.Figure:
    """The lanes over exactly the chosen days, titled and credited so a PNG stands alone."""
    first, last = days_shown(view, dataset)
    figure = timeline_figure(
        shown.source,  # drawn from the shared frame at the placed rows: no events are copied
        shown.placed_in_source(),
        lanes=shown.lanes,
        eras=filters.eras(view, dataset),
        selected=view.event or None,
        window=(pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)),
        title=display.chart_title(view.actors),
        subtitle=display.filter_line(view, first, last),
        credit=credit(dataset, len(shown)),
        links=dataset.links,
        arrows=view.connectors,
    )
    st.plotly_chart(
        figure,
        key="chart",
        theme=None,  # the figure carries its own design, the same in the PNG and the HTML export
        on_select=_select_from_chart,
        selection_mode=("points",),
        config={
            "displaylogo": False,
            "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
            "toImageButtonOptions": {
                "filename": export.file_stem(describe(view)),
                "format": "png",
                "scale": 2,
            },
        },
    )
    for note in shown.notes:
        st.caption(safe.markdown(note))
    return figure


_DRAWN = re.compile(r"drawn \d{2} \w{3} \d{4} \d{2}:\d{2} UTC")


def credit(dataset: Dataset, events: int) -> str:
    """Where the chart's data comes from, and when it was drawn, for its footer."""
    name = Path(dataset.report.name).name
    whole = display.count(len(dataset.events), "event")
    return f"{display.count(events, 'event')} of {whole} in {name} · drawn {_now()}"


def _now() -> str:
    return f"{dt.datetime.now(dt.UTC):%d %b %Y %H:%M} UTC"


def _exported(figure: go.Figure) -> go.Figure:
    """A copy of the chart whose footer gives the time of export, for the offline HTML."""
    copy = go.Figure(figure)
    for note in copy.layout.annotations:
        if note.xref == "paper":
            note.text = _DRAWN.sub(f"exported {_now()}", note.text)
    return copy


def share_link(view: View, dataset: Dataset) -> str:
    """The address of this page with the view in its query string."""
    here = (st.context.url or "http://localhost:8501/").split("?")[0]
    query = urllib.parse.urlencode(urlstate.to_query(linked(view, dataset)), doseq=True)
    return f"{here}?{query}" if query else here


def exports(shown: filters.Shown, view: View, dataset: Dataset, figure: go.Figure) -> None:
    """Downloads of what is in view, built only when clicked, and the link to this view."""
    stem = export.file_stem(describe(view))
    columns = st.columns(3)
    columns[0].download_button(
        f"Events in view ({len(shown):,}) as CSV",
        data=lambda: export.events_csv(shown.events),  # copied out only when clicked
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",  # a rerun would drop a file being prepared (seen in Chromium)
        help="UTF-8 for Excel; cells that a spreadsheet would run as formulas are neutralised.",
        width="stretch",
    )
    columns[1].download_button(
        "Chart as offline HTML",
        data=lambda: export.chart_html(
            _exported(figure),
            title=f"Timeline: {describe(view) or 'all events'}",
        ),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        help="Opens in any browser without a network; zoom and hover still work.",
        width="stretch",
    )
    with columns[2].popover("Copy link to this view", width="stretch"):
        st.caption("Anyone with access to this dashboard sees exactly this view.")
        st.code(share_link(view, dataset), language=None, wrap_lines=True)


def _select_from_table(ids: list[str]) -> None:
    rows = st.session_state["table"].selection.rows
    if rows:
        select(ids[rows[0]])


def table(shown: filters.Shown) -> None:
    """The events in view as a table, sent only once opened: the chart comes first, and the
    table's grid costs the browser more than the rest of the page."""
    listing = st.expander(
        f"Table of the {display.count(len(shown), 'event')} in view",
        key="table_open",
        on_change="rerun",
    )
    if not listing.open:
        return
    with listing:
        _table(shown)


def _table(shown: filters.Shown) -> None:
    events = shown.head(TABLE_ROWS)
    if len(shown) > TABLE_ROWS:
        st.caption(
            f"The table lists the first {TABLE_ROWS:,} of {len(shown):,} events in view; "
            "narrow the filters to list the rest."
        )
    frame = display.table_frame(events)
    ids = frame["id"].tolist()
    st.dataframe(
        frame,
        key="table",
        hide_index=True,
        width="stretch",
        on_select=lambda: _select_from_table(ids),
        selection_mode="single-row",
        column_order=[column for column in frame.columns if column != "id"],
        column_config=link_columns(),
    )


def link_columns() -> dict:
    """Source URLs as links showing their site, e.g. 'reuters.com'."""
    link = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")
    return dict.fromkeys(display.SOURCE_COLUMNS, link)


def details(dataset: Dataset, event_id: str) -> None:
    """A card for the selected event: everything an analyst needs to cite it."""
    if not event_id:
        return
    match = dataset.events[dataset.events[schema.ID] == event_id]
    if not len(match):
        return
    event = match.iloc[0]
    with st.container(border=True):
        st.subheader(safe.markdown(event[schema.TITLE]))
        when = display.when(event[schema.DATE], event[schema.END_DATE])
        kind = schema.event_type_label(str(event[schema.EVENT_TYPE]))
        status = schema.status_label(str(event[schema.STATUS]))
        st.markdown(
            f"**Date** {safe.markdown(when)} · **Type** {safe.markdown(kind)} · "
            f"**Status** {safe.markdown(status)}"
        )
        st.markdown(f"**Actors** {safe.markdown(display.joined(event[schema.ACTORS]))}")
        if event[schema.DESCRIPTION]:
            st.markdown(safe.markdown(event[schema.DESCRIPTION]))
        sourcing.sources_list(dataset, int(match.index[0]))
        relations.linked_events(dataset, event_id)
        origin = safe.markdown(Path(dataset.report.name).name)
        st.caption(f"id {safe.markdown(event_id)} · row {event[schema.ROW]} of {origin}")
        if st.button("Close details"):
            select("")
            st.rerun()
