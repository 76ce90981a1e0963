"""Load an events file into a validated, typed, read-only Dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from timeline import acled
from timeline.actors import load_registry
from timeline.dataset import Dataset, Report
from timeline.read import Source, read_table
from timeline.validate import validate

BUNDLED_EVENTS = Path(__file__).resolve().parents[2] / "data" / "events.csv"


def load(
    source: Source,
    *,
    name: str | None = None,
    registry: pd.DataFrame | None = None,
) -> Dataset:
    """Read, validate and type an events file (CSV, XLSX or Parquet, told apart by content).

    An ACLED export is recognised by its columns and mapped to the event format first.

    Raises DataFileError when the file cannot be read at all; otherwise every row is either
    loaded or rejected with its problems in `report`.
    """
    name = name or _name_of(source)
    table = acled.to_contract(read_table(source, name), name)
    registry = load_registry() if registry is None else registry
    events, event_actors, problems = validate(table, registry, name)
    report = Report(
        name=name,
        format=table.format,
        rows_read=len(table.cells) + len(table.rejected),
        rows_loaded=len(events),
        problems=problems,
        notices=table.notices,
    )
    return Dataset(events, event_actors, registry, report)


def _name_of(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return str(source)
    return getattr(source, "name", None) or "<uploaded file>"
