"""Fixtures for the real-browser tests: one Chromium, one dashboard server per data file.

The tests drive Debian's Chromium (`apt-get install chromium`) through Playwright, because
`playwright install` cannot download browsers on every machine. Without it they are skipped
locally, and fail in CI (CI=true), where a skipped suite would pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import Browser, Page, Route, sync_playwright
from server import CHROMIUM, Server, dashboard, launch_chromium

DATA = Path(__file__).parent / "data"
VIEWPORT = {"width": 1440, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own context from it."""
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def bundled_app(browser: Browser) -> Iterator[Server]:
    """The dashboard on the bundled events (data/events.csv)."""
    with dashboard(error_details=True) as server:
        yield server


@pytest.fixture(scope="session")
def untrusted_app(browser: Browser) -> Iterator[Server]:
    """The dashboard on a file whose text fields carry script, HTML, markdown and LaTeX."""
    with dashboard(DATA / "xss.csv", error_details=True) as server:
        yield server


@pytest.fixture(scope="session")
def broken_app(browser: Browser) -> Iterator[Server]:
    """The dashboard on a CSV without the required date, title and actors columns."""
    with dashboard(DATA / "broken.csv", error_details=True) as server:
        yield server


@pytest.fixture
def open_dashboard(browser: Browser) -> Iterator[Callable[..., DashboardPage]]:
    """Open a server's dashboard at a query string in a fresh browser context (a new session)."""
    contexts = []

    def open_(server: Server, query: str = "") -> DashboardPage:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return DashboardPage(context.new_page(), server.url).open(query)

    yield open_
    for context in contexts:
        context.close()


@dataclass(frozen=True)
class OfflineTab:
    """A tab that can open only file: URLs; `refused` lists every other request it made."""

    page: Page
    refused: list[str]


@pytest.fixture
def offline_tab(browser: Browser) -> Iterator[OfflineTab]:
    """A tab in a fresh context without a network, as on an analyst's laptop on a plane."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    refused: list[str] = []

    def only_files(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    yield OfflineTab(context.new_page(), refused)
    context.close()
