"""The Map tab in Chromium with every outside request refused: points drawn, clicks, the export.

MapLibre draws into WebGL2; the points are counted as MapLibre rendered them
(`queryRenderedFeatures`), so a style or tile that needs the network, which would leave the map
empty, fails these tests.
"""

from __future__ import annotations

import datetime as dt
import math
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import Browser, Page, Route, expect
from server import CHROMIUM, CHROMIUM_ARGS, HOST, Server

from timeline import export, filters, schema
from timeline.figures import located, map_figure
from timeline.load import load
from timeline.view import View

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1440, "height": 900}
LOCAL = f"http://{HOST}:"

_MAP = "[...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map)"
#: True once the map's style, sources and points are loaded and drawn.
_MAP_READY = f"""() => {{
    const plot = {_MAP};
    const map = plot && plot._fullLayout.map._subplot && plot._fullLayout.map._subplot.map;
    return Boolean(map && map.loaded() && map.isStyleLoaded());
}}"""
#: Every event point MapLibre drew (circle layers of traces carrying event ids), with its id
#: and its position in the viewport; look-only traces (rings, hollow centres) carry no ids.
_DRAWN = f"""() => {{
    const plot = {_MAP};
    const map = plot._fullLayout.map._subplot.map;
    const box = map.getCanvas().getBoundingClientRect();
    const traces = plot._fullData.filter(t => Array.isArray(t.customdata) && t.hoverinfo !== 'skip');
    const drawn = map.queryRenderedFeatures().filter(
        f => f.layer.type === 'circle' && traces.some(t => f.layer.id.includes(t.uid)));
    const points = [];
    for (const trace of traces) {{
        for (let i = 0; i < trace.lat.length; i++) {{
            const at = map.project([trace.lon[i], trace.lat[i]]);
            points.push({{id: String(trace.customdata[i][0]), x: box.left + at.x, y: box.top + at.y}});
        }}
    }}
    const selected = plot._fullData.filter(t => t.name === 'Selected').length;
    return {{drawn: drawn.length, points, selected}};
}}"""


def bundled():
    return load(Path(__file__).resolve().parents[2] / "data" / "events.csv")


def title_of(event_id: str) -> str:
    return bundled().events.set_index(schema.ID).loc[event_id, schema.TITLE]


def located_ids(view: View | None = None) -> list[str]:
    """Ids of the events the map should draw for `view`, computed by the library."""
    events = filters.apply(view or View(), bundled())
    return events[located(events)][schema.ID].tolist()


def view_on_page(dashboard: DashboardPage, **choices) -> View:
    """The view the page shows: its Dates as the sidebar shows them (the page may open on a
    period rather than on every date), and the other choices the test made."""
    first, last = (dt.date.fromisoformat(day) for day in dashboard.sidebar_selections()["dates"])
    span = bundled().span
    return View(
        start=None if first <= span[0] else first, end=None if last >= span[1] else last, **choices
    )


def _local_only(refused: list[str]):
    def route(request: Route) -> None:
        if request.request.url.startswith((LOCAL, "data:", "blob:")):
            request.continue_()
        else:
            refused.append(request.request.url)
            request.abort()

    return route


@pytest.fixture
def offline_dashboard(
    browser: Browser, bundled_app: Server
) -> Iterator[tuple[DashboardPage, list]]:
    """The bundled dashboard in a tab that may reach 127.0.0.1 only; the list of refused URLs."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(30_000)
    refused: list[str] = []
    context.route("**/*", _local_only(refused))
    yield DashboardPage(context.new_page(), bundled_app.url), refused
    context.close()


def open_map(dashboard: DashboardPage, query: str = "") -> dict:
    dashboard.open(query)
    dashboard.page.get_by_role("tab", name="Map").click()
    dashboard.settle()
    return wait_for_map(dashboard.page)


def wait_for_map(page: Page) -> dict:
    page.wait_for_function(_MAP_READY, polling=200, timeout=30_000)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_function(_MAP_READY, polling=200, timeout=30_000)
    return page.evaluate(_DRAWN)


def lone_point(points: list[dict], viewport: dict) -> dict:
    """A point on screen with no other event's point within 20 px, so a click hits only it."""
    for point in points:
        inside = 0 < point["x"] < viewport["width"] and 0 < point["y"] < viewport["height"]
        others = [p for p in points if p["id"] != point["id"]]
        if inside and all(
            math.hypot(point["x"] - o["x"], point["y"] - o["y"]) > 20 for o in others
        ):
            return point
    raise AssertionError("no event point on screen stands apart from the others")


def test_the_default_view_draws_a_point_for_every_located_event_offline(offline_dashboard):
    dashboard, refused = offline_dashboard
    shown = open_map(dashboard)
    view = view_on_page(dashboard)
    expected = located_ids(view)
    assert shown["drawn"] == len(expected)
    assert sorted(point["id"] for point in shown["points"]) == sorted(expected)
    total = len(filters.apply(view, bundled()))
    missing = total - len(expected)
    listed = dashboard.page.get_by_text(
        f"{missing:,} of {total:,} events in view have no coordinates: list them"
    )
    listed.click()  # the events left off the map are listed on request
    dashboard.settle()
    expect(
        dashboard.page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")
    ).to_be_visible()
    assert refused == [] and dashboard.page_errors == [] and dashboard.console_errors == []


def test_clicking_a_point_selects_its_event_on_the_map_and_the_timeline(offline_dashboard):
    dashboard, refused = offline_dashboard
    shown = open_map(dashboard)
    point = lone_point(shown["points"], VIEWPORT)
    dashboard.page.mouse.click(point["x"], point["y"])
    dashboard.page.wait_for_url(f"**event={point['id']}*")
    dashboard.settle()
    title = title_of(point["id"])
    assert dashboard.card_title() == title
    assert wait_for_map(dashboard.page)["selected"] == 3  # ring, gap and the point again
    dashboard.page.keyboard.press("Escape")  # the card is a drawer over the page: close it
    expect(dashboard.details_card()).to_have_count(0)
    dashboard.settle()
    dashboard.page.get_by_role("tab", name="Timeline").click()
    dashboard.settle()
    # The same selection on the timeline: highlighted in the chronology, ringed on the chart.
    expect(dashboard.page.locator(".st-key-chronology .entry.selected")).to_contain_text(title)
    ringed = dashboard.page.evaluate(
        "() => document.querySelector('.js-plotly-plot')._fullData.filter(t => t.name === 'Selected').length"
    )
    assert ringed >= 1
    assert refused == [] and dashboard.page_errors == [] and dashboard.console_errors == []


def test_the_map_follows_the_filters(offline_dashboard):
    dashboard, _ = offline_dashboard
    theatre = "Iran and the South Caucasus"
    shown = open_map(dashboard, "?" + urllib.parse.urlencode({"theatre": theatre}))
    view = view_on_page(dashboard, theatre=theatre)
    assert 0 < len(located_ids(view)) < len(located_ids(view_on_page(dashboard)))
    assert sorted(point["id"] for point in shown["points"]) == sorted(located_ids(view))


def test_the_offline_html_export_draws_every_point_from_a_file(
    offline_dashboard, offline_tab, tmp_path
):
    dashboard, _ = offline_dashboard
    open_map(dashboard)
    saved = dashboard.download("Map as offline HTML")
    path = tmp_path / "map.html"
    saved.save_as(path)
    errors: list[str] = []
    offline_tab.page.on("pageerror", lambda error: errors.append(str(error)))
    offline_tab.page.goto(path.as_uri())
    shown = wait_for_map(offline_tab.page)
    expected = located_ids(view_on_page(dashboard))
    assert shown["drawn"] == len(expected)
    point = lone_point(shown["points"], VIEWPORT)
    offline_tab.page.mouse.move(point["x"], point["y"])
    label = offline_tab.page.locator(".hoverlayer .hovertext")
    label.first.wait_for(timeout=5_000)
    title = title_of(point["id"])
    assert title[:40] in (label.first.text_content() or "")
    assert offline_tab.refused == [] and errors == []


@pytest.fixture(scope="module")
def no_webgl2_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with WebGL but without WebGL2, as on old or locked-down machines."""
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, "--disable-webgl2"]
    )
    yield launched
    launched.close()


def test_without_webgl2_the_map_tab_says_why_instead_of_an_empty_box(
    no_webgl2_browser, bundled_app
):
    context = no_webgl2_browser.new_context(viewport=VIEWPORT)
    try:
        dashboard = DashboardPage(context.new_page(), bundled_app.url).open()
        dashboard.page.get_by_role("tab", name="Map").click()
        expect(dashboard.page.get_by_role("alert").filter(has_text="needs WebGL2")).to_be_visible(
            timeout=30_000
        )
    finally:
        context.close()


def test_without_webgl2_the_exported_map_says_why(no_webgl2_browser, tmp_path):
    events = bundled().events
    path = tmp_path / "map.html"
    path.write_bytes(export.map_html(map_figure(events)))
    context = no_webgl2_browser.new_context(viewport=VIEWPORT, offline=True)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        expect(page.get_by_role("alert").filter(has_text="needs WebGL2")).to_be_visible()
    finally:
        context.close()
