"""The timeline dashboard: a thin shell over the `timeline` library."""

import streamlit as st

from timeline import filters, ui

st.set_page_config(
    page_title="Timeline · sourced geopolitical events", page_icon="🗺️", layout="wide"
)

served = ui.served_by_engine()  # a database or a big converted Parquet file; None: in memory
if served is not None:
    ui.engine_page(served)  # the same page, answered by the engine (docs/scaling.md)
    st.stop()

chart_first = ui.first_view.chart_first()  # a session's first run sends the chart alone
# A new session has no upload yet: its chart-first run draws no uploader.
dataset = (None if chart_first else ui.uploaded_data()) or ui.load_data(ui.data_path())
ui.header(dataset)
ui.problems_notice(dataset)
view = ui.controls(dataset)  # the sidebar's choices (the link's, on arrival)
shown = filters.show(view, dataset)  # positions; columns are copied out only where shown
ui.metrics(shown, view, dataset)
ui.chain_note(shown, view, dataset)  # the chain of links followed, if any, and a way out
ui.details(dataset, view.event, in_view=ui.in_view(shown, view.event))  # the card's drawer
if chart_first and not len(shown):
    ui.first_view.whole_now()
if not len(shown):
    st.info(
        "No events match these filters. Remove a filter or press **Reset filters** in the sidebar."
    )
else:
    tabs = ui.view_tabs()
    if tabs["Timeline"].open:
        with tabs["Timeline"]:
            figure = ui.chart(shown, view, dataset)
            if chart_first:
                ui.first_view.rest_when_drawn()  # the filters and the chronology follow
            ui.arrows_toggle(dataset)  # under the chart: it comes after it
            listed = ui.reading_view(shown, view.event)
            ui.table(shown, view.event, dataset)  # sent once opened
            ui.exports(shown, view, dataset, figure, listed)
    if tabs["Map"].open:
        with tabs["Map"]:
            ui.event_map(shown, dataset, view)
    if tabs["Activity"].open:
        with tabs["Activity"]:
            ui.activity(shown)
    if tabs["Co-occurrence"].open:
        with tabs["Co-occurrence"]:
            ui.together(shown, dataset, view)
    if tabs["Actor profile"].open:
        with tabs["Actor profile"]:
            ui.profile(shown, dataset, view)
    if tabs["Deadlines"].open:
        with tabs["Deadlines"]:
            ui.deadlines(shown, dataset)

ui.sidebar(dataset)  # the filters' widgets, after the chart: it is sent, and drawn, first
