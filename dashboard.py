"""The timeline dashboard: a thin shell over the `timeline` library."""

import streamlit as st

from timeline import filters, ui

st.set_page_config(
    page_title="Timeline · sourced geopolitical events", page_icon="🗺️", layout="wide"
)

dataset = ui.uploaded_data() or ui.load_data(ui.data_path())
ui.header(dataset)
ui.problems_notice(dataset)
view = ui.controls(dataset)  # the sidebar's choices (the link's, on arrival)
shown = filters.show(view, dataset)  # positions; columns are copied out only where shown
ui.metrics(shown, view, dataset)

if not len(shown):
    st.info(
        "No events match these filters. Remove a filter or press **Reset filters** in the sidebar."
    )
    ui.details(dataset, view.event)
else:
    tabs = ui.view_tabs()
    if tabs["Timeline"].open:
        with tabs["Timeline"]:
            figure = ui.chart(shown, view, dataset)
            ui.details(dataset, view.event)
            ui.exports(shown, view, dataset, figure)
            ui.table(shown)  # sent once opened
    if tabs["Map"].open:
        with tabs["Map"]:
            ui.event_map(shown, dataset, view)
    if tabs["Activity"].open:
        with tabs["Activity"]:
            ui.activity(shown)
    if tabs["Co-occurrence"].open:
        with tabs["Co-occurrence"]:
            ui.together(shown, dataset)
    if tabs["Actor profile"].open:
        with tabs["Actor profile"]:
            ui.profile(shown, dataset, view)

ui.sidebar(dataset)  # the filters' widgets, after the chart: it is sent, and drawn, first
