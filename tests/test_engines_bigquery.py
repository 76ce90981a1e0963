"""BigQuery: the engine's queries compile to its dialect, and the SQL is kept as snapshots.

No BigQuery project is reachable from tests; the snapshots show what a BigQuery engine would run
(and what it would bill: every query filters and aggregates in the warehouse). Regenerate them
after a deliberate change with `TIMELINE_UPDATE_SNAPSHOTS=1 uv run pytest tests/test_engines_bigquery.py`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import ibis
import pytest

from timeline.engines import sql
from timeline.engines.queries import EVENTS, PAIRS
from timeline.filters import MATCH_ALL, View

SNAPSHOTS = Path(__file__).parent / "snapshots" / "bigquery"
VIEW = View(
    actors=("Iran", "Armenia"),
    types=("statement", "military"),
    start=dt.date(1914, 6, 1),
    end=dt.date(2020, 11, 10),
    text="Ceasefire",
)
ALL = View(actors=("Iran", "Armenia"), match=MATCH_ALL, theatre="Caucasus")
GROUPS = [["Iran", "Ali Akbar Velayati"], ["Armenia"]]


def queries() -> dict:
    placed = sql.placements(EVENTS, PAIRS, VIEW, GROUPS, ["Iran", "Armenia"])
    chosen = sql.in_view(EVENTS, PAIRS, VIEW, GROUPS)
    return {
        "count": sql.count(EVENTS, PAIRS, VIEW, GROUPS),
        "count_all_of": sql.count(EVENTS, PAIRS, ALL, GROUPS),
        "lane_activity": sql.lane_activity(EVENTS, PAIRS, VIEW, GROUPS),
        "placements": placed.select("pos", "actor"),
        "bucket_counts_week": sql.bucket_counts(placed, "week"),
        "table_page": chosen.order_by("pos").limit(2000),
        "activity_month": sql.activity(chosen, "M"),
        "cooccurrence": sql.together(sql.pairs_in_view(EVENTS, PAIRS, VIEW, GROUPS), ["Iran"]),
        "eras": sql.eras(EVENTS, VIEW),
    }


@pytest.mark.parametrize("name", list(queries()))
def test_bigquery_sql_matches_its_snapshot(name):
    text = ibis.to_sql(queries()[name], dialect="bigquery").strip() + "\n"
    path = SNAPSHOTS / f"{name}.sql"
    if os.environ.get("TIMELINE_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with TIMELINE_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")


def test_bigquery_sql_filters_in_the_warehouse():
    """What is billed is bounded by the filters: dates, actors and text reach BigQuery's WHERE."""
    text = ibis.to_sql(queries()["table_page"], dialect="bigquery")
    assert "TIMESTAMP('1914-06-01" in text or "1914-06-01" in text
    assert "'ceasefire'" in text and "LIMIT 2000" in text
    assert "'Ali Akbar Velayati'" in text


@pytest.mark.parametrize("dialect", ["snowflake", "trino", "postgres", "duckdb"])
def test_every_query_compiles_for_other_warehouses(dialect):
    for expression in queries().values():
        assert "SELECT" in ibis.to_sql(expression, dialect=dialect)
