"""Load an events file into a validated, typed, read-only Dataset."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from timeline import acled, schema
from timeline.actors import load_registry
from timeline.read import Source, read_table
from timeline.sources import load_sources, strength
from timeline.validate import validate

BUNDLED_EVENTS = Path(__file__).resolve().parents[2] / "data" / "events.csv"


@dataclass(frozen=True)
class Report:
    """What happened to every row of one file."""

    name: str
    format: str
    rows_read: int
    rows_loaded: int
    problems: pd.DataFrame  # schema.PROBLEM_COLUMNS
    notices: tuple[str, ...] = ()

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_loaded

    @property
    def errors(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == schema.ERROR]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == schema.WARNING]

    def summary(self) -> str:
        """`N rows read, L loaded, R rejected (P problems)`, as the CLI prints it."""
        return (
            f"{self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_rejected} rejected ({len(self.problems)} problems)"
        )


@dataclass(frozen=True)
class Dataset:
    """Validated events, the (event -> actor) index, the actor registry and the load report.

    Shared between sessions by reference: never mutate its frames; derive new ones.
    """

    events: pd.DataFrame
    event_actors: pd.DataFrame  # columns: event (position in events), actor (categorical)
    actors: pd.DataFrame  # the registry
    report: Report

    @cached_property
    def source_registry(self) -> pd.DataFrame:
        """The bundled source registry (data/sources.csv) the dataset's sources are rated by."""
        return load_sources()

    @cached_property
    def source_strength(self) -> pd.Series:
        """Each event's source strength (`schema.STRENGTHS`), indexed like `events`.

        Computed on first use and kept: a fact about the dataset, not about a view of it.
        """
        return strength(self.events, self.source_registry)


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
