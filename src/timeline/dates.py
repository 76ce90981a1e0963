"""EDTF level-1 dates (YYYY, YYYY-MM, YYYY-MM-DD, with ~ ? %), parsed vectorised, never upgraded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# [0-9], not \d: \d also matches Arabic-Indic or full-width digits, which would then not convert.
_FORM = (
    r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"(?P<qualifier>[~?%])?$"
)
_SLASHED = r"^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}$"
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
_LONG_YEAR = r"^[0-9]{5,}(?:-[0-9]{2}(?:-[0-9]{2})?)?[~?%]?$"

PRECISIONS_BY_FORM = ("year", "month", "day")  # by how many of -MM, -DD the form has

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
    parts = pc.extract_regex(_arrow(text), _FORM)  # Arrow's RE2: no Python call per value
    well_formed = parts.is_valid().to_numpy(zero_copy_only=False)
    year, _ = _digits(parts, "year", well_formed)
    year = np.where(well_formed, year, 1970)
    month, has_month = _digits(parts, "month", well_formed)
    day, has_day = _digits(parts, "day", well_formed)
    month_index = np.where(has_month, month, 1) - 1
    day_index = np.where(has_day, day, 1) - 1

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

    qualifier = pc.struct_field(parts, "qualifier")
    precision = pc.take(pa.array(PRECISIONS_BY_FORM), pa.array(has_month.astype("int8") + has_day))
    error = _messages(text, well_formed, real, year, month_index)
    return pd.DataFrame(
        {
            "start": pd.Series(start, index=dates.index, dtype="datetime64[ms]"),
            "end": pd.Series(end, index=dates.index, dtype="datetime64[ms]"),
            "precision": pd.Series(precision, index=dates.index, dtype="str"),
            "approximate": _is_in(qualifier, ["~", "%"]),
            "uncertain": _is_in(qualifier, ["?", "%"]),
            "error": error,
        },
        index=dates.index,
    )


def _arrow(text: pd.Series) -> pa.Array:
    array = pa.array(text, type=pa.large_string())  # pandas' own storage: no copy
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _digits(
    parts: pa.StructArray, group: str, matched: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A group of ASCII digits as int64, and where the group took part in the match."""
    text = pc.struct_field(parts, group).fill_null("")
    present = pc.greater(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False) & matched
    number = pc.cast(pc.if_else(present, text, "0"), pa.int64()).to_numpy()
    return number, present


def _is_in(values: pa.Array, accepted: list[str]) -> np.ndarray:
    return pc.is_in(values, pa.array(accepted)).fill_null(False).to_numpy(zero_copy_only=False)


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
    slashed, with_time, long_year = (
        _where_matches(text, malformed, form) for form in (_SLASHED, _DATETIME, _LONG_YEAR)
    )
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


def _where_matches(text: pd.Series, among: np.ndarray, form: str) -> np.ndarray:
    """Which of the rows in `among` match `form`; the others are not even looked at."""
    found = np.zeros(len(text), dtype=bool)
    if among.any():
        found[among] = text[among].str.match(form).to_numpy()
    return found
