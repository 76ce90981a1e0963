"""The page shell: one module per section of `dashboard.py`, the only code importing streamlit.

`source` chooses and loads the data, `notices` shows what was loaded and its problems,
`controls` turns the sidebar (and the URL) into a View, `timeline_tab`, `compare_tabs` and `map_tab`
draw the views. What they show is computed in the library; here it is only laid out.
"""

from timeline.ui.compare_tabs import activity, profile, together, view_tabs
from timeline.ui.controls import controls, sidebar
from timeline.ui.map_tab import event_map
from timeline.ui.notices import header, problems_notice
from timeline.ui.source import data_path, load_data, uploaded_data
from timeline.ui.timeline_tab import chart, details, exports, metrics, table

__all__ = [
    "activity",
    "chart",
    "controls",
    "data_path",
    "details",
    "event_map",
    "exports",
    "header",
    "load_data",
    "metrics",
    "problems_notice",
    "profile",
    "sidebar",
    "table",
    "together",
    "uploaded_data",
    "view_tabs",
]
