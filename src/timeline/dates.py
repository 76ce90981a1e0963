"""EDTF level-1 dates (YYYY, YYYY-MM, YYYY-MM-DD, with ~ ? %), parsed vectorised, never upgraded."""

from __future__ import annotations

import numpy as np
import pandas as pd

# [0-9], not \d: \d also matches Arabic-Indic or full-width digits, which would then not convert.
_FORM = (
    r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"(?P<qualifier>[~?%])?$"
)
_SLASHED = r"^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}$"
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
_LONG_YEAR = r"^[0-9]{5,}(?:-[0-9]{2}(?:-[0-9]{2})?)?[~?%]?$"

FORM_HINT = (
    "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or % (both)"
)


def parse(dates: pd.Series) -> pd.DataFrame:
    """Parse EDTF strings into start, exclusive end, precision, qualifiers and an error message.

    Returns a frame aligned with `dates`: `start` and `end` (datetime64[ms], NaT where invalid),
    `precision` ("day" | "month" | "year"), `approximate`, `uncertain` (bool) and `error` (a
    message where the value is empty, malformed or not a real calendar date, else NA).
    Uses numpy calendar units rather than nanosecond timestamps so years 0001-9999 all fit.
    """
    text = dates.fillna("").astype("str").str.strip()
    parts = text.str.extract(_FORM)
    well_formed = parts["year"].notna().to_numpy()

    year = pd.to_numeric(parts["year"], errors="coerce").fillna(1970).to_numpy("int64")
    month = pd.to_numeric(parts["month"], errors="coerce").to_numpy("float64")
    day = pd.to_numeric(parts["day"], errors="coerce").to_numpy("float64")
    has_month = ~np.isnan(month)
    has_day = ~np.isnan(day)
    month_index = np.where(has_month, month, 1).astype("int64") - 1
    day_index = np.where(has_day, day, 1).astype("int64") - 1

    year_start = (year - 1970).astype("datetime64[Y]")
    month_start = year_start.astype("datetime64[M]") + np.clip(month_index, 0, 11)
    days_in_month = (
        (month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")
    ).astype("int64")
    real = (
        well_formed
        & (year >= 1)
        & (month_index >= 0)
        & (month_index <= 11)
        & (day_index >= 0)
        & (day_index < days_in_month)
    )
    start_day = month_start.astype("datetime64[D]") + day_index
    end_day = np.where(
        has_day,
        start_day + 1,
        np.where(
            has_month,
            (month_start + 1).astype("datetime64[D]"),
            (year_start + 1).astype("datetime64[D]"),
        ),
    )
    nat = np.datetime64("NaT", "ms")
    start = np.where(real, start_day.astype("datetime64[ms]"), nat)
    end = np.where(real, end_day.astype("datetime64[ms]"), nat)

    qualifier = parts["qualifier"].fillna("")
    precision = np.where(has_day, "day", np.where(has_month, "month", "year"))
    error = _messages(text, well_formed, real, year, month_index)
    return pd.DataFrame(
        {
            "start": pd.Series(start, index=dates.index, dtype="datetime64[ms]"),
            "end": pd.Series(end, index=dates.index, dtype="datetime64[ms]"),
            "precision": pd.Series(precision, index=dates.index, dtype="str"),
            "approximate": qualifier.isin(["~", "%"]).to_numpy(),
            "uncertain": qualifier.isin(["?", "%"]).to_numpy(),
            "error": error,
        },
        index=dates.index,
    )


def _messages(
    text: pd.Series,
    well_formed: np.ndarray,
    real: np.ndarray,
    year: np.ndarray,
    month_index: np.ndarray,
) -> pd.Series:
    """One message per invalid date, naming what is wrong in the analyst's terms."""
    error = pd.Series(pd.NA, index=text.index, dtype="str")
    empty = (text == "").to_numpy()
    malformed = ~well_formed & ~empty
    slashed = malformed & text.str.match(_SLASHED).to_numpy()
    with_time = malformed & text.str.match(_DATETIME).to_numpy()
    long_year = malformed & text.str.match(_LONG_YEAR).to_numpy()
    plain = malformed & ~slashed & ~with_time & ~long_year
    impossible = well_formed & ~real
    out_of_range = (impossible & (year < 1)) | long_year
    bad_month = impossible & ~out_of_range & ((month_index < 0) | (month_index > 11))
    bad_day = impossible & ~out_of_range & ~bad_month

    error[empty] = "date is empty"
    error[slashed] = (
        "'" + text[slashed] + "' is ambiguous (day/month order); write it as YYYY-MM-DD"
    )
    error[with_time] = (
        "'" + text[with_time] + "' carries a time; write the date alone as YYYY-MM-DD"
    )
    error[plain] = "'" + text[plain] + "' is not a date in the form " + FORM_HINT
    error[out_of_range] = "'" + text[out_of_range] + "' is outside the years 0001-9999"
    error[bad_month] = "'" + text[bad_month] + "' has no such month (months run 01-12)"
    error[bad_day] = (
        "'" + text[bad_day] + "' is not a real calendar date (no such day in that month)"
    )
    return error
