"""ACLED exports: recognised by their columns and mapped row by row to the event format."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import timeline
from timeline import acled, schema
from timeline.actors import empty_registry
from timeline.read import RawTable

SAMPLE = Path(__file__).resolve().parent / "data" / "acled_sample.csv"
MILITARY = "Military Forces of Examplestan (2020-)"
FRONT = "Example Liberation Front"
ARMED_GROUP = "Unidentified Armed Group (Examplestan)"
CIVILIANS = "Civilians (Examplestan)"


@pytest.fixture(scope="module")
def sample() -> timeline.Dataset:
    return timeline.load(SAMPLE, registry=empty_registry())


def event(dataset: timeline.Dataset, event_id: str) -> pd.Series:
    events = dataset.events.set_index(schema.ID)
    return events.loc[event_id]


@pytest.mark.parametrize(
    ("event_id", "date", "event_type", "title", "actors", "tag"),
    [
        (
            "EXM1",
            "2020-10-06",
            "military",
            "Armed clash in Northtown, Examplestan",
            f"{MILITARY};{FRONT};Example Volunteer Militia",
            "acled:armed clash",
        ),
        (
            "EXM2",
            "2020-10-07~",
            "military",
            "Shelling/artillery/missile attack in Southtown, Examplestan",
            f"{FRONT};{CIVILIANS}",
            "acled:shelling/artillery/missile attack",
        ),
        (
            "EXM3",
            "2020-10",
            "incident",
            "Attack in Centreville, Examplestan",
            f"{ARMED_GROUP};{CIVILIANS}",
            "acled:attack",
        ),
        (
            "EXM4",
            "2020-10-09",
            "incident",
            "Peaceful protest in Northtown, Examplestan",
            "Protesters (Examplestan);Example Workers Union;Example Teachers Union",
            "acled:peaceful protest",
        ),
        (
            "EXM5",
            "2020-10-10",
            "incident",
            "Mob violence in Southtown, Examplestan",
            f"Rioters (Examplestan);{CIVILIANS}",
            "acled:mob violence",
        ),
        (
            "EXM6",
            "2020-10-11",
            "agreement",
            "Agreement in Capital City, Examplestan",
            "Government of Examplestan (2020-);Government of Samplevia (2019-)",
            "acled:agreement",
        ),
        (
            "EXM7",
            "2020-10-12",
            "incident",
            "Arrests in Capital City, Examplestan",
            f"Police Forces of Examplestan (2020-);{FRONT}",
            "acled:arrests",
        ),
        (
            "EXM8",
            "2020-10-13~",
            "incident",
            "Change to group/activity in Northtown, Examplestan",
            FRONT,
            "acled:change to group/activity",
        ),
        (
            "EXM9",
            "2020-10-14",
            "military",
            "Disrupted weapons use in Southtown, Examplestan",
            MILITARY,
            "acled:disrupted weapons use",
        ),
        (
            "EXM10",
            "2020-10-15",
            "military",
            "Headquarters or base established in Hillvillage, Examplestan",
            FRONT,
            "acled:headquarters or base established",
        ),
        (
            "EXM11",
            "2020-10-16",
            "incident",
            "Looting/property destruction in Southtown, Examplestan",
            f"{ARMED_GROUP};{CIVILIANS}",
            "acled:looting/property destruction",
        ),
        (
            "EXM12",
            "2020-10-17",
            "military",
            "Non-violent transfer of territory in Hillvillage, Examplestan",
            FRONT,
            "acled:non-violent transfer of territory",
        ),
        (
            "EXM13",
            "2020-10-18",
            "incident",
            "Strategic developments in Port Sample, Samplevia",
            "Government of Samplevia (2019-)",
            "acled:other",
        ),
    ],
)
def test_each_sample_row_maps_to_the_event_format(
    sample, event_id, date, event_type, title, actors, tag
):
    mapped = event(sample, event_id)
    assert (
        mapped[schema.DATE],
        mapped[schema.EVENT_TYPE],
        mapped[schema.TITLE],
        mapped[schema.ACTORS],
        mapped[schema.TAGS],
    ) == (date, event_type, title, actors, tag)


@pytest.mark.parametrize(
    ("event_id", "precision", "approximate"),
    [("EXM1", "day", False), ("EXM2", "day", True), ("EXM3", "month", False)],
)
def test_time_precision_becomes_the_date_precision(sample, event_id, precision, approximate):
    mapped = event(sample, event_id)
    assert (mapped[schema.PRECISION], mapped[schema.APPROXIMATE]) == (precision, approximate)


@pytest.mark.parametrize(
    ("event_id", "description"),
    [
        (
            "EXM1",
            "Invented placeholder: an armed clash between two fictional forces. Fatalities: 3.",
        ),
        ("EXM2", "Invented placeholder: shelling reported during the week. Fatalities: 0."),
        ("EXM5", "Invented placeholder: mob violence."),
    ],
)
def test_description_is_the_notes_with_the_reported_fatalities(sample, event_id, description):
    assert event(sample, event_id)[schema.DESCRIPTION] == description


@pytest.mark.parametrize(
    ("event_id", "location", "theatre", "latitude", "longitude", "source_name"),
    [
        (
            "EXM1",
            "Northtown, North Province, Examplestan",
            "Examplestan",
            40.5,
            45.25,
            "Example Daily",
        ),
        (
            "EXM2",
            "Southtown, South Province, Examplestan",
            "Examplestan",
            -12.5,
            -45.75,
            "Example Daily;Sample News Agency",
        ),
        ("EXM3", "Centreville, Examplestan", "Examplestan", 41.0, 46.0, "Sample News Agency"),
        (
            "EXM13",
            "Port Sample, Coast Province, Samplevia",
            "Samplevia",
            35.0,
            30.0,
            "Sample News Agency",
        ),
    ],
)
def test_place_coordinates_and_outlets_are_kept(
    sample, event_id, location, theatre, latitude, longitude, source_name
):
    mapped = event(sample, event_id)
    assert (
        mapped[schema.LOCATION],
        mapped[schema.THEATRE],
        mapped[schema.LATITUDE],
        mapped[schema.LONGITUDE],
        mapped[schema.SOURCE_NAME],
    ) == (location, theatre, latitude, longitude, source_name)


def test_missing_coordinates_stay_empty(sample):
    assert np.isnan(event(sample, "EXM5")[schema.LATITUDE])


def test_status_and_source_url_are_left_empty(sample):
    events = sample.events
    assert set(events[schema.STATUS].astype("str")) == {""}
    assert set(events[schema.SOURCE_URL]) == {""}


def test_unreadable_date_is_rejected_at_its_acled_row(sample):
    errors = sample.report.errors
    assert errors[["row", "column", "value", "rule"]].values.tolist() == [
        [15, "date", "10/19/2020", "date"]
    ]
    assert "EXM14" not in set(sample.events[schema.ID])
    assert (sample.report.rows_read, sample.report.rows_loaded) == (14, 13)


def test_only_the_expected_warnings_are_reported(sample):
    warnings = sample.report.warnings
    assert set(warnings["rule"]) == {"no-source", "unregistered-actor"}


def test_a_notice_says_the_file_was_read_as_acled(sample):
    assert any("ACLED export" in notice for notice in sample.report.notices)


def test_assoc_actor_names_are_separate_actors_in_the_index(sample):
    position = sample.events.index[sample.events[schema.ID] == "EXM4"][0]
    index = sample.event_actors
    names = set(index.loc[index["event"] == position, "actor"].astype("str"))
    assert names == {"Protesters (Examplestan)", "Example Workers Union", "Example Teachers Union"}


@pytest.mark.parametrize(
    ("written", "time_precision", "expected"),
    [
        ("2020-10-06", "1", "2020-10-06"),
        ("06 October 2020", "1", "2020-10-06"),
        ("6 october 2020", "1", "2020-10-06"),
        ("06 Oct 2020", "1", "2020-10-06"),
        ("06-October-2020", "1", "2020-10-06"),
        ("2020-10-06T00:00:00", "1", "2020-10-06"),
        ("2020-10-06 00:00:00", "1", "2020-10-06"),
        ("2020-10-06T00:00:00.000Z", "1", "2020-10-06"),
        ("2020-10-06", "2", "2020-10-06~"),
        ("06 October 2020", "3", "2020-10"),
        ("2020-10-06", "", "2020-10-06"),
        ("2020-10-06", "9", "2020-10-06"),
        ("10/06/2020", "1", "10/06/2020"),
        ("10/06/2020", "2", "10/06/2020"),
        ("2020-10-06T14:30:00", "1", "2020-10-06T14:30:00"),
        ("06 Octobre 2020", "1", "06 Octobre 2020"),
        ("31 February 2020", "1", "2020-02-31"),
        ("", "1", ""),
    ],
)
def test_event_dates_reads_the_acled_forms_and_keeps_the_rest_as_written(
    written, time_precision, expected
):
    dates = acled.event_dates(
        pd.Series([written], dtype="str"), pd.Series([time_precision], dtype="str")
    )
    assert dates.tolist() == [expected]


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "military"),
        ("Battles", "Government regains territory", "military"),
        ("Explosions/Remote violence", "Air/drone strike", "military"),
        ("Violence against civilians", "Abduction/forced disappearance", "incident"),
        ("Protests", "Excessive force against protesters", "incident"),
        ("Riots", "Violent demonstration", "incident"),
        ("Strategic developments", "Agreement", "agreement"),
        ("Strategic developments", "A sub-event type ACLED adds later", "incident"),
        ("BATTLES", " armed clash ", "military"),
        ("A type ACLED adds later", "Something", "A type ACLED adds later"),
        ("", "", ""),
    ],
)
def test_event_types_map_to_our_vocabulary(event_type, sub_event_type, expected):
    mapped = acled.event_types(
        pd.Series([event_type], dtype="str"), pd.Series([sub_event_type], dtype="str")
    )
    assert mapped.tolist() == [expected]


def test_every_mapped_type_is_in_our_vocabulary():
    assert set(acled.EVENT_TYPES.values()) <= set(schema.EVENT_TYPES)


def raw(csv: str) -> RawTable:
    from timeline.read import read_table

    return read_table(io.StringIO(csv), "inline.csv")


@pytest.mark.parametrize(
    ("header", "recognised"),
    [
        ("event_id_cnty,event_date,actor1", True),
        ("event_id_cnty,event_date,actor1,notes", True),
        ("event_id_cnty,event_date", False),
        ("id,date,title,actors", False),
        ("date,title,actors,event_id_cnty,event_date,actor1", False),
    ],
)
def test_acled_is_recognised_by_its_columns(header, recognised):
    width = header.count(",") + 1
    table = raw(header + "\n" + ",".join(["x"] * width) + "\n")
    assert acled.is_acled(table) is recognised


def test_other_tables_pass_through_unchanged():
    table = raw("id,date,title,actors\na,2020,T,X\n")
    assert acled.to_contract(table, "inline.csv") is table


def test_a_minimal_export_fills_every_contract_column_and_falls_back_to_the_region():
    table = raw(
        "event_id_cnty,event_date,actor1,region,sub_event_type,admin1\n"
        "EXM1,2020-10-06,Example Front,Example Region,Armed clash,North Province\n"
    )
    cells = acled.to_contract(table, "inline.csv").cells
    assert list(cells.columns) == list(schema.COLUMNS)
    assert cells.loc[0, schema.THEATRE] == "Example Region"
    assert cells.loc[0, schema.TITLE] == "Armed clash in North Province"
    assert cells.loc[0, schema.LOCATION] == "North Province"


def test_an_acled_workbook_with_date_cells_loads():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["event_id_cnty", "event_date", "time_precision", "actor1", "event_type"])
    sheet.append(["EXM1", dt.datetime(2020, 10, 6), 2, "Example Front", "Battles"])
    buffer = io.BytesIO()
    book.save(buffer)
    dataset = timeline.load(io.BytesIO(buffer.getvalue()), registry=empty_registry())
    loaded = dataset.events.iloc[0]
    assert (loaded[schema.DATE], loaded[schema.EVENT_TYPE]) == ("2020-10-06~", "military")


def test_loads_when_no_actor_is_in_the_registry():
    """Every ACLED actor is unregistered; that must load (pytest turns warnings into errors)."""
    dataset = timeline.load(SAMPLE, registry=empty_registry())
    assert dataset.event_actors["actor"].nunique() == 12
