"""The timeline dashboard: a thin shell over the `timeline` library."""

import streamlit as st

from timeline import filters, ui

st.set_page_config(
    page_title="Timeline · sourced geopolitical events", page_icon="🗺️", layout="wide"
)

dataset = ui.uploaded_data() or ui.load_data(ui.data_path())
ui.header(dataset)
ui.problems_notice(dataset)
view = ui.controls(dataset)
shown = filters.show(view, dataset)  # positions; columns are copied out only where shown
ui.metrics(shown)
ui.details(dataset, view.event, in_view=ui.in_view(shown, view.event))
if not len(shown):
    st.info(
        "No events match these filters. Remove a filter or press **Reset filters** in the sidebar."
    )
    st.stop()

tabs = ui.view_tabs()
if tabs["Timeline"].open:
    with tabs["Timeline"]:
        eras = filters.eras(view, dataset)
        figure = ui.chart(shown, view, eras)
        listed = ui.reading_view(shown, view.event, ui.opening(shown, view, eras))
        ui.table(shown, view.event)
        ui.exports(shown, view, figure, listed, dataset.report.name)
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
