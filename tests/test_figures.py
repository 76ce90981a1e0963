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


def markers(figure: go.Figure) -> list:
    return [
        trace for trace in figure.data if trace.type == "scattergl" and trace.customdata is not None
    ]


def marker_of(figure: go.Figure, event_id: str) -> tuple[go.Scattergl, int]:
    """The (first) marker trace showing `event_id`, and the point's index in it."""
    for trace in markers(figure):
        for index, custom in enumerate(trace.customdata):
            if custom[figures.CUSTOMDATA_ID] == event_id:
                return trace, index
    raise AssertionError(f"no marker for {event_id}")


def hover(trace, index: int) -> str:
    """The hover text Plotly would show: the template filled with the point's data."""
    custom, x = trace.customdata[index], pd.Timestamp(trace.x[index], unit="ms")
    text = re.sub(r"%\{customdata\[(\d)\]\}", lambda m: str(custom[int(m[1])]), trace.hovertemplate)
    return re.sub(r"%\{x\|([^}]*)\}", lambda m: x.strftime(m[1]), text)


def spans(figure: go.Figure, event_type: str) -> list:
    """The traces drawing start→end spans (as horizontal error bars) of one event type."""
    name = figures.type_name(event_type)
    return [t for t in figure.data if t.name == name and t.error_x.array is not None]


def segments(trace) -> list[tuple[float, float, float]]:
    """(start, end, lane) of each span of a span trace, to the minute (stored as float32)."""
    x, half = np.asarray(trace.x, dtype="float64"), np.asarray(trace.error_x.array, "float64")
    minute = 60_000
    return [
        (round((x - h) / minute) * minute, round((x + h) / minute) * minute, float(y))
        for x, h, y in zip(x, half, trace.y, strict=True)
    ]


def test_markers_are_webgl_on_a_date_axis() -> None:
    assert markers(FIGURE)
    assert FIGURE.layout.xaxis.type == "date"
    assert all(isinstance(x, float) for x in markers(FIGURE)[0].x)


def test_each_type_and_status_gets_its_own_webgl_marker_trace() -> None:
    assert {t.type for t in FIGURE.data} == {"scattergl", "scatter"}
    assert len(markers(FIGURE)) == len(DATA.events)  # here every event has its own type


def test_lane_tick_labels_are_the_lanes_top_to_bottom() -> None:
    yaxis = FIGURE.layout.yaxis
    assert list(yaxis.ticktext) == LANES
    assert list(yaxis.tickvals) == list(range(len(LANES)))
    assert yaxis.range[0] > yaxis.range[1]  # reversed: lane 0 at the top


def test_each_event_type_has_one_legend_entry_with_its_schema_label() -> None:
    types = {figures.type_name(kind) for kind in DATA.events["event_type"].astype("str")}
    legend = [t.name for t in FIGURE.data if t.showlegend is not False and t.name in types]
    assert legend == [
        schema.event_type_label(kind)
        for kind in ("statement", "ceasefire", "military", "visit", "incident", "report", "period")
    ]


def test_event_on_several_lanes_is_joined_by_one_vertical_connector() -> None:
    (connector,) = [t for t in FIGURE.data if t.error_y.array is not None]
    trace, index = marker_of(FIGURE, "truce")
    (at,) = [i for i, x in enumerate(connector.x) if x == trace.x[index]]
    lanes = [LANES.index(name) for name in ("Armenia", "Azerbaijan", "Russia")]
    assert connector.y[at] == min(lanes)
    assert connector.error_y.array[at] == max(lanes) - min(lanes)
    assert connector.error_y.arrayminus[at] == 0
    assert connector.name == "One event, several actors"


def test_customdata_carries_every_event_id_once_per_lane() -> None:
    ids = [custom[figures.CUSTOMDATA_ID] for t in markers(FIGURE) for custom in t.customdata]
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
    assert written in hover(*marker_of(FIGURE, event_id))


def test_hover_shows_end_date_and_names_missing_status_and_outlets() -> None:
    assert "2020-10-26 – 2020-10-28" in hover(*marker_of(FIGURE, "tour"))
    truce = hover(*marker_of(FIGURE, "truce"))
    assert "Not stated" in truce
    assert "not named" in truce
    assert "Armenia; Azerbaijan; Russia" in truce


@pytest.mark.parametrize(
    ("event_id", "symbol"),
    [
        ("velayati", "circle"),
        ("truce", "circle"),
        ("shells", "circle-open"),
        ("mercs", "diamond-open"),
    ],
)
def test_claim_status_sets_the_marker_symbol(event_id: str, symbol: str) -> None:
    trace, _ = marker_of(FIGURE, event_id)
    assert trace.marker.symbol == symbol


def test_legend_explains_the_status_symbols() -> None:
    key = {
        t.name: t.marker.symbol
        for t in FIGURE.data
        if t.legendgroup == "key" and t.mode == "markers"
    }
    assert key[html.escape(schema.STATUSES["claimed"])] == "circle-open"
    assert key[html.escape(schema.STATUSES["disputed"])] == "diamond-open"


def test_month_precision_event_spans_its_month_rather_than_a_point() -> None:
    (whisker,) = [t for t in spans(FIGURE, "incident") if t.error_x.width]
    iran = float(LANES.index("Iran"))
    assert (ms("2020-10-01"), ms("2020-11-01"), iran) in segments(whisker)
    trace, index = marker_of(FIGURE, "shells")
    assert ms("2020-10-01") < trace.x[index] < ms("2020-11-01")


def test_approximate_month_spans_the_month_it_covers() -> None:
    (whisker,) = [t for t in spans(FIGURE, "report") if t.error_x.width]
    assert segments(whisker) == [(ms("2020-09-01"), ms("2020-10-01"), float(LANES.index("Turkey")))]


def test_exact_day_event_is_a_point_without_a_span() -> None:
    assert spans(FIGURE, "statement") == []
    trace, index = marker_of(FIGURE, "velayati")
    assert ms("2020-10-06") <= trace.x[index] < ms("2020-10-07")


def test_ranged_event_is_a_bar_from_start_to_the_end_of_its_end_date() -> None:
    (bar,) = spans(FIGURE, "visit")
    assert bar.error_x.thickness >= 6
    assert segments(bar) == [(ms("2020-10-26"), ms("2020-10-29"), float(LANES.index("Iran")))]


def test_uncertain_and_approximate_dates_carry_their_mark() -> None:
    (marks,) = [t for t in FIGURE.data if t.mode == "text"]
    assert sorted(marks.text) == ["?", "~"]


def test_selected_event_is_ringed_on_each_of_its_lanes() -> None:
    figure = build(selected="truce")
    (ring,) = [t for t in figure.data if t.name == "Selected"]
    assert sorted(ring.y) == sorted(LANES.index(a) for a in ("Armenia", "Azerbaijan", "Russia"))
    assert ring.marker.size > markers(figure)[0].marker.size
    assert not [t for t in build(selected="no-such-id").data if t.name == "Selected"]


def test_eras_are_bands_below_the_lanes_named_in_the_legend() -> None:
    periods = DATA.events[DATA.events["event_type"] == "period"]
    figure = build(eras=periods)
    (band,) = figure.layout.shapes
    assert (band.type, band.layer, band.yref) == ("rect", "below", "paper")
    assert (band.x0, band.x1) == ("2020-09-27", "2020-11-11")
    assert band.showlegend
    assert band.name == "Second Karabakh war (2020-09-27 – 2020-11-10)"


def test_height_grows_with_the_lanes_from_a_readable_minimum() -> None:
    one_lane = HEADER + "v,2020-10-06,,Visit,Iran,visit,,https://example.org/v,\n"
    assert build(one_lane, lanes=["Iran"]).layout.height >= figures.MIN_HEIGHT
    many = [*LANES, *(f"Actor {i}" for i in range(30))]
    assert build(lanes=many).layout.height >= figures.LANE_PX * len(many)


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


def test_range_slider_and_quick_ranges_are_offered() -> None:
    xaxis = FIGURE.layout.xaxis
    assert xaxis.rangeslider.visible
    assert [b.label for b in xaxis.rangeselector.buttons] == ["1m", "3m", "1y", "All"]


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
