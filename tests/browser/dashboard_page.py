"""The dashboard as a browser tab: what an analyst sees and does, in a few readable calls."""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import ConsoleMessage, Dialog, Download, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from server import wait_for_dashboard

from timeline import filters, schema
from timeline.filters import View
from timeline.load import Dataset

#: Console errors that say nothing about the dashboard; each entry says why it is ignored.
BENIGN_CONSOLE_ERRORS: tuple[tuple[str, str], ...] = ()

#: Every event mark Plotly drew, with its position in the viewport: exact days are markers, spans
#: are bars (placed at the middle of their visible part). Both carry the event id in
#: customdata[0] (figures.CUSTOMDATA_ID); legend-only, key and ring traces carry none.
_MARKERS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const xaxis = plot._fullLayout.xaxis, yaxis = plot._fullLayout.yaxis;
    const box = plot.getBoundingClientRect();
    const [low, high] = xaxis.range.map(xaxis.r2l);
    const markers = [];
    for (const trace of plot._fullData) {
        const bar = trace.type === 'bar';
        if (!Array.isArray(trace.customdata) || !(bar || (trace.mode || '').includes('markers'))) continue;
        for (let i = 0; i < trace._length; i++) {
            let at = xaxis.d2l(trace.x[i]);
            if (bar) {
                const start = xaxis.d2l(trace.base[i]), end = start + Number(trace.x[i]);
                const from = Math.max(start, low), to = Math.min(end, high);
                at = from < to ? (from + to) / 2 : (start + end) / 2;
            }
            const x = xaxis.l2p(at), y = yaxis.l2p(yaxis.d2l(trace.y[i]));
            markers.push({
                id: String(trace.customdata[i][0]),
                left: box.left + xaxis._offset + x,
                top: box.top + yaxis._offset + y,
                inside: x >= 0 && x <= xaxis._length && y >= 0 && y <= yaxis._length,
            });
        }
    }
    return markers;
}"""

#: Every span bar drawn in the SVG: its event, the width it takes on screen (clipped to the plot
#: area, as the plot clips it) beside the width the axis scale gives its dates, its vertical
#: centre beside its lane's, and whether it is hatched (a pattern fill) or solid.
_SPANS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const xaxis = plot._fullLayout.xaxis, yaxis = plot._fullLayout.yaxis;
    const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
    const spans = [];
    for (const group of plot.querySelectorAll('.barlayer .trace')) {
        const trace = group.__data__[0].trace;
        if (!Array.isArray(trace.customdata)) continue;
        for (const point of group.querySelectorAll('.point')) {
            const i = point.__data__.i, path = point.querySelector('path');
            const drawn = path.getBoundingClientRect();
            const left = Math.max(drawn.left, area.left), right = Math.min(drawn.right, area.right);
            const start = xaxis.d2l(trace.base[i]), end = start + Number(trace.x[i]);
            const from = Math.max(0, xaxis.l2p(start)), to = Math.min(xaxis._length, xaxis.l2p(end));
            spans.push({
                id: String(trace.customdata[i][0]),
                width: Math.max(0, right - left),
                expected: Math.max(0, to - from),
                middle: drawn.top + drawn.height / 2,
                lane: area.top + yaxis.l2p(yaxis.d2l(trace.y[i])),
                hatched: getComputedStyle(path).fill.startsWith('url('),
            });
        }
    }
    return spans;
}"""

#: Links in the page, HTML or SVG, whose target runs script.
_SCRIPT_LINKS = """() => [...document.querySelectorAll('a')]
    .map(a => a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')
    .filter(href => /^\\s*(javascript|vbscript|data):/i.test(href))"""


def opening(dataset: Dataset, view: View | None = None) -> View:
    """`view` as the page opens it from a link without dates: on the story's period, if any."""
    view = view or View()
    if view.start or view.end or dataset.story_period is None:
        return view
    first, last = dataset.story_period
    return dataclasses.replace(view, start=first, end=last)


def span_ids(dataset: Dataset, view: View) -> list[str]:
    """Event id of every span bar the chart should draw for `view`: one per (event, lane).

    A span is an event with an end date, a month or year precision, or a ~ or ? date.
    """
    shown = filters.arrange(view, dataset, filters.apply(view, dataset))
    events = shown.events.iloc[shown.placements["event"]]
    span = (
        (events[schema.END_DATE] != "")
        | (events[schema.PRECISION].astype("str") != "day")
        | events[schema.APPROXIMATE]
        | events[schema.UNCERTAIN]
    )
    return events.loc[span.to_numpy(), schema.ID].tolist()


def placed_ids(dataset: Dataset, view: View) -> list[str]:
    """Event id of every marker the chart should draw for `view`: one per (event, lane).

    Computed by the library, not the browser; periods are shaded eras, not markers.
    """
    shown = filters.arrange(view, dataset, filters.apply(view, dataset))
    return shown.events[schema.ID].iloc[shown.placements["event"]].tolist()


@dataclass(frozen=True)
class Span:
    """One span bar on the chart: its drawn width against the axis' width for its dates (px)."""

    id: str
    width: float
    expected: float
    middle: float  # vertical centre of the bar, viewport px
    lane: float  # vertical centre of its lane, viewport px
    hatched: bool


@dataclass(frozen=True)
class Marker:
    """One event marker on the chart, at viewport pixel (left, top)."""

    id: str
    left: float
    top: float
    inside: bool  # within the plot area at the current zoom

    def distance(self, other: Marker) -> float:
        return math.hypot(self.left - other.left, self.top - other.top)


#: Lane labels (y tick labels) that do not fit in the chart: cut by its left edge.
_CLIPPED_LANES = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const edge = plot.querySelector('.main-svg').getBoundingClientRect().left;
    const ticks = [...plot.querySelectorAll('.yaxislayer-above .ytick text')];
    if (!ticks.length) return ['no lane labels drawn'];
    return ticks.filter(t => t.getBoundingClientRect().left < edge).map(t => t.textContent);
}"""


def clipped_lane_labels(page: Page) -> list[str]:
    """Lane labels the chart cuts at its left edge (there should be none)."""
    return page.evaluate(_CLIPPED_LANES)


def spans_drawn(page: Page) -> list[Span]:
    """Every span bar drawn in the first chart of `page`: the dashboard or an exported file."""
    return [Span(**span) for span in page.evaluate(_SPANS)]


@dataclass
class DashboardPage:
    """A tab on one running dashboard that records console errors, page errors and dialogs."""

    page: Page
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("dialog", self._on_dialog)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(
            re.search(pattern, message.text) for pattern, _ in BENIGN_CONSOLE_ERRORS
        ):
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, query: str = "") -> DashboardPage:
        """Open the dashboard at `query` (e.g. "?actor=Iran") and wait for it to finish drawing."""
        self.page.goto(self.base_url + "/" + query)
        wait_for_dashboard(self.page)
        return self

    def settle(self) -> None:
        """Wait for the rerun an interaction started to finish drawing."""
        wait_for_dashboard(self.page)

    @property
    def query(self) -> dict[str, list[str]]:
        """The page's query parameters: the view the URL would share."""
        return parse_qs(urlsplit(self.page.url).query)

    def metric(self, label: str) -> Locator:
        """The value of the metric called `label` ("Events", "Actors", "Date span")."""
        return (
            self.page.get_by_test_id("stMetric")
            .filter(has=self.page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
            .get_by_test_id("stMetricValue")
        )

    def expect_events(self, count: int) -> None:
        """Wait until the Events metric shows `count`, then for the run to end."""
        expect(self.metric("Events")).to_have_text(f"{count:,}", timeout=30_000)
        self.settle()

    def sidebar_multiselect(self, label: str) -> Locator:
        return (
            self.page.get_by_test_id("stSidebar")
            .get_by_test_id("stMultiSelect")
            .filter(has=self.page.get_by_text(label, exact=True))
        )

    def markers(self) -> list[Marker]:
        return [Marker(**marker) for marker in self.page.evaluate(_MARKERS)]

    def spans(self) -> list[Span]:
        """Every span bar drawn in the chart's SVG."""
        return spans_drawn(self.page)

    def wait_for_markers(self, count: int) -> list[Marker]:
        """The chart's markers once it draws `count` of them (a rerun redraws it a moment later)."""
        self.page.wait_for_function(
            f"() => ({_MARKERS})().length === {count}", polling=100, timeout=30_000
        )
        return self.markers()

    def clickable_marker(self) -> Marker:
        """A marker in view whose neighbours belong to the same event, so a click hits only it."""
        self.page.locator(".js-plotly-plot").scroll_into_view_if_needed()
        viewport = self.page.viewport_size
        markers = self.markers()
        for clearance in (24, 14):
            for marker in markers:
                if not (
                    marker.inside
                    and 0 < marker.left < viewport["width"]
                    and 0 < marker.top < viewport["height"]
                ):
                    continue
                others = [m for m in markers if m.id != marker.id]
                if all(marker.distance(other) > clearance for other in others):
                    return marker
        raise AssertionError("no event marker on screen stands apart from the others")

    def hover(self, marker: Marker) -> str:
        """Move the mouse onto `marker` and return the text of Plotly's hover label."""
        self.page.mouse.move(marker.left, marker.top)
        label = self.page.locator(".hoverlayer .hovertext")
        label.first.wait_for(timeout=5_000)
        return label.first.text_content() or ""

    def details_card(self) -> Locator:
        """The selected event's card: the drawer (a dialog) holding its Close details button."""
        close = self.page.get_by_role("button", name="Close details")
        return self.page.get_by_role("dialog").filter(has=close)

    def card_title(self) -> str:
        card = self.details_card()
        expect(card).to_be_visible(timeout=30_000)
        return card.get_by_test_id("stHeading").inner_text().strip()

    def card_links(self) -> list[str]:
        """The href of every link in the card's text, the heading's own anchor left out."""
        return (
            self.details_card()
            .get_by_test_id("stMarkdown")
            .locator("a")
            .evaluate_all("links => links.map(a => a.getAttribute('href'))")
        )

    def open_table(self) -> Locator:
        """Open "Table of the N events in view" (sent only once opened); its data grid."""
        listing = self.page.get_by_test_id("stExpander").filter(has_text="events in view")
        listing.locator("summary").click()
        grid = self.page.get_by_test_id("stExpander").get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible(timeout=30_000)
        self.settle()
        return grid

    def table(self, index: int = 0) -> Locator:
        """The accessible copy of a data grid's visible cells (the grid itself is a canvas)."""
        return self.page.get_by_test_id("stDataFrame").nth(index).locator("table")

    def script_links(self) -> list[str]:
        """hrefs in the page (HTML or SVG) that would run script when followed."""
        return self.page.evaluate(_SCRIPT_LINKS)

    def exceptions(self) -> list[str]:
        """The text of every Streamlit exception box: a traceback shown instead of the page."""
        return self.page.get_by_test_id("stException").all_inner_texts()

    def upload(self, path: Path) -> None:
        """Drop `path` on "Your own data" and wait until the page shows that file's events.

        The header names the file the events come from, so it changes only once the upload has
        been read; a file that cannot be read never gets there (wait for its message instead).
        """
        uploader = self.page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader")
        uploader.locator("input[type=file]").set_input_files(path)
        expect(uploader.get_by_test_id("stFileChipName")).to_have_text(path.name)
        expect(
            self.page.get_by_test_id("stCaptionContainer").filter(has_text=f" from {path.name},")
        ).to_be_visible(timeout=30_000)
        self.settle()

    def remove_upload(self) -> None:
        """Remove the file from "Your own data" and wait until the page no longer shows it."""
        uploader = self.page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader")
        name = uploader.get_by_test_id("stFileChipName").inner_text()
        uploader.get_by_test_id("stFileChipDeleteBtn").click()
        expect(uploader.get_by_test_id("stFileChip")).to_have_count(0)
        expect(
            self.page.get_by_test_id("stCaptionContainer").filter(has_text=f" from {name},")
        ).to_have_count(0, timeout=30_000)
        self.settle()

    def download(self, button: str | re.Pattern[str], timeout: float = 15_000) -> Download:
        """Press the download button named `button` and return the file the browser saved."""
        pressed = self.page.get_by_role("button", name=button)
        try:
            with self.page.expect_download(timeout=timeout) as saved:
                pressed.click()
        except PlaywrightTimeoutError:
            state = "disabled, its spinner turning" if pressed.is_disabled() else "enabled"
            raise AssertionError(
                f"pressing {button!r} delivered no file within {timeout / 1000:.0f} s; the "
                f"button is {state} "
                "(the rerun a press starts can lose the file: test_workflows.py::"
                "test_downloading_a_file_does_not_rerun_the_page)"
            ) from None
        return saved.value

    def share_link(self) -> str:
        """The link "Copy link to this view" offers, read from its popover."""
        self.page.get_by_role("button", name="Copy link to this view").click()
        code = self.page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
        expect(code).to_be_visible()
        link = code.inner_text().strip()
        self.page.keyboard.press("Escape")
        return link

    def sidebar_selections(self) -> dict[str, object]:
        """What every sidebar filter shows, as an analyst would read the view off the page."""
        sidebar = self.page.get_by_test_id("stSidebar")

        def chosen(label: str) -> list[str]:
            return self.sidebar_multiselect(label).locator("[data-tag]").all_inner_texts()

        return {
            "actors": chosen("Actors"),
            "match": sidebar.get_by_test_id("stRadio")
            .locator("label:has(input:checked)")
            .inner_text(),
            "affiliates": sidebar.get_by_test_id("stCheckbox").locator("input").is_checked(),
            "types": chosen("Event type"),
            "statuses": chosen("Status"),
            "theatre": sidebar.get_by_test_id("stSelectbox").locator("input").input_value(),
            "dates": [
                box.input_value()
                for box in sidebar.get_by_test_id("stDateInput").locator("input").all()
            ],
            "text": sidebar.get_by_test_id("stTextInput").locator("input").input_value(),
        }
