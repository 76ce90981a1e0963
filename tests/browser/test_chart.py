"""Spans are drawn over the time they cover, measured on the rendered SVG, in the page and offline.

A span is an event whose day is not known exactly: a date range, a month or a year, a ~ or ?
date. plotly.js draws no error_x on a date axis, so these tests measure the bars in the SVG
against the axis' own scale, never the figure's properties.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dashboard_page import Span, clipped_lane_labels, span_ids, spans_drawn
from playwright.sync_api import Page

import timeline
from timeline.filters import View

pytestmark = pytest.mark.browser

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
COARSE = Path(__file__).parent / "data" / "coarse_dates.csv"
IRAN_WAR = "?actor=Iran&affiliates=1&from=2020-09-27&to=2020-11-10"
IRAN_WAR_VIEW = View(
    actors=("Iran",), affiliates=True, start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)
)
#: Spans of the bundled data in that view, and how each must be drawn. (The month-precision
#: Velayati statement and the approximate 9 November embassy statement the issue named were
#: re-dated and left out by the curators since; coarse_dates.csv holds those kinds.)
UNCERTAIN = "2020-10-01-prayer-leaders-statement"  # 2020-10-01?: that day, hatched
RANGED = "2020-10-27-araghchi-regional-tour"  # 2020-10-27 to 2020-10-31: five days, solid
DAY_PX = 8  # at least this many px a day: 1440 px wide, a window of weeks
PX = 1.5  # the bar's rounding and outline


def by_id(spans: list[Span]) -> dict[str, list[Span]]:
    return {span.id: [s for s in spans if s.id == span.id] for span in spans}


def assert_to_scale(spans: list[Span], expected_ids: list[str]) -> None:
    """Each span expected is drawn once per lane, as wide as the axis makes its dates."""
    assert sorted(span.id for span in spans) == sorted(expected_ids)
    for span in spans:
        assert span.width == pytest.approx(span.expected, abs=PX), span
        assert span.middle == pytest.approx(span.lane, abs=PX), span


def assert_iran_war_spans(spans: list[Span]) -> None:
    assert_to_scale(spans, span_ids(BUNDLED, IRAN_WAR_VIEW))
    drawn = by_id(spans)
    (day,) = drawn[UNCERTAIN]
    assert day.hatched
    assert day.width >= DAY_PX
    assert len(drawn[RANGED]) == 3  # Araghchi, Rudenko and Mnatsakanyan each have a lane
    for lane in drawn[RANGED]:
        assert not lane.hatched
        assert lane.width == pytest.approx(5 * day.width, abs=3 * PX)


def test_uncertain_and_ranged_events_are_drawn_over_their_days(bundled_app, open_dashboard) -> None:
    tab = open_dashboard(bundled_app, IRAN_WAR)
    assert_iran_war_spans(tab.spans())
    assert clipped_lane_labels(tab.page) == []


def test_the_offline_html_export_draws_the_same_spans(
    bundled_app, open_dashboard, offline_tab, tmp_path
) -> None:
    tab = open_dashboard(bundled_app, IRAN_WAR)
    saved = tab.download("Chart as offline HTML")
    chart = tmp_path / saved.suggested_filename
    saved.save_as(chart)
    page: Page = offline_tab.page
    page.goto(chart.as_uri())
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot .barlayer .point path')", timeout=30_000
    )
    assert_iran_war_spans(spans_drawn(page))
    assert clipped_lane_labels(page) == []
    words = page.locator(".js-plotly-plot .main-svg").first.text_content() or ""
    page_words = page.locator(".js-plotly-plot").text_content() or ""
    for said in (  # the file says what it shows, from where, and when it was exported
        "Timeline: Iran",
        "Actors: Iran with affiliated officials · Types: all · Status: any",
        "27 Sep 2020 – 10 Nov 2020",
        f"of {len(BUNDLED.events)} events in events.csv · exported ",
    ):
        assert said in words + page_words, said
    assert offline_tab.refused == []


def test_month_year_and_approximate_dates_are_drawn_over_their_time(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app)
    tab.upload(COARSE)
    coarse = timeline.load(COARSE)
    spans = tab.spans()
    assert_to_scale(spans, span_ids(coarse, View()))
    drawn = {span.id: span for span in spans}
    year, month = drawn["coarse-year"], drawn["coarse-month"]
    assert year.hatched and month.hatched and drawn["coarse-approximate-month"].hatched
    approximate = drawn["coarse-approximate-day"]
    assert approximate.hatched
    assert approximate.width / year.width == pytest.approx(1 / 366, rel=0.5)  # its day, 2 px
    assert not drawn["coarse-range"].hatched
    assert month.width / year.width == pytest.approx(30 / 366, rel=0.03)  # November in 2020
    assert drawn["coarse-range"].width / year.width == pytest.approx(5 / 366, rel=0.1)
    assert "coarse-day" not in drawn  # an exact day is a marker
