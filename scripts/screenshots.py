"""Regenerate the README screenshots (docs/screenshots/*.png) from a real dashboard in Chromium.

    uv run python scripts/screenshots.py

Starts the dashboard on the bundled data with the same helper the browser tests use
(tests/browser/server.py), opens each view in a laptop (1440x900) and a desktop (1920x1080)
window and saves what the window shows, above the fold, once the chart is drawn; and the
offline HTML export of the filtered view as the analyst's browser shows it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from server import dashboard, launch_chromium, wait_for_dashboard  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
WINDOWS = {"1440x900": {"width": 1440, "height": 900}, "1920x1080": {"width": 1920, "height": 1080}}
#: File name stem -> the view's query string, as an analyst would share it, and the part of the
#: page scrolled into view (None: the top of the page).
IRAN_IN_THE_WAR = "?actor=Iran&affiliates=1&from=2020-09-27&to=2020-11-10"
VIEWS = {
    "default": ("", None),
    "filtered": (IRAN_IN_THE_WAR, None),
    "chronology": (IRAN_IN_THE_WAR, ".st-key-chronology"),
}


def shoot(browser: Browser, url: str, name: str, window: dict, part: str | None) -> None:
    context = browser.new_context(viewport=window)
    page = context.new_page()
    page.goto(url)
    wait_for_dashboard(page)
    page.evaluate("document.fonts.ready")
    if page.get_by_test_id("stException").count():
        raise SystemExit(f"{name}: the page shows an exception; no screenshot taken")
    if part:
        page.locator(part).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    page.mouse.move(window["width"] - 5, window["height"] - 5)  # no hover label in the picture
    page.screenshot(path=OUTPUT / name)
    context.close()
    print(f"wrote {(OUTPUT / name).relative_to(ROOT)}")


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with dashboard() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for stem, (query, part) in VIEWS.items():
                for size, window in WINDOWS.items():
                    shoot(browser, f"{server.url}/{query}", f"{stem}-{size}.png", window, part)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
