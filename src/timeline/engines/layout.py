"""The engine layout: validated events, the (event, actor) pairs and the registry as tables.

`timeline convert IN OUT.parquet` writes three files side by side (`OUT.parquet`,
`OUT.pairs.parquet`, `OUT.actors.parquet`); into a database it writes the tables `events`,
`event_actors` and `actors`. Events are sorted by start (then file row) and numbered by `pos`,
their position in that order, so row-group statistics let an engine skip what a date range
excludes. The pairs carry the columns every filter but text search reads, so lanes, counts and
co-occurrence need no join with the wide events table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline import schema

EVENTS, PAIRS, ACTORS = "events", "event_actors", "actors"
INDEX, ROWS = "index", "rows"  # DuckDB's own tables and the row-addressable events (`index`)
POS, ACTOR, ERA = "pos", "actor", "era"
MARK = b"timeline.layout"  # Parquet schema metadata key telling a converted file apart
VERSION = b"2"  # 2: events carry `links`; DuckDB serves the index written beside them

_TEXT = tuple(c for c in schema.COLUMNS if c not in (schema.LATITUDE, schema.LONGITUDE))
_CATEGORIES = (schema.EVENT_TYPE, schema.STATUS, schema.THEATRE, schema.PRECISION)
_TIME = pa.timestamp("ms")

#: Columns of the events table, in order, and their Arrow types.
EVENT_SCHEMA = pa.schema(
    [
        (POS, pa.int64()),
        (schema.ROW, pa.int64()),
        *((name, pa.string()) for name in (schema.ID, schema.DATE, schema.END_DATE)),
        (schema.START, _TIME),
        (schema.END, _TIME),
        (schema.PRECISION, pa.string()),
        (schema.APPROXIMATE, pa.bool_()),
        (schema.UNCERTAIN, pa.bool_()),
        *(
            (name, pa.string())
            for name in _TEXT
            if name not in (schema.ID, schema.DATE, schema.END_DATE, schema.THEATRE)
        ),
        (schema.LATITUDE, pa.float64()),
        (schema.LONGITUDE, pa.float64()),
        (schema.THEATRE, pa.string()),
    ]
)
#: Columns of the pairs table: the event, the actor, and what filters read without the event.
PAIR_SCHEMA = pa.schema(
    [
        (POS, pa.int64()),
        (ACTOR, pa.string()),
        (schema.START, _TIME),
        (schema.END, _TIME),
        (schema.EVENT_TYPE, pa.string()),
        (schema.STATUS, pa.string()),
        (schema.THEATRE, pa.string()),
        (ERA, pa.bool_()),
    ]
)
ACTOR_SCHEMA = pa.schema([(name, pa.string()) for name in schema.ACTOR_COLUMNS])
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA.names)
#: What the lane chart draws of an event (markers, hover, spans, era bands): the placed events
#: and the eras are fetched with these columns only, so no description crosses for a marker.
DRAWN_COLUMNS: tuple[str, ...] = (
    POS, schema.ROW, schema.ID, schema.DATE, schema.END_DATE, schema.START, schema.END,
    schema.PRECISION, schema.APPROXIMATE, schema.UNCERTAIN, schema.TITLE, schema.ACTORS,
    schema.EVENT_TYPE, schema.STATUS, schema.SOURCE_NAME, schema.THEATRE,
)  # fmt: skip


def paths(target: Path) -> dict[str, Path]:
    """The files of a converted `x.parquet`: x.parquet, x.pairs.parquet, x.actors.parquet, and
    DuckDB's index of them, x.duckdb and the folder x.rows (see `index`)."""
    stem = target.name.removesuffix(".parquet")
    return {
        EVENTS: target,
        PAIRS: target.with_name(f"{stem}.pairs.parquet"),
        ACTORS: target.with_name(f"{stem}.actors.parquet"),
        INDEX: target.with_name(f"{stem}.duckdb"),
        ROWS: target.with_name(f"{stem}.rows"),
    }


def is_converted(path: Path) -> bool:
    """Whether `path` is the events file of the engine layout (its pairs file beside it)."""
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return metadata.get(MARK) == VERSION and paths(path)[PAIRS].exists()


def marked(table_schema: pa.Schema) -> pa.Schema:
    return table_schema.with_metadata({MARK: VERSION})


def canonical(frame: pd.DataFrame, names: tuple[str, ...] = EVENT_COLUMNS) -> pd.DataFrame:
    """Events in the layout's columns (or `names` of them) and plain dtypes, so every engine
    answers alike."""
    columns = {}
    for name in names:
        column = frame[name].reset_index(drop=True)
        if name in (schema.START, schema.END):
            columns[name] = column.astype("datetime64[ms]")
        elif name in (POS, schema.ROW):
            columns[name] = column.astype("int64")
        elif name in (schema.APPROXIMATE, schema.UNCERTAIN):
            columns[name] = column.astype("bool")
        elif name in (schema.LATITUDE, schema.LONGITUDE):
            columns[name] = column.astype("float64")
        else:
            columns[name] = column.astype("str")
    return pd.DataFrame(columns)


def from_arrow(table: pa.Table, names: tuple[str, ...] = EVENT_COLUMNS) -> pd.DataFrame:
    """A table of events fetched from an engine, in canonical form."""
    return canonical(table.to_pandas(), names)


def events_table(events: pd.DataFrame, positions: np.ndarray) -> pa.Table:
    """Validated events (as `validate` returns them) as the layout's Arrow table."""
    frame = events.assign(**{POS: positions})
    for name in _CATEGORIES:
        frame[name] = frame[name].astype("str")
    return pa.Table.from_pandas(
        frame[list(EVENT_COLUMNS)], schema=EVENT_SCHEMA, preserve_index=False
    )


def era_mask(event_type: pd.Series, end_date: pd.Series) -> np.ndarray:
    """Ranged periods: shaded behind the lanes, never placed on one (as `filters.arrange`)."""
    return ((event_type.astype("str") == schema.PERIOD) & (end_date != "")).to_numpy()


def read_dataset(path: Path):
    """A converted Parquet file as an in-memory Dataset, without validating it again."""
    from timeline.load import Dataset, Report

    files = paths(path)
    events = pq.read_table(files[EVENTS]).to_pandas()
    order = np.argsort(events[POS].to_numpy(), kind="stable")
    events = events.iloc[order].drop(columns=POS).reset_index(drop=True)
    for name in _CATEGORIES:
        events[name] = events[name].astype("category")
    pairs = pq.read_table(files[PAIRS], columns=[POS, ACTOR]).to_pandas()
    names, codes = np.unique(pairs[ACTOR].to_numpy(dtype=object), return_inverse=True)
    by_actor = np.lexsort((pairs[POS].to_numpy(), codes))
    event_actors = pd.DataFrame(
        {
            "event": pairs[POS].to_numpy()[by_actor].astype("int32"),
            "actor": pd.Categorical.from_codes(codes[by_actor], pd.Index(names, dtype="str")),
        }
    )
    registry = pq.read_table(files[ACTORS]).to_pandas().astype("str")
    empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in schema.PROBLEM_COLUMNS})
    empty["row"] = empty["row"].astype("int64")
    report = Report(str(path), "parquet", len(events), len(events), empty)
    return Dataset(events, event_actors, registry, report)
