"""Column helpers for validation: Arrow-backed scans, actor resolution, ids and the index."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import safe, schema
from timeline.actors import alias_map
from timeline.read import RawTable
from timeline.validate.problems import VALUE_SHOWN

_PLAIN_NUMBER = f"^{safe.PLAIN_NUMBER}$"


def separator_hint(header: list[str]) -> str:
    """A hint when one header cell holds every column name: the file uses another separator."""
    if len(header) != 1:
        return ""
    for separator, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if separator in header[0]:
            return f" (the header seems to be separated by {label}; separate columns by commas)"
    return ""


def header_problems(table: RawTable) -> pd.DataFrame:
    extra = [column for column in table.cells if column not in schema.COLUMNS]
    return pd.DataFrame(
        {
            schema.PROBLEM_ROW: [1] * len(extra),
            schema.PROBLEM_COLUMN: extra,
            schema.PROBLEM_VALUE: extra,
            schema.PROBLEM_RULE: "unknown-column",
            schema.PROBLEM_MESSAGE: "is not a column of the event format; its values are ignored",
            schema.SEVERITY: schema.WARNING,
        }
    )


def unparsed_records(table: RawTable) -> pd.DataFrame:
    width = len(table.cells.columns)
    bad = table.rejected
    return pd.DataFrame(
        {
            schema.PROBLEM_ROW: bad["row"],
            schema.PROBLEM_COLUMN: "",
            schema.PROBLEM_VALUE: bad["text"].str.slice(0, VALUE_SHOWN),
            schema.PROBLEM_RULE: "record",
            schema.PROBLEM_MESSAGE: [_record_message(text, width) for text in bad["text"]],
            schema.SEVERITY: schema.ERROR,
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


def resolve_actors(cells: pd.Series, registry: pd.DataFrame) -> tuple[pd.Series, pd.Series, dict]:
    """Canonical actor names per row, the exploded (row -> actor) pairs, and unregistered names.

    Vectorised in Arrow and numpy: names are split and trimmed as one flat array, only the
    distinct spellings go through the alias map, and rows are joined back from list offsets.
    """
    lists = pc.split_pattern(arrow_text(cells), schema.LIST_SEPARATOR)
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
            schema.PROBLEM_MESSAGE: pd.Series(message, index=index),
            "values": pd.Series(listed, index=index),
        },
    )


def cells_holding(column: pd.Series, character: str) -> np.ndarray:
    """Which cells contain a match of `character`, a regex matching one character.

    One character matches in the text of all cells laid end to end exactly when it matches in
    one of the cells, so one scan of the column's text buffer (half the time of a scan cell by
    cell) settles the usual case, where no cell holds it.
    """
    array = arrow_text(column)
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


def arrow_text(column: pd.Series) -> pa.Array:
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


def numbers(text: pd.Series) -> pd.Series:
    """Plainly written decimals (40.5, -3, 1e2) as float64, anything else NaN, parsed in Arrow."""
    array = arrow_text(text)
    plain = pc.match_substring_regex(array, _PLAIN_NUMBER)
    number = pc.cast(pc.if_else(plain, array, pa.scalar(None, array.type)), pa.float64())
    return pd.Series(number.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def first_use(ids: pd.Series, rows: np.ndarray, repeated: np.ndarray) -> pd.Series:
    """'id ... is already used on row N' for the repeated ids, N being the id's first row."""
    again = ids[repeated]
    sharing = ids.isin(again.unique()).to_numpy()  # every row holding one of those ids
    first = pd.Series(rows[sharing]).groupby(ids[sharing].to_numpy()).first()
    return "id '" + again + "' is already used on row " + again.map(first).astype("str")


def event_types(cells: pd.Series) -> pd.Series:
    """Event types as their keys, accepting the human labels too ('Official statement')."""
    labels = {label.casefold(): key for key, label in schema.EVENT_TYPES.items()}
    codes, written = pd.factorize(cells.str.strip().str.lower())  # a handful of distinct values
    keys = pd.Index([labels.get(value, value) for value in written], dtype="str")
    return pd.Series(keys.take(codes), index=cells.index, dtype="str")


def event_ids(cells: pd.DataFrame, rows: np.ndarray) -> tuple[pd.Series, np.ndarray]:
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


def sort_and_index(
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
            schema.PAIR_EVENT: event[by_actor],
            schema.PAIR_ACTOR: _used_only(
                pd.Categorical.from_codes(actor[by_actor], names.array.categories)
            ),
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
