"""The Timeline tab: counts, the chart, the table and the exports (brief, CSV, chart, link).

The chronology is `ui.reading`, the selected event's card `ui.card`.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from timeline import brief, brief_word, display, export, filters, safe, schema, snapshot, urlstate
from timeline.dataset import Dataset
from timeline.figures import event_ids, timeline_figure
from timeline.ui.card import open_card
from timeline.ui.controls import days_shown, linked
from timeline.ui.notices import TABLE_ROWS
from timeline.view import View, describe

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_TABLE_SHOWS, _TABLE_VERSION = "table_shows", "table_version"


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
        open_card(chosen[0])


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
    show_chart(figure, view, shown.notes)
    return figure


def show_chart(figure: go.Figure, view: View, notes: list[str]) -> None:
    """The lane chart on the page, clickable (a marker opens its card), and its notes."""
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
    for note in notes:
        st.caption(safe.markdown(note))


_DRAWN = re.compile(r"drawn \d{2} \w{3} \d{4} \d{2}:\d{2} UTC")


def credit(dataset: Dataset, events: int) -> str:
    """Where the chart's data comes from, and when it was drawn, for its footer."""
    name = Path(dataset.report.name).name
    whole = display.count(len(dataset.events), "event")
    return f"{display.count(events, 'event')} of {whole} in {name} · drawn {now()}"


def now() -> str:
    """The time of drawing or export, as the chart's footer writes it."""
    return f"{dt.datetime.now(dt.UTC):%d %b %Y %H:%M} UTC"


def exported(figure: go.Figure) -> go.Figure:
    """A copy of the chart whose footer gives the time of export, for the offline HTML."""
    copy = go.Figure(figure)
    for note in copy.layout.annotations:
        if note.xref == "paper":
            note.text = _DRAWN.sub(f"exported {now()}", note.text)
    return copy


def share_link(view: View, dataset: Dataset) -> str:
    """The address of this page with the view in its query string."""
    here = (st.context.url or "http://localhost:8501/").split("?")[0]
    query = urllib.parse.urlencode(urlstate.to_query(linked(view, dataset)), doseq=True)
    return f"{here}?{query}" if query else here


def exports(
    shown: filters.Shown, view: View, dataset: Dataset, figure: go.Figure, listed: np.ndarray
) -> None:
    """Downloads of what is in view, built only when clicked, and the link to this view.

    The brief lists what the chronology lists (`listed`, positions in the dataset).
    """
    stem = export.file_stem(describe(view))
    name = dataset.report.name
    events = min(len(listed), brief.MAX_EVENTS)
    cut = "" if events == len(listed) else f"the first {events:,} of "
    word, text = st.columns(2)
    word.download_button(
        f"Brief of {cut}{display.count(len(listed), 'event')} (Word)",
        data=lambda: brief_word.docx_bytes(_brief(shown, view, figure, listed, name)),
        file_name=f"{stem}-brief.docx",
        mime=DOCX,
        on_click="ignore",
        help="The chronology as a memo: each event dated, with numbered citations, the "
        "sources listed once at the end, and the chart.",
        width="stretch",
        icon=":material/description:",
    )
    text.download_button(
        f"Brief of {cut}{display.count(len(listed), 'event')} (Markdown)",
        data=lambda: brief.markdown(_brief(shown, view, figure, listed, name)).encode(),
        file_name=f"{stem}-brief.md",
        mime="text/markdown",
        on_click="ignore",
        help="The same brief as plain Markdown; no text from the data is read as markup.",
        width="stretch",
        icon=":material/article:",
    )
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
            exported(figure),
            title=f"Timeline: {describe(view) or 'all events'}",
        ),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        help="Opens in any browser without a network; zoom and hover still work.",
        width="stretch",
    )
    with columns[2].popover("Copy link to this view", width="stretch"):
        uploaded = st.session_state.get("uploaded")
        if uploaded:
            st.caption(
                f"This view is of your own file, {safe.markdown(uploaded[1].report.name)}, "
                "which only this browser session sees: the link opens these filters on the "
                "shared dataset, unless the recipient uploads the same file."
            )
        else:
            st.caption("Anyone with access to this dashboard sees exactly this view.")
        st.code(share_link(view, dataset), language=None, wrap_lines=True)


def _brief(
    shown: filters.Shown, view: View, figure: go.Figure, listed: np.ndarray, dataset: str
) -> brief.Brief:
    """The brief of the listed events, the chart drawn on the server (or why it is not)."""
    events = shown.source.take(listed[: brief.MAX_EVENTS])
    chart = snapshot.chart_png(figure)
    return brief.build(events, view=view, dataset=dataset, in_view=len(listed), chart=chart)


def _select_from_table(key: str, ids: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    chosen = ids[rows[0]] if rows else ""
    st.session_state[_TABLE_SHOWS] = chosen
    open_card(chosen)


def table(shown: filters.Shown, event_id: str, dataset: Dataset) -> None:
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
        _table(shown, event_id, dataset)


def _table(shown: filters.Shown, event_id: str, dataset: Dataset) -> None:
    """The table's rows; its tick is always on the selected event (or on none).

    A table's selection cannot be set once drawn, so when the event is chosen elsewhere (the
    chart, the chronology, a link) the table is drawn anew with that event ticked.
    """
    events = shown.head(TABLE_ROWS)
    if len(shown) > TABLE_ROWS:
        st.caption(
            f"The table lists the first {TABLE_ROWS:,} of {len(shown):,} events in view; "
            "narrow the filters to list the rest."
        )
    frame = display.table_frame(events, dataset.source_strength)
    ids = frame["id"].tolist()
    state = st.session_state
    if state.get(_TABLE_SHOWS, "") != event_id:
        state[_TABLE_VERSION] = state.get(_TABLE_VERSION, 0) + 1
        state[_TABLE_SHOWS] = event_id
    key = f"table-{state.get(_TABLE_VERSION, 0)}"
    ticked = [ids.index(event_id)] if event_id in ids else []
    st.dataframe(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        on_select=lambda: _select_from_table(key, ids),
        selection_mode="single-row",
        selection_default={"selection": {"rows": ticked}},
        column_order=[column for column in frame.columns if column != "id"],
        column_config=table_columns(),
        placeholder="",
    )


def table_columns() -> dict:
    """Widths that keep date, title, type, status and sources in view at 1440 px."""
    return {
        "Date": st.column_config.TextColumn(width=160),
        "Title": st.column_config.TextColumn(width=250),
        "Type": st.column_config.TextColumn(width=135),
        "Status": st.column_config.TextColumn(width=85),
        "Sourcing": st.column_config.TextColumn(
            width=110, help="Strong: a primary source or two independent ones; single: one."
        ),
        **link_columns(),
    }


def link_columns() -> dict:
    """Source URLs as links showing their site, e.g. 'reuters.com'."""
    link = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=100)
    return dict.fromkeys(display.SOURCE_COLUMNS, link)
