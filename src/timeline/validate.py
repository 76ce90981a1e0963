"""Validate text cells against the event contract in one vectorised pass; report every problem."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from timeline import dates, schema
from timeline.actors import alias_map
from timeline.read import MESSAGE_LIMIT, UNPRINTABLE, DataFileError, RawTable, printable

# Scheme in any case; host in any script (IDN), a fully-qualified trailing dot allowed, no user@
# part; the regex stays portable between Python's re and RE2 (pandas may use it for Arrow strings).
_HOST = r"[^\W_](?:[\w.-]*[^\W_])?"
_URL = rf"(?i:https?)://{_HOST}\.?(?::[0-9]{{1,5}})?(?:[/?#][^\s<>\"]*)?"
_URLS = rf"^{_URL}(?:\s+{_URL})*$"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"  # C0 but tab and line ends; DEL; C1
# A cell a spreadsheet runs as a formula (OWASP "CSV Injection"); a plain number such as -12.5
# is read as a number, so it is left alone.
_FORMULA = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_VALUE_SHOWN = 200  # characters of a cell repeated in a problem; a 10 MB cell is not echoed whole
_TEXT_COLUMNS = tuple(c for c in schema.COLUMNS if c not in (schema.LATITUDE, schema.LONGITUDE))


class _Problems:
    """Collects problems as frames, one per rule, joined once at the end."""

    def __init__(self, cells: pd.DataFrame, rows: np.ndarray) -> None:
        self._cells = cells
        self._rows = rows
        self._parts: list[pd.DataFrame] = []

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        rule: str,
        message: str | pd.Series,
        severity: str = schema.ERROR,
        values: pd.Series | None = None,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if values is None:
            values = (
                self._cells[column]
                if column in self._cells
                else pd.Series("", index=self._cells.index)
            )
        shown = values[mask].astype("str").str.slice(0, _VALUE_SHOWN)
        text = message[mask] if isinstance(message, pd.Series) else message
        self._parts.append(
            pd.DataFrame(
                {
                    "row": self._rows[mask],
                    "column": column,
                    "value": shown.to_numpy(),
                    "rule": rule,
                    "message": np.asarray(text, dtype=object)
                    if not isinstance(text, str)
                    else text,
                    "severity": severity,
                }
            )
        )

    def add_frame(self, frame: pd.DataFrame) -> None:
        self._parts.append(frame)

    def narrow(self, keep: np.ndarray) -> None:
        """From now on, masks passed to `add` cover only the rows in `keep`."""
        self._cells = self._cells[keep].reset_index(drop=True)
        self._rows = self._rows[keep]

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return empty_problems()
        problems = pd.concat(self._parts, ignore_index=True)
        problems["row"] = problems["row"].astype("int64")
        for column in ("column", "value", "rule", "message", "severity"):
            problems[column] = problems[column].astype("str")
        for column, limit in (("column", _VALUE_SHOWN), ("value", _VALUE_SHOWN), ("message", None)):
            problems[column] = _printable(problems[column], limit)
        return problems.sort_values(["row", "severity"], kind="stable", ignore_index=True)


def _printable(text: pd.Series, limit: int | None) -> pd.Series:
    """Problem text safe to print on one line (see read.printable); a message keeps both ends."""
    text = text.str.replace(UNPRINTABLE, "\ufffd", regex=True)
    if limit is not None:
        return text.str.slice(0, limit)
    long = (text.str.len() > MESSAGE_LIMIT).to_numpy()
    if long.any():
        text = text.copy()
        text[long] = text[long].map(printable).astype("str")
    return text


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series([], dtype="int64"),
            **{column: pd.Series([], dtype="str") for column in schema.PROBLEM_COLUMNS[1:]},
        }
    )


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
            + _separator_hint(list(table.cells.columns))
        )
    cells = table.cells.reindex(columns=list(schema.COLUMNS), fill_value="")
    cells = cells.apply(lambda column: column.str.strip())
    rows = table.rows
    problems = _Problems(cells, rows)
    rejected = np.zeros(len(cells), dtype=bool)

    def reject(mask: np.ndarray | pd.Series, column: str, rule: str, message, **kwargs) -> None:
        nonlocal rejected
        mask = np.asarray(mask, dtype=bool)
        rejected |= mask
        problems.add(mask, column, rule, message, schema.ERROR, **kwargs)

    def warn(mask: np.ndarray | pd.Series, column: str, rule: str, message, **kwargs) -> None:
        problems.add(mask, column, rule, message, schema.WARNING, **kwargs)

    problems.add_frame(_header_problems(table))
    problems.add_frame(_unparsed_records(table))

    empty_row = (cells == "").all(axis=1).to_numpy()
    reject(empty_row, "", "empty-row", "the row is empty", values=pd.Series("", index=cells.index))
    # An empty row has nothing more to check: the rules below see only the other rows, so a file
    # of a million blank lines costs what its content costs.
    live = ~empty_row
    cells = cells[live].reset_index(drop=True)
    rows = rows[live]
    problems.narrow(live)
    rejected = np.zeros(len(cells), dtype=bool)

    for column in _TEXT_COLUMNS:
        if column in table.cells:
            has_control = cells[column].str.contains(_CONTROL, regex=True).to_numpy()
            reject(
                has_control,
                column,
                "control-character",
                "contains a control character (such as a NUL byte) that no text field may hold",
                values=cells[column].str.replace(_CONTROL, "\ufffd", regex=True),
            )
            looks_like_formula = (
                cells[column].str.contains(_FORMULA, regex=True)
                & ~cells[column].str.contains(_PLAIN_NUMBER, regex=True)
            ).to_numpy()
            warn(
                looks_like_formula,
                column,
                "formula",
                "starts with = + - or @, so a spreadsheet opening this data would run it as a "
                "formula; kept as text",
            )

    start = dates.parse(cells[schema.DATE])
    reject(start["error"].notna(), schema.DATE, "date", start["error"])
    has_end = (cells[schema.END_DATE] != "").to_numpy()
    end = dates.parse(cells[schema.END_DATE].where(has_end, "1970"))
    reject(end["error"].notna() & has_end, schema.END_DATE, "date", end["error"])
    # Before means wholly before: end_date 2020-05 does not end before date 2020-05-10.
    backwards = (has_end & (end["end"] <= start["start"])).to_numpy()
    reject(
        backwards,
        schema.END_DATE,
        "end-before-start",
        "end_date " + cells[schema.END_DATE] + " is before date " + cells[schema.DATE],
    )

    reject((cells[schema.TITLE] == "").to_numpy(), schema.TITLE, "required", "title is empty")
    actors, event_actor_names, unknown = _resolve_actors(cells[schema.ACTORS], registry)
    reject((actors == "").to_numpy(), schema.ACTORS, "required", "no actor is named")
    warn(
        unknown["row_mask"],
        schema.ACTORS,
        "unregistered-actor",
        unknown["message"],
        values=unknown["values"],
    )

    ids, generated = _ids(cells, rows)
    warn(
        generated & (schema.ID in table.cells),
        schema.ID,
        "generated-id",
        "id is empty; generated " + ids,
    )
    first = pd.Series(rows, index=cells.index).groupby(ids.to_numpy()).transform("first")
    repeated = ids.duplicated().to_numpy()
    reject(
        repeated,
        schema.ID,
        "duplicate-id",
        "id '" + ids + "' is already used on row " + first.astype("str"),
        values=ids,
    )

    urls = cells[schema.SOURCE_URL]
    no_source = (urls == "").to_numpy()
    reject(
        ~no_source & ~urls.str.match(_URLS).to_numpy(),
        schema.SOURCE_URL,
        "url",
        "only http(s) URLs separated by spaces are allowed as sources",
    )
    warn(no_source, schema.SOURCE_URL, "no-source", "no source URL is given")

    event_type = _event_types(cells[schema.EVENT_TYPE])
    warn(
        (event_type == "").to_numpy(),
        schema.EVENT_TYPE,
        "no-event-type",
        "event_type is empty",
    )
    unknown_type = (
        ~event_type.isin(list(schema.EVENT_TYPES)).to_numpy() & (event_type != "").to_numpy()
    )
    warn(
        unknown_type,
        schema.EVENT_TYPE,
        "unknown-event-type",
        "'"
        + cells[schema.EVENT_TYPE]
        + "' is not a known event type; kept as written (known: "
        + ", ".join(schema.EVENT_TYPES)
        + ")",
    )
    warn(
        (event_type == schema.PERIOD).to_numpy() & ~has_end,
        schema.END_DATE,
        "period-without-end",
        "a period needs an end_date to be drawn as an era",
    )

    status = cells[schema.STATUS].str.lower()
    bad_status = ~status.isin(["", *schema.STATUSES]).to_numpy()
    warn(
        bad_status,
        schema.STATUS,
        "unknown-status",
        "status must be one of " + ", ".join(schema.STATUSES) + "; left empty",
    )
    status = status.where(~bad_status, "")

    coordinates = {}
    for column, limit in ((schema.LATITUDE, 90), (schema.LONGITUDE, 180)):
        number = pd.to_numeric(cells[column], errors="coerce")
        bad = ((cells[column] != "") & ~number.between(-limit, limit)).to_numpy()
        warn(
            bad,
            column,
            "coordinate",
            f"not a number between -{limit} and {limit}; left empty",
        )
        coordinates[column] = number.where(~bad)

    events = pd.DataFrame(
        {
            schema.ID: ids,
            schema.DATE: cells[schema.DATE],
            schema.END_DATE: cells[schema.END_DATE],
            schema.START: start["start"],
            schema.END: end["end"].where(has_end, start["end"]),
            schema.PRECISION: start["precision"],
            schema.APPROXIMATE: start["approximate"],
            schema.UNCERTAIN: start["uncertain"],
            schema.TITLE: cells[schema.TITLE],
            schema.DESCRIPTION: cells[schema.DESCRIPTION],
            schema.ACTORS: actors,
            schema.EVENT_TYPE: event_type,
            schema.STATUS: status,
            schema.SOURCE_URL: urls.str.replace(r"\s+", " ", regex=True),
            schema.SOURCE_NAME: cells[schema.SOURCE_NAME],
            schema.LOCATION: cells[schema.LOCATION],
            schema.LATITUDE: coordinates[schema.LATITUDE],
            schema.LONGITUDE: coordinates[schema.LONGITUDE],
            schema.TAGS: cells[schema.TAGS],
            schema.THEATRE: cells[schema.THEATRE],
            schema.ROW: rows,
        }
    )
    kept = ~rejected
    events = events[kept]
    event_actor_names = event_actor_names[kept[event_actor_names.index.to_numpy()]]
    events, event_actors = _index(events, event_actor_names)
    return events, event_actors, problems.frame()


def _separator_hint(header: list[str]) -> str:
    """A hint when one header cell holds every column name: the file uses another separator."""
    if len(header) != 1:
        return ""
    for separator, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if separator in header[0]:
            return f" (the header seems to be separated by {label}; separate columns by commas)"
    return ""


def _header_problems(table: RawTable) -> pd.DataFrame:
    extra = [column for column in table.cells if column not in schema.COLUMNS]
    return pd.DataFrame(
        {
            "row": [1] * len(extra),
            "column": extra,
            "value": extra,
            "rule": "unknown-column",
            "message": "is not a column of the event format; its values are ignored",
            "severity": schema.WARNING,
        }
    )


def _unparsed_records(table: RawTable) -> pd.DataFrame:
    width = len(table.cells.columns)
    bad = table.rejected
    return pd.DataFrame(
        {
            "row": bad["row"],
            "column": "",
            "value": bad["text"].str.slice(0, _VALUE_SHOWN),
            "rule": "record",
            "message": [_record_message(text, width) for text in bad["text"]],
            "severity": schema.ERROR,
        }
    )


def _record_message(text: str, width: int) -> str:
    """Why a CSV record could not be split into the header's columns."""
    if text.count('"') % 2:
        return "a quoted field is never closed (odd number of '\"'), so the rows run together"
    try:
        fields = len(next(csv.reader([text]), []))  # a quoted comma is text, as pyarrow reads it
    except csv.Error:
        fields = text.count(",") + 1
    noun = "field" if fields == 1 else "fields"
    return f"the row has {fields} {noun} but the header has {width}"


def _resolve_actors(cells: pd.Series, registry: pd.DataFrame) -> tuple[pd.Series, pd.Series, dict]:
    """Canonical actor names per row, the exploded (row -> actor) pairs, and unregistered names."""
    names = cells.str.split(schema.LIST_SEPARATOR).explode().str.strip()
    names = names[names.notna() & (names != "")]
    lookup = alias_map(registry)
    unique = pd.Series(names.unique())
    canonical = dict(zip(unique, unique.str.casefold().map(lookup), strict=True))
    resolved = names.map(canonical).astype("str")  # all-unregistered maps to float NaN
    unknown = resolved.isna()
    resolved = resolved.fillna(names)
    pairs = resolved[
        ~pd.DataFrame({"r": resolved.index, "a": resolved.to_numpy()}).duplicated().to_numpy()
    ]
    joined = pairs.groupby(level=0).agg(schema.LIST_SEPARATOR.join)
    actors = joined.reindex(cells.index, fill_value="").astype("str")

    missing = names[unknown]
    messages = missing.groupby(level=0).agg(lambda group: "; ".join(f"'{n}'" for n in group))
    row_mask = cells.index.isin(messages.index)
    message = pd.Series("", index=cells.index, dtype="str")
    message[row_mask] = (
        messages.reindex(cells.index[row_mask]).to_numpy()
        + " not in the actor registry (data/actors.csv); kept as written"
    )
    values = pd.Series("", index=cells.index, dtype="str")
    values[row_mask] = messages.reindex(cells.index[row_mask]).to_numpy()
    return actors, pairs, {"row_mask": row_mask, "message": message, "values": values}


def _event_types(cells: pd.Series) -> pd.Series:
    """Event types as their keys, accepting the human labels too ('Official statement')."""
    labels = {label.casefold(): key for key, label in schema.EVENT_TYPES.items()}
    lowered = cells.str.strip().str.lower()
    return lowered.map(lambda value: labels.get(value, value)).astype("str")


def _ids(cells: pd.DataFrame, rows: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """Ids as given; where missing, `date-title-slug`, numbered -2, -3 ... if that repeats."""
    given = cells[schema.ID]
    generated = (given == "").to_numpy()
    if not generated.any():
        return given, generated
    slug = (
        (cells[schema.DATE].str.replace(r"[~?%]", "", regex=True) + "-" + cells[schema.TITLE])
        .str.lower()
        .str.replace(r"[^a-z0-9]+", "-", regex=True)
        .str.slice(0, 60)
        .str.strip("-")
    )
    slug = slug.where(slug != "", "event")
    taken = set(given[~generated])
    candidate = slug[generated]
    order = candidate.groupby(candidate.to_numpy()).cumcount() + 1
    numbered = candidate.where(order == 1, candidate + "-" + order.astype("str"))
    clash = numbered.isin(taken)
    numbered = numbered.where(
        ~clash,
        numbered + "-row-" + pd.Series(rows[generated], index=numbered.index).astype("str"),
    )
    ids = given.copy()
    ids[generated] = numbered
    return ids, generated


def _index(events: pd.DataFrame, names: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sort events by time; build the (event position -> actor) index that filters use."""
    order = np.lexsort((events[schema.ROW].to_numpy(), events[schema.START].to_numpy()))
    events = events.iloc[order]
    position = pd.Series(np.arange(len(events), dtype="int32"), index=events.index)
    event_actors = pd.DataFrame(
        {
            "event": position.reindex(names.index).to_numpy(),
            "actor": pd.Categorical(names.to_numpy()),
        }
    ).sort_values(["actor", "event"], ignore_index=True)
    events = events.reset_index(drop=True)
    for column in (schema.EVENT_TYPE, schema.STATUS, schema.THEATRE, schema.PRECISION):
        events[column] = events[column].astype("category")
    return events, event_actors
