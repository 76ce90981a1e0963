"""Links between events as an analyst sees them in Chromium: arrows, deadline flags, the card, chains.

What is asserted is what plotly.js drew in the SVG (arrowheads beside the marks of the events
holding the links, flags above the deadlines' marks), against what the library says is in view.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from dashboard_page import DashboardPage, Marker, opening, placed_ids
from playwright.sync_api import expect

import timeline
from timeline import filters, links, schema
from timeline.view import View

pytestmark = pytest.mark.browser

BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
WAR = "?actor=Armenia&actor=Azerbaijan&from=2020-10-01&to=2020-11-15"
WAR_VIEW = View(
    actors=("Armenia", "Azerbaijan"), start=dt.date(2020, 10, 1), end=dt.date(2020, 11, 15)
)
TRUCE = "2020-10-10-moscow-humanitarian-ceasefire"
EXPIRY = "2020-10-18-un-arms-restrictions-expiry"
RESOLUTION = "2015-07-20-unsc-resolution-2231"
SNAPBACK = "2020-09-19-us-declares-un-sanctions-restored"

#: What the SVG holds of the links: per arrow trace its family, whether its line has a path,
#: its stroke width and its arrowheads' centres; per deadline flag its centre; and whether
#: every arrow trace's group comes before (beneath) the first group carrying event ids; and the
#: top of the plot area (the date axis' line).
_LINKS_DRAWN = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const centre = element => {
        const box = element.getBoundingClientRect();
        return {left: box.left + box.width / 2, top: box.top + box.height / 2, size: box.width};
    };
    const groups = [...plot.querySelectorAll('.scatterlayer .trace')];
    const arrows = [], flags = [];
    let firstMarks = groups.length, lastArrows = -1;
    groups.forEach((group, index) => {
        const trace = group.__data__[0].trace;
        const family = String(trace.legendgroup || '');
        if (Array.isArray(trace.customdata) && firstMarks === groups.length) firstMarks = index;
        if (family.startsWith('links-') && (trace.mode || '') === 'lines+markers') {
            lastArrows = index;
            const line = group.querySelector('path.js-line');
            arrows.push({
                family: family.slice(6),
                line: Boolean(line && (line.getAttribute('d') || '').length > 10),
                width: line ? parseFloat(getComputedStyle(line).strokeWidth) : 0,
                heads: [...group.querySelectorAll('path.point')].map(centre)
                    .filter(point => point.size > 2),
            });
        }
        if (family === 'deadlines') {
            flags.push(...[...group.querySelectorAll('path.point')].map(centre));
        }
    });
    const areaTop = plot.getBoundingClientRect().top + plot._fullLayout._size.t;
    return {arrows, flags, beneath: lastArrows < firstMarks, areaTop};
}"""


def links_drawn(tab: DashboardPage) -> dict:
    tab.page.locator(".js-plotly-plot").scroll_into_view_if_needed()
    return tab.page.evaluate(_LINKS_DRAWN)


def linked_in_view(view: View) -> list[str]:
    """Id of the event holding each link whose two ends have a mark in `view` (not a band)."""
    shown = filters.arrange(view, BUNDLED, filters.apply(view, BUNDLED))
    placed = shown.events.index[shown.placements["event"].unique()]
    found = links.in_view(BUNDLED.links, placed)
    return BUNDLED.events.loc[found["event"], schema.ID].tolist()


def deadline_marks(view: View) -> set[str]:
    """Id of each deadline with a mark in `view` (an event with a `scheduled_by` link)."""
    due = set(links.deadlines(BUNDLED.events, BUNDLED.links)["id"])
    return {event_id for event_id in placed_ids(BUNDLED, view) if event_id in due}


def nearest(point: dict, markers: list[Marker]) -> tuple[float, Marker]:
    return min(
        ((math.hypot(point["left"] - m.left, point["top"] - m.top), m) for m in markers),
        key=lambda pair: pair[0],
    )


def test_arrows_and_deadline_flags_are_drawn_beside_the_marks_of_the_war_view(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app, WAR)
    tab.wait_for_markers(len(placed_ids(BUNDLED, WAR_VIEW)))
    drawn = links_drawn(tab)  # scrolled to the chart first: read the marks where they now are
    markers = tab.markers()
    expected = linked_in_view(WAR_VIEW)
    assert len(expected) >= 8
    heads = [head for arrow in drawn["arrows"] for head in arrow["heads"]]
    assert len(heads) == len(expected)
    assert all(arrow["line"] and 0 < arrow["width"] <= 1.5 for arrow in drawn["arrows"])
    assert {arrow["family"] for arrow in drawn["arrows"]} >= {"breach", "succession"}
    # Each arrowhead points at the edge of a mark of the event holding the link, not over it.
    assert all(3 < nearest(head, markers)[0] < 20 for head in heads)
    for event_id in set(expected):  # two events of one day on one lane share a spot
        own = [marker for marker in markers if marker.id == event_id]
        assert any(nearest(head, own)[0] < 20 for head in heads), f"no arrow to {event_id}"
    assert drawn["beneath"], "arrows must be drawn beneath the event marks"
    # A flag above the top mark of each deadline: the complete ceasefire of 10 November.
    due = deadline_marks(WAR_VIEW)
    assert due and len(drawn["flags"]) == len(due)
    flagged = set()
    for flag in drawn["flags"]:
        _, marker = nearest(flag, markers)
        assert marker.id in due
        assert abs(flag["left"] - marker.left) < 1.5 and 6 < marker.top - flag["top"] < 18
        assert marker.top == min(m.top for m in markers if m.id == marker.id)  # its top lane
        # Wholly inside the plot, clear of the date axis, even above the top lane's marks.
        assert flag["top"] - flag["size"] / 2 >= drawn["areaTop"] + 2, (flag, drawn["areaTop"])
        flagged.add(marker.id)
    assert flagged == due
    tab.page.get_by_text("Arrows between linked events").click()
    tab.page.wait_for_function("() => location.search.includes('links=0')")
    tab.settle()
    hidden = links_drawn(tab)
    assert hidden["arrows"] == [] and len(hidden["flags"]) == len(due)


def test_selecting_the_embargo_expiry_shows_what_scheduled_it_and_what_disputes_it(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app, "?actor=Iran&from=2020-10-01&to=2020-10-31")
    markers = tab.markers()
    candidates = [m for m in markers if m.id == EXPIRY and m.inside]
    clearance, marker = max(
        (min(m.distance(o) for o in markers if o.id != m.id), m) for m in candidates
    )
    assert clearance > 12, "no mark of the embargo expiry stands apart to be clicked"
    tab.page.mouse.click(marker.left, marker.top)
    tab.page.wait_for_function(f"() => location.search.includes('event={EXPIRY}')")
    tab.settle()
    card = tab.details_card()
    titles = BUNDLED.events.set_index(schema.ID)[schema.TITLE]
    assert tab.card_title() == titles[EXPIRY]
    expect(card.get_by_text("Scheduled by", exact=True)).to_be_visible()
    expect(card.get_by_text("Disputed by", exact=True)).to_be_visible()
    resolution = card.get_by_role("button", name=f"2015-07-20 · {titles[RESOLUTION]}")
    expect(resolution).to_be_visible()
    expect(card.get_by_role("button", name=f"2020-09-19 · {titles[SNAPBACK]}")).to_be_visible()
    resolution.click()
    tab.page.wait_for_function(f"() => location.search.includes('event={RESOLUTION}')")
    tab.settle()
    assert tab.card_title() == titles[RESOLUTION]
    assert tab.exceptions() == [] and tab.page_errors == [] and tab.console_errors == []


def test_a_chain_link_on_the_first_moscow_truce_shows_the_truce_chain(
    bundled_app, open_dashboard
) -> None:
    tab = open_dashboard(bundled_app, f"?chain={TRUCE}")
    view = opening(BUNDLED, View(chain=TRUCE))
    markers = tab.wait_for_markers(len(placed_ids(BUNDLED, view)))
    ids = {marker.id for marker in markers}
    truces = {TRUCE, "2020-10-17-second-humanitarian-truce", "2020-10-25-us-brokered-truce"}
    violations = {"2020-10-11-ganja-strike-after-moscow-truce", "2020-10-28-barda-strike"}
    assert truces | violations <= ids
    assert ids == set(placed_ids(BUNDLED, view))
    note = tab.page.get_by_test_id("stAlert").filter(has_text="Following a chain")
    expect(note).to_be_visible()
    heads = [head for arrow in links_drawn(tab)["arrows"] for head in arrow["heads"]]
    assert len(heads) == len(linked_in_view(view))
    tab.page.get_by_role("button", name="Stop following").click()
    expect(note).to_have_count(0, timeout=30_000)
    tab.settle()
    assert "chain" not in tab.query
    assert tab.exceptions() == [] and tab.page_errors == [] and tab.console_errors == []
