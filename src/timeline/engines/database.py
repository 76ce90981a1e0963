"""The SQL engines: DuckDB over the layout's Parquet files (or a DuckDB file) and PostgreSQL.

One connection per process is shared: DuckDB hands each session its own cursor (a DuckDB
connection is not thread-safe, its cursors are); PostgreSQL sessions borrow a connection from a
pool of at most POOL_SIZE for each query (a psycopg connection runs one query at a time).
Queries are Ibis expressions (`sql`), except a rerun's questions on a converted Parquet file,
which DuckDB answers from its index of it (`index`, `fast`).
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import duckdb

from timeline.engines import index, layout, urls
from timeline.engines.base import Engine, EngineError, Session
from timeline.engines.fast import FastSession
from timeline.engines.rows import Rows

DUCKDB_THREADS = 2
DUCKDB_MEMORY = "320MB"  # DuckDB's buffer pool; out-of-core work spills beyond it
POOL_SIZE = 8


class DuckDBEngine(Engine):
    """DuckDB over the converted Parquet files and its index of them, or over a .duckdb file.

    Opening a converted file whose index is missing or stale builds the index first
    (`index_seconds` says how long that took; `timeline convert` writes it, so usually 0).
    """

    name = "duckdb"

    def __init__(self, source: str | Path, key: str) -> None:
        spill = tempfile.mkdtemp(prefix="timeline-duckdb-")
        # Removed on close, or when the engine is collected unclosed (quietly: not an error).
        self._spill = weakref.finalize(self, shutil.rmtree, spill, True)
        self.connection = duckdb.connect(
            config={
                "threads": DUCKDB_THREADS,
                "memory_limit": DUCKDB_MEMORY,
                "temp_directory": spill,
            }
        )
        self.connection.execute("SET enable_progress_bar = false")
        self.shared: Shared | None = None
        self.index_seconds = 0.0
        if urls.is_url(source):
            path = urls.duckdb_path(str(source)).replace("'", "''")
            self.connection.execute(f"ATTACH '{path}' AS data (READ_ONLY)")
            for name in (layout.EVENTS, layout.PAIRS, layout.ACTORS):
                self.connection.execute(f"CREATE VIEW {name} AS SELECT * FROM data.{name}")
        else:
            files = layout.paths(Path(source))
            self.index_seconds = index.ensure(Path(source))
            self.connection.execute("SET parquet_metadata_cache = true")
            for name in (layout.EVENTS, layout.PAIRS, layout.ACTORS):
                quoted = str(files[name]).replace("'", "''")
                self.connection.execute(
                    f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{quoted}')"
                )
            quoted = str(files[layout.INDEX]).replace("'", "''")
            self.connection.execute(f"ATTACH '{quoted}' AS timeline_index (READ_ONLY)")
            for name in ("narrow", "by_actor", "eras", "texts"):
                self.connection.execute(
                    f"CREATE VIEW {name} AS SELECT * FROM timeline_index.{name}"
                )
            self.shared = Shared(self.connection, Rows(files[layout.ROWS]))
        self._lock = threading.Lock()
        rows = self.connection.execute(f"SELECT count(*) FROM {layout.EVENTS}").fetchone()[0]
        super().__init__(key, rows)

    def session(self) -> Session:
        with self._lock:  # cursor() on the shared connection is itself not thread-safe
            cursor = self.connection.cursor()
        if self.shared is not None:
            return FastSession(cursor, self.key, shared=self.shared)
        import ibis  # imported here: a converted Parquet file's sessions rarely need it

        from timeline.engines.queries import SqlSession

        backend = ibis.duckdb.from_connection(cursor)
        return SqlSession(backend, self.key, close=cursor.close, scratch=True)

    def close(self) -> None:
        self.connection.close()
        self._spill()


class Shared:
    """What every session of one DuckDB engine shares: actor codes, the rows file, and the
    answers that are the same for every session (the first view, a theatre's eras)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, rows: Rows) -> None:
        found = connection.execute(
            "SELECT actor, code, bit FROM timeline_index.actor_codes ORDER BY code"
        ).fetchall()
        self.names = [name for name, _, _ in found]
        self.codes = {name: int(code) for name, code, _ in found}
        self.bits = {int(code): bit for _, code, bit in found if bit is not None}
        self.values: dict[str, dict[str, int]] = {name: {} for name in index.CODED}
        for name, value, code in connection.execute(
            "SELECT name, value, code FROM timeline_index.value_codes"
        ).fetchall():
            self.values[name][value] = int(code)  # column -> value -> code
        self.rows = rows
        self._answers: dict = {}
        self._lock = threading.Lock()

    def any_of(self, codes: list[int]) -> str:
        """SQL: the event (a row of the index) names one of these actors. The busiest actors
        have a bit in each event's `mask`, a test far cheaper than looking through its list."""
        if all(code in self.bits for code in codes):
            mask = sum(1 << self.bits[code] for code in codes)
            return f"(mask & {mask}::BIGINT) <> 0"
        listed = ", ".join(str(int(code)) for code in codes) or "NULL"
        return f"len(list_filter(codes, lambda c: c IN ({listed}))) > 0"

    def memo(self, key, compute):
        """The answer for `key`, computed once for the life of the engine (never mutate it)."""
        with self._lock:
            if key in self._answers:
                return self._answers[key]
        value = compute()  # outside the lock, as the result cache does
        with self._lock:
            return self._answers.setdefault(key, value)


class PostgresEngine(Engine):
    """A PostgreSQL database holding the layout's tables (`timeline convert IN postgresql://…`)."""

    name = "postgres"

    def __init__(self, url: str, key: str) -> None:
        self._url = urls.libpq(url)
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._open = 0
        self._lock = threading.Lock()
        backend = self._connect()
        try:
            rows = backend.to_pyarrow(backend.table(layout.EVENTS).count()).as_py()
        except Exception as error:
            backend.disconnect()
            raise EngineError(
                f"{urls.mask(url)}: has no readable timeline tables ({error})"
            ) from None
        self._idle.put(backend)
        super().__init__(key, int(rows))

    def _connect(self):
        import ibis

        try:
            backend = ibis.connect(self._url)
        except Exception as error:  # the driver's message may quote the URL: mask it
            raise EngineError(
                f"cannot connect to {urls.mask(self._url)}: {urls.mask(error)}"
            ) from None
        with self._lock:
            self._open += 1
        return backend

    def session(self) -> Session:
        """A session borrowing a pooled connection for each query, so no session holds one."""
        from timeline.engines.queries import SqlSession

        return SqlSession(_Pooled(self), self.key, close=lambda: None)

    def _borrow(self):
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                room = self._open < POOL_SIZE
            return self._connect() if room else self._idle.get()  # wait for one to come back

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().disconnect()
            except queue.Empty:
                return


class _Pooled:
    """What a session needs of an Ibis backend, on a connection borrowed from the pool."""

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    def to_pyarrow(self, expr):
        backend = self._engine._borrow()
        try:
            return backend.to_pyarrow(expr)
        finally:
            self._engine._idle.put(backend)
