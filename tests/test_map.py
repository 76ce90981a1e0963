"""The map figure and its data: points per located event, clusters, fatalities, offline style."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from timeline import export, schema
from timeline.actors import empty_registry
from timeline.figures import TYPE_COLOURS, aggregate, fatalities, located, map_figure
from timeline.figures.map import BORDERS, MAP_HEIGHT, ONLINE_TILES, POINT_BUDGET, fit, offline_style
from timeline.figures.map_data import GRID_STEPS, MAP_DATA

HEADER = "id,date,title,description,actors,event_type,status,location,latitude,longitude\n"
EVENTS_CSV = HEADER + (
    "ganja,2020-10-11,Strike on Ganja,,Azerbaijan,military,claimed,Ganja,40.6828,46.3606\n"
    "barda,2020-10-28,Strike on Barda,,Azerbaijan,military,confirmed,Barda,40.3744,47.1267\n"
    "moscow,2020-10-10,Moscow truce,,Russia,ceasefire,,Moscow,55.7558,37.6173\n"
    "tehran,2020-10-06,Statement <b>bold</b>,,Iran,statement,,Tehran,35.6892,51.3890\n"
    "unsc,2020-09-29,UNSC consultations,,UN,decision,,New York,,\n"
    "call,2020-10-22,Phone call,,Iran;Turkey,statement,,,,\n"
)
ACLED = Path(__file__).resolve().parent / "data" / "acled_sample.csv"


def load(csv_text: str = EVENTS_CSV) -> timeline.Dataset:
    return timeline.load(io.StringIO(csv_text), name="events.csv", registry=empty_registry())


DATA = load()
FIGURE = map_figure(DATA.events, selected="barda")


def event_points(figure: go.Figure) -> list[tuple[str, float, float]]:
    """(id, lat, lon) of every clickable point: traces whose customdata carries an event id."""
    points = []
    for trace in figure.data:
        if trace.customdata is None or trace.hoverinfo == "skip":
            continue
        for custom, lat, lon in zip(trace.customdata, trace.lat, trace.lon, strict=True):
            if custom[0]:
                points.append((custom[0], lat, lon))
    return points


def test_every_trace_is_a_maplibre_scattermap():
    assert {trace.type for trace in FIGURE.data} == {"scattermap"}


def test_one_point_per_located_event_with_its_id_first_in_customdata():
    points = event_points(FIGURE)
    assert sorted(point[0] for point in points) == ["barda", "ganja", "moscow", "tehran"]
    by_id = {point[0]: point[1:] for point in points}
    assert by_id["ganja"] == pytest.approx((40.6828, 46.3606))


def test_points_are_coloured_by_event_type_with_the_timelines_palette():
    for trace in FIGURE.data:
        if trace.customdata is not None:
            kinds = DATA.events.set_index(schema.ID).loc[[c[0] for c in trace.customdata]]
            (kind,) = set(kinds[schema.EVENT_TYPE])
            assert trace.marker.color == TYPE_COLOURS[kind]


def test_the_offline_style_names_no_url_and_fetches_nothing():
    text = json.dumps(FIGURE.layout.map.to_plotly_json())
    assert "http" not in text
    style = FIGURE.layout.map.style
    assert isinstance(style, dict)
    assert not {"glyphs", "sprite"} & set(style)  # text and icons would be fetched
    assert {layer["type"] for layer in style["layers"]} == {"background", "fill", "line"}
    assert all(source["type"] == "geojson" for source in style["sources"].values())
    assert not FIGURE.layout.map.layers


def test_online_tiles_only_when_asked_and_with_their_attribution():
    online = map_figure(DATA.events, online_tiles=True)
    (layer,) = online.layout.map.layers
    assert layer.source[0] == ONLINE_TILES["source"][0]
    assert "OpenStreetMap contributors" in layer.sourceattribution


def test_the_shipped_borders_are_small_and_credited():
    assert BORDERS.stat().st_size < 200_000
    kinds = {
        feature["properties"]["kind"] for feature in json.loads(BORDERS.read_text())["features"]
    }
    assert kinds == {"land", "border"}
    assert "Natural Earth" in offline_style()["sources"]["natural-earth"]["attribution"]


def test_events_without_coordinates_are_counted_on_the_map():
    (note,) = FIGURE.layout.annotations
    assert note.text == "2 of 6 events in view have no coordinates"
    left_out = map_figure(DATA.events[located(DATA.events)], missing=5)
    assert left_out.layout.annotations[0].text == "5 of 9 events in view have no coordinates"


def test_no_located_event_still_draws_the_map_and_says_so():
    figure = map_figure(DATA.events[~located(DATA.events)])
    assert event_points(figure) == []
    assert figure.layout.annotations[0].text == "2 of 2 events in view have no coordinates"
    assert any("No event in view has coordinates" in (trace.name or "") for trace in figure.data)


def test_the_selected_event_is_ringed_where_it_is():
    rings = [trace for trace in FIGURE.data if trace.name == "Selected"]
    assert len(rings) == 3  # black ring, white gap, the point again on top
    for ring in rings:
        assert (ring.lat[0], ring.lon[0]) == pytest.approx((40.3744, 47.1267))
        assert ring.hoverinfo == "skip"
    assert not [t for t in map_figure(DATA.events).data if t.name == "Selected"]


def test_claimed_events_get_a_white_centre_that_takes_no_clicks():
    centres = [t for t in FIGURE.data if t.marker.color == "#FFF" and t.name != "Selected"]
    assert len(centres) == 1 and centres[0].hoverinfo == "skip"
    assert (centres[0].lat[0], centres[0].lon[0]) == pytest.approx((40.6828, 46.3606))


def test_hover_text_is_escaped_and_the_id_is_not():
    custom = {
        c[0]: c for trace in FIGURE.data if trace.customdata is not None for c in trace.customdata
    }
    assert custom["tehran"][MAP_DATA.index("title")] == "Statement &lt;b&gt;bold&lt;/b&gt;"
    assert custom["tehran"][MAP_DATA.index("location")] == "Tehran"


def test_the_map_opens_fitted_to_the_points():
    lat = DATA.events[schema.LATITUDE].dropna().to_numpy()
    lon = DATA.events[schema.LONGITUDE].dropna().to_numpy()
    (centre_lat, centre_lon), zoom = fit(lat, lon)
    assert FIGURE.layout.map.center.lat == centre_lat and FIGURE.layout.map.zoom == zoom
    world = 512 * 2**zoom  # px across the world at this zoom

    def pixel(la: float, lo: float) -> tuple[float, float]:
        y = (
            1 - math.log(math.tan(math.radians(la)) + 1 / math.cos(math.radians(la))) / math.pi
        ) / 2
        return (lo + 180) / 360 * world, y * world

    cx, cy = pixel(centre_lat, centre_lon)
    for la, lo in zip(lat, lon, strict=True):
        x, y = pixel(la, lo)
        assert abs(x - cx) < 900 / 2 and abs(y - cy) < MAP_HEIGHT / 2
    one = fit(np.array([40.0]), np.array([45.0]))
    assert one == ((40.0, 45.0), 7.0)  # one place: close in, not the whole world


def test_a_selection_keeps_the_analysts_zoom_and_new_filters_refit():
    assert FIGURE.layout.uirevision == map_figure(DATA.events).layout.uirevision
    fewer = DATA.events[DATA.events[schema.ID] != "moscow"]
    assert map_figure(fewer).layout.uirevision != FIGURE.layout.uirevision


def test_acled_rows_are_sized_by_fatalities_with_a_key():
    acled = timeline.load(ACLED, registry=empty_registry())
    toll = fatalities(acled.events).set_axis(acled.events[schema.ID])
    assert toll["EXM1"] == 3 and toll["EXM2"] == 0
    figure = map_figure(acled.events)
    key = [trace for trace in figure.data if trace.legendgroup == "size"]
    assert key and "fatalities" in key[0].legendgrouptitle.text
    sizes = {
        c[0]: size
        for trace in figure.data
        if trace.customdata is not None
        for c, size in zip(trace.customdata, trace.marker.size, strict=True)
    }
    assert sizes["EXM1"] > sizes["EXM2"]


def test_curated_events_carry_no_size_key():
    assert not [trace for trace in FIGURE.data if trace.legendgroup == "size"]
    assert fatalities(DATA.events).isna().all()


def generated(count: int, seed: int = 0) -> pd.DataFrame:
    """Located events spread over a few conflict zones, as a million ACLED rows would be."""
    rng = np.random.default_rng(seed)
    centres = np.array([[40.4, 47.0], [31.3, 34.3], [14.0, -1.5], [48.0, 37.8]])
    which = rng.integers(0, len(centres), count)
    return pd.DataFrame(
        {
            schema.LATITUDE: centres[which, 0] + rng.normal(0, 1.5, count),
            schema.LONGITUDE: centres[which, 1] + rng.normal(0, 1.5, count),
            schema.EVENT_TYPE: rng.choice(list(TYPE_COLOURS), count),
        }
    )


def test_above_the_budget_clusters_count_every_event_and_select_none():
    events = generated(20_000)
    figure = map_figure(events, point_budget=500)
    (trace,) = figure.data
    counts = np.array([int(c[1].replace(",", "")) for c in trace.customdata])
    assert counts.sum() == 20_000 and len(counts) <= 500
    assert not any(c[0] for c in trace.customdata)  # a click on a cluster selects no event
    assert "clusters" in figure.layout.annotations[0].text


@pytest.mark.parametrize("count", [100_000, 1_000_000])
def test_a_map_of_many_events_stays_under_two_megabytes(count):
    figure = map_figure(generated(count))
    assert len(figure.to_json()) < 2_000_000


def test_aggregate_uses_the_finest_grid_within_the_budget():
    lat = np.array([40.001, 40.002, 40.5, 10.0])
    lon = np.array([45.001, 45.003, 45.5, 10.0])
    kinds = np.array(["military", "military", "statement", "incident"])
    clusters = aggregate(lat, lon, kinds, budget=3)
    assert clusters.cell == GRID_STEPS[0]
    assert sorted(clusters.count) == [1, 1, 2]
    pair = int(np.argmax(clusters.count))
    assert clusters.latitude[pair] == pytest.approx(40.0015)
    assert clusters.customdata[pair][2] == "Military action 100%"
    coarse = aggregate(lat, lon, kinds, budget=2)
    assert coarse.cell > GRID_STEPS[0] and len(coarse.count) <= 2
    assert coarse.count.sum() == 4


def test_the_map_exports_as_a_page_that_draws_from_a_file():
    page = export.map_html(FIGURE, title="Map: <all>").decode()
    assert page.index("window.Worker = class") < page.index("plotly.js v")
    assert "<title>Map: &lt;all&gt;</title>" in page
    assert "needs WebGL2" in page


def test_every_kind_of_map_figure_passes_plotlys_validation():
    acled = timeline.load(ACLED, registry=empty_registry())
    for figure in (
        FIGURE,
        map_figure(DATA.events, online_tiles=True, title="A <b>title</b>"),
        map_figure(DATA.events[~located(DATA.events)]),
        map_figure(acled.events, selected="EXM1"),
        map_figure(generated(5_000), point_budget=100),
    ):
        go.Figure(figure.to_dict())  # raises on any property Plotly does not know


def test_a_full_budget_of_points_with_the_longest_hover_text_stays_under_two_megabytes():
    count, long = POINT_BUDGET, "x" * 400
    rng = np.random.default_rng(1)
    text = pd.Series([long] * count, dtype="str")
    events = pd.DataFrame(
        {
            schema.ID: pd.Series([f"event-{n:07d}" for n in range(count)], dtype="str"),
            schema.DATE: "2020-10-01",
            schema.END_DATE: "2020-10-31",
            schema.TITLE: text,
            schema.DESCRIPTION: text + " Fatalities: 1234567.",
            schema.ACTORS: text,
            schema.SOURCE_NAME: text,
            schema.LOCATION: text,
            schema.STATUS: "disputed",
            schema.EVENT_TYPE: rng.choice(list(TYPE_COLOURS), count),
            schema.LATITUDE: rng.uniform(-60, 60, count),
            schema.LONGITUDE: rng.uniform(-170, 170, count),
        }
    )
    figure = map_figure(events, selected="event-0000001")
    assert len(event_points(figure)) == count
    assert len(figure.to_json()) < 2_000_000


def test_the_size_key_names_round_tolls_up_to_the_largest():
    tolls = {"barda": "21 dead. Fatalities: 250.", "ganja": "Fatalities: 1."}
    events = DATA.events.assign(
        **{schema.DESCRIPTION: DATA.events[schema.ID].map(tolls).fillna("").astype("str")}
    )
    key = [t.name for t in map_figure(events).data if t.legendgroup == "size"]
    assert key == [
        "0 or not given",
        "1 fatality",
        "10 fatalities",
        "100 fatalities",
        "250 fatalities",
    ]
