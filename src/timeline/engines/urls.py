"""Database URLs: recognise them, hide their credentials, and find credentials in secrets.

A password reaches the driver only: every message, log line or page shows `mask(url)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres", "duckdb")
_URL = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def is_url(source: object) -> bool:
    """Whether `source` names a database (postgresql://…, duckdb:///…) rather than a file."""
    match = _URL.match(str(source))
    return bool(match) and _scheme(str(source)) in SCHEMES


def _scheme(url: str) -> str:
    match = _URL.match(url)
    return match["scheme"].lower().split("+")[0] if match else ""


def kind(url: str) -> str:
    """'postgres' or 'duckdb'."""
    return "duckdb" if _scheme(url) == "duckdb" else "postgres"


def mask(text: object) -> str:
    """`text` with the password of any URL in it replaced by ***."""
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", str(text))


def duckdb_path(url: str) -> str:
    """The database file of duckdb:///path/to/x.duckdb (duckdb:///:memory: is in memory)."""
    path = unquote(urlsplit(url).path)
    if path in ("", "/", "/:memory:"):
        return ":memory:"
    return path if path.startswith("/") and not path.startswith("/./") else path.lstrip("/")


def libpq(url: str) -> str:
    """A URL psycopg accepts (postgresql://), dropping a SQLAlchemy driver suffix (+psycopg)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))


def with_secrets(url: str, secrets: Mapping | None) -> str:
    """`url`, with user and password from Streamlit secrets when the URL names none.

    Secrets follow st.connection's convention: `[connections.timeline]` holding `url`, or
    `username`/`password` (and optionally host, port, database).
    """
    section = _section(secrets)
    if not section:
        return url
    if "url" in section and not url:
        return str(section["url"])
    parts = urlsplit(url)
    if "@" in parts.netloc or "username" not in section:
        return url
    user = quote(str(section["username"]), safe="")
    password = section.get("password")
    credentials = user + (f":{quote(str(password), safe='')}" if password else "")
    return urlunsplit(parts._replace(netloc=f"{credentials}@{parts.netloc}"))


def _section(secrets: Mapping | None) -> Mapping:
    if not secrets:
        return {}
    connections = secrets.get("connections", {})
    return connections.get("timeline", {}) if isinstance(connections, Mapping) else {}


def identity(source: str | Path) -> str:
    """A cache key for a source that carries no password."""
    return mask(source) if is_url(source) else str(Path(source).resolve())
