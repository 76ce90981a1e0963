"""The source registry: which outlet each cited domain is, and what kind of source it is."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from timeline import schema
from timeline.read import DataFileError, Source, read_table

BUNDLED_SOURCES = Path(__file__).resolve().parents[3] / "data" / "sources.csv"

# A registry domain is a bare host name: labels of letters (any script), digits and hyphens.
_DOMAIN = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*$")


def load_sources(source: Source | None = None, *, name: str | None = None) -> pd.DataFrame:
    """Read a source registry; the bundled `data/sources.csv` when no source is given.

    Domains are stored lowercased without `www.` or a trailing dot. A malformed registry raises
    DataFileError listing every problem by file, row and column.
    """
    if source is None:
        if not BUNDLED_SOURCES.exists():
            return empty_sources()
        source = BUNDLED_SOURCES
    name = name or str(source)
    table = read_table(source, name)
    required = (schema.SOURCE_DOMAIN, schema.SOURCE_OUTLET, schema.SOURCE_KIND)
    missing = [column for column in required if column not in table.cells]
    if missing:
        raise DataFileError(f"{name}: row 1: missing column(s) {', '.join(missing)}")
    registry = table.cells.reindex(columns=list(schema.SOURCE_COLUMNS), fill_value="")
    registry = registry.apply(lambda column: column.str.strip())
    registry[schema.SOURCE_DOMAIN] = normalise_hosts(registry[schema.SOURCE_DOMAIN])
    problems = _problems(registry, table.rows, name)
    if problems:
        raise DataFileError("\n".join(problems))
    return registry.reset_index(drop=True)


def _problems(registry: pd.DataFrame, rows, name: str) -> list[str]:
    problems = []
    kinds = ", ".join(schema.SOURCE_KINDS)
    for position, row in zip(registry.index, rows, strict=True):
        domain, outlet, kind = (
            registry.at[position, column]
            for column in (schema.SOURCE_DOMAIN, schema.SOURCE_OUTLET, schema.SOURCE_KIND)
        )
        if not domain:
            problems.append(f"{name}:{row}: domain: empty")
        elif not _DOMAIN.match(domain):
            problems.append(
                f"{name}:{row}: domain: '{domain}' is not a host name "
                "(write it without scheme, path or port, e.g. reuters.com)"
            )
        if not outlet:
            problems.append(f"{name}:{row}: name: empty")
        if kind not in schema.SOURCE_KINDS:
            problems.append(f"{name}:{row}: kind: '{kind}' is not one of {kinds}")
    domains = registry[schema.SOURCE_DOMAIN]
    repeated = (domains.duplicated() & (domains != "")).to_numpy()
    problems += [
        f"{name}:{row}: domain: '{domain}' is listed twice"
        for domain, row in zip(domains[repeated], rows[repeated], strict=True)
    ]
    return problems


def empty_sources() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in schema.SOURCE_COLUMNS})


def normalise_hosts(hosts: pd.Series) -> pd.Series:
    """Hosts compared the way the registry stores them: lowercase, no `www.`, no trailing dot."""
    return hosts.str.lower().str.rstrip(".").str.replace(r"^www\.", "", regex=True).astype("str")


def normalise_host(host: str) -> str:
    """One host as `normalise_hosts` writes it."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def registered_domain(hosts: pd.Series, registry: pd.DataFrame) -> pd.Series:
    """The registry domain each host falls under (`uk.reuters.com` -> `reuters.com`), else "".

    The most specific entry wins (`press.un.org` before `un.org`). Looked up once per distinct
    host, so a million citations of a few thousand hosts cost a few thousand lookups.
    """
    known = set(registry[schema.SOURCE_DOMAIN])
    found = {host: domain_of(normalise_host(host), known) for host in pd.unique(hosts)}
    return hosts.map(found).astype("str")


def domain_of(host: str, known: set[str]) -> str:
    """The longest registered suffix of a normalised host, by whole labels; "" when none."""
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in known:
            return candidate
    return ""
