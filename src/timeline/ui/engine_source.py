"""Which engine serves the page: a database or a big converted Parquet file, or memory as today.

`--data`/$TIMELINE_DATA names a file or a database URL (else the secrets' `[connections.timeline]
url`), `--engine`/$TIMELINE_ENGINE how a Parquet file is served (`engines.choose`). A source
served in memory gets today's page (`ui.source`); any other is opened once per process and shared
(never mutated), and each browser session gets its own `Session` of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from timeline import engines, safe
from timeline.engines import urls

_SESSION = "engine_session"  # (engine key, Session) of this browser session


@dataclass(frozen=True)
class Served:
    """A source served by an engine: its name as the page shows it, the engine, the session."""

    name: str  # file name, or the URL with its password masked
    engine: str  # 'duckdb' or 'postgres'
    rows: int
    session: engines.Session


def secrets() -> Mapping:
    """Streamlit's secrets (`.streamlit/secrets.toml`), or none when there is no such file."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # also a secrets file that cannot be parsed: there are none then
        return {}


def requested_source(given: Mapping) -> tuple[str | None, str | None]:
    """(source, engine) asked for: the command line, the environment, else the secrets' URL."""
    source, engine = engines.requested(sys.argv[1:], os.environ)
    if source is None:
        connections = given.get("connections", {})
        section = connections.get("timeline", {}) if isinstance(connections, Mapping) else {}
        source = str(section["url"]) if isinstance(section, Mapping) and "url" in section else None
    return source, engine


def served_by_engine() -> Served | None:
    """The engine serving this page, or None when the data is loaded in memory (today's page).

    Stops the page with one clear message (credentials masked) when the source cannot be served.
    """
    given = secrets()
    source, engine = requested_source(given)
    if source is not None and "://" in source and not urls.is_url(source):
        stop(
            source,
            engines.EngineError(
                f"{urls.mask(source)}: not a database URL the dashboard reads (postgresql://…, "
                "duckdb:///path.duckdb), nor a file"
            ),
        )
    if source is None or (not urls.is_url(source) and not Path(source).is_file()):
        return None  # the bundled data, or a missing file: the in-memory page says which
    name = urls.mask(source) if urls.is_url(source) else Path(source).name
    try:
        kind = _chosen(source, engine or "", _version(source))
        if kind == "memory":
            return None
        opening = f"Opening {safe.markdown(name)} …"
        if kind == "duckdb" and not urls.is_url(source):
            opening += " (its index is built first if it is missing or older than the file)"
        with st.spinner(opening):
            shared = _shared_engine(source, kind, _version(source), given)
        return Served(name, kind, shared.rows, _own_session(shared))
    except Exception as error:  # any driver's error: named, masked
        stop(name, error)
        raise  # unreachable: stop() ends the run


def stop(name: str, error: BaseException) -> None:
    """End the run with one message naming the source; no password, no traceback."""
    if isinstance(error, engines.EngineError):  # its message names the source already
        said = urls.mask(error)
    else:
        said = f"{urls.mask(name)}: {urls.mask(_reason(error))}"
    st.error(f"**The data cannot be served.** {safe.markdown(said)}")
    st.stop()


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _version(source: str) -> tuple[int, int]:
    """A file's modification time and size, so a changed file is opened anew; (0, 0) for a URL."""
    if urls.is_url(source):
        return 0, 0
    stat = Path(source).stat()
    return stat.st_mtime_ns, stat.st_size


@st.cache_data(show_spinner=False, max_entries=16)
def _chosen(source: str, engine: str, version: tuple[int, int]) -> str:
    """`engines.choose`, read once per file version (it reads the Parquet footer)."""
    del version  # part of the cache key only
    return engines.choose(source, engine or None)


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared_engine(
    source: str, kind: str, version: tuple[int, int], _secrets: Mapping
) -> engines.Engine:
    """One engine per source (and file version) for every session: never mutate it.

    Secrets are not part of the key (`_`): they never reach a cache key or a log line.
    """
    del version
    return engines.open(source, "duckdb" if kind == "duckdb" else None, secrets=_secrets)


def _own_session(shared: engines.Engine) -> engines.Session:
    """This browser session's Session of `shared`, made on its first run (or a new engine)."""
    kept = st.session_state.get(_SESSION)
    if kept and kept[0] == shared.key:
        return kept[1]
    if kept:
        kept[1].close()
    session = shared.session()
    st.session_state[_SESSION] = (shared.key, session)
    return session
