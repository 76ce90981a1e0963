"""`timeline convert`: validate an events file batch by batch and write the engine layout.

Each batch of rows is validated by `timeline.validate` with its own spreadsheet row numbers, so
every problem names its row as a whole-file load would. Accepted events are staged as Parquet
parts; DuckDB then checks ids across batches, sorts by start out of core (within a memory
limit, spilling to disk) and writes the layout (see `layout`) to Parquet or a database.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline import schema
from timeline.actors import load_registry
from timeline.engines import batches, layout, write
from timeline.validate import empty_problems, validate

BATCH_ROWS = 200_000
STAGING_MEMORY = "1GB"  # DuckDB's limit while sorting; it spills to the staging folder beyond


@dataclass
class Conversion:
    """What happened to every row of the file."""

    name: str
    rows_read: int = 0
    rows_loaded: int = 0
    problems: int = 0
    errors: int = 0  # problems of severity error (a bad link is one that keeps its row)
    notices: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_loaded

    def summary(self) -> str:
        return (
            f"{self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_rejected} rejected ({self.problems} problems)"
        )


def convert(
    source: Path,
    target: str,
    *,
    registry: pd.DataFrame | None = None,
    report: Callable[[pd.DataFrame], None] = lambda problems: None,
    batch_rows: int = BATCH_ROWS,
    name: str | None = None,
) -> Conversion:
    """Validate `source` in batches and write it to `target` (a .parquet path or a database URL).

    `report` receives each batch's problems (schema.PROBLEM_COLUMNS) as they are found, so
    a file of ten million rows never holds all of its problems at once. Raises DataFileError
    when the file cannot be read at all, OSError/EngineError when the target cannot be written.
    """
    name = name or str(source)
    registry = load_registry() if registry is None else registry
    done = Conversion(name)
    with tempfile.TemporaryDirectory(prefix="timeline-convert-", dir=_staging_dir(target)) as tmp:
        folder = Path(tmp)
        generated: list[np.ndarray] = []
        for number, raw in enumerate(batches.raw_batches(source, name, batch_rows)):
            done.notices.extend(raw.notices)
            done.rows_read += len(raw.cells) + len(raw.rejected)
            events, pairs, problems = validate(raw, registry, name)
            if number:  # the header is checked once, with the first batch
                problems = problems[problems["row"] != 1]
            generated.append(problems.loc[problems["rule"] == "generated-id", "row"].to_numpy())
            _stage(folder, number, events, pairs)
            done.problems += len(problems)
            done.errors += int((problems["severity"] == schema.ERROR).sum())
            report(problems)
        staging = _staging(folder)
        clashes = _clashes(staging, np.concatenate([np.array([], "int64"), *generated]))
        done.problems += len(clashes)
        done.errors += int((clashes["severity"] == schema.ERROR).sum())
        report(clashes)
        write.tables(staging, target, registry)
        done.rows_loaded = staging.execute("SELECT count(*) FROM accepted").fetchone()[0]
        staging.close()
    return done


def _staging_dir(target: str) -> str | None:
    """Stage beside a Parquet target (same disk, room for its size); elsewhere in TMPDIR."""
    if "://" in target:
        return None
    folder = Path(target).resolve().parent
    if not folder.is_dir():
        raise OSError(f"no such folder: {folder}")
    return str(folder)


def _stage(folder: Path, number: int, events: pd.DataFrame, pairs: pd.DataFrame) -> None:
    """One batch's accepted events and (event row, actor) pairs as Parquet parts."""
    table = layout.events_table(events, events[schema.ROW].to_numpy())
    pq.write_table(table, folder / f"events-{number:06d}.parquet")
    rows = events[schema.ROW].to_numpy()[pairs["event"].to_numpy()]
    pair_table = pa.table(
        {schema.ROW: pa.array(rows, pa.int64()), layout.ACTOR: pairs["actor"].astype("str")}
    )
    pq.write_table(pair_table, folder / f"pairs-{number:06d}.parquet")


def _staging(folder: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{STAGING_MEMORY}'")
    connection.execute(f"SET temp_directory = '{folder / 'spill'}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    glob = str(folder / "events-*.parquet").replace("'", "''")
    pairs = str(folder / "pairs-*.parquet").replace("'", "''")
    connection.execute(f"CREATE VIEW staged AS SELECT * FROM read_parquet('{glob}')")
    connection.execute(f"CREATE VIEW staged_pairs AS SELECT * FROM read_parquet('{pairs}')")
    return connection


def _clashes(staging: duckdb.DuckDBPyConnection, generated: np.ndarray) -> pd.DataFrame:
    """Ids used in two batches: a written id is rejected again, a generated one renumbered.

    Each batch checks its own ids; this is the same rule across batches. The result defines
    the view `accepted` (staged events with final ids, rejected ones left out).
    """
    staging.register("generated_rows", pa.table({"row": pa.array(generated, pa.int64())}))
    staging.execute(
        """
        CREATE TEMP TABLE repeats AS
        SELECT row, id, first_row, row IN (SELECT row FROM generated_rows) AS generated
        FROM (SELECT row, id, min(row) OVER (PARTITION BY id) AS first_row
              FROM staged WHERE id IN (SELECT id FROM staged GROUP BY id HAVING count(*) > 1))
        WHERE row > first_row
        """
    )
    staging.execute(
        """
        CREATE VIEW accepted AS
        SELECT s.* REPLACE (CASE WHEN r.generated THEN s.id || '-row-' || s.row
                                 ELSE s.id END AS id)
        FROM staged s LEFT JOIN repeats r USING (row)
        WHERE r.row IS NULL OR r.generated
        """
    )
    found = staging.execute("SELECT row, id, first_row, generated FROM repeats ORDER BY row").df()
    if found.empty:
        return empty_problems()
    given = ~found["generated"].to_numpy(dtype=bool)
    ids = found["id"].astype("str")
    message = np.where(
        given,
        "id '" + ids + "' is already used on row " + found["first_row"].astype("str"),
        "id is empty; generated " + ids + "-row-" + found["row"].astype("str"),
    )
    return pd.DataFrame(
        {
            "row": found["row"].astype("int64"),
            "column": schema.ID,
            "value": ids,
            "rule": np.where(given, "duplicate-id", "generated-id"),
            "message": pd.Series(message, dtype="str"),
            "severity": np.where(given, schema.ERROR, schema.WARNING),
        }
    ).astype({c: "str" for c in schema.PROBLEM_COLUMNS[1:]})
