"""The dashboard started on a converted Parquet file with `--engine duckdb`, seen in Chromium.

The chart must draw, as SVG marks, every placement the engine made for the view, and the Events
metric must say how many events the engine counts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import Browser
from server import Server, dashboard

from timeline import engines
from timeline.actors import load_registry
from timeline.engines.convert import convert
from timeline.view import View

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import engine_data  # noqa: E402  (tests/ is not a package)

#: Every event mark drawn in the chart's SVG: the points of the traces that carry an event id
#: in customdata (markers for exact days, bars for spans; the key and ring traces carry none).
_SVG_MARKS = """() => {
    let marks = 0;
    const plot = document.querySelector('.js-plotly-plot');
    for (const group of plot.querySelectorAll('.scatterlayer .trace, .barlayer .trace')) {
        const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
        if (!trace || !Array.isArray(trace.customdata)) continue;
        marks += group.querySelectorAll('.point').length;
    }
    return marks;
}"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("engine-browser")
    source, registry = engine_data.write_generated(folder, rows=1500)
    target = folder / "engine.parquet"
    convert(source, str(target), registry=load_registry(registry))
    return target


@pytest.fixture(scope="module")
def duckdb_app(browser: Browser, converted: Path) -> Iterator[Server]:
    arguments = ["--data", str(converted), "--engine", "duckdb"]
    with dashboard(error_details=True, arguments=arguments) as server:
        yield server


def test_chart_draws_every_mark_the_engine_placed_and_the_count_matches(
    duckdb_app: Server, browser: Browser, converted: Path
) -> None:
    engine = engines.open(converted, "duckdb")
    session = engine.session()
    actor = session.options()["actors"][5]
    view = View(actors=(actor,))
    placed = session.timeline(view)
    expected = session.count(view)
    engine.close()
    assert placed.placements is not None and 0 < len(placed.placements) <= 3000  # SVG, not WebGL
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = DashboardPage(context.new_page(), duckdb_app.url)
    try:
        tab.open(f"?actor={actor}")
        assert tab.page.get_by_text("Served by DuckDB").count() == 1
        tab.expect_events(expected)
        tab.page.wait_for_function(
            f"() => ({_SVG_MARKS})() === {len(placed.placements)}", polling=100, timeout=30_000
        )
        assert tab.page.evaluate(_SVG_MARKS) == len(placed.placements) > 0
        assert not tab.exceptions() and not tab.page_errors, duckdb_app.log_tail()
    finally:
        context.close()
