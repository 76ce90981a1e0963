"""The Map tab in the page shell, run headless with Streamlit's AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import timeline
from timeline import filters, schema
from timeline.figures import located

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
FIRST, LAST = BUNDLED.story_period  # the dates the page opens on


def map_tab(query: dict[str, list[str]] | None = None, **state) -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, values in (query or {}).items():
        test.query_params[key] = values
    test.run()  # the first run reads the link into the controls
    test.session_state["tab"] = "Map"
    test.run()
    for key, value in state.items():  # the tab's own widgets, once it has drawn them
        test.session_state[key] = value
    return test.run() if state else test


def test_the_map_tab_draws_one_map_and_counts_the_events_without_coordinates():
    test = map_tab({"theatre": ["Iran and the South Caucasus"]})
    assert not test.exception
    assert len(test.get("plotly_chart")) == 1
    events = filters.apply(
        filters.View(theatre="Iran and the South Caucasus", start=FIRST, end=LAST), BUNDLED
    )
    missing = int((~located(events)).sum())
    labels = [expander.label for expander in test.expander]
    assert f"{missing:,} of {len(events):,} events in view have no coordinates: list them" in labels
    assert "Map as offline HTML" in [button.label for button in test.get("download_button")]
    labels = [button.label for button in test.get("download_button")]
    assert "Chart as offline HTML" not in labels  # only the open tab is built


def test_the_events_without_coordinates_are_listed_when_asked():
    test = map_tab({"theatre": ["Iran and the South Caucasus"]}, map_unlocated=True)
    assert not test.exception
    events = filters.apply(
        filters.View(theatre="Iran and the South Caucasus", start=FIRST, end=LAST), BUNDLED
    )
    (table,) = test.expander[0].dataframe
    listed = table.value
    assert sorted(listed["id"]) == sorted(events[~located(events)][schema.ID])


def test_the_selected_event_has_its_card_in_the_drawer_over_the_map():
    event = BUNDLED.events[located(BUNDLED.events)].iloc[0]
    test = map_tab({"event": [event[schema.ID]]})
    assert not test.exception
    assert event[schema.TITLE] in [heading.value for heading in test.subheader]
