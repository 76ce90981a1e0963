"""An analyst's workflows end to end: upload their own file, export what they see, share a link.

Every upload stays in the browser session that made it, so these tests share the one server
on the bundled data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from dashboard_page import DashboardPage, opening, placed_ids
from playwright.sync_api import Download, expect

import timeline
from timeline import filters, schema
from timeline.filters import View

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
MIXED_ROWS = DATA / "mixed_rows.csv"  # 5 good rows, then a 30 February, a javascript: URL, no title
FORMULA_TITLES = DATA / "formula_titles.csv"  # titles a spreadsheet would run as formulas
RECENT_EVENTS = DATA / "recent_events.csv"  # dated after every bundled event
ACLED_SAMPLE = Path(__file__).parents[1] / "data" / "acled_sample.csv"

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
MIXED = timeline.load(MIXED_ROWS)
RECENT = timeline.load(RECENT_EVENTS)
ACLED = timeline.load(ACLED_SAMPLE)
OPENED = len(filters.apply(opening(BUNDLED), BUNDLED))  # the bundled page's events: its story
IRAN = opening(BUNDLED, View(actors=("Iran",)))  # on the story's period, as "?actor=Iran" opens
IRAN_CHOSEN = opening(BUNDLED, View(actors=("Iran",), affiliates=True))  # rolled up
UTF8_BOM = b"\xef\xbb\xbf"

#: Every trace Plotly drew and the event id of every point that carries one (customdata[0]).
_DRAWN = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return {
        traces: plot._fullData.map(trace => [trace.type, trace.mode || '', trace._length]),
        ids: plot._fullData.flatMap(trace => Array.isArray(trace.customdata)
            ? trace.customdata.slice(0, trace._length).map(point => String(point[0])) : []).sort(),
    };
}"""
#: Record every script state the page passes through from now on ("running", "notRunning").
_WATCH_RUNS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.scriptStates = [];
    new MutationObserver(() => window.scriptStates.push(app.dataset.testScriptState))
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_PLOT_DRAWN = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return Boolean(plot && plot._fullLayout && plot.querySelector('.main-svg'));
}"""


def assert_clean(tab: DashboardPage) -> None:
    """No traceback box, no uncaught script error, no console error, no dialog."""
    assert tab.dialogs == []
    assert tab.exceptions() == []
    assert tab.page_errors == []
    assert tab.console_errors == []


def downloaded(download: Download) -> bytes:
    return Path(download.path()).read_bytes()


def csv_records(content: bytes) -> list[dict[str, str]]:
    """The rows of a downloaded CSV as Python's csv module reads it (BOM dropped)."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_sample_files_are_what_these_tests_say_they_are() -> None:
    assert (MIXED.report.rows_read, MIXED.report.rows_loaded) == (8, 5)
    assert MIXED.report.problems[["row", "column"]].values.tolist() == [
        [4, "date"],
        [6, "source_url"],
        [8, "title"],
    ]
    assert 0 < len(ACLED.events) < ACLED.report.rows_read
    assert timeline.load(FORMULA_TITLES).report.rows_rejected == 0
    assert RECENT.report.rows_rejected == 0
    assert RECENT.events[schema.START].min() > BUNDLED.events[schema.END].max()


def test_an_upload_with_bad_rows_shows_its_good_rows_and_lists_every_rejected_one(
    bundled_app, open_dashboard
) -> None:
    problems = MIXED.report.problems
    tab = open_dashboard(bundled_app)
    tab.upload(MIXED_ROWS)
    expect(tab.metric("Events")).to_have_text(str(MIXED.report.rows_loaded))
    markers = tab.wait_for_markers(len(placed_ids(MIXED, View())))
    assert sorted({m.id for m in markers}) == sorted(MIXED.events[schema.ID])
    notice = tab.page.get_by_test_id("stAlert").filter(has_text="rows were rejected")
    expect(notice).to_contain_text("3 of 8 rows were rejected")

    tab.page.get_by_text(f"Show the {len(problems)} problems").click()
    every_problem = tab.page.get_by_test_id("stExpander").get_by_test_id("stDataFrame").last
    listed = every_problem.locator("table tbody tr")
    expect(listed).to_have_count(len(problems))
    tab.settle()  # opening the expander reruns the page to send its tables
    cells = listed.evaluate_all(
        "rows => rows.map(row => [...row.querySelectorAll('td')].map(td => td.textContent))"
    )
    # Columns as shown: row, column, severity, message, value.
    assert [(row[0], row[1], row[3]) for row in cells] == [
        (str(p.row), p.column, p.message) for p in problems.itertuples()
    ]
    assert "javascript:alert(1)" in cells[1][4]

    report = tab.download("Download the full problem report (CSV)")
    content = downloaded(report)
    assert report.suggested_filename.endswith(".csv")
    assert content.startswith(UTF8_BOM)
    records = csv_records(content)
    assert [(int(r["row"]), r["column"], r["value"], r["message"]) for r in records] == [
        (p.row, p.column, p.value, p.message) for p in problems.itertuples()
    ]
    assert_clean(tab)


def test_an_acled_export_uploads_without_edits(bundled_app, open_dashboard) -> None:
    tab = open_dashboard(bundled_app)
    tab.upload(ACLED_SAMPLE)
    expect(tab.metric("Events")).to_have_text(f"{len(ACLED.events):,}")
    mapped = tab.page.get_by_test_id("stAlert").filter(has_text="read as an ACLED export")
    expect(mapped).to_be_visible()
    expect(mapped).to_contain_text(f"({ACLED.report.rows_read} rows) and mapped")
    rejected = tab.page.get_by_test_id("stAlert").filter(has_text="rows were rejected")
    expect(rejected).to_contain_text(
        f"{ACLED.report.rows_rejected} of {ACLED.report.rows_read} rows were rejected"
    )
    markers = tab.wait_for_markers(len(placed_ids(ACLED, View())))
    assert {m.id for m in markers} == set(ACLED.events[schema.ID])
    assert_clean(tab)


def test_every_event_of_each_file_shows_as_the_analyst_switches_files_and_back(
    bundled_app, open_dashboard
) -> None:
    """Dropping a file over another, then removing it: the full date range follows the data.

    The two files' dates do not overlap, so a date range kept from the file before would
    hide events. Each switch is a race in the browser, so the test switches several times.
    """
    tab = open_dashboard(bundled_app)
    for path, dataset in ((MIXED_ROWS, MIXED), (RECENT_EVENTS, RECENT)) * 2:
        tab.upload(path)
        expect(tab.metric("Events"), f"after uploading {path.name}").to_have_text(
            str(len(dataset.events))
        )
        assert tab.sidebar_selections()["dates"] == [
            dataset.events[schema.START].min().date().isoformat(),
            (dataset.events[schema.END].max() - pd.Timedelta(days=1)).date().isoformat(),
        ], f"after uploading {path.name}"
        assert tab.query == {"upload": [path.name]}  # the link says which file it was made on
    tab.remove_upload()
    tab.expect_events(OPENED)
    expect(tab.page.get_by_test_id("stCaptionContainer").first).to_contain_text(
        f" from {timeline.BUNDLED_EVENTS.name},"
    )
    assert tab.query == {}
    assert_clean(tab)


def test_an_upload_is_seen_only_in_the_browser_session_that_made_it(
    bundled_app, open_dashboard
) -> None:
    colleague = open_dashboard(bundled_app)
    expect(colleague.metric("Events")).to_have_text(f"{OPENED:,}")
    analyst = open_dashboard(bundled_app)
    analyst.upload(MIXED_ROWS)
    expect(analyst.metric("Events")).to_have_text(str(len(MIXED.events)))

    colleague.sidebar_multiselect("Actors").click()  # a rerun after the analyst's upload
    colleague.page.keyboard.type("Iran")
    colleague.page.get_by_role("option", name="Iran", exact=True).click()
    colleague.page.keyboard.press("Escape")
    colleague.expect_events(len(filters.apply(IRAN_CHOSEN, BUNDLED)))
    expect(colleague.page.get_by_test_id("stCaptionContainer").first).to_contain_text(
        f" from {timeline.BUNDLED_EVENTS.name},"
    )
    assert not set(MIXED.events[schema.ID]) & {m.id for m in colleague.markers()}
    page = colleague.page.content()
    assert [title for title in MIXED.events[schema.TITLE] if title in page] == []
    assert MIXED_ROWS.name not in page
    assert_clean(colleague)
    assert_clean(analyst)


def test_the_events_csv_loads_back_to_exactly_the_events_in_view(
    bundled_app, open_dashboard
) -> None:
    in_view = filters.apply(IRAN, BUNDLED)
    tab = open_dashboard(bundled_app, "?actor=Iran")
    exported = tab.download(f"Events in view ({len(in_view)}) as CSV")
    content = downloaded(exported)
    assert content.startswith(UTF8_BOM)
    back = timeline.load(content, name=exported.suggested_filename)
    assert back.report.rows_rejected == 0
    assert back.events[schema.ID].tolist() == in_view[schema.ID].tolist()
    columns = list(schema.COLUMNS)
    pd.testing.assert_frame_equal(
        back.events[columns].reset_index(drop=True),
        in_view[columns].reset_index(drop=True),
        check_categorical=False,  # a category list holds the values present, fewer here
    )
    assert_clean(tab)


def test_the_events_csv_neutralises_titles_a_spreadsheet_would_run(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    tab.upload(FORMULA_TITLES)
    expect(tab.metric("Events")).to_have_text("3")
    titles = {
        record["id"]: record["title"]
        for record in csv_records(downloaded(tab.download("Events in view (3) as CSV")))
    }
    assert titles == {
        "formula-hyperlink": '\'=HYPERLINK("http://x","y")',
        "formula-plus": "'+cmd",
        "formula-plain": "Workflow test: a plain title",
    }
    assert_clean(tab)


def test_the_chart_as_offline_html_draws_the_same_points_without_a_network(
    bundled_app, open_dashboard, offline_tab, tmp_path
) -> None:
    tab = open_dashboard(bundled_app, "?actor=Iran")
    tab.wait_for_markers(len(placed_ids(BUNDLED, IRAN)))
    on_page = tab.page.evaluate(_DRAWN)
    saved = tab.download("Chart as offline HTML")
    chart = tmp_path / saved.suggested_filename
    saved.save_as(chart)
    markup = chart.read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", markup, flags=re.IGNORECASE) == []
    assert re.findall(r"<link\b[^>]*\bhref\s*=", markup, flags=re.IGNORECASE) == []

    offline_tab.page.goto(chart.as_uri())
    offline_tab.page.wait_for_function(_PLOT_DRAWN, timeout=30_000)
    expect(offline_tab.page.locator(".js-plotly-plot")).to_be_visible()
    assert offline_tab.page.evaluate(_DRAWN) == on_page
    assert on_page["ids"] == sorted(placed_ids(BUNDLED, IRAN))
    assert offline_tab.refused == []
    assert_clean(tab)


def test_the_copied_link_opens_the_same_view_in_a_fresh_session(
    bundled_app, open_dashboard
) -> None:
    view = View(
        actors=("Iran",),
        affiliates=True,
        theatre="Iran and the South Caucasus",
        start=dt.date(2020, 9, 27),
        end=dt.date(2020, 11, 10),
        text="the border",
    )
    expected = len(filters.apply(view, BUNDLED))
    tab = open_dashboard(
        bundled_app,
        "?actor=Iran&theatre=Iran%20and%20the%20South%20Caucasus&from=2020-09-27&to=2020-11-10",
    )
    sidebar = tab.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Include affiliated officials").click()
    tab.page.wait_for_function("() => location.search.includes('affiliates=1')")
    tab.settle()
    search = sidebar.get_by_test_id("stTextInput").locator("input")
    search.fill(view.text)
    search.press("Enter")
    tab.expect_events(expected)

    link = tab.share_link()
    address = urlsplit(link)
    assert f"{address.scheme}://{address.netloc}" == bundled_app.url
    assert address.path in ("", "/")
    colleague = open_dashboard(bundled_app, f"?{address.query}")
    expect(colleague.metric("Events")).to_have_text(f"{expected:,}")
    assert colleague.query == tab.query
    assert colleague.sidebar_selections() == tab.sidebar_selections()
    assert colleague.sidebar_selections() == {
        "actors": ["Iran"],
        "match": "any of them",
        "affiliates": True,
        "types": [],
        "statuses": [],
        "theatre": view.theatre,
        "dates": [view.start.isoformat(), view.end.isoformat()],
        "text": view.text,
    }
    expect(colleague.page.get_by_test_id("stAlert")).to_have_count(0)  # no "not offered" notice
    assert_clean(tab)
    assert_clean(colleague)


def test_downloading_a_file_does_not_rerun_the_page(bundled_app, open_dashboard) -> None:
    """A download needs no rerun, and the rerun a press starts (Streamlit's default) loses files.

    The buttons build their file only when pressed (deferred data). The rerun clears
    Streamlit's outgoing queue, and drops the file's address if it was queued just before: the
    button then spins, disabled, until the page is reloaded (4 of 40 first presses here). The
    rerun also gives every button a new file id, so pressing another button before the page
    has redrawn asks for an id that is gone, and nothing arrives (2 of 10 second presses).
    With on_click="ignore" on the three buttons, 0 of 40 presses failed.
    """
    tab = open_dashboard(bundled_app, "?actor=Iran")
    tab.page.evaluate(_WATCH_RUNS)
    for button in (re.compile(r"^Events in view \("), "Chart as offline HTML"):
        tab.download(button)
    tab.page.wait_for_timeout(1_000)  # a rerun the press started would have begun by now
    states = tab.page.evaluate("window.scriptStates")
    assert states == [], f"pressing a download button reran the page: {states}"
    assert_clean(tab)
