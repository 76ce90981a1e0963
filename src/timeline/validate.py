"""Validate text cells against the event contract in one vectorised pass; report every problem."""

from __future__ import annotations

import csv
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import dates, links, schema
from timeline.actors import alias_map
from timeline.read import MESSAGE_LIMIT, UNPRINTABLE, DataFileError, RawTable, printable

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
# A cell a spreadsheet runs as a formula (OWASP "CSV Injection"); a plain number such as -12.5
# is read as a number, so it is left alone.
_FORMULA = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_VALUE_SHOWN = 200  # characters of a cell repeated in a problem; a 10 MB cell is not echoed whole
_TEXT_COLUMNS = tuple(c for c in schema.COLUMNS if c not in (schema.LATITUDE, schema.LONGITUDE))


# A message or shown value: the same text for every row, one per row, or a function building
# it for the flagged rows only, so a rule that flags ten rows of a million formats ten messages.
Text = str | pd.Series | Callable[[np.ndarray], pd.Series]


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
        message: Text,
        severity: str = schema.ERROR,
        values: Text | None = None,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if values is None:
            values = self._cells.get(column, "")
        shown = _for_rows(values, mask)
        if not isinstance(shown, str):
            shown = pd.Series(shown, dtype="str").str.slice(0, _VALUE_SHOWN).to_numpy()
        self._parts.append(
            pd.DataFrame(
                {
                    "row": self._rows[mask],
                    "column": column,
                    "value": shown,
                    "rule": rule,
                    "message": _for_rows(message, mask),
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


def _for_rows(text: Text, mask: np.ndarray) -> str | pd.Series | np.ndarray:
    """The text of the rows in `mask`: as given, picked out, or built for those rows only."""
    if callable(text):
        return np.asarray(text(mask), dtype=object)
    if isinstance(text, pd.Series):
        return text[mask].to_numpy(dtype=object)
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
    if empty_row.any():  # narrowing copies every column, so only when there is a row to drop
        cells = cells[live].reset_index(drop=True)
        rows = rows[live]
        problems.narrow(live)
        rejected = np.zeros(len(cells), dtype=bool)

    for column in _TEXT_COLUMNS:
        if column in table.cells:
            has_control = _cells_holding(cells[column], _CONTROL)
            reject(
                has_control,
                column,
                "control-character",
                "contains a control character (such as a NUL byte) that no text field may hold",
                values=lambda rows, text=cells[column]: text[rows].str.replace(
                    _CONTROL, "\ufffd", regex=True
                ),
            )
            looks_like_formula = np.array(cells[column].str.contains(_FORMULA, regex=True))
            if looks_like_formula.any():  # a plain number such as -12.5 is no formula
                signed = cells[column][looks_like_formula]
                looks_like_formula[looks_like_formula] = ~signed.str.contains(
                    _PLAIN_NUMBER, regex=True
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
    end = dates.parse(cells[schema.END_DATE][has_end]).reindex(cells.index)  # most rows have none
    reject(end["error"].notna() & has_end, schema.END_DATE, "date", end["error"])
    # Before means wholly before: end_date 2020-05 does not end before date 2020-05-10.
    backwards = (has_end & (end["end"] <= start["start"])).to_numpy()
    reject(
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
        lambda rows: "id is empty; generated " + ids[rows],
    )
    repeated = ids.duplicated().to_numpy()
    reject(
        repeated,
        schema.ID,
        "duplicate-id",
        lambda flagged: _first_use(ids, rows, flagged),
        values=ids,
    )

    urls = cells[schema.SOURCE_URL].str.replace(_WHITESPACE, " ", regex=True)
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
        lambda rows: (
            "'"
            + cells[schema.EVENT_TYPE][rows]
            + "' is not a known event type; kept as written (known: "
            + ", ".join(schema.EVENT_TYPES)
            + ")"
        ),
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
        number = _numbers(cells[column])
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
    events[schema.LINKS], link_problems = links.check(events, ~rejected)  # drops bad entries
    problems.add_frame(link_problems)
    events, event_actors = _index(events, event_actor_names, ~rejected)
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
    """Canonical actor names per row, the exploded (row -> actor) pairs, and unregistered names.

    Vectorised in Arrow and numpy: names are split and trimmed as one flat array, only the
    distinct spellings go through the alias map, and rows are joined back from list offsets.
    """
    lists = pc.split_pattern(_arrow(cells), schema.LIST_SEPARATOR)
    parent = pc.list_parent_indices(lists).to_numpy()
    names = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    present = pc.not_equal(names, "")
    parent = parent[present.to_numpy(zero_copy_only=False)]
    encoded = pc.dictionary_encode(names.filter(present))
    spellings = encoded.dictionary.to_pylist()
    lookup = alias_map(registry)
    canonical = [lookup.get(spelling.casefold(), spelling) for spelling in spellings]
    registered = np.array([spelling.casefold() in lookup for spelling in spellings], dtype=bool)
    actor_names, actor_of = np.unique(np.array(canonical, dtype=object), return_inverse=True)
    code = actor_of[encoded.indices.to_numpy()].astype("int64")
    unknown = ~registered[encoded.indices.to_numpy()]

    pair_key = parent.astype("int64") * max(len(actor_names), 1) + code
    _, first = np.unique(pair_key, return_index=True)
    once = np.zeros(len(code), dtype=bool)
    once[first] = True  # an actor named twice in one row (Iran;IRI) counts once
    parent, code, unknown = parent[once], code[once], unknown[once]

    index = cells.index
    categories = pd.Index(actor_names, dtype="str")
    actors = _join_per_row(len(cells), parent, categories[code], schema.LIST_SEPARATOR)
    pairs = pd.Series(pd.Categorical.from_codes(code, categories), index=index[parent])

    quoted = "'" + categories[code[unknown]] + "'"
    listed = _join_per_row(len(cells), parent[unknown], quoted, "; ")
    row_mask = np.zeros(len(cells), dtype=bool)
    row_mask[parent[unknown]] = True
    message = listed.where(
        ~row_mask, listed + " not in the actor registry (data/actors.csv); kept as written"
    )
    return (
        pd.Series(actors, index=index),
        pairs,
        {
            "row_mask": row_mask,
            "message": pd.Series(message, index=index),
            "values": pd.Series(listed, index=index),
        },
    )


def _cells_holding(column: pd.Series, character: str) -> np.ndarray:
    """Which cells contain a match of `character`, a regex matching one character.

    One character matches in the text of all cells laid end to end exactly when it matches in
    one of the cells, so one scan of the column's text buffer (half the time of a scan cell by
    cell) settles the usual case, where no cell holds it.
    """
    array = _arrow(column)
    offsets = np.frombuffer(array.buffers()[1], dtype="int64")[array.offset :][: len(array) + 1]
    first, last = (int(offsets[0]), int(offsets[-1])) if len(array) else (0, 0)
    if last == first:
        return np.zeros(len(array), dtype=bool)
    everything = pa.LargeStringArray.from_buffers(
        1, pa.py_buffer(np.array([0, last - first], dtype="int64")), array.buffers()[2][first:last]
    )
    if not pc.match_substring_regex(everything, character)[0].as_py():
        return np.zeros(len(array), dtype=bool)
    return pc.match_substring_regex(array, character).to_numpy(zero_copy_only=False)


def _arrow(column: pd.Series) -> pa.Array:
    """A text column as one contiguous Arrow array (pandas may hold it in several chunks).

    pandas keeps text as large_string; asking for string here would copy every column.
    """
    array = pa.array(column, type=pa.large_string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _join_per_row(rows: int, parent: np.ndarray, values: pd.Index, separator: str) -> pd.Series:
    """Join `values` into one cell per row; `parent` (sorted) says which row each value is in."""
    offsets = np.zeros(rows + 1, dtype="int64")
    np.cumsum(np.bincount(parent, minlength=rows), out=offsets[1:])
    lists = pa.LargeListArray.from_arrays(
        pa.array(offsets), pa.array(np.asarray(values, dtype=object), type=pa.string())
    )
    return pd.Series(pc.binary_join(lists, separator), dtype="str").reset_index(drop=True)


def _numbers(text: pd.Series) -> pd.Series:
    """Plainly written decimals (40.5, -3, 1e2) as float64, anything else NaN, parsed in Arrow."""
    array = _arrow(text)
    plain = pc.match_substring_regex(array, _PLAIN_NUMBER)
    number = pc.cast(pc.if_else(plain, array, pa.scalar(None, array.type)), pa.float64())
    return pd.Series(number.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def _first_use(ids: pd.Series, rows: np.ndarray, repeated: np.ndarray) -> pd.Series:
    """'id ... is already used on row N' for the repeated ids, N being the id's first row."""
    again = ids[repeated]
    sharing = ids.isin(again.unique()).to_numpy()  # every row holding one of those ids
    first = pd.Series(rows[sharing]).groupby(ids[sharing].to_numpy()).first()
    return "id '" + again + "' is already used on row " + again.map(first).astype("str")


def _event_types(cells: pd.Series) -> pd.Series:
    """Event types as their keys, accepting the human labels too ('Official statement')."""
    labels = {label.casefold(): key for key, label in schema.EVENT_TYPES.items()}
    codes, written = pd.factorize(cells.str.strip().str.lower())  # a handful of distinct values
    keys = pd.Index([labels.get(value, value) for value in written], dtype="str")
    return pd.Series(keys.take(codes), index=cells.index, dtype="str")


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
    # '2020-talks-2' may also be the slug of a title 'Talks 2', or an id written in the file.
    clash = numbered.isin(taken) | numbered.duplicated()
    numbered = numbered.where(
        ~clash,
        numbered + "-row-" + pd.Series(rows[generated], index=numbered.index).astype("str"),
    )
    ids = given.copy()
    ids[generated] = numbered
    return ids, generated


def _index(
    events: pd.DataFrame, names: pd.Series, kept: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the accepted events sorted by time; build the (event -> actor) index filters use.

    Dropping rejected rows and sorting is one gather, not two: at a million rows each copy of
    the text columns costs about a second. Columns of few values become categorical first, so
    the gather moves their codes rather than their text.
    """
    accepted = np.flatnonzero(kept)
    # Records are in file order, so a stable sort by start keeps that order between equals.
    order = accepted[np.argsort(events[schema.START].to_numpy()[accepted], kind="stable")]
    for column in (schema.EVENT_TYPE, schema.STATUS, schema.THEATRE, schema.PRECISION):
        events[column] = events[column].astype("category")
    events = events.take(order).reset_index(drop=True)
    for column in (schema.EVENT_TYPE, schema.STATUS, schema.THEATRE, schema.PRECISION):
        events[column] = _used_only(events[column].array)

    position = np.full(len(kept), -1, dtype="int32")
    position[order] = np.arange(len(order), dtype="int32")
    event = position[names.index.to_numpy()]
    listed = event >= 0
    actor = names.array.codes[listed].astype("int64")
    event = event[listed]
    by_actor = np.argsort(actor * max(len(order), 1) + event)  # by actor, then event
    return events, pd.DataFrame(
        {
            "event": event[by_actor],
            "actor": _used_only(pd.Categorical.from_codes(actor[by_actor], names.array.categories)),
        }
    )


def _used_only(values: pd.Categorical) -> pd.Categorical:
    """`values` without the categories no value uses (remove_unused_categories sorts codes)."""
    codes = values.codes
    used = np.bincount(codes[codes >= 0], minlength=len(values.categories)) > 0
    if used.all():
        return values
    renumbered = np.cumsum(used) - 1
    return pd.Categorical.from_codes(
        np.where(codes >= 0, renumbered[codes], -1), values.categories[used]
    )
