"""Reading the story in a real browser: the chronology, the Word brief and the card in view."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import docx
import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import expect

import timeline
from timeline import brief, chronology, filters
from timeline.view import View

pytestmark = pytest.mark.browser

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
IRAN_IN_THE_WAR = "?actor=Iran&from=2020-09-27&to=2020-11-10"
VIEW = View(actors=("Iran",), start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10))


def in_view() -> list[chronology.Entry]:
    return chronology.entries(filters.apply(VIEW, BUNDLED))


def test_a_link_shows_the_chronology_with_descriptions_and_source_links_without_a_click(
    bundled_app, open_dashboard
) -> None:
    tab: DashboardPage = open_dashboard(bundled_app, IRAN_IN_THE_WAR)
    entries = in_view()
    assert 0 < len(entries) <= chronology.PAGE_SIZE
    listing = tab.page.locator(".st-key-chronology .chronology")  # in the list's shadow root
    expect(listing).to_be_visible()
    text = listing.inner_text()
    positions = [text.index(entry.title) for entry in entries]
    assert positions == sorted(positions), "the chronology is in date order"
    for entry in entries:
        assert entry.when in text
        if entry.description:
            assert entry.description[:80] in text
    hrefs = listing.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = [source.url for entry in entries for source in entry.sources if source.url]
    # Compared unquoted: links percent-encode brackets so that markdown cannot end them early.
    assert [unquote(href) for href in hrefs] == [unquote(url) for url in expected]
    assert tab.exceptions() == [] and tab.page_errors == []


def test_the_word_brief_of_that_view_downloads_and_reads_back_cited(
    bundled_app, open_dashboard, tmp_path
) -> None:
    tab: DashboardPage = open_dashboard(bundled_app, IRAN_IN_THE_WAR)
    entries = in_view()
    saved = tab.download(re.compile(r"^Brief of .* \(Word\)$"), timeout=90_000)
    assert saved.suggested_filename.endswith("-brief.docx")
    path = tmp_path / saved.suggested_filename
    saved.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == brief.title(VIEW)
    events = paragraphs[paragraphs.index("Events") + 1 : paragraphs.index("Sources")]
    sources = paragraphs[paragraphs.index("Sources") + 1 :]
    urls = list(dict.fromkeys(s.url for entry in entries for s in entry.sources if s.url))
    assert len(sources) == len(urls)  # each source listed once
    assert [int(re.match(r"\[(\d+)\]", line)[1]) for line in sources] == list(
        range(1, len(urls) + 1)
    )
    cited = [int(n) for line in events for n in re.findall(r"\[(\d+)\]", line)]
    uses = sum(len({s.url for s in entry.sources if s.url}) for entry in entries)
    assert len(cited) == uses  # one citation per source use
    assert set(cited) == set(range(1, len(urls) + 1))
    assert all(any(line.startswith(entry.when) for line in events) for entry in entries)
    drawn = len(document.inline_shapes) == 1
    assert drawn or any("The chart is not included" in line for line in paragraphs)


def test_pressing_a_chronology_title_selects_its_event_on_the_chart(
    bundled_app, open_dashboard
) -> None:
    tab: DashboardPage = open_dashboard(bundled_app, IRAN_IN_THE_WAR)
    entry = in_view()[4]
    listing = tab.page.locator(".st-key-chronology .chronology")
    listing.locator(f'.entry[data-id="{entry.id}"] .title').click()
    tab.page.wait_for_function(
        "id => new URLSearchParams(location.search).get('event') === id", arg=entry.id
    )
    tab.settle()
    assert tab.query["event"] == [entry.id]
    selected = listing.locator(".entry.selected")
    expect(selected).to_have_count(1)
    expect(selected).to_contain_text(entry.title)
    expect(selected.locator(".badge.chosen")).to_have_text("Selected")
    # The list scrolled to the entry without moving the page: its top is in the list's view.
    top = selected.evaluate(
        "e => e.getBoundingClientRect().top - e.parentElement.getBoundingClientRect().top"
    )
    assert -16 < top < 100, top  # its border and margin may sit just above the top
    assert tab.exceptions() == [] and tab.page_errors == []


def test_a_marker_click_shows_its_card_in_the_viewport(bundled_app, open_dashboard) -> None:
    tab: DashboardPage = open_dashboard(bundled_app, IRAN_IN_THE_WAR)
    marker = tab.clickable_marker()
    tab.page.mouse.click(marker.left, marker.top)
    card = tab.details_card()
    expect(card).to_be_visible(timeout=30_000)
    title = BUNDLED.events.set_index("id").loc[marker.id, "title"]
    assert tab.card_title() == title
    tab.settle()
    # The drawer slides in from the right: measure it once its animations have ended.
    card.evaluate("d => Promise.all(d.getAnimations({ subtree: true }).map(a => a.finished))")
    tab.page.wait_for_timeout(300)  # a CSS transition without an Animation object
    box = card.bounding_box()
    viewport = tab.page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    heading = card.get_by_test_id("stHeading").bounding_box()
    assert heading["y"] >= 0 and heading["y"] + heading["height"] <= viewport["height"]
    assert tab.query["event"] == [marker.id]
    selected = tab.page.locator(".st-key-chronology .entry.selected")
    expect(selected).to_contain_text(title)  # the chronology marks the same event


def test_dates_typed_apply_on_enter(bundled_app, open_dashboard) -> None:
    tab: DashboardPage = open_dashboard(bundled_app)
    tab.page.get_by_role("spinbutton", name="year, Dates start date").click()
    tab.page.keyboard.type("20200927")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function("() => location.search.includes('from=2020-09-27')")
    tab.settle()
    assert tab.query["from"] == ["2020-09-27"]
