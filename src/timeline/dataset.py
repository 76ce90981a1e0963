"""A loaded dataset and its load report, with the facts about it computed once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline import links as event_links
from timeline import schema, search
from timeline.sources import load_sources, strength


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
        return self.problems[self.problems[schema.SEVERITY] == schema.ERROR]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.problems[self.problems[schema.SEVERITY] == schema.WARNING]

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

    @cached_property
    def links(self) -> pd.DataFrame:
        """Every link among the events as (event, relation, target) positions (`links.table`)."""
        return event_links.table(self.events)

    @cached_property
    def span(self) -> tuple[dt.date, dt.date]:
        """First and last day any event covers; today twice for an empty dataset."""
        if not len(self.events):
            today = dt.date.today()
            return today, today
        last = self.events[schema.END].max() - pd.Timedelta(days=1)
        return self.events[schema.START].min().date(), last.date()

    @cached_property
    def story_period(self) -> tuple[dt.date, dt.date] | None:
        """The days the story is told in: its ranged periods (a war, its truces) with a margin.

        The dashboard opens on these days when most events fall in them, so that a timeline
        whose context reaches back decades does not crush the story's weeks into a sliver.
        None (open on every day) without periods, or when they hold under half the events, or
        when the margin reaches every event anyway.
        """
        events = self.events
        era = (events[schema.EVENT_TYPE] == schema.PERIOD) & (events[schema.END_DATE] != "")
        if not era.any():
            return None
        first, last = events.loc[era, schema.START].min(), events.loc[era, schema.END].max()
        margin = max((last - first) * 0.25, pd.Timedelta(days=7))
        start, end = (first - margin).floor("D"), (last + margin).ceil("D")
        inside = ((events[schema.END] > start) & (events[schema.START] < end)).mean()
        if inside < 0.5 or (
            start <= events[schema.START].min() and end >= events[schema.END].max()
        ):
            return None
        return start.date(), (end - pd.Timedelta(days=1)).date()

    @cached_property
    def options(self) -> dict[str, list[str]]:
        """Choices offered by the controls: actors by activity, types and theatres present."""
        actors = self.event_actors[schema.PAIR_ACTOR].value_counts().index.astype("str")
        present_types = _present(self.events[schema.EVENT_TYPE])
        types = [key for key in schema.EVENT_TYPES if key in present_types]
        types += sorted(present_types - set(types) - {""})
        return {
            "actors": actors.tolist(),
            "types": types,
            "statuses": list(schema.STATUSES),
            "strengths": list(schema.STRENGTHS),
            "theatres": sorted(t for t in _present(self.events[schema.THEATRE]) if t),
        }

    @cached_property
    def pairs_by_event(self) -> tuple[np.ndarray, np.ndarray]:
        """(offsets, pair numbers): event e's pairs are pair numbers[offsets[e]:offsets[e + 1]].

        The (event, actor) index is sorted by actor; this groups it by event, so a narrow view
        finds its own pairs without a pass over the whole index. 10 MB at a million events.
        """
        event = self.event_actors[schema.PAIR_EVENT].to_numpy()
        by_event = np.argsort(event, kind="stable").astype(
            "int32" if len(event) < 2**31 else "int64"
        )
        offsets = np.zeros(len(self.events) + 1, dtype="int64")
        np.cumsum(np.bincount(event, minlength=len(self.events)), out=offsets[1:])
        return offsets, by_event

    @cached_property
    def search_text(self) -> pa.Array:
        """The events' searchable text, folded once (`search.folded_text`) on the first search."""
        return search.folded_text(self.events)


def _present(column: pd.Series) -> set[str]:
    """Distinct values of a column; a categorical's from its codes, without a string per row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories)) > 0
        return {str(value) for value in column.cat.categories[used]}
    return set(column.astype("str").unique())
