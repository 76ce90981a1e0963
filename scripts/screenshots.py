"""Regenerate the README screenshots (docs/screenshots/*.png) from a real dashboard in Chromium.

    uv run python scripts/screenshots.py

Starts the dashboard on the bundled data with the same helper the browser tests use
(tests/browser/server.py), opens each view at 1440x1400 and saves it once the chart is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import sync_playwright  # noqa: E402
from server import dashboard, launch_chromium, wait_for_dashboard  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 1400}  # tall enough for the date axis and range slider
#: File name -> the view's query string, as an analyst would share it.
VIEWS = {
    "default.png": "",
    "filtered.png": "?actor=Iran&affiliates=1&from=2020-09-01&to=2021-01-31",
}


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with dashboard() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for name, query in VIEWS.items():
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(f"{server.url}/{query}")
                wait_for_dashboard(page)
                page.evaluate("document.fonts.ready")
                errors = page.get_by_test_id("stException").count()
                if errors:
                    raise SystemExit(f"{name}: the page shows an exception; no screenshot taken")
                page.screenshot(path=OUTPUT / name)
                context.close()
                print(f"wrote {(OUTPUT / name).relative_to(ROOT)}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
