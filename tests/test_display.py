"""How events read on the page: dates, counts, lists, sources and the table."""

import datetime as dt

import pandas as pd
import pytest

from timeline import display, schema


@pytest.mark.parametrize(
    ("number", "text"), [(0, "0 events"), (1, "1 event"), (1204, "1,204 events")]
)
def test_count_agrees_with_its_number(number: int, text: str) -> None:
    assert display.count(number, "event") == text


@pytest.mark.parametrize(
    ("date", "end_date", "text"),
    [("2020-10-27", "2020-10-31", "2020-10-27 – 2020-10-31"), ("2020-11?", "", "2020-11?")],
)
def test_when_writes_a_range_only_when_there_is_an_end(date, end_date, text) -> None:
    assert display.when(date, end_date) == text
    frame = pd.DataFrame({schema.DATE: [date], schema.END_DATE: [end_date]}, dtype="str")
    assert display.when_column(frame).tolist() == [text]


def test_day_span_and_covered_use_the_last_day_covered() -> None:
    events = pd.DataFrame(
        {
            schema.START: pd.to_datetime(["2020-09-27", "2020-11-01"]),
            schema.END: pd.to_datetime(["2020-09-28", "2020-12-01"]),  # exclusive ends
        }
    )
    first, last = display.covered(events)
    assert display.day_span(first, last) == "27 Sep 2020 – 30 Nov 2020"
    assert display.covered(events.iloc[:0]) is None
    assert display.day_span(dt.date(2020, 1, 1), dt.date(2020, 1, 1)) == "01 Jan 2020 – 01 Jan 2020"


def test_sources_pair_outlets_with_urls_and_fall_back_to_the_url() -> None:
    event = pd.Series(
        {schema.SOURCE_URL: "https://a.org/1 https://b.org/2", schema.SOURCE_NAME: "A Daily;"}
    )
    assert display.sources(event) == [
        ("A Daily", "https://a.org/1"),
        ("https://b.org/2", "https://b.org/2"),
    ]


def test_table_frame_labels_types_and_spreads_sources_over_columns() -> None:
    events = pd.DataFrame(
        {
            schema.ID: ["e1"],
            schema.DATE: ["2020-10-10"],
            schema.END_DATE: [""],
            schema.TITLE: ["Truce"],
            schema.ACTORS: ["Armenia;Azerbaijan"],
            schema.EVENT_TYPE: ["ceasefire"],
            schema.STATUS: ["confirmed"],
            schema.SOURCE_NAME: ["A;B;C;D"],
            schema.SOURCE_URL: ["https://a.org https://b.org https://c.org https://d.org"],
        },
        dtype="str",
    )
    row = display.table_frame(events).iloc[0]
    assert row["Actors"] == "Armenia; Azerbaijan"
    assert row["Type"] == schema.EVENT_TYPES["ceasefire"]
    assert row["Source"] == "https://a.org"
    assert row["Source 3"] == "https://c.org https://d.org"  # the rest stay visible, not dropped
    assert row["id"] == "e1"


def test_filter_line_names_every_choice_and_the_dates() -> None:
    from timeline.view import View

    view = View(
        actors=("Iran", "Turkey"),
        match="all",
        affiliates=True,
        types=("statement",),
        theatre="South Caucasus",
        text="truce",
    )
    line = display.filter_line(view, dt.date(2020, 9, 27), dt.date(2020, 11, 10))
    assert line == (
        "Actors: Iran, Turkey with affiliated officials (events with all of them) · "
        "Types: Official statement · Status: any · Theatre: South Caucasus · Search: “truce” · "
        "27 Sep 2020 – 10 Nov 2020"
    )
    assert display.filter_line(View(), dt.date(2020, 1, 1), dt.date(2020, 1, 2)).startswith(
        "Actors: all · Types: all · Status: any · 01 Jan 2020"
    )
    assert display.chart_title(()) == "Timeline: all actors"
