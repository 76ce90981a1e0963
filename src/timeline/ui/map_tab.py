"""The Map tab: the events in view with coordinates, selected and filtered as on the timeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from timeline import display, export, filters, schema
from timeline.dataset import Dataset
from timeline.figures import MAP_POINT_BUDGET, event_ids, located, map_figure, map_frame
from timeline.ui.controls import select
from timeline.ui.notices import TABLE_ROWS
from timeline.ui.timeline_tab import details
from timeline.view import View, describe

_NO_WEBGL2 = (
    "The map needs WebGL2, which this browser has turned off or does not support, so it cannot "
    "be drawn. Turn on hardware acceleration (or WebGL) in the browser's settings, or use a "
    "current Chrome, Edge, Firefox or Safari. The other tabs work without it."
)
# MapLibre throws without WebGL2 and Plotly then leaves an empty box: the browser is asked once.
_PROBE_JS = """
export default function ({ parentElement }) {
  if (window.timelineWebgl2 === undefined) {
    const gl = document.createElement("canvas").getContext("webgl2");
    window.timelineWebgl2 = Boolean(gl);
    const lose = gl && gl.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
  }
  const box = parentElement.querySelector("div");
  if (!window.timelineWebgl2) {
    box.setAttribute("role", "alert");
    box.style.cssText = STYLE;
    box.textContent = MESSAGE;
  }
}
""".replace("MESSAGE", repr(_NO_WEBGL2)).replace(
    "STYLE",
    repr(
        "padding: 12px 16px; border-radius: 8px; background: #FFF4CE; color: #31333F; "
        "font-family: sans-serif; font-size: 15px; line-height: 1.5;"
    ),
)
_webgl2_probe = st.components.v2.component(
    "timeline_webgl2_probe", html="<div></div>", js=_PROBE_JS
)


def _select_from_map() -> None:
    chosen = event_ids(st.session_state["map_chart"].selection.points)
    if chosen:
        select(chosen[0])


def event_map(shown: filters.Shown, dataset: Dataset, view: View) -> None:
    """The map of the events in view, their count without coordinates, the selected event's card."""
    events, missing = map_frame(shown.source, shown.positions, MAP_POINT_BUDGET)
    _webgl2_probe(key="webgl2_probe")
    tiles = st.toggle(
        "OpenStreetMap tiles (online)",
        key="map_tiles",
        help="Roads, towns and terrain under the points, fetched from openstreetmap.org: only "
        "with a network. Without it the map shows the borders shipped with the dashboard.",
    )
    figure = map_figure(events, missing=missing, selected=view.event or None, online_tiles=tiles)
    st.plotly_chart(
        figure,
        key="map_chart",
        on_select=_select_from_map,
        selection_mode=("points",),
        config={"displaylogo": False, "scrollZoom": True},
    )
    span = display.covered(shown.columns(schema.START, schema.END))
    st.caption(
        f"{display.count(len(events), 'event')} with coordinates, of {len(shown):,} in view "
        f"({display.day_span(*span)}): every filter in the sidebar applies, and the Dates "
        "filter sets the time shown. Click a point to select its event, here and on the "
        "timeline. Borders: Natural Earth (public domain)."
    )
    if missing:
        _unlocated(shown)
    details(dataset, view.event)
    st.download_button(
        "Map as offline HTML",
        data=lambda: export.map_html(figure, title=f"Map: {describe(view) or 'all events'}"),
        file_name=f"{export.file_stem(describe(view) + ' map')}.html",
        mime="text/html",
        on_click="ignore",  # a rerun would drop the file being prepared
        help="Opens in any browser without a network: points, borders, hover and zoom.",
    )


def _unlocated(shown: filters.Shown) -> None:
    """'12 of 45 events in view have no coordinates', and the list of them when asked for."""
    positions = np.arange(len(shown.source)) if shown.positions is None else shown.positions
    positions = positions[~located(shown.columns(schema.LATITUDE, schema.LONGITUDE))]
    total = len(shown)
    listed = st.expander(
        f"{len(positions):,} of {total:,} events in view have no coordinates: list them",
        key="map_unlocated",
        on_change="rerun",
    )
    if not listed.open:  # the table is sent only when asked for
        return
    with listed:
        rows = shown.source.take(positions[:TABLE_ROWS])
        if len(positions) > TABLE_ROWS:
            st.caption(f"The first {TABLE_ROWS:,} of {len(positions):,}.")
        table = pd.DataFrame(
            {
                "Date": display.when_column(rows),
                "Title": rows[schema.TITLE],
                "Location": rows[schema.LOCATION],
                "Actors": rows[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False),
                "id": rows[schema.ID],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="map_unlocated_table")
        st.caption("Give these rows a latitude and longitude in the data file to place them.")
