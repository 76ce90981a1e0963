"""How events read on the page: dates, counts, lists, sources and the table."""

import datetime as dt
import io

import pandas as pd
import pytest

from timeline import display, load, schema


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
    # Each source cell is one working link; a fourth source is listed in the chronology and
    # the card (every source as a link), not glued into the third cell as a broken link.
    assert row["Source 3"] == "https://c.org"
    assert row["id"] == "e1"


PROBLEMS = pd.DataFrame(
    {
        "row": [9, 2, 3, 4, 5, 6, 7, 8, 4],
        "column": ["actors"] * 8 + ["date"],
        "value": ["X"] * 8 + ["2020-02-30"],
        "rule": ["unknown actor"] * 8 + ["date"],
        "message": ["'X' is not in the registry"] * 8 + ["not a real calendar date"],
        "severity": ["warning"] * 8 + ["error"],
    }
)


def test_the_problem_list_leads_with_errors():
    listed = display.problem_list(PROBLEMS, repeats=3)
    assert listed["severity"].tolist()[0] == "error"
    assert listed["row"].tolist()[0] == 4


def test_a_repeated_warning_is_listed_for_its_first_rows_then_summarised():
    listed = display.problem_list(PROBLEMS, repeats=3)
    warnings = listed[listed["severity"] == "warning"]
    assert warnings["row"].tolist()[:3] == [2, 3, 4]
    summary = warnings["message"].iloc[3]
    assert summary.startswith("… and 5 more rows with this warning (unknown actor)")
    assert "rows 5, 6, 7, 8, 9" in summary
    assert len(listed) == 1 + 3 + 1


def test_a_warning_within_the_limit_is_listed_whole():
    listed = display.problem_list(PROBLEMS, repeats=10)
    assert len(listed) == len(PROBLEMS)
    assert not listed["message"].str.startswith("…").any()


def test_the_table_shows_type_status_and_sources_first_without_none():
    events = load(
        io.StringIO(
            "id,date,end_date,title,actors,event_type,status,source_url\n"
            "a,2020-10-27,2020-10-31,Talks,Iran,negotiation,claimed,"
            "https://a.org/1 https://b.org/2 https://c.org/3 https://d.org/4\n"
            "b,2020-11,,Quiet,Iran,statement,,\n"
        ),
        name="table.csv",
    ).events
    frame = display.table_frame(events)
    assert list(frame.columns[:7]) == [
        "Date",
        "Title",
        "Type",
        "Status",
        "Source",
        "Source 2",
        "Source 3",
    ]
    first, second = frame.to_dict("records")
    assert first["Date"] == "2020-10-27 – 2020-10-31"
    assert first["Status"] == "Claimed"
    assert first["Source 3"] == "https://c.org/3"  # the fourth is in the card, not glued on
    assert second["Status"] == "" and second["Source"] == "" and second["Source 2"] == ""
    assert "None" not in frame.astype("str").to_numpy().ravel().tolist()


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


def test_the_table_rates_each_event_s_sourcing_in_a_short_word() -> None:
    dataset = load(
        io.StringIO(
            "id,date,title,actors,event_type,status,source_url\n"
            "a,2020-10-27,Talks,Iran,negotiation,confirmed,https://www.un.org/a https://apnews.com/b\n"
            "b,2020-11-02,Quiet,Iran,statement,,https://unknown-blog.example/post\n"
        ),
        name="rated.csv",
    )
    later = dataset.events.iloc[[1, 0]]  # rows in another order, as a filtered view takes them
    frame = display.table_frame(later, dataset.source_strength)
    assert list(frame.columns[:5]) == ["Date", "Title", "Type", "Status", "Sourcing"]
    rated = dict(zip(frame["id"], frame["Sourcing"], strict=True))
    expected = dataset.source_strength.map(lambda s: schema.strength_label(s).split(" (")[0])
    assert rated == dict(zip(dataset.events["id"], expected, strict=True))
    assert "(" not in "".join(rated.values())
    assert "Sourcing" not in display.table_frame(later).columns
