"""Datasets, engines and views shared by the engine tests (parity, threads, BigQuery)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from registry_data import REGISTRY_CSV

from timeline import engines
from timeline.actors import load_registry
from timeline.engines.convert import convert
from timeline.filters import MATCH_ALL, View

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "TIMELINE_TEST_POSTGRES_URL"


HEADER = (
    "id,date,end_date,title,description,actors,event_type,status,source_url,source_name,theatre"
)
CURATED = f"""{HEADER}
sarajevo,1914-06-28,,Assassination in Sarajevo,Archduke Franz Ferdinand is shot,Russia,incident,confirmed,https://example.org/1914,Example,Europe
war,2020-09-27,2020-11-10,Second Karabakh war,Six weeks of fighting,Armenia;Azerbaijan,period,,https://example.org/war,Example,Caucasus
restraint,2020-09-27,,Iran calls for restraint,Tehran offers to mediate,Iran,statement,confirmed,https://example.org/r,Example,Caucasus
sunday,2020-10-04,,Shelling on a Sunday,Stepanakert shelled,Azerbaijan;Armenia,military,claimed,https://example.org/s,Example,Caucasus
monday,2020-10-05,,Façade of the école hit,Ganja struck on a Monday,Armenia,military,disputed,https://example.org/m,Example,Caucasus
velayati,2020-10,,Velayati remarks,Ali Akbar Velayati on the ÉLYSÉE talks,Velayati,statement,claimed,https://example.org/v,Example,Caucasus
truce,2020-10-10~,,Moscow ceasefire,Humanitarian truce agreed in Moscow,Russia;Armenia;Azerbaijan,ceasefire,confirmed,https://example.org/t,Example,Caucasus
ganja,2020-10-11?,,Ganja strike,Azerbaijan accuses Armenia,Azerbaijan;Armenia,military,claimed,https://example.org/g,Example,Caucasus
year,2020,,Year in review,Résumé of the year for Iran,Iran;Russia;Armenia,report,,https://example.org/y,Example,
talks,2020-10-25,2020-10-26,Washington talks,Foreign ministers meet,Armenia;Azerbaijan;Iran,negotiation,confirmed,https://example.org/w,Example,Caucasus
deal,2020-11-09,,Trilateral statement,The war ends,Russia;Armenia;Azerbaijan,agreement,confirmed,https://example.org/d,Example,Caucasus
"""

CURATED_VIEWS = {
    "everything": View(),
    "one actor": View(actors=("Iran",)),
    "affiliated officials": View(actors=("Iran",), affiliates=True),
    "any of two": View(actors=("Armenia", "Russia")),
    "all of two": View(actors=("Armenia", "Azerbaijan"), match=MATCH_ALL),
    "types and status": View(types=("military", "statement"), statuses=("claimed",)),
    "theatre": View(theatre="Caucasus"),
    "dates": View(start=dt.date(2020, 10, 4), end=dt.date(2020, 10, 11)),
    "1914": View(start=dt.date(1914, 1, 1), end=dt.date(1914, 12, 31)),
    "accents and case": View(text="élysée"),
    "upper case": View(text="RÉSUMÉ"),
    "cedilla": View(text="FAÇADE"),
    "no accent folding": View(text="resume"),
    "unaccented capitals": View(text="ECOLE"),
    "any order": View(text="moscow humanitarian"),
    "description and actors": View(text="stepanakert azerbaijan"),
    "phrase": View(text='"truce agreed"'),
    "phrase reversed": View(text='"agreed truce"'),
    "words and filters": View(text="ganja", types=("military",), start=dt.date(2020, 10, 6)),
    "only quotes": View(text='""'),
    "empty": View(text="no such words"),
    "actor and text": View(actors=("Armenia",), text="ganja"),
}


def generated_views(actors: list[str]) -> dict[str, View]:
    return {
        "everything": View(),
        "busiest": View(actors=(actors[0],)),
        "quiet": View(actors=(actors[-1],)),
        "affiliates": View(actors=(actors[0],), affiliates=True),
        "all of two": View(actors=tuple(actors[:2]), match=MATCH_ALL),
        "type": View(types=("military",)),
        "year": View(start=dt.date(2010, 1, 1), end=dt.date(2010, 12, 31)),
        "text": View(text="Ceasefire"),
        "two words": View(text="border TRUCE"),
        "phrase and actor": View(actors=(actors[0],), text='"ceasefire truce"'),
        "empty": View(actors=(actors[-1],), start=dt.date(1990, 1, 1), end=dt.date(1990, 1, 2)),
    }


def write_curated(folder: Path) -> tuple[Path, Path]:
    """The curated CSV and its registry as files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "events.csv").write_text(CURATED, encoding="utf-8")
    (folder / "actors.csv").write_text(REGISTRY_CSV, encoding="utf-8")
    return folder / "events.csv", folder / "actors.csv"


def write_generated(folder: Path, rows: int = 1500) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    generate.generate(rows, folder, seed=3, actors=60)
    return folder / "events.csv", folder / "actors.csv"


def postgres_admin_url() -> str | None:
    """The test server's URL; under CI a missing server fails rather than skips."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but ${POSTGRES_ENV} is not set: .ci/run must start PostgreSQL")
    return None


def postgres_database(name: str) -> str:
    """A fresh database on the test server, its URL; skips when no server is available."""
    import psycopg

    admin = postgres_admin_url()
    if admin is None:
        pytest.skip(f"no PostgreSQL server: set ${POSTGRES_ENV} (bash .ci/run starts one)")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    base, _, _ = admin.rpartition("/")
    return f"{base}/{name}"


def open_all(source: Path, registry: Path, folder: Path, database: str, kinds) -> dict:
    """The same file on every engine asked for: memory (loaded as today), DuckDB, PostgreSQL."""
    actors = load_registry(registry)
    converted = folder / "engine.parquet"
    convert(source, str(converted), registry=actors, batch_rows=1000)
    opened = {}
    for kind in kinds:
        if kind == "memory":
            opened[kind] = engines.open(source, "memory", registry=actors)
        elif kind == "duckdb":
            opened[kind] = engines.open(converted, "duckdb")
        else:
            url = postgres_database(database)
            convert(source, url, registry=actors, batch_rows=1000)
            opened[kind] = engines.open(url)
    return opened
