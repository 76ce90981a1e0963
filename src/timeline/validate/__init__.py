"""Validate text cells against the event contract in one vectorised pass; report every problem.

`validate` runs the rule groups below in order; each group reports into one `Problems` and
returns the typed values it checked, which become the columns of the loaded events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline import dates, links, safe, schema
from timeline.read import DataFileError, RawTable
from timeline.validate import columns
from timeline.validate.problems import Problems, empty_problems

__all__ = ["empty_problems", "validate"]

# Scheme in any case; host in any script (IDN), a fully-qualified trailing dot allowed, no user@
# part; the regex stays portable between Python's re and RE2 (pandas may use it for Arrow strings).
# Spelled without \w and \s, which make pandas fall back from Arrow's RE2 to Python's re (one call
# per cell): a letter or digit is ASCII or any character beyond ASCII (the literal range below).
_WORD = "[A-Za-z0-9\u00a1-\uffff]"
_HOST = rf"{_WORD}(?:(?:{_WORD}|[_.-])*{_WORD})?"
_URL = rf"(?i:https?)://{_HOST}\.?(?::[0-9]{{1,5}})?(?:[/?#][^ <>\"]*)?"
_URLS = rf"^{_URL}(?: {_URL})*$"  # matched after whitespace runs became one space
_WHITESPACE = "[ \t\n\r\f\v\u00a0]+"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"  # C0 but tab and line ends; DEL; C1
_TEXT_COLUMNS = tuple(c for c in schema.COLUMNS if c not in (schema.LATITUDE, schema.LONGITUDE))


def validate(
    table: RawTable, registry: pd.DataFrame, name: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Check every row; return (events, event_actors, problems).

    Rows with an error are rejected, rows with only warnings are kept; every problem is one row of
    `problems` (row, column, value, rule, message, severity). Raises DataFileError when a required
    column is missing, since then no row can be read.
    """
    missing = [column for column in schema.REQUIRED if column not in table.cells]
    if missing:
        raise DataFileError(
            f"{name}: row 1: missing required column(s) {', '.join(missing)}; "
            f"the header must name at least {', '.join(schema.REQUIRED)}"
            + columns.separator_hint(list(table.cells.columns))
        )
    cells = table.cells.reindex(columns=list(schema.COLUMNS), fill_value="")
    cells = cells.apply(lambda column: column.str.strip())
    problems = Problems(cells, table.rows)
    problems.add_frame(columns.header_problems(table))
    problems.add_frame(columns.unparsed_records(table))
    cells, rows = _drop_empty_rows(problems, cells, table.rows)

    _check_text(problems, cells, present=set(table.cells.columns))
    span = _check_dates(problems, cells)
    actors, event_actor_names = _check_actors(problems, cells, registry)
    ids = _check_ids(problems, cells, rows, given=schema.ID in table.cells)
    urls = _check_sources(problems, cells)
    event_type, status = _check_vocabularies(problems, cells, has_end=span["has_end"])
    coordinates = _check_coordinates(problems, cells)

    events = pd.DataFrame(
        {
            schema.ID: ids,
            schema.DATE: cells[schema.DATE],
            schema.END_DATE: cells[schema.END_DATE],
            schema.START: span["start"],
            schema.END: span["end"],
            schema.PRECISION: span["precision"],
            schema.APPROXIMATE: span["approximate"],
            schema.UNCERTAIN: span["uncertain"],
            schema.TITLE: cells[schema.TITLE],
            schema.DESCRIPTION: cells[schema.DESCRIPTION],
            schema.ACTORS: actors,
            schema.EVENT_TYPE: event_type,
            schema.STATUS: status,
            schema.SOURCE_URL: urls,
            schema.SOURCE_NAME: cells[schema.SOURCE_NAME],
            schema.LOCATION: cells[schema.LOCATION],
            schema.LATITUDE: coordinates[schema.LATITUDE],
            schema.LONGITUDE: coordinates[schema.LONGITUDE],
            schema.TAGS: cells[schema.TAGS],
            schema.THEATRE: cells[schema.THEATRE],
            schema.LINKS: cells[schema.LINKS],
            schema.ROW: rows,
        }
    )
    # A bad link is reported and dropped from its cell; the row itself still loads.
    events[schema.LINKS], link_problems = links.check(events, ~problems.rejected)
    problems.add_frame(link_problems)
    events, event_actors = columns.sort_and_index(events, event_actor_names, ~problems.rejected)
    return events, event_actors, problems.frame()


def _drop_empty_rows(
    problems: Problems, cells: pd.DataFrame, rows: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """Reject empty rows, and check only the others from here on.

    A file of a million blank lines then costs what its content costs.
    """
    empty_row = (cells == "").all(axis=1).to_numpy()
    problems.reject(
        empty_row, "", "empty-row", "the row is empty", values=pd.Series("", index=cells.index)
    )
    if not empty_row.any():  # narrowing copies every column, so only when there is a row to drop
        return cells, rows
    live = ~empty_row
    problems.narrow(live)
    return cells[live].reset_index(drop=True), rows[live]


def _check_text(problems: Problems, cells: pd.DataFrame, *, present: set[str]) -> None:
    """Control characters reject a row; a cell a spreadsheet would run as a formula warns."""
    for column in _TEXT_COLUMNS:
        if column not in present:
            continue
        problems.reject(
            columns.cells_holding(cells[column], _CONTROL),
            column,
            "control-character",
            "contains a control character (such as a NUL byte) that no text field may hold",
            values=lambda rows, text=cells[column]: text[rows].str.replace(
                _CONTROL, "\ufffd", regex=True
            ),
        )
        problems.warn(
            safe.formula_like(cells[column]).to_numpy(),
            column,
            "formula",
            "starts with = + - or @, so a spreadsheet opening this data would run it as a "
            "formula; kept as text",
        )


def _check_dates(problems: Problems, cells: pd.DataFrame) -> dict:
    """Dates and end dates parsed (EDTF subset); an end wholly before its start is an error."""
    start = dates.parse(cells[schema.DATE])
    problems.reject(start["error"].notna(), schema.DATE, "date", start["error"])
    has_end = (cells[schema.END_DATE] != "").to_numpy()
    end = dates.parse(cells[schema.END_DATE][has_end]).reindex(cells.index)  # most rows have none
    problems.reject(end["error"].notna() & has_end, schema.END_DATE, "date", end["error"])
    # Before means wholly before: end_date 2020-05 does not end before date 2020-05-10.
    backwards = (has_end & (end["end"] <= start["start"])).to_numpy()
    problems.reject(
        backwards,
        schema.END_DATE,
        "end-before-start",
        lambda rows: (
            "end_date "
            + cells[schema.END_DATE][rows]
            + " is before date "
            + cells[schema.DATE][rows]
        ),
    )
    return {
        "start": start["start"],
        "end": end["end"].where(has_end, start["end"]),
        "precision": start["precision"],
        "approximate": start["approximate"],
        "uncertain": start["uncertain"],
        "has_end": has_end,
    }


def _check_actors(
    problems: Problems, cells: pd.DataFrame, registry: pd.DataFrame
) -> tuple[pd.Series, pd.Series]:
    """A title and at least one actor; actors resolved to canonical names, unknown ones warned."""
    problems.reject(
        (cells[schema.TITLE] == "").to_numpy(), schema.TITLE, "required", "title is empty"
    )
    actors, event_actor_names, unknown = columns.resolve_actors(cells[schema.ACTORS], registry)
    problems.reject((actors == "").to_numpy(), schema.ACTORS, "required", "no actor is named")
    problems.warn(
        unknown["row_mask"],
        schema.ACTORS,
        "unregistered-actor",
        unknown["message"],
        values=unknown["values"],
    )
    return actors, event_actor_names


def _check_ids(
    problems: Problems, cells: pd.DataFrame, rows: np.ndarray, *, given: bool
) -> pd.Series:
    """Ids are unique; a missing one is generated (with a warning when the file has the column)."""
    ids, generated = columns.event_ids(cells, rows)
    problems.warn(
        generated & given,
        schema.ID,
        "generated-id",
        lambda flagged: "id is empty; generated " + ids[flagged],
    )
    problems.reject(
        ids.duplicated().to_numpy(),
        schema.ID,
        "duplicate-id",
        lambda flagged: columns.first_use(ids, rows, flagged),
        values=ids,
    )
    return ids


def _check_sources(problems: Problems, cells: pd.DataFrame) -> pd.Series:
    """Sources are http(s) URLs separated by spaces; an event without one is warned."""
    urls = cells[schema.SOURCE_URL].str.replace(_WHITESPACE, " ", regex=True)
    no_source = (urls == "").to_numpy()
    problems.reject(
        ~no_source & ~urls.str.match(_URLS).to_numpy(),
        schema.SOURCE_URL,
        "url",
        "only http(s) URLs separated by spaces are allowed as sources",
    )
    problems.warn(no_source, schema.SOURCE_URL, "no-source", "no source URL is given")
    return urls


def _check_vocabularies(
    problems: Problems, cells: pd.DataFrame, *, has_end: np.ndarray
) -> tuple[pd.Series, pd.Series]:
    """Event types and statuses from the schema's vocabularies; others warned, kept or emptied."""
    event_type = columns.event_types(cells[schema.EVENT_TYPE])
    problems.warn(
        (event_type == "").to_numpy(), schema.EVENT_TYPE, "no-event-type", "event_type is empty"
    )
    unknown_type = (
        ~event_type.isin(list(schema.EVENT_TYPES)).to_numpy() & (event_type != "").to_numpy()
    )
    problems.warn(
        unknown_type,
        schema.EVENT_TYPE,
        "unknown-event-type",
        lambda rows: (
            "'"
            + cells[schema.EVENT_TYPE][rows]
            + "' is not a known event type; kept as written (known: "
            + ", ".join(schema.EVENT_TYPES)
            + ")"
        ),
    )
    problems.warn(
        (event_type == schema.PERIOD).to_numpy() & ~has_end,
        schema.END_DATE,
        "period-without-end",
        "a period needs an end_date to be drawn as an era",
    )
    status = cells[schema.STATUS].str.lower()
    bad_status = ~status.isin(["", *schema.STATUSES]).to_numpy()
    problems.warn(
        bad_status,
        schema.STATUS,
        "unknown-status",
        "status must be one of " + ", ".join(schema.STATUSES) + "; left empty",
    )
    return event_type, status.where(~bad_status, "")


def _check_coordinates(problems: Problems, cells: pd.DataFrame) -> dict[str, pd.Series]:
    """Latitude and longitude as numbers in range; anything else warned and left empty."""
    coordinates = {}
    for column, limit in ((schema.LATITUDE, 90), (schema.LONGITUDE, 180)):
        number = columns.numbers(cells[column])
        bad = ((cells[column] != "") & ~number.between(-limit, limit)).to_numpy()
        problems.warn(
            bad, column, "coordinate", f"not a number between -{limit} and {limit}; left empty"
        )
        coordinates[column] = number.where(~bad)
    return coordinates
