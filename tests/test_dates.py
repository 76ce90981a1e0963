"""EDTF level-1 dates: forms, qualifiers, precision that is never upgraded, and clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from timeline import dates


def parse_one(text: str | None) -> pd.Series:
    return dates.parse(pd.Series([text], dtype="str")).iloc[0]


def day(instant: pd.Timestamp) -> str:
    """ISO day of an instant, through numpy so that the exclusive end 10000-01-01 fits."""
    return str(instant.asm8.astype("datetime64[D]"))


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2020", "2020-01-01", "2021-01-01", "year"),
        ("2020-10", "2020-10-01", "2020-11-01", "month"),
        ("2020-12", "2020-12-01", "2021-01-01", "month"),
        ("2020-10-06", "2020-10-06", "2020-10-07", "day"),
        ("2020-02-29", "2020-02-29", "2020-03-01", "day"),
        ("2000-02-29", "2000-02-29", "2000-03-01", "day"),
        ("0001", "0001-01-01", "0002-01-01", "year"),
        ("9999-12-31", "9999-12-31", "10000-01-01", "day"),
        ("1500-06", "1500-06-01", "1500-07-01", "month"),
    ],
)
def test_each_form_covers_exactly_its_precision(text, start, end, precision):
    date = parse_one(text)
    assert (day(date["start"]), day(date["end"]), date["precision"]) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [
        ("2020", False, False),
        ("2020~", True, False),
        ("2020-10?", False, True),
        ("2020-10-06%", True, True),
    ],
)
def test_qualifier_sets_approximate_and_uncertain(text, approximate, uncertain):
    date = parse_one(text)
    assert (date["approximate"], date["uncertain"]) == (approximate, uncertain)


@pytest.mark.parametrize(("text", "precision"), [("2020~", "year"), ("2020-10?", "month")])
def test_qualifier_never_upgrades_precision(text, precision):
    assert parse_one(text)["precision"] == precision


def test_surrounding_spaces_are_ignored():
    assert day(parse_one("  2020-10-06~ ")["start"]) == "2020-10-06"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "date is empty"),
        (None, "date is empty"),
        ("2020-02-30", "not a real calendar date"),
        ("2019-02-29", "not a real calendar date"),
        ("1900-02-29", "not a real calendar date"),
        ("2020-06-31", "not a real calendar date"),
        ("2020-01-00", "not a real calendar date"),
        ("2020-13", "no such month"),
        ("2020-00-10", "no such month"),
        ("0000-01-01", "outside the years 0001-9999"),
        ("99999-01-01", "outside the years 0001-9999"),
        ("11/03/2016", "ambiguous (day/month order)"),
        ("3.11.2016", "ambiguous (day/month order)"),
        ("2020-10-06T10:00", "carries a time"),
        ("2020-10-06 10:00:00", "carries a time"),
        ("2020-1-5", "is not a date in the form"),
        ("October 2020", "is not a date in the form"),
        ("2020~?", "is not a date in the form"),
        ("-0500", "is not a date in the form"),
        ("\u0662\u0660\u0662\u0660", "is not a date in the form"),  # Arabic-Indic digits
        ("2020-0\uff11", "is not a date in the form"),  # a full-width digit
    ],
)
def test_invalid_date_gets_a_message_and_no_instant(text, message):
    date = parse_one(text)
    assert message in date["error"]
    assert pd.isna(date["start"]) and pd.isna(date["end"])


def test_message_quotes_the_value_as_written():
    assert parse_one("2020-02-30")["error"].startswith("'2020-02-30'")


def test_result_keeps_the_index_of_the_input():
    parsed = dates.parse(pd.Series(["2020", "bad"], index=[7, 3], dtype="str"))
    assert list(parsed.index) == [7, 3]
    assert parsed["error"].isna().tolist() == [True, False]


def test_result_columns_have_fixed_types():
    parsed = dates.parse(pd.Series(["2020", "x"], dtype="str"))
    assert str(parsed["start"].dtype) == "datetime64[ms]"
    assert str(parsed["end"].dtype) == "datetime64[ms]"
    assert parsed["approximate"].dtype == bool and parsed["uncertain"].dtype == bool
