"""A session's first view in a real browser: the chart is drawn first, then the page completes.

The first run sends the header, counts, tabs and chart only; once the browser has drawn the
chart, a script in the page asks for the rest (filters, chronology, exports), with no action
from the analyst (timeline.ui.first_view).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from server import Server, wait_for_dashboard

pytestmark = pytest.mark.browser

#: When (ms since navigation) the chart's marks and the sidebar's first filter each appeared,
#: and the chart's width when its marks were first drawn.
_WATCH = """
window.__seen = {};
new MutationObserver(() => {
  const seen = window.__seen, now = Math.round(performance.now());
  const plot = document.querySelector('.js-plotly-plot');
  if (!seen.chart && plot && plot.querySelector('.scatterlayer path.point, .barlayer path')) {
    seen.chart = now;
    window.__first_width = plot.getBoundingClientRect().width;
  }
  if (!seen.filters && document.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]'))
    seen.filters = now;
  if (!seen.chronology && document.querySelector('.st-key-chronology'))
    seen.chronology = now;
}).observe(document, { subtree: true, childList: true });
"""


def test_the_chart_is_drawn_before_the_filters_and_the_page_then_completes_by_itself(
    browser: Browser, bundled_app: Server
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(_WATCH)
        page.goto(f"{bundled_app.url}/?actor=Iran")
        wait_for_dashboard(page)
        seen = page.evaluate("window.__seen")
        assert set(seen) == {"chart", "filters", "chronology"}, seen
        assert seen["chart"] < seen["filters"], seen
        assert seen["chart"] < seen["chronology"], seen
        # The whole page is there, on the same view the link asked for.
        expect(page.get_by_test_id("stSidebar").get_by_text("Iran", exact=True)).to_be_visible()
        expect(page.locator(".st-key-chronology .entry").first).to_be_visible()
        expect(page.locator(".st-key-chart_drawn")).to_have_count(0)
        assert page.get_by_test_id("stException").count() == 0
        # Drawn once, at its final width: the sidebar was there when the chart was laid out.
        width = page.locator(".js-plotly-plot").bounding_box()["width"]
        assert page.evaluate("window.__first_width") == pytest.approx(width, abs=1)
    finally:
        context.close()


def test_a_link_to_another_tab_opens_whole_at_once(browser: Browser, bundled_app: Server) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{bundled_app.url}/?tab=Activity")
        wait_for_dashboard(page)
        expect(
            page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
        ).to_be_visible()
        expect(page.locator(".st-key-chart_drawn")).to_have_count(0)
    finally:
        context.close()
