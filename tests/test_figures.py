"""Property checks on the pure figure functions, built from tiny inline events files."""

from __future__ import annotations

import html
import io
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from timeline import compare, figures, schema
from timeline.actors import empty_registry

HEADER = "id,date,end_date,title,actors,event_type,status,source_url,source_name\n"
EVENTS_CSV = HEADER + (
    "war,2020-09-27,2020-11-10,Second Karabakh war,Armenia;Azerbaijan,period,confirmed,"
    "https://example.org/w,Reuters\n"
    "velayati,2020-10-06,,Velayati cites UN resolutions,Velayati,statement,confirmed,"
    "https://example.org/v,Tasnim;IRNA\n"
    "truce,2020-10-10,,Moscow humanitarian truce,Armenia;Azerbaijan;Russia,ceasefire,,"
    "https://example.org/t,\n"
    "shells,2020-10,,Shells land in Iran,Iran;Azerbaijan,incident,claimed,"
    "https://example.org/s,Al Jazeera\n"
    "mercs,2020-09~,,Syrian fighters reported,Turkey,report,disputed,"
    "https://example.org/m,The Guardian\n"
    "drone,2020-10-20?,,Drone downed near border,Iran,military,confirmed,"
    "https://example.org/d,IRNA\n"
    "tour,2020-10-26,2020-10-28,Araghchi regional tour,Iran,visit,confirmed,"
    "https://example.org/a,Mehr\n"
)
LANES = ["Iran", "Azerbaijan", "Armenia", "Russia", "Velayati", "Turkey"]
LONG_NAME = "International Committee of the Red Cross delegation in Baku"


def load(csv_text: str) -> timeline.Dataset:
    return timeline.load(io.StringIO(csv_text), name="events.csv", registry=empty_registry())


def placements_of(dataset: timeline.Dataset) -> pd.DataFrame:
    pairs = dataset.event_actors
    return pd.DataFrame({"event": pairs["event"], "lane": pairs["actor"].astype("str")})


def build(csv_text: str = EVENTS_CSV, *, lanes: list[str] | None = None, **options) -> go.Figure:
    dataset = load(csv_text)
    lanes = LANES if lanes is None else lanes
    return figures.timeline_figure(dataset.events, placements_of(dataset), lanes=lanes, **options)


DATA = load(EVENTS_CSV)
FIGURE = build()


def ms(day: str) -> float:
    return float(pd.Timestamp(day).value // 1_000_000)


WINDOW = (pd.Timestamp("2020-09-20"), pd.Timestamp("2020-11-20"))


def markers(figure: go.Figure) -> list:
    """The traces of exact-day markers: they carry event ids and draw markers."""
    return [
        trace
        for trace in figure.data
        if trace.type in ("scatter", "scattergl") and trace.customdata is not None
    ]


def bars(figure: go.Figure) -> list:
    """The traces of span bars: they carry event ids."""
    return [trace for trace in figure.data if trace.type == "bar" and trace.customdata is not None]


def mark_of(traces: list, event_id: str) -> tuple:
    """The (first) trace among `traces` showing `event_id`, and the point's index in it."""
    for trace in traces:
        for index, custom in enumerate(trace.customdata):
            if custom[figures.CUSTOMDATA_ID] == event_id:
                return trace, index
    raise AssertionError(f"no mark for {event_id}")


def marker_of(figure: go.Figure, event_id: str) -> tuple:
    return mark_of(markers(figure), event_id)


def bar_of(figure: go.Figure, event_id: str) -> tuple:
    return mark_of(bars(figure), event_id)


def hover(trace, index: int) -> str:
    """The hover text Plotly would show: the template filled with the point's data."""
    custom = trace.customdata[index]
    text = re.sub(r"%\{customdata\[(\d)\]\}", lambda m: str(custom[int(m[1])]), trace.hovertemplate)
    if trace.type == "bar":
        return text
    x = pd.Timestamp(trace.x[index], unit="ms")
    return re.sub(r"%\{x\|([^}]*)\}", lambda m: x.strftime(m[1]), text)


def spans_of(figure: go.Figure, event_id: str) -> list[tuple[float, float, float, str]]:
    """(start, end, lane, pattern) of every bar drawing `event_id`, one per lane."""
    found = []
    for trace in bars(figure):
        shapes = trace.marker.pattern.shape
        for index, custom in enumerate(trace.customdata):
            if custom[figures.CUSTOMDATA_ID] == event_id:
                start = float(trace.base[index])
                found.append((start, start + trace.x[index], float(trace.y[index]), shapes[index]))
    return found


def test_exact_days_are_svg_markers_on_a_date_axis() -> None:
    assert markers(FIGURE)
    assert {t.type for t in markers(FIGURE)} == {"scatter"}
    assert FIGURE.layout.xaxis.type == "date"
    assert all(isinstance(x, float) for x in markers(FIGURE)[0].x)


def test_markers_turn_webgl_only_above_the_threshold() -> None:
    assert {t.type for t in markers(build(webgl_above=1))} == {"scattergl"}
    assert {t.type for t in bars(build(webgl_above=1))} == {"bar"}  # spans stay SVG bars


def test_one_marker_trace_per_type_and_status_and_one_bar_trace_per_type() -> None:
    exact = DATA.events[(DATA.events["end_date"] == "") & (DATA.events["precision"] == "day")]
    exact = exact[~exact["approximate"] & ~exact["uncertain"]]
    assert len(markers(FIGURE)) == len(exact.groupby(["event_type", "status"], observed=True))
    assert len(bars(FIGURE)) == 5  # period, incident, report, military, visit each have spans
    assert len(FIGURE.data) <= 2 * len(DATA.events["event_type"].unique()) + 8


def test_lane_tick_labels_are_the_lanes_top_to_bottom() -> None:
    yaxis = FIGURE.layout.yaxis
    assert list(yaxis.ticktext) == LANES
    assert list(yaxis.tickvals) == list(range(len(LANES)))
    assert yaxis.range[0] > yaxis.range[1]  # reversed: lane 0 at the top


def test_each_event_type_has_one_key_entry_by_its_short_name_and_hovers_its_label() -> None:
    kinds = ("statement", "ceasefire", "military", "visit", "incident", "report", "period")
    shorts = {schema.event_type_short(kind) for kind in kinds}
    legend = [t.name for t in FIGURE.data if t.showlegend is not False and t.name in shorts]
    assert legend == [schema.event_type_short(kind) for kind in kinds]
    trace, _ = marker_of(FIGURE, "velayati")
    assert trace.hovertemplate.endswith(f"<extra>{schema.event_type_label('statement')}</extra>")
    bar, _ = bar_of(FIGURE, "tour")
    assert bar.hovertemplate.endswith(f"<extra>{schema.event_type_label('visit')}</extra>")


def test_event_on_several_lanes_is_joined_by_one_vertical_connector() -> None:
    (connector,) = [t for t in FIGURE.data if t.error_y.array is not None]
    trace, index = marker_of(FIGURE, "truce")
    (at,) = [i for i, x in enumerate(connector.x) if x == trace.x[index]]
    lanes = [LANES.index(name) for name in ("Armenia", "Azerbaijan", "Russia")]
    assert connector.y[at] == min(lanes)
    assert connector.error_y.array[at] == max(lanes) - min(lanes)
    assert connector.error_y.arrayminus[at] == 0
    assert "One event, several actors" in [t.name for t in FIGURE.data if t.showlegend is not False]


def test_customdata_carries_every_event_id_once_per_lane() -> None:
    ids = [c[figures.CUSTOMDATA_ID] for t in markers(FIGURE) + bars(FIGURE) for c in t.customdata]
    assert sorted(ids) == sorted(DATA.events["id"].repeat(DATA.events["actors"].str.count(";") + 1))


def test_hover_shows_date_as_written_title_actors_status_and_outlets() -> None:
    text = hover(*marker_of(FIGURE, "velayati"))
    for part in ("2020-10-06", "Velayati cites UN resolutions", "Velayati", "Confirmed"):
        assert part in text
    assert "Tasnim; IRNA" in text


@pytest.mark.parametrize(
    ("event_id", "written"),
    [("shells", "2020-10<br>"), ("mercs", "2020-09~"), ("drone", "2020-10-20?")],
)
def test_hover_shows_coarse_and_qualified_dates_exactly_as_written(
    event_id: str, written: str
) -> None:
    assert written in hover(*bar_of(FIGURE, event_id))


def test_hover_shows_end_date_and_names_missing_status_and_outlets() -> None:
    assert "2020-10-26 – 2020-10-28" in hover(*bar_of(FIGURE, "tour"))
    truce = hover(*marker_of(FIGURE, "truce"))
    assert "Not stated" in truce
    assert "not named" in truce
    assert "Armenia; Azerbaijan; Russia" in truce


@pytest.mark.parametrize(("event_id", "symbol"), [("velayati", "circle"), ("truce", "circle")])
def test_claim_status_sets_the_marker_symbol(event_id: str, symbol: str) -> None:
    trace, _ = marker_of(FIGURE, event_id)
    assert trace.marker.symbol == symbol


def test_claimed_and_disputed_spans_carry_their_status_symbol() -> None:
    (contested,) = [t for t in FIGURE.data if t.name == "Status of a span"]
    symbols = dict(zip(contested.y, contested.marker.symbol, strict=True))
    assert symbols[LANES.index("Turkey")] == "diamond-open"  # mercs: disputed
    assert symbols[LANES.index("Iran")] == "circle-open"  # shells: claimed
    assert hover(*bar_of(FIGURE, "mercs")).count("Disputed") == 1


def test_legend_explains_the_status_symbols_and_both_span_styles() -> None:
    key = {t.name: t for t in FIGURE.data if t.customdata is None and t.showlegend is not False}
    assert key["Claimed"].marker.symbol == "circle-open"
    assert key["Disputed"].marker.symbol == "diamond-open"
    assert key["Date range"].type == "bar"
    assert key["Date range"].marker.pattern.shape == ""
    hatched = [t for t in key.values() if t.type == "bar" and t.marker.pattern.shape == "/"]
    assert len(hatched) == 1 and hatched[0].name.startswith("Month, year or approximate")


def test_month_precision_event_is_a_hatched_bar_over_its_month_on_each_lane() -> None:
    iran, azerbaijan = float(LANES.index("Iran")), float(LANES.index("Azerbaijan"))
    assert sorted(spans_of(FIGURE, "shells")) == [
        (ms("2020-10-01"), ms("2020-11-01"), iran, "/"),
        (ms("2020-10-01"), ms("2020-11-01"), azerbaijan, "/"),
    ]


def test_approximate_month_is_a_hatched_bar_over_the_month_it_covers() -> None:
    turkey = float(LANES.index("Turkey"))
    assert spans_of(FIGURE, "mercs") == [(ms("2020-09-01"), ms("2020-10-01"), turkey, "/")]


def test_uncertain_day_is_a_hatched_bar_over_that_day() -> None:
    iran = float(LANES.index("Iran"))
    assert spans_of(FIGURE, "drone") == [(ms("2020-10-20"), ms("2020-10-21"), iran, "/")]


def test_ranged_event_is_a_solid_bar_from_start_to_the_end_of_its_end_date() -> None:
    iran = float(LANES.index("Iran"))
    assert spans_of(FIGURE, "tour") == [(ms("2020-10-26"), ms("2020-10-29"), iran, "")]
    (bar, _) = bar_of(FIGURE, "tour")
    assert bar.orientation == "h"
    assert FIGURE.layout.barmode == "overlay"  # bars of other types do not shift each other


def test_exact_day_event_is_a_marker_at_the_middle_of_its_day_without_a_bar() -> None:
    assert spans_of(FIGURE, "velayati") == []
    trace, index = marker_of(FIGURE, "velayati")
    assert trace.x[index] == ms("2020-10-06") + 12 * 3_600_000


def test_no_text_marks_need_explaining() -> None:
    assert not [t for t in FIGURE.data if "text" in (getattr(t, "mode", None) or "")]


def test_selected_event_is_ringed_on_each_of_its_lanes() -> None:
    figure = build(selected="truce")
    (ring,) = [t for t in figure.data if t.name == "Selected"]
    assert sorted(ring.y) == sorted(LANES.index(a) for a in ("Armenia", "Azerbaijan", "Russia"))
    assert ring.marker.size > markers(figure)[0].marker.size
    assert not [t for t in build(selected="no-such-id").data if t.name == "Selected"]


def test_eras_are_bands_below_the_lanes_each_named_above_its_band() -> None:
    periods = DATA.events[DATA.events["event_type"] == "period"]
    figure = build(eras=periods, window=WINDOW)
    (band,) = figure.layout.shapes
    assert (band.type, band.layer, band.yref) == ("rect", "below", "paper")
    assert (band.x0, band.x1) == ("2020-09-27", "2020-11-11")
    (name,) = [a for a in figure.layout.annotations if a.xref == "x"]
    assert (name.text, name.x, name.yref, name.y) == (
        "Second Karabakh war",
        "2020-09-27",
        "paper",
        1,
    )
    assert name.hovertext == "Second Karabakh war<br>2020-09-27 – 2020-11-10"


NESTED = HEADER + (
    "war,2020-09-27,2020-11-10,Second Nagorno-Karabakh war (44-day war),Armenia,period,,"
    "https://example.org/w,\n"
    "t1,2020-10-10,2020-10-10,Window of the first humanitarian truce (Moscow),Armenia,period,,"
    "https://example.org/t,\n"
    "t2,2020-10-18,2020-10-18,Window of the second humanitarian truce,Armenia,period,,"
    "https://example.org/t,\n"
    "e,2020-10-12,,Shelling,Armenia,military,,https://example.org/e,\n"
)


def test_a_one_day_truce_inside_a_war_is_outlined_and_named_without_overlapping() -> None:
    dataset = load(NESTED)
    eras = dataset.events[dataset.events["event_type"] == "period"]
    figure = figures.timeline_figure(
        dataset.events, placements_of(dataset), lanes=["Armenia"], eras=eras, window=WINDOW
    )
    truce = next(s for s in figure.layout.shapes if s.x0 == "2020-10-18")
    assert truce.x1 == "2020-10-19"
    assert truce.line.width >= 1  # a sliver at this zoom: its outline keeps it visible
    war = next(s for s in figure.layout.shapes if s.x0 == "2020-09-27")
    assert not war.line.width
    labels = sorted((a.yshift, a.x) for a in figure.layout.annotations if a.xref == "x")
    assert [x for _, x in labels if x.startswith("2020-10-18")]
    assert len({shift for shift, _ in labels}) >= 2  # nested labels go to their own rows
    assert figure.layout.margin.t >= 8 + figures.LANE_PX  # the rows are reserved above the plot


def test_height_keeps_a_minimum_plot_and_grows_with_the_lanes() -> None:
    one_lane = HEADER + "v,2020-10-06,,Visit,Iran,visit,,https://example.org/v,\n"
    figure = build(one_lane, lanes=["Iran"])
    margin = figure.layout.margin
    assert figure.layout.height - margin.t - margin.b >= figures.MIN_PLOT_PX
    many = [*LANES, *(f"Actor {i}" for i in range(30))]
    figure = build(lanes=many)
    margin = figure.layout.margin
    assert figure.layout.height - margin.t - margin.b == figures.LANE_PX * len(many)


def test_long_lane_names_are_cut_with_an_ellipsis() -> None:
    long = LONG_NAME
    csv = HEADER + f"x,2020-10-06,,Visit,{long},visit,confirmed,https://example.org/x,Mehr\n"
    (tick,) = build(csv, lanes=[long]).layout.yaxis.ticktext
    assert tick.endswith("…")
    assert len(tick) <= figures.LABEL_CHARS
    assert long in hover(*marker_of(build(csv, lanes=[long]), "x"))


def test_lanes_missing_from_the_lane_list_are_added_at_the_bottom() -> None:
    ticks = list(build(lanes=["Russia"]).layout.yaxis.ticktext)
    assert ticks[0] == "Russia"
    assert sorted(ticks) == sorted(LANES)


def test_no_range_slider_or_quick_range_buttons() -> None:
    xaxis = FIGURE.layout.xaxis
    assert not xaxis.rangeslider.visible
    assert not xaxis.rangeselector.buttons


def test_the_axis_opens_on_the_window_given() -> None:
    figure = build(window=WINDOW)
    assert figure.layout.xaxis.range == ("2020-09-20T00:00:00", "2020-11-20T00:00:00")


def test_without_a_window_the_axis_opens_on_every_placed_event() -> None:
    first, last = (
        pd.Timestamp(FIGURE.layout.xaxis.range[0]),
        pd.Timestamp(FIGURE.layout.xaxis.range[1]),
    )
    assert first < DATA.events["start"].min() and last > DATA.events["end"].max()
    assert last - first < pd.Timedelta(days=80)


@pytest.mark.parametrize(("days", "most"), [(3, 3), (6, 6), (40, 10), (4000, 10)])
def test_ticks_are_never_finer_than_a_day_for_a_window_of_days(days: int, most: int) -> None:
    window = (pd.Timestamp("2020-10-01"), pd.Timestamp("2020-10-01") + pd.Timedelta(days=days))
    xaxis = build(window=window).layout.xaxis
    assert xaxis.nticks == most  # plotly picks the step; at most one tick a day
    assert xaxis.ticklabelmode == "period"  # a day's label sits over its day, with its events


def test_title_filter_line_and_credit_make_the_figure_stand_alone() -> None:
    figure = build(title="Timeline: Iran", subtitle="Actors: Iran · 2020", credit="events.csv")
    assert figure.layout.title.text == "<b>Timeline: Iran</b>"
    assert figure.layout.title.subtitle.text == "Actors: Iran · 2020"
    footer = [a.text for a in figure.layout.annotations if a.xref == "paper"]
    assert footer == ["events.csv"]


def test_the_toolbar_stands_in_its_own_margin_beside_the_key() -> None:
    layout = FIGURE.layout
    assert layout.modebar.orientation == "v"
    assert layout.margin.r >= 36
    assert layout.legend.orientation == "h" and layout.legend.x == 0


def test_the_dates_are_above_the_lanes_below_the_key_and_period_names() -> None:
    figure = build(eras=DATA.events[DATA.events["event_type"] == "period"], window=WINDOW)
    layout = figure.layout
    assert layout.xaxis.side == "top"
    (name,) = [a for a in layout.annotations if a.xref == "x"]
    assert name.yshift >= 30  # clear of the two lines of tick labels
    key_bottom = layout.legend.y * layout.height  # the key's top, px from the bottom ...
    assert key_bottom > layout.height - layout.margin.t + name.yshift  # ... is above the names


ATTACKS = ['<a href="javascript:alert(1)">x</a>', "<img src=x onerror=alert(1)>"]


def all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item)]
    return []


@pytest.mark.parametrize("attack", ATTACKS)
def test_data_text_reaches_the_figure_only_escaped(attack: str) -> None:
    quoted = '"' + attack.replace('"', '""') + '"'
    csv = HEADER + (
        f"evil,2020-10-06,,{quoted},{quoted};Iran,{quoted},claimed,https://example.org/e,{quoted}\n"
        f"era,2020-10-01,2020-10-30,{quoted},Iran,period,,https://example.org/e,\n"
    )
    dataset = load(csv)
    for budget in (4000, 1):
        figure = figures.timeline_figure(
            dataset.events,
            placements_of(dataset),
            lanes=[attack, "Iran"],
            eras=dataset.events[dataset.events["event_type"] == "period"],
            title=attack,
            point_budget=budget,
        )
        strings = all_strings(json.loads(figure.to_json()))
        assert not [s for s in strings if "<a" in s or "<img" in s]
        assert any(figures.escape_text(attack) in s for s in strings)


@pytest.mark.parametrize("text", ["a & b", "<b>bold</b>", 'it\'s "quoted"', "&lt;", ""])
def test_escape_matches_html_escape_with_numeric_quotes(text: str) -> None:
    expected = html.escape(text).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
    assert figures.escape(pd.Series([text], dtype="str"))[0] == expected
    assert figures.escape_text(text) == expected


def test_empty_events_give_a_friendly_empty_figure() -> None:
    dataset = load(HEADER)
    figure = figures.timeline_figure(dataset.events, placements_of(dataset), lanes=[])
    assert figure.data == ()
    assert figure.layout.annotations[0].text == figures.NO_EVENTS


def test_more_placements_than_the_budget_show_counts_per_lane_with_a_note() -> None:
    figure = build(point_budget=3)
    assert [t.type for t in figure.data] == ["heatmap"]
    assert np.nansum(figure.data[0].z) == len(placements_of(DATA))
    assert list(figure.data[0].y) == LANES
    (note,) = figure.layout.annotations
    assert note.text.startswith(f"{len(DATA.events)} events — showing counts per ")
    assert "narrow the dates or actors" in note.text


def spread(days: int) -> str:
    """Two events `days` apart."""
    end = (pd.Timestamp("2000-01-01") + pd.Timedelta(days=days)).strftime("%Y-%m-%d")
    rows = [
        f"e{i},{day},,Event,Iran,visit,,https://example.org/,\n"
        for i, day in enumerate(("2000-01-01", end))
    ]
    return HEADER + "".join(rows)


@pytest.mark.parametrize(
    ("days", "bucket"), [(100, "day"), (1000, "week"), (10_000, "month"), (100_000, "year")]
)
def test_counts_use_the_finest_bucket_that_stays_readable(days: int, bucket: str) -> None:
    figure = build(spread(days), lanes=["Iran"], point_budget=1)
    assert f"counts per {bucket};" in figure.layout.annotations[0].text
    assert len(figure.data[0].x) - 1 <= figures.MAX_BUCKETS


def test_three_thousand_events_serialise_under_60_bytes_a_point() -> None:
    rows = [
        f"e{i},2020-{1 + i % 12:02d}-{1 + i % 28:02d},,Event {i},"
        f"Iran{f';Actor {i % 20}' if i % 5 == 0 else ''},visit,,https://example.org/{i},Reuters\n"
        for i in range(3000)
    ]
    dataset = load(HEADER + "".join(rows))
    figure = figures.timeline_figure(dataset.events, placements_of(dataset), lanes=["Iran"])
    points = sum(len(t.x) for t in markers(figure))
    size = len(figure.to_json())
    own_text = sum(
        len(json.dumps(t.customdata.tolist(), separators=(",", ":"))) for t in markers(figure)
    )
    assert points == 3600
    assert size / points < 60
    assert (size - own_text) / points < 20  # what the encoding costs beyond each event's text


def test_event_ids_reads_ids_from_selected_points() -> None:
    points = [{"customdata": ["truce", "Moscow…"]}, {"customdata": "war"}, {"x": 1}]
    assert figures.event_ids(points) == ["truce", "war"]


def activity(events: pd.DataFrame, freq: str = "M", coarse: int = 0):
    return figures.activity_figure(compare.activity(events, freq=freq), freq=freq, coarse=coarse)


def test_activity_stacks_monthly_counts_by_event_type() -> None:
    figure = activity(DATA.events)
    assert figure.layout.barmode == "stack"
    assert {t.type for t in figure.data} == {"bar"}
    october = ms("2020-10-01")
    counts = {t.name: dict(zip(t.x, t.y, strict=True)).get(october, 0) for t in figure.data}
    assert sum(counts.values()) == 5
    assert counts[schema.event_type_label("incident")] == 1


def test_activity_weeks_start_on_monday() -> None:
    figure = activity(DATA.events, freq="W")
    starts = [pd.Timestamp(x, unit="ms") for t in figure.data for x in t.x]
    assert {day.day_of_week for day in starts} == {0}
    assert figure.data[0].xperiod == 7 * 86_400_000


def test_activity_notes_events_dated_coarser_than_the_bucket() -> None:
    figure = activity(DATA.events, freq="W", coarse=2)
    assert figure.layout.annotations[0].text.startswith("2 events dated only to the month or year")
    assert not activity(DATA.events.iloc[:1]).layout.annotations


def test_activity_of_no_events_is_the_empty_figure() -> None:
    figure = activity(load(HEADER).events)
    assert figure.layout.annotations[0].text == figures.NO_EVENTS


def test_cooccurrence_is_an_annotated_heatmap_with_escaped_labels() -> None:
    names = ["<b>Iran</b>", "Azerbaijan"]
    matrix = pd.DataFrame([[3, 1], [1, 2]], index=names, columns=names)
    (heatmap,) = figures.cooccurrence_figure(matrix).data
    assert heatmap.texttemplate
    assert list(heatmap.x) == [html.escape(n) for n in names]
    assert heatmap.z[0][1] == 1


def test_cooccurrence_of_no_actors_is_an_empty_figure() -> None:
    figure = figures.cooccurrence_figure(pd.DataFrame())
    assert figure.data == ()
    assert figure.layout.annotations


def test_above_the_era_budget_only_the_longest_periods_are_shaded_with_a_note() -> None:
    periods = "".join(
        f"p{day},2020-01-{day:02d},2020-02-{day:02d},Period {day},Iran,period,,https://example.org/p,\n"
        for day in range(1, 29)
    )
    dataset = load(HEADER + periods.replace("2020-02-28", "2020-12-31"))
    eras = dataset.events
    figure = figures.timeline_figure(
        dataset.events, placements_of(dataset), lanes=["Iran"], eras=eras, era_budget=3
    )
    assert len(figure.layout.shapes) == 3
    assert figure.layout.shapes[-1].x1 == "2021-01-01"  # the longest (to 2020-12-31) is kept
    assert [s.x0 for s in figure.layout.shapes] == sorted(s.x0 for s in figure.layout.shapes)
    assert "25 shorter periods are not shaded" in figure.layout.annotations[0].text
    assert len(build(eras=DATA.events[DATA.events["event_type"] == "period"]).layout.shapes) == 1


@pytest.mark.parametrize("point_budget", [1, 4000])
def test_timeline_figure_sends_what_a_validated_figure_would(point_budget) -> None:
    periods = DATA.events[DATA.events["event_type"] == "period"]
    figure = build(eras=periods, selected="truce", point_budget=point_budget)
    validated = go.Figure(figure.to_dict())  # raises on any property Plotly does not know
    assert json.loads(figure.to_json()) == json.loads(validated.to_json())
