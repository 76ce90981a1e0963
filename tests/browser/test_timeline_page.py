"""What an analyst sees and does on the bundled timeline, in a real Chromium."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pandas as pd
import pytest
from dashboard_page import DashboardPage, opening, placed_ids
from playwright.sync_api import expect

import timeline
from timeline import filters, schema
from timeline.filters import View

pytestmark = pytest.mark.browser

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
IRAN = opening(BUNDLED, View(actors=("Iran",)))  # on the story's period, as the page opens
IRAN_CHOSEN = opening(BUNDLED, View(actors=("Iran",), affiliates=True))  # rolled up
SHARED_LINK = "?actor=Iran&type=statement&from=2020-09-27&to=2020-11-10"
SHARED_VIEW = View(
    actors=("Iran",), types=("statement",), start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)
)


def placed(view: View) -> list[str]:
    return placed_ids(BUNDLED, view)


def event(event_id: str) -> pd.Series:
    return BUNDLED.events.set_index(schema.ID).loc[event_id]


def sources(event_id: str) -> list[str]:
    return event(event_id)[schema.SOURCE_URL].split()


def assert_clean(tab: DashboardPage) -> None:
    """No traceback box, no uncaught script error, no console error, no dialog."""
    assert tab.dialogs == []
    assert tab.exceptions() == []
    assert tab.page_errors == []
    assert tab.console_errors == []


def assert_details_of(tab: DashboardPage, event_id: str) -> None:
    """The card names the event and links every one of its sources, in order.

    Compared unquoted: the card percent-encodes brackets so that markdown cannot end a link early.
    """
    assert tab.card_title() == event(event_id)[schema.TITLE]
    links = tab.card_links()
    assert [unquote(link) for link in links] == [unquote(url) for url in sources(event_id)]
    assert all(link.startswith(("http://", "https://")) for link in links)


def test_default_page_draws_a_mark_for_every_event_it_counts_without_errors(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    story = opening(BUNDLED)
    expected = placed(story)
    expect(tab.metric("Events")).to_have_text(f"{len(filters.apply(story, BUNDLED)):,}")
    markers = tab.wait_for_markers(len(expected))
    assert sorted(marker.id for marker in markers) == sorted(expected)
    assert all(marker.inside for marker in markers), "an event counted is off the chart"
    assert tab.page.locator(".js-plotly-plot .gl-canvas").count() == 0  # SVG, not WebGL
    assert_clean(tab)


def test_choosing_an_actor_narrows_the_chart_the_events_count_and_the_url(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    tab.sidebar_multiselect("Actors").click()
    tab.page.keyboard.type("Iran")
    tab.page.get_by_role("option", name="Iran", exact=True).click()
    tab.page.keyboard.press("Escape")
    expected = len(filters.apply(IRAN_CHOSEN, BUNDLED))
    tab.expect_events(expected)
    assert expected < len(BUNDLED.events)
    assert "actor=Iran" in tab.page.url
    assert tab.query["actor"] == ["Iran"]
    assert tab.query["affiliates"] == ["1"]
    markers = tab.wait_for_markers(len(placed(IRAN_CHOSEN)))
    assert sorted(m.id for m in markers) == sorted(placed(IRAN_CHOSEN))
    assert_clean(tab)


def test_typing_an_actor_and_pressing_enter_chooses_only_that_actor(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    tab.sidebar_multiselect("Actors").click()
    tab.page.keyboard.type("Iran")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function("() => location.search.includes('actor=')")
    tab.settle()
    assert tab.query["actor"] == ["Iran"]
    expect(tab.metric("Events")).to_have_text(f"{len(filters.apply(IRAN_CHOSEN, BUNDLED)):,}")


def test_a_shared_link_opens_exactly_that_view(bundled_app, open_dashboard) -> None:
    tab = open_dashboard(bundled_app, SHARED_LINK)
    expected = filters.apply(SHARED_VIEW, BUNDLED)
    assert 0 < len(expected) < len(filters.apply(IRAN, BUNDLED))
    expect(tab.metric("Events")).to_have_text(f"{len(expected):,}")
    markers = tab.wait_for_markers(len(placed(SHARED_VIEW)))
    assert {m.id for m in markers} == set(expected[schema.ID])
    actors = tab.sidebar_multiselect("Actors")
    expect(actors.locator("[data-tag]")).to_have_text(["Iran"])
    assert tab.query == {
        "actor": ["Iran"],
        "type": ["statement"],
        "from": ["2020-09-27"],
        "to": ["2020-11-10"],
    }
    assert_clean(tab)


def test_clicking_an_event_on_the_chart_opens_its_details_with_its_sources(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    marker = tab.clickable_marker()
    assert event(marker.id)[schema.TITLE] in tab.hover(marker)
    tab.page.mouse.down()
    tab.page.mouse.up()
    tab.page.wait_for_function(f"() => location.search.includes('event={marker.id}')")
    tab.settle()
    assert_details_of(tab, marker.id)
    assert tab.query["event"] == [marker.id]
    assert_clean(tab)


def test_a_link_to_an_event_opens_its_details_with_working_source_links(
    bundled_app, open_dashboard
) -> None:
    cited = BUNDLED.events[BUNDLED.events[schema.SOURCE_URL].str.contains(" ")]
    event_id = cited[schema.ID].iloc[0]
    tab = open_dashboard(bundled_app, f"?event={event_id}")
    assert_details_of(tab, event_id)
    card = tab.details_card()
    first = card.get_by_test_id("stMarkdown").locator("a").first
    expect(first).to_have_attribute("target", "_blank")
    assert_clean(tab)


def test_selecting_a_table_row_opens_that_events_details(bundled_app, open_dashboard) -> None:
    tab = open_dashboard(bundled_app, "?actor=Iran")
    grid = tab.open_table()
    grid.scroll_into_view_if_needed()
    row = 2  # the third event; row 0 of the grid is its header
    title = tab.table().locator("tbody tr").nth(row).locator("td").nth(1)
    expected_title = title.inner_text()
    canvas = grid.get_by_test_id("data-grid-canvas").bounding_box()
    # The grid is a canvas: click the row-selection column of that row (35 px rows).
    tab.page.mouse.click(canvas["x"] + 15, canvas["y"] + 35 * (row + 1) + 17)
    tab.page.wait_for_function("() => location.search.includes('event=')")
    tab.settle()
    event_id = tab.query["event"][0]
    assert event(event_id)[schema.TITLE] == expected_title
    assert_details_of(tab, event_id)
    assert_clean(tab)
