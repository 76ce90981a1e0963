"""Script, HTML, markdown and LaTeX in a data file show as the text they are, everywhere.

tests/browser/data/xss.csv puts the same corpus in every text column; its last row has the
source_url `javascript:alert(1)` and must be rejected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_page import DashboardPage, Marker, placed_ids
from playwright.sync_api import expect

import timeline
from timeline import schema
from timeline.filters import View

pytestmark = pytest.mark.browser

UNTRUSTED = timeline.load(Path(__file__).parent / "data" / "xss.csv")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ANCHOR = '<a href="javascript:alert(1)">x</a>'
SVG = "<svg onload=alert(1)>"
MARKDOWN_LINK = "[click](javascript:alert(1))"

#: Elements that only injected markup would create: an image or handler from the data, a
#: rendered emphasis or formula (KaTeX) inside the details card.
_INJECTED = """() => ({
    images: [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').length,
    handlers: [...document.querySelectorAll('[onerror], [onload]')].map(e => e.outerHTML.slice(0, 80)),
    scripts: [...document.querySelectorAll('script')].filter(s => s.text.includes('alert(1)')).length,
})"""


def assert_inert(tab: DashboardPage) -> None:
    """Nothing ran: no dialog, no script link, no injected element, no error of any kind."""
    assert tab.dialogs == []
    assert tab.script_links() == []
    assert tab.page.evaluate(_INJECTED) == {"images": 0, "handlers": [], "scripts": 0}
    assert tab.exceptions() == []
    assert tab.page_errors == []
    assert tab.console_errors == []


def marker_of(tab: DashboardPage, event_id: str) -> Marker:
    """The on-screen marker of `event_id`, with the chart scrolled into view."""
    tab.page.locator(".js-plotly-plot").scroll_into_view_if_needed()
    return next(m for m in tab.markers() if m.id == event_id and m.inside)


def test_the_details_card_shows_markup_from_the_data_as_text(untrusted_app, open_dashboard) -> None:
    tab = open_dashboard(untrusted_app, "?event=xss-script")
    assert tab.card_title() == SCRIPT
    card = tab.details_card()
    text = card.inner_text()
    assert f"{IMG} **bold** $x$ {MARKDOWN_LINK}" in text
    assert f"Iran; {SVG}" in text
    links = card.get_by_test_id("stMarkdown").locator("a")
    expect(links).to_have_text([ANCHOR, MARKDOWN_LINK])
    hrefs = tab.card_links()
    assert hrefs == ["https://example.org/one", "https://example.org/two?q=%281%29"]
    expect(card.locator("strong")).to_have_text(["Date", "Type", "Status", "Actors", "Sourcing"])
    expect(card.locator("em, .katex, img, svg[onload]")).to_have_count(0)
    assert_inert(tab)


def test_the_chart_shows_markup_from_the_data_as_text(untrusted_app, open_dashboard) -> None:
    tab = open_dashboard(untrusted_app)
    assert sorted(m.id for m in tab.markers()) == sorted(placed_ids(UNTRUSTED, View()))
    drawn = tab.page.locator(".js-plotly-plot").text_content()
    for name in (SVG, IMG, "**bold**", "$x$", f"{IMG} era"):
        assert name in drawn, f"{name!r} is not drawn as written"
    hover = tab.hover(marker_of(tab, "xss-script"))
    assert SCRIPT in hover and SVG in hover and MARKDOWN_LINK in hover
    assert_inert(tab)


def test_quotes_in_the_data_show_as_quotes_in_the_chart(untrusted_app, open_dashboard) -> None:
    tab = open_dashboard(untrusted_app)
    lanes = tab.page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert '<a href="javascript:alert(1…' in lanes
    hover = tab.hover(marker_of(tab, "xss-anchor"))
    assert ANCHOR in hover, hover
    assert_inert(tab)


def test_the_table_and_the_actor_list_show_markup_from_the_data_as_text(
    untrusted_app, open_dashboard
) -> None:
    tab = open_dashboard(untrusted_app)
    grid = tab.open_table()
    grid.scroll_into_view_if_needed()
    expect(grid.locator("table tbody tr")).to_have_count(len(UNTRUSTED.events))
    titles = grid.locator("table tbody tr").evaluate_all(
        "rows => rows.map(row => row.querySelectorAll('td')[1].textContent)"
    )
    assert sorted(titles) == sorted(UNTRUSTED.events[schema.TITLE])
    tab.sidebar_multiselect("Actors").click()
    options = tab.page.get_by_role("option").all_inner_texts()
    assert {SVG, IMG, ANCHOR, "**bold**", "$x$"} <= set(options)
    tab.page.keyboard.press("Escape")
    assert_inert(tab)


def test_a_javascript_source_url_is_rejected_and_listed_as_a_problem(
    untrusted_app, open_dashboard
) -> None:
    rejected = UNTRUSTED.report.errors
    assert rejected[["column", "rule"]].values.tolist() == [["source_url", "url"]]
    row = int(rejected["row"].iloc[0])
    tab = open_dashboard(untrusted_app, "?event=js-source")
    notice = tab.page.get_by_test_id("stAlert").filter(has_text="rows were rejected")
    expect(notice).to_contain_text(f"1 of {UNTRUSTED.report.rows_read} rows were rejected")
    expect(tab.page.get_by_text("no event has the id 'js-source'")).to_be_visible()
    expect(tab.page.get_by_role("button", name="Close details")).to_have_count(0)
    problems = len(UNTRUSTED.report.problems)
    tab.page.get_by_text(f"Show the {problems} problems").click()
    expander = tab.page.get_by_test_id("stExpander")
    listed = expander.locator("table tbody tr").filter(has_text="only http(s) URLs")
    expect(listed).to_have_count(1)
    expect(listed.locator("td").first).to_have_text(str(row))
    expect(listed).to_contain_text("source_url")
    assert_inert(tab)


def test_the_chronology_shows_markup_from_the_data_as_text(untrusted_app, open_dashboard) -> None:
    tab = open_dashboard(untrusted_app)
    listing = tab.page.locator(".st-key-chronology .chronology")  # inside the list's shadow root
    expect(listing).to_be_visible()
    script = listing.locator('.entry[data-id="xss-script"]')
    expect(script.locator(".title")).to_have_text(SCRIPT)
    expect(script.locator(".description")).to_have_text(f"{IMG} **bold** $x$ {MARKDOWN_LINK}")
    expect(script.locator(".actors")).to_have_text(f"Iran, {SVG}")
    expect(script.locator(".sources a")).to_have_text([ANCHOR, MARKDOWN_LINK])
    hrefs = listing.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(href.startswith("https://example.org/") for href in hrefs), hrefs
    injected = "img, script, svg, em, strong:not(.when strong), .katex, [onerror], [onload]"
    expect(listing.locator(injected)).to_have_count(0)
    assert_inert(tab)
