"""Links on the lane chart: arrows between placed events by relation family, deadline flags."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from timeline import figures, schema
from timeline import links as event_links
from timeline.actors import empty_registry
from timeline.figures.links import (
    DEADLINE_MARKS,
    FAMILY_STYLE,
    MAX_ARROWS,
    RELATION_FAMILY,
    relation_traces,
)

EVENTS = """id,date,end_date,title,actors,event_type,status,source_url,links
resolution,2015-07-20,,Resolution <b>2231</b>,UN,decision,confirmed,https://example.org/r,
truce,2020-10-10,,Moscow truce,Armenia;Azerbaijan;Russia,ceasefire,confirmed,https://example.org/t,
strike,2020-10-11,,Ganja strike,Azerbaijan,military,claimed,https://example.org/s,violates:truce
welcome,2020-10-12,,Iran welcomes truce,Iran,statement,confirmed,https://example.org/w,responds_to:truce
second,2020-10-17,,Second truce,Armenia;Azerbaijan,ceasefire,disputed,https://example.org/2,replaces:truce
expiry,2020-10-18,,Embargo expiry,Iran,sanction,disputed,https://example.org/e,scheduled_by:resolution
claim,2020-09-19,,Snapback claim,United States,statement,disputed,https://example.org/c,disputes:expiry
term,2030,,Mandate ends,Iran,decision,scheduled,https://example.org/m,scheduled_by:truce
"""
LANES = ["Armenia", "Azerbaijan", "Russia", "Iran", "United States", "UN"]
TODAY = dt.date(2026, 1, 1)


def load(csv_text: str = EVENTS) -> timeline.Dataset:
    return timeline.load(io.StringIO(csv_text), name="events.csv", registry=empty_registry())


DATA = load()


def placements(dataset: timeline.Dataset, ids: list[str] | None = None) -> pd.DataFrame:
    pairs = dataset.event_actors
    frame = pd.DataFrame({"event": pairs["event"], "lane": pairs["actor"].astype("str")})
    if ids is not None:
        kept = dataset.events.index[dataset.events["id"].isin(ids)]
        frame = frame[frame["event"].isin(kept)]
    return frame.reset_index(drop=True)


def build(ids: list[str] | None = None, **options) -> go.Figure:
    return figures.timeline_figure(
        DATA.events, placements(DATA, ids), lanes=LANES, links=DATA.links, **options
    )


def arrows(figure: go.Figure) -> dict[str, object]:
    """Key name -> the line trace of arrows of that relation family."""
    return {t.name: t for t in figure.data if getattr(t, "mode", "") == "lines+markers"}


def link_hovers(figure: go.Figure) -> list[str]:
    return [text for t in figure.data if t.hovertemplate and "link<" in t.hovertemplate
            for text in t.text]  # fmt: skip


def flags(figure: go.Figure) -> dict[str, object]:
    """Key name -> the trace of deadline flags with that outcome."""
    return {t.name: t for t in figure.data if t.legendgroup == "deadlines"}


def segments(trace) -> list[tuple]:
    """(x0, y0, x1, y1) of every arrow in a line trace: three points, then a gap."""
    x, y = list(trace.x), list(trace.y)
    return [(x[i], y[i], x[i + 2], y[i + 2]) for i in range(0, len(x), 4)]


def ms(day: str) -> float:
    return float(pd.Timestamp(day).value // 1_000_000) + 43_200_000  # the middle of the day


def test_every_relation_has_a_family_with_a_style_and_every_outcome_a_flag() -> None:
    assert set(RELATION_FAMILY) == set(schema.RELATIONS)
    assert set(RELATION_FAMILY.values()) == set(FAMILY_STYLE)
    assert set(DEADLINE_MARKS) == set(schema.DEADLINE_OUTCOMES)


def test_an_arrow_joins_each_link_whose_two_events_are_placed() -> None:
    drawn = arrows(build())
    assert set(drawn) == {"Responds to, implements", "Violates, disputes", "Ends, replaces",
                          "Sets the date of"}  # fmt: skip
    violates = segments(drawn["Violates, disputes"])
    # strike (Azerbaijan) violates truce (on Armenia, Azerbaijan, Russia): from the truce's mark
    # on the strike's own lane, to the strike; the snapback claim disputes the expiry, on Iran.
    lane = LANES.index
    assert (ms("2020-10-10"), lane("Azerbaijan"), ms("2020-10-11"), lane("Azerbaijan")) in violates
    assert (ms("2020-10-18"), lane("Iran"), ms("2020-09-19"), lane("United States")) in violates
    assert len(violates) == 2


def test_arrows_stop_at_the_marker_edge_with_a_head_at_the_later_end() -> None:
    (trace, *_) = arrows(build()).values()
    assert trace.marker.angleref == "previous" and trace.marker.standoff > 0
    sizes = list(trace.marker.size)
    assert sizes[2::4] == [max(sizes)] * (len(sizes) // 4) and set(sizes[0::4]) == {0}
    assert trace.hoverinfo == "skip"  # the marks beneath hover, not the lines over them


def test_links_to_events_out_of_view_are_not_drawn() -> None:
    figure = build(["truce", "strike", "expiry"])
    drawn = arrows(figure)
    assert list(drawn) == ["Violates, disputes"]
    assert len(segments(drawn["Violates, disputes"])) == 1
    hovers = link_hovers(figure)
    assert hovers == ["Ganja strike (2020-10-11)<br><i>violates</i><br>Moscow truce (2020-10-10)"]


def test_a_link_on_one_lane_bows_between_the_lanes_not_through_the_marks() -> None:
    drawn = arrows(build(["truce", "second"]))
    trace = drawn["Ends, replaces"]
    start, middle, end = trace.y[0], trace.y[1], trace.y[2]
    assert start == end == LANES.index("Armenia") and middle != start
    assert abs(middle - start) < 0.5  # in the gap between two lanes, short of the next


def test_the_toggle_hides_the_arrows_and_keeps_the_deadline_flags() -> None:
    hidden = build(arrows=False)
    assert arrows(hidden) == {} and link_hovers(hidden) == []
    assert flags(hidden) == flags(build())


def test_a_placed_deadline_gets_a_flag_above_its_mark_by_outcome_with_its_terms() -> None:
    figure = build()
    found = flags(figure)
    assert set(found) == {"Due date: disputed", "Due date: upcoming"}
    disputed = found["Due date: disputed"]
    assert list(disputed.x) == [ms("2020-10-18")]
    assert disputed.y[0] < LANES.index("Iran")  # above the lane (the lane axis is reversed)
    assert disputed.marker.symbol == "triangle-down-open"
    (text,) = disputed.text
    assert "Due 2020-10-18" in text and "Embargo expiry" in text
    assert "Resolution &lt;b&gt;2231&lt;/b&gt; (2015-07-20), 1,917 days ahead" in text
    assert "Outcome: Disputed" in text


def test_a_deadline_outside_the_view_has_no_flag() -> None:
    assert flags(build(["truce", "strike"])) == {}


def test_flags_and_arrows_carry_no_event_id_so_marks_stay_one_per_event_and_lane() -> None:
    figure = build()
    ids = [c[figures.CUSTOMDATA_ID] for t in figure.data if t.customdata is not None
           for c in t.customdata]  # fmt: skip
    expected = DATA.events["id"].to_numpy()[placements(DATA)["event"].to_numpy()]
    assert sorted(ids) == sorted(expected)


def test_the_key_names_each_family_and_flag_once_after_the_event_types() -> None:
    figure = build()
    keyed = [t.name for t in figure.data if t.showlegend is not False]
    families = [name for name, *_ in FAMILY_STYLE.values()]
    assert [name for name in keyed if name in families] == families
    keys = [t for t in figure.data if t.name in families and t.showlegend is not False]
    assert len(keys) == len(families) and all(t.legendrank > 1000 for t in keys)


def test_without_links_the_chart_is_as_before() -> None:
    plain = figures.timeline_figure(DATA.events, placements(DATA), lanes=LANES)
    assert arrows(plain) == {} and flags(plain) == {}


def test_above_the_arrow_budget_a_note_replaces_the_arrows() -> None:
    many = pd.DataFrame(
        {
            "event": np.repeat(DATA.links["event"].to_numpy(), MAX_ARROWS),
            "relation": np.repeat(DATA.links["relation"].to_numpy(), MAX_ARROWS),
            "target": np.repeat(DATA.links["target"].to_numpy(), MAX_ARROWS),
        }
    )
    placed = placements(DATA)
    below, above, note = relation_traces(
        DATA.events,
        placed["event"].to_numpy(),
        pd.Index(LANES).get_indexer(placed["lane"]),
        many,
        today=TODAY,
    )
    assert below == [] and above and "links in view are not drawn" in note


@pytest.mark.parametrize("shown", [None, ["truce", "strike"]])
def test_the_figure_with_links_is_what_a_validated_figure_would_send(shown) -> None:
    figure = build(shown)
    validated = go.Figure(figure.to_dict())  # raises on any property Plotly does not know
    assert json.loads(figure.to_json())["data"] == json.loads(validated.to_json())["data"]


@pytest.mark.parametrize("shown", [["expiry"], ["expiry", "term", "truce"], []])
def test_the_links_of_the_deadlines_in_view_give_the_same_deadlines_as_every_link(shown) -> None:
    in_view = DATA.events.index[DATA.events["id"].isin(shown)]
    every = event_links.deadlines(DATA.events, DATA.links, today=TODAY)
    expected = every[every["deadline"].isin(in_view)].reset_index(drop=True)
    few = event_links.deadline_links(DATA.links, in_view)
    found = event_links.deadlines(DATA.events, few, today=TODAY)
    pd.testing.assert_frame_equal(found, expected)
    assert len(few) < len(DATA.links)


def test_titles_reach_the_arrows_hover_only_escaped() -> None:
    (text,) = [t for t in link_hovers(build(["resolution", "expiry"]))]
    assert text == (
        "Embargo expiry (2020-10-18)<br><i>scheduled by</i><br>"
        "Resolution &lt;b&gt;2231&lt;/b&gt; (2015-07-20)"
    )


def test_a_deadline_on_several_lanes_has_one_flag_above_its_top_mark() -> None:
    several = EVENTS.replace(
        "expiry,2020-10-18,,Embargo expiry,Iran,", "expiry,2020-10-18,,Embargo expiry,UN;Iran,"
    )
    dataset = load(several)
    figure = figures.timeline_figure(
        dataset.events, placements(dataset), lanes=LANES, links=dataset.links
    )
    flag = flags(figure)["Due date: disputed"]
    assert list(flag.y) == [LANES.index("Iran") - 0.42]  # Iran is above UN in LANES


def test_a_flag_on_the_top_lane_gets_room_above_it_clear_of_the_date_axis() -> None:
    # Iran's deadline flag, with Iran the top lane: the lanes start lower, clear of the axis.
    top = ["Iran", *[lane for lane in LANES if lane != "Iran"]]
    lower = build()
    raised = figures.timeline_figure(DATA.events, placements(DATA), lanes=top, links=DATA.links)
    flag = flags(raised)["Due date: disputed"]
    assert list(flag.y) == [-0.42]
    assert list(raised.layout.yaxis.range) == [len(top) - 0.5, -0.5 - 0.42]
    assert flag.y[0] - raised.layout.yaxis.range[1] == pytest.approx(0.5)  # as far as a lane's
    # Without a flag on the top lane the axis is as before.
    assert LANES[0] != "Iran" and list(lower.layout.yaxis.range) == [len(LANES) - 0.5, -0.5]
    plain = figures.timeline_figure(DATA.events, placements(DATA), lanes=top)
    assert list(plain.layout.yaxis.range) == [len(top) - 0.5, -0.5]
