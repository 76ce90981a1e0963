"""Write the staged, accepted events as the engine layout: Parquet files, DuckDB or PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from timeline import schema
from timeline.engines import index, layout, urls

ROW_GROUP = 122_880  # DuckDB's own row group: one zone map per group of `start`
_COLUMNS = ", ".join(f'a."{name}"' for name in layout.EVENT_COLUMNS if name != layout.POS)
_EVENTS = f'SELECT p.pos, {_COLUMNS} FROM accepted a JOIN positions p USING ("row") ORDER BY p.pos'
_PAIRS = """
    SELECT p.pos, s.actor, p.start, p."end", p.event_type, p.status, p.theatre, p.era
    FROM staged_pairs s JOIN positions p USING ("row") ORDER BY s.actor, p.pos
"""


def layout_tables(staging: duckdb.DuckDBPyConnection) -> None:
    """Number the accepted events by (start, row): `pos`, with what the pairs table repeats."""
    staging.execute(
        f"""
        CREATE TEMP TABLE positions AS
        SELECT "row", row_number() OVER (ORDER BY start, "row") - 1 AS pos, start, "end",
               event_type, status, theatre,
               (event_type = '{schema.PERIOD}' AND end_date <> '') AS era
        FROM accepted
        """
    )


def tables(staging: duckdb.DuckDBPyConnection, target: str, registry: pd.DataFrame) -> None:
    """Write events, pairs and registry to `target` (a .parquet path or a database URL)."""
    layout_tables(staging)
    actors = pa.Table.from_pandas(
        registry[list(schema.ACTOR_COLUMNS)].astype("str"),
        schema=layout.ACTOR_SCHEMA,
        preserve_index=False,
    )
    if target.startswith("duckdb://"):
        _to_duckdb(staging, urls.duckdb_path(target), actors)
    elif urls.is_url(target):
        _to_postgres(staging, target, actors)
    else:
        _to_parquet(staging, Path(target), actors)


def _batches(staging: duckdb.DuckDBPyConnection, query: str, shape: pa.Schema) -> Iterator:
    reader = staging.execute(query).to_arrow_reader(ROW_GROUP)
    for batch in reader:
        yield pa.Table.from_batches([batch]).cast(shape)


def _to_parquet(staging: duckdb.DuckDBPyConnection, target: Path, actors: pa.Table) -> None:
    files = layout.paths(target)
    for name, query, shape in (
        (layout.EVENTS, _EVENTS, layout.EVENT_SCHEMA),
        (layout.PAIRS, _PAIRS, layout.PAIR_SCHEMA),
    ):
        partial = files[name].with_name(files[name].name + ".partial")
        with pq.ParquetWriter(partial, layout.marked(shape)) as writer:
            for table in _batches(staging, query, shape):
                writer.write_table(table, row_group_size=ROW_GROUP)
        partial.replace(files[name])  # a reader never sees half a file
    pq.write_table(
        actors.replace_schema_metadata(layout.marked(actors.schema).metadata), files[layout.ACTORS]
    )
    index.build(target)  # DuckDB's own copy of what its questions read (see `index`)


def _to_duckdb(staging: duckdb.DuckDBPyConnection, path: str, actors: pa.Table) -> None:
    quoted = path.replace("'", "''")
    staging.execute(f"ATTACH '{quoted}' AS target")
    try:
        staging.execute(f"CREATE OR REPLACE TABLE target.{layout.EVENTS} AS {_EVENTS}")
        staging.execute(f"CREATE OR REPLACE TABLE target.{layout.PAIRS} AS {_PAIRS}")
        staging.register("registry_table", actors)
        staging.execute(
            f"CREATE OR REPLACE TABLE target.{layout.ACTORS} AS SELECT * FROM registry_table"
        )
    finally:
        staging.execute("DETACH target")


_PG_TYPES = {
    pa.int64(): "bigint",
    pa.string(): "text",
    pa.timestamp("ms"): "timestamp",
    pa.bool_(): "boolean",
    pa.float64(): "double precision",
}


def _ddl(name: str, shape: pa.Schema) -> str:
    columns = ", ".join(f'"{field.name}" {_PG_TYPES[field.type]}' for field in shape)
    return f"CREATE TABLE {name} ({columns})"


def _to_postgres(staging: duckdb.DuckDBPyConnection, url: str, actors: pa.Table) -> None:
    """Replace the three tables in one transaction, loaded with COPY (CSV) batch by batch."""
    import psycopg

    with psycopg.connect(urls.libpq(url)) as connection, connection.cursor() as cursor:
        for name in (layout.PAIRS, layout.EVENTS, layout.ACTORS):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        tables = (
            (layout.EVENTS, _batches(staging, _EVENTS, layout.EVENT_SCHEMA), layout.EVENT_SCHEMA),
            (layout.PAIRS, _batches(staging, _PAIRS, layout.PAIR_SCHEMA), layout.PAIR_SCHEMA),
            (layout.ACTORS, iter([actors]), layout.ACTOR_SCHEMA),
        )
        for name, parts, shape in tables:
            cursor.execute(_ddl(name, shape))
            columns = ", ".join(f'"{field}"' for field in shape.names)
            with cursor.copy(f"COPY {name} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                for table in parts:
                    copy.write(_csv(table))
        cursor.execute(f"ALTER TABLE {layout.EVENTS} ADD PRIMARY KEY (pos)")
        cursor.execute(f"CREATE INDEX ON {layout.EVENTS} (start)")
        cursor.execute(f"CREATE INDEX ON {layout.PAIRS} (actor, pos)")
        cursor.execute(f"CREATE INDEX ON {layout.PAIRS} (pos)")
        cursor.execute(f"ANALYZE {layout.EVENTS}")
        cursor.execute(f"ANALYZE {layout.PAIRS}")


def _csv(table: pa.Table) -> bytes:
    """CSV for COPY: every value quoted, so "" is an empty text and an unquoted gap is NULL."""
    out = io.BytesIO()
    options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    pacsv.write_csv(table, out, options)
    return out.getvalue()
