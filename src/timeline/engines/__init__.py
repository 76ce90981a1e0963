"""Engines: the same questions about a view answered in memory, by DuckDB or by PostgreSQL.

    engine = engines.open(source, engine=None)   # once per process (st.cache_resource)
    session = engine.session()                   # once per analyst's session
    session.timeline(view).figure(eras=session.eras(view))

`source` is an events file (CSV, XLSX, Parquet), a converted Parquet file (`timeline convert`)
or a database URL (postgresql://…, duckdb:///path.duckdb). See docs/scaling.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pyarrow.parquet as pq

from timeline.engines import layout, urls
from timeline.engines.base import Engine, EngineError, Page, Session, Timeline

ENGINES = ("memory", "duckdb")
#: A converted Parquet file of at least this many events is served by DuckDB unless told.
AUTO_DUCKDB_ROWS = 500_000

__all__ = [
    "AUTO_DUCKDB_ROWS",
    "ENGINES",
    "Engine",
    "EngineError",
    "Page",
    "Session",
    "Timeline",
    "choose",
    "in_memory",
    "open",
    "requested",
]


def requested(argv: list[str], environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(source, engine) the page was started with: `--data`/$TIMELINE_DATA (a file or a
    database URL) and `--engine`/$TIMELINE_ENGINE; None where not given."""
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    parser.add_argument("--engine")
    arguments, _ = parser.parse_known_args(argv)
    source = arguments.data or environ.get("TIMELINE_DATA") or None
    engine = arguments.engine or environ.get("TIMELINE_ENGINE") or None
    return source, engine


def in_memory(dataset, key: str) -> Engine:
    """An already loaded Dataset (an analyst's upload) behind the same interface; `key` names
    it in the shared result cache (e.g. the upload's name and a hash of its bytes)."""
    from timeline.engines.memory import MemoryEngine

    return MemoryEngine(dataset, key)


def choose(source: str | Path, engine: str | None = None) -> str:
    """Which engine serves `source`: 'postgres' or 'duckdb' for a URL; for a file, `engine`,
    else $TIMELINE_ENGINE, else DuckDB for a converted file of AUTO_DUCKDB_ROWS events or more,
    else memory. A file that is not converted is always loaded in memory (DuckDB needs the layout).
    """
    if urls.is_url(source):
        return urls.kind(str(source))
    engine = (engine or os.environ.get("TIMELINE_ENGINE", "")).strip().lower() or None
    if engine not in (None, *ENGINES):
        raise EngineError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    path = Path(source)
    converted = path.suffix == ".parquet" and layout.is_converted(path)
    if engine == "duckdb" and not converted:
        raise EngineError(
            f"{path}: DuckDB serves files converted with `timeline convert {path.name} "
            "OUT.parquet`; convert it first, or use --engine memory"
        )
    if engine:
        return engine
    if converted and pq.ParquetFile(path).metadata.num_rows >= AUTO_DUCKDB_ROWS:
        return "duckdb"
    return "memory"


def open(
    source: str | Path,
    engine: str | None = None,
    *,
    secrets: Mapping | None = None,
    registry=None,
) -> Engine:
    """Open `source` with the engine `choose` picks; raise EngineError (credentials masked)."""
    if urls.is_url(source):
        url = urls.with_secrets(str(source), secrets)
        key = urls.identity(url)
        kind = urls.kind(url)
        try:
            if kind == "duckdb":
                from timeline.engines.database import DuckDBEngine

                return DuckDBEngine(url, key)
            from timeline.engines.database import PostgresEngine

            return PostgresEngine(url, key)
        except EngineError:
            raise
        except Exception as error:
            raise EngineError(f"{urls.mask(url)}: cannot be opened ({urls.mask(error)})") from None
    path = Path(source)
    kind = choose(path, engine)
    stat = path.stat()
    key = f"{urls.identity(path)}@{stat.st_mtime_ns}:{stat.st_size}"
    if kind == "duckdb":
        from timeline.engines.database import DuckDBEngine

        return DuckDBEngine(path, key)
    from timeline.engines.memory import MemoryEngine
    from timeline.load import load

    if path.suffix == ".parquet" and layout.is_converted(path):
        return MemoryEngine(layout.read_dataset(path), key)
    return MemoryEngine(load(path, name=str(path), registry=registry), key)
