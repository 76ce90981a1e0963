"""First view in a real browser: navigation to a drawn chart, the dashboard beside the naive app.

    uv run python benchmarks/browser.py                  # 5 loads of each, bundled data
    uv run python benchmarks/browser.py --loads 7 --query "?actor=Iran"

Starts both apps on the same data file with the browser tests' server helper
(tests/browser/server.py): dashboard.py, and benchmarks/naive_app.py (`pd.read_csv` and one
`px.scatter`). Each load is a fresh browser context (empty cache, new Streamlit session) in
headless Chromium with software rendering, the browser tests' flags. The time is read in the
page, `performance.now()` from navigation start to the first animation frame in which every
Plotly chart on the page has drawn its marks (SVG points or bars, or a WebGL canvas); and, as a
second figure, until the page is whole (the dashboard sends its chart first and the rest once the
chart is drawn: timeline.ui.first_view). One
untimed load of each warms the servers' caches; then the apps take turns, the first app swapped
every round, so load on the shared machine falls on both alike. Prints a markdown table of
medians and the ratio dashboard / naive.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from server import DASHBOARD, dashboard, launch_chromium  # noqa: E402

NAIVE = ROOT / "benchmarks" / "naive_app.py"
BUNDLED = ROOT / "data" / "events.csv"
VIEWPORT = {"width": 1440, "height": 900}

#: True once every Plotly chart in the page has drawn its data: SVG marks or a WebGL canvas.
_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length > 0 && plots.every(plot => plot._fullLayout &&
        plot.querySelector('.scatterlayer path.point, .barlayer path, .gl-canvas'));
}"""

#: True once the page is whole: the run is over, no chart-first run is waiting for the rest
#: (timeline.ui.first_view), and the filters are there.
_WHOLE = """() =>
    document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && !document.querySelector('.st-key-chart_drawn')
    && document.querySelector('[data-testid="stMultiSelect"]')"""


def first_view(browser: Browser, url: str, timeout_ms: float) -> dict:
    """One fresh load of `url`: ms from navigation start until the chart is drawn, and until the
    whole page (filters included) is there."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(_DRAWN, polling="raf", timeout=timeout_ms)
        drawn = page.evaluate("performance.now()")
        wall = (time.perf_counter() - started) * 1000
        marks = page.evaluate(
            "document.querySelectorAll('.scatterlayer path.point, .barlayer path').length"
        )
        page.wait_for_function(_WHOLE, polling="raf", timeout=timeout_ms)
        whole = page.evaluate("performance.now()")
        return {
            "ms": round(drawn),
            "wall_ms": round(wall),
            "svg_marks": marks,
            "whole_ms": round(whole),
        }
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="timed loads of each app (>= 3)")
    parser.add_argument("--data", type=Path, default=BUNDLED, help="the events file both read")
    parser.add_argument("--query", default="", help="query string for the dashboard")
    parser.add_argument("--app", type=Path, default=DASHBOARD, help="the dashboard script")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    arguments = parser.parse_args(argv)
    if arguments.loads < 3:
        parser.error("--loads must be at least 3: the table reports medians")
    load_before = os.getloadavg()[0]
    times: dict[str, list[dict]] = {"dashboard": [], "naive": []}
    with (
        dashboard(arguments.data, script=arguments.app.resolve()) as ours,
        dashboard(arguments.data, script=NAIVE) as naive,
        sync_playwright() as playwright,
    ):
        urls = {"dashboard": f"{ours.url}/{arguments.query}", "naive": f"{naive.url}/"}
        browser = launch_chromium(playwright)
        try:
            for url in urls.values():
                first_view(browser, url, 300_000)  # warm: data cached, scripts compiled
            for turn in range(arguments.loads):
                order = ["dashboard", "naive"] if turn % 2 == 0 else ["naive", "dashboard"]
                for name in order:
                    measured = first_view(browser, urls[name], 120_000)
                    times[name].append(measured)
                    print(f"{name}: {json.dumps(measured)}", flush=True)
        finally:
            browser.close()
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "data": str(arguments.data),
        "query": arguments.query,
        "loads": times,
    }
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=1))
    print()
    print(report(results))


def report(results: dict) -> str:
    """The markdown table for docs/performance.md."""
    medians = {
        name: statistics.median(m["ms"] for m in runs) for name, runs in results["loads"].items()
    }
    lines = [
        f"{results['date']}; {results['cores']} cores; load average {results['load_average'][0]} "
        f"before, {results['load_average'][1]} after; data {Path(results['data']).name}"
        + (f"; dashboard at `{results['query']}`" if results["query"] else ""),
        "",
        "| app | median first view (ms) | every load (ms) | SVG marks drawn "
        "| median whole page (ms) |",
        "|---|---:|---|---:|---:|",
    ]
    for name, runs in results["loads"].items():
        every = ", ".join(f"{m['ms']:,}" for m in runs)
        whole = statistics.median(m["whole_ms"] for m in runs)
        marks = runs[-1]["svg_marks"]
        lines.append(f"| {name} | {medians[name]:,.0f} | {every} | {marks:,} | {whole:,.0f} |")
    ratio = medians["dashboard"] / medians["naive"]
    lines += ["", f"Dashboard / naive: **{ratio:.2f}×** (medians of {len(runs)} loads each)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
