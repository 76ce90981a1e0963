"""DuckDB's own index of a converted Parquet file: narrow tables and row-addressable events.

Reading Parquet decodes whole row groups, so every DuckDB question over the layout's files
re-read and decoded the pairs (16 million rows at 1e7 events) and fetching a few thousand
scattered events decoded every group of the wide file. Beside `x.parquet`, `timeline convert`
therefore also writes (and `DuckDBEngine` rebuilds when missing or stale):

- `x.duckdb`: DuckDB's compressed native storage, read out of core through its buffer pool:
  `narrow` (one row per event: what filters, lanes and buckets read, the event's actor codes
  as a list and, for the 63 busiest actors, as bits of `mask`), `by_actor` (the same rows
  once per actor, sorted by actor code, so one actor's events are contiguous), `eras` (the
  shaded periods with the columns drawn), `actor_codes`, and `stamp` (the Parquet files it
  reflects);
- `x.rows/` (read by `rows`): every event as one line of JSON, in `pos` order, and each
  line's byte offset, so an event's row is one read of its own bytes: neither its neighbours
  are decoded (Parquet, DuckDB's storage) nor whole pages mapped around it (a memory-mapped
  Arrow file put 1 GB of page cache into the process's resident set for one table page).
- `x.duckdb` also keeps integer codes of event types, statuses and theatres (`value_codes`),
  so a view's filters compare integers, and every event's searchable text folded as the page
  folds it (`texts`, by `pos`: `search.folded_text`), so a search is a scan of one column
  with the same answers as in memory.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from timeline import schema, search
from timeline.engines import layout

TABLES_VERSION = "5"  # 5: `texts`; of x.duckdb's tables; a change rebuilds them at the next open
ROWS_VERSION = "2"  # of x.rows/
BUILD_MEMORY = "1GB"  # DuckDB's limit while building; it spills to a temporary folder beyond
EVENT_CHUNK = 1_000_000  # events whose actor lists are gathered at once (bounds the memory)
ACTOR_CHUNK = 2_000_000  # pairs copied into `by_actor` at once
TEXT_CHUNK = 245_760  # events folded at once: two of DuckDB's row groups (bounds the memory)
_SCAN = 1 << 26  # bytes of the rows file searched for line ends at once
_TIMES = (schema.START, schema.END)  # written as epoch milliseconds (see `rows`)

_ERA = f"(e.event_type = '{schema.PERIOD}' AND e.end_date <> '')"
_NARROW_COLUMNS = f"""
    e.pos::INTEGER AS pos, e."start", e."end",
    (epoch_ms(e."start") // 86400000)::INTEGER AS day,
    ((year(e."start") - 1970) * 12 + month(e."start") - 1)::INTEGER AS month,
    e.event_type, e.status, e.theatre, e."precision",
    {_ERA} AS era
"""
MASK_BITS = 63  # the busiest actors each get a bit of an event's `mask` (a signed BIGINT)
CODED = (schema.EVENT_TYPE, schema.STATUS, schema.THEATRE)  # filtered on as small integers


def stamp(path: Path, version: str) -> str:
    """What identifies a version of the layout's files: sizes and modification times."""
    files = layout.paths(path)
    parts = [version]
    for name in (layout.EVENTS, layout.PAIRS):
        found = files[name].stat()
        parts.append(f"{found.st_size}:{found.st_mtime_ns}")
    return "/".join(parts)


def _written(path: Path, name: str) -> str | None:
    """The stamp an index file was written with (None: missing or unreadable)."""
    target = layout.paths(path)[name]
    try:
        if name == layout.ROWS:
            return (target / "stamp").read_text(encoding="utf-8")
        if not target.exists():
            return None
        with duckdb.connect(str(target), read_only=True) as connection:
            found = connection.execute("SELECT stamp FROM stamp").fetchone()
        return found[0] if found else None
    except (duckdb.Error, OSError):
        return None


def stale(path: Path) -> list[str]:
    """The index files beside `path` that are missing or older than the Parquet files."""
    versions = {layout.ROWS: ROWS_VERSION, layout.INDEX: TABLES_VERSION}
    return [
        name for name, version in versions.items() if _written(path, name) != stamp(path, version)
    ]


def current(path: Path) -> bool:
    """Whether the index beside `path` exists and reflects the Parquet files as they are now."""
    return not stale(path)


def ensure(path: Path) -> float:
    """Build what is stale of the index beside `path`; the seconds it took (0: nothing)."""
    names = stale(path)
    if not names:
        return 0.0
    started = time.perf_counter()
    build(path, names)
    return time.perf_counter() - started


def build(path: Path, names: list[str] | None = None) -> None:
    """Write `x.rows/` and `x.duckdb` (or those `names`) from the converted files."""
    files = layout.paths(path)
    writers = {
        layout.ROWS: (_write_rows, ROWS_VERSION),
        layout.INDEX: (_write_tables, TABLES_VERSION),
    }
    for name in names or list(writers):
        write, version = writers[name]
        partial = files[name].with_name(files[name].name + ".partial")
        _remove(partial)
        write(files, partial, stamp(path, version))
        old = files[name].with_name(files[name].name + ".old")
        _remove(old)
        if files[name].exists():
            files[name].rename(old)
        partial.rename(files[name])  # a reader finds the whole new file or none
        _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _write_rows(files: dict[str, Path], target: Path, version: str) -> None:
    """The events as JSON lines in `pos` order (DuckDB writes them), and each line's offset."""
    target.mkdir()
    lines = target / "events.ndjson"
    columns = ", ".join(
        f'epoch_ms("{name}") AS "{name}"' if name in _TIMES else f'"{name}"'
        for name in layout.EVENT_COLUMNS
    )
    with duckdb.connect() as connection:
        connection.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
        connection.execute("SET enable_progress_bar = false")
        connection.execute(
            f"COPY (SELECT {columns} FROM read_parquet('{_quoted(files[layout.EVENTS])}') "
            f"ORDER BY pos) TO '{_quoted(lines)}' (FORMAT json)"
        )
    ends = []
    with open(lines, "rb") as source:
        done = 0
        while block := source.read(_SCAN):
            ends.append(np.flatnonzero(np.frombuffer(block, dtype="uint8") == 10) + done + 1)
            done += len(block)
    offsets = np.concatenate([np.zeros(1, dtype="int64"), *ends]).astype("<i8")
    offsets.tofile(target / "offsets.bin")
    (target / "stamp").write_text(version, encoding="utf-8")


def _write_tables(files: dict[str, Path], target: Path, version: str) -> None:
    events = _quoted(files[layout.EVENTS])
    pairs = _quoted(files[layout.PAIRS])
    connection = duckdb.connect(str(target))
    try:
        spill = target.with_name(target.name + ".spill")
        connection.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
        connection.execute(f"SET temp_directory = '{_quoted(spill)}'")
        connection.execute("SET enable_progress_bar = false")
        connection.execute(
            f"""CREATE TABLE actor_codes AS
            SELECT actor, (row_number() OVER (ORDER BY actor) - 1)::SMALLINT AS code, n,
                   CASE WHEN rank < {MASK_BITS} THEN rank END AS bit
            FROM (SELECT actor, count(*) AS n,
                         row_number() OVER (ORDER BY count(*) DESC, actor) - 1 AS rank
                  FROM read_parquet('{pairs}') GROUP BY actor)"""
        )
        connection.execute(
            f"""CREATE TEMP TABLE coded AS
            SELECT p.pos::INTEGER AS pos, c.code, c.bit FROM read_parquet('{pairs}') p
            JOIN actor_codes c USING (actor) ORDER BY p.pos"""
        )
        total = connection.execute(f"SELECT count(*) FROM read_parquet('{events}')").fetchone()[0]
        _value_codes(connection, events)
        _narrow(connection, events, total)
        _by_actor(connection)
        _texts(connection, files[layout.EVENTS])
        drawn = ", ".join(f'"{name}"' for name in layout.DRAWN_COLUMNS)
        connection.execute(
            f"""CREATE TABLE eras AS SELECT {drawn} FROM read_parquet('{events}')
            WHERE event_type = '{schema.PERIOD}' AND end_date <> '' ORDER BY pos"""
        )
        connection.execute("CREATE TABLE stamp AS SELECT ? AS stamp", [version])
        connection.execute("CHECKPOINT")
    finally:
        connection.close()


def _value_codes(connection: duckdb.DuckDBPyConnection, events: str) -> None:
    """A small integer per event type, status and theatre: filters compare integers."""
    parts = " UNION ALL ".join(
        f"SELECT DISTINCT '{name}' AS name, \"{name}\" AS value FROM read_parquet('{events}') "
        f'WHERE "{name}" IS NOT NULL'
        for name in CODED
    )
    connection.execute(
        f"""CREATE TABLE value_codes AS SELECT name, value,
        (row_number() OVER (PARTITION BY name ORDER BY value) - 1)::INTEGER AS code
        FROM ({parts})"""
    )


def _coded(connection: duckdb.DuckDBPyConnection) -> str:
    """Narrow columns `event_type_code`, … from the values' codes (a list lookup per row)."""
    found = []
    for name in CODED:
        values = connection.execute(
            "SELECT value FROM value_codes WHERE name = ? ORDER BY code", [name]
        ).fetchall()
        listed = ", ".join("'" + value.replace("'", "''") + "'" for (value,) in values)
        found.append(f'(list_position([{listed}]::VARCHAR[], e."{name}") - 1)::INTEGER '
                     f"AS {name}_code")  # fmt: skip
    return ", ".join(found)


def _narrow(connection: duckdb.DuckDBPyConnection, events: str, total: int) -> None:
    """One row per event, in `pos` order; actor lists gathered a chunk of events at a time."""
    coded = _coded(connection)
    for low in range(0, max(total, 1), EVENT_CHUNK):
        high = low + EVENT_CHUNK
        query = f"""
            SELECT {_NARROW_COLUMNS}, {coded},
                   NOT ({_ERA}) AND c.codes IS NOT NULL AS placed,
                   coalesce(c.mask, 0) AS mask, coalesce(c.codes, []::SMALLINT[]) AS codes
            FROM read_parquet('{events}') e
            LEFT JOIN (SELECT pos, list(code ORDER BY code) AS codes,
                              bit_or(coalesce(1::BIGINT << bit, 0)) AS mask
                       FROM coded WHERE pos >= {low} AND pos < {high} GROUP BY pos) c
                   ON c.pos = e.pos
            WHERE e.pos >= {low} AND e.pos < {high} ORDER BY e.pos
        """
        if low == 0:
            connection.execute(f"CREATE TABLE narrow AS {query}")
        else:
            connection.execute(f"INSERT INTO narrow {query}")


def _by_actor(connection: duckdb.DuckDBPyConnection) -> None:
    """The narrow rows once per actor, sorted by (actor code, pos); a few actors at a time."""
    counts = connection.execute("SELECT code, count(*) FROM coded GROUP BY code ORDER BY code")
    chunks, rows = [[]], 0
    for code, n in counts.fetchall():
        if chunks[-1] and rows + n > ACTOR_CHUNK:
            chunks.append([])
            rows = 0
        chunks[-1].append(int(code))
        rows += n
    connection.execute(
        "CREATE TABLE by_actor AS SELECT 0::SMALLINT AS actor, * FROM narrow WHERE false"
    )
    for chunk in chunks:
        if not chunk:
            continue
        connection.execute(
            f"""INSERT INTO by_actor
            SELECT c.code AS actor, n.* FROM coded c JOIN narrow n USING (pos)
            WHERE c.code BETWEEN {chunk[0]} AND {chunk[-1]} ORDER BY c.code, n.pos"""
        )


def _texts(connection: duckdb.DuckDBPyConnection, events: Path) -> None:
    """Each event's searchable text, folded by the page's own function, in `pos` order."""
    connection.execute("CREATE TABLE texts (pos INTEGER, text VARCHAR)")
    source = pq.ParquetFile(events)
    for batch in source.iter_batches(TEXT_CHUNK, columns=[layout.POS, *search.COLUMNS]):
        chunk = pa.table(
            {
                "pos": batch.column(layout.POS).cast(pa.int32()),
                "text": search.folded_text(batch.to_pandas()),
            }
        )
        connection.register("timeline_text_chunk", chunk)
        # The converted file is written in `pos` order, so the table is too.
        connection.execute("INSERT INTO texts SELECT pos, text FROM timeline_text_chunk")
        connection.unregister("timeline_text_chunk")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
