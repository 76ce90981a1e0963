"""Spans are drawn over the time they cover, measured on the rendered SVG, in the page and offline."""

from __future__ import annotations

import datetime as dt

import pytest
from dashboard_page import Span, span_ids, spans_drawn
from playwright.sync_api import Page

import timeline
from timeline.filters import View

pytestmark = pytest.mark.browser

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
IRAN_WAR = "?actor=Iran&affiliates=1&from=2020-09-27&to=2020-11-10"
IRAN_WAR_VIEW = View(
    actors=("Iran",), affiliates=True, start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)
)
#: The three kinds of span, from the bundled data, and how each must be drawn.
MONTH = "2020-11-velayati-takfiri-webinar"  # 2020-11?: the whole of November, hatched
APPROXIMATE = "2020-11-09-iran-embassy-congratulates-shusha"  # 2020-11-09~: that day, hatched
RANGED = "2020-10-27-araghchi-regional-tour"  # 2020-10-27 to 2020-10-31: five days, solid
DAY_PX = 8  # at least this many px a day: 1440 px wide, a window of weeks
PX = 1.5  # the bar's rounding and outline


def assert_spans_drawn_to_scale(spans: list[Span]) -> None:
    """Every span expected is drawn once per lane, as wide as the axis makes its dates."""
    assert sorted(span.id for span in spans) == sorted(span_ids(BUNDLED, IRAN_WAR_VIEW))
    by_id = {span.id: [s for s in spans if s.id == span.id] for span in spans}
    for span in spans:
        assert span.width == pytest.approx(span.expected, abs=PX), span
        assert span.middle == pytest.approx(span.lane, abs=PX), span
    (approximate,) = by_id[APPROXIMATE]
    assert approximate.hatched
    assert approximate.width >= DAY_PX
    (month,) = by_id[MONTH]
    assert month.hatched
    assert month.width >= 9 * DAY_PX  # 1-10 November at least, whatever the axis' right edge
    assert len(by_id[RANGED]) == 3  # Araghchi, Rudenko and Mnatsakanyan each have a lane
    for lane in by_id[RANGED]:
        assert not lane.hatched
        assert lane.width == pytest.approx(5 * approximate.width, abs=3 * PX)


def test_month_approximate_and_ranged_events_are_drawn_over_their_time(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app, IRAN_WAR)
    assert_spans_drawn_to_scale(tab.spans())


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
    assert_spans_drawn_to_scale(spans_drawn(page))
    assert offline_tab.refused == []
