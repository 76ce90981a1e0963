"""The page shell: one module per section of `dashboard.py`, the only code importing streamlit.

`source` chooses and loads the data, `notices` shows what was loaded and its problems,
`controls` turns the sidebar (and the URL) into a View, `timeline_tab`, `reading` (the
chronology), `card` (the selected event), `map_tab` and `compare_tabs` draw the views; `scripts`
holds the page's constant script; `first_view` sends the chart before the rest. `engine_source`
decides whether an engine (DuckDB, PostgreSQL) serves the data, and `engine_page` (with
`engine_views`, `engine_reading` and `engine_compare`) is the page it then shows. What they show
is computed in the library; here it is only laid out.
"""

from timeline.ui import first_view
from timeline.ui.card import details
from timeline.ui.compare_tabs import activity, profile, together, view_tabs
from timeline.ui.controls import controls, sidebar
from timeline.ui.deadlines_tab import deadlines
from timeline.ui.engine_page import engine_page
from timeline.ui.engine_source import served_by_engine
from timeline.ui.map_tab import event_map
from timeline.ui.notices import header, problems_notice
from timeline.ui.reading import in_view, reading_view
from timeline.ui.relations import arrows_toggle, chain_note
from timeline.ui.source import data_path, load_data, uploaded_data
from timeline.ui.timeline_tab import chart, exports, metrics, table

__all__ = [
    "activity",
    "arrows_toggle",
    "chain_note",
    "chart",
    "controls",
    "data_path",
    "deadlines",
    "details",
    "engine_page",
    "event_map",
    "exports",
    "first_view",
    "header",
    "in_view",
    "load_data",
    "metrics",
    "problems_notice",
    "profile",
    "reading_view",
    "served_by_engine",
    "sidebar",
    "table",
    "together",
    "uploaded_data",
    "view_tabs",
]
