"""How events and problems read on the page: the table's frame and the problem list."""

import io

import pandas as pd

from timeline import display, load

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
