"""The source policy report: per-event kinds and strength, and every rule an event breaks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from timeline import safe, schema
from timeline.sources.strength import (
    citations,
    kinds_cited,
    strength_counts,
    strength_from_tally,
    tally_kinds,
)
from timeline.sources.urls import NOTE_RULES, fragile_urls, repeated_urls

#: Columns of `SourcesReport.events`.
EVENT_REPORT_COLUMNS: tuple[str, ...] = (
    schema.ROW,
    schema.ID,
    schema.TITLE,
    "kinds",
    "strength",
    "has_independent",
)


_REJECTED = "row(s) rejected by validation are not rated (see `timeline validate`)"


@dataclass(frozen=True)
class SourcesReport:
    """How every event of one file is sourced, and which source rules it breaks."""

    name: str
    events: pd.DataFrame  # EVENT_REPORT_COLUMNS, one row per event
    cited: pd.DataFrame  # strength.CITATION_COLUMNS
    unregistered: pd.DataFrame  # host, events (count), row (first citing row)
    fragile: pd.DataFrame  # row, url, rule, message
    repeated: pd.DataFrame  # row, url: cited twice by one event
    shared: pd.DataFrame  # url, rows: cited by several events (not a fault: one article, two facts)
    rejected: int = 0  # rows of the file that validation rejected, so nobody rated them

    @property
    def weak_only(self) -> pd.DataFrame:
        return self.events[self.events["strength"] == schema.WEAK_ONLY]

    @property
    def single(self) -> pd.DataFrame:
        return self.events[self.events["strength"] == schema.SINGLE]

    @property
    def without_independent(self) -> pd.DataFrame:
        """Events citing neither a primary nor an independent source."""
        return self.events[~self.events["has_independent"]]

    @property
    def broken_urls(self) -> pd.DataFrame:
        """Fragile URLs that break the policy (previews, IPFS, trailing dots, archive chains)."""
        return self.fragile[~self.fragile["rule"].isin(list(NOTE_RULES))]

    def failures(self) -> list[str]:
        """The source policy rules this file breaks (docs/curation.md), as sentences."""
        rules = [
            (len(self.weak_only), "event(s) rest on weak sources only"),
            (len(self.without_independent), "event(s) cite no primary or independent source"),
            (len(self.unregistered), "domain(s) are not in the source registry"),
            (len(self.broken_urls), "URL(s) are malformed or fragile"),
            (len(self.repeated), "URL(s) are cited twice by the same event"),
            (self.rejected, _REJECTED),
        ]
        return [f"{count} {rule}" for count, rule in rules if count]

    def summary(self) -> str:
        """`sources: N strong, N single, ...` over every event."""
        return strength_counts(self.events["strength"])


def source_report(
    events: pd.DataFrame, registry: pd.DataFrame, name: str, *, rejected: int = 0
) -> SourcesReport:
    """Rate every event of a loaded events frame against a source registry.

    `rejected` counts the file's rows that validation rejected: they break the policy, unrated.
    """
    cited = citations(events, registry)
    count = len(events)
    tally = tally_kinds(cited, count)
    rows = events[schema.ROW].to_numpy()
    table = pd.DataFrame(
        {
            schema.ROW: rows,
            schema.ID: events[schema.ID].to_numpy(),
            schema.TITLE: events[schema.TITLE].to_numpy(),
            "kinds": kinds_cited(cited, count),
            "strength": strength_from_tally(tally).to_numpy(),
            "has_independent": (tally[schema.PRIMARY_KIND] > 0) | (tally["independent"] > 0),
        }
    )
    unknown = cited[(cited[schema.SOURCE_KIND] == "").to_numpy()]
    unregistered = (
        unknown.groupby(schema.HOST, sort=True, observed=True)
        .agg(events=(schema.EVENT, "nunique"), first=(schema.EVENT, "min"))
        .reset_index()
    )
    unregistered[schema.ROW] = rows[unregistered.pop("first").to_numpy()]
    fragile = fragile_urls(cited)
    fragile.insert(0, schema.ROW, rows[fragile.pop(schema.EVENT).to_numpy()])
    twice, across = repeated_urls(cited)
    twice.insert(0, schema.ROW, rows[twice.pop(schema.EVENT).to_numpy()])
    across["rows"] = [[int(rows[event]) for event in events] for events in across.pop("events")]
    return SourcesReport(name, table, cited, unregistered, fragile, twice, across, rejected)


def render(report: SourcesReport, *, each_event: bool = True) -> list[str]:
    """The report as lines `FILE:ROW: ...`, the sections, then the summary and the verdict."""
    name = safe.terminal(report.name)
    lines = []
    if each_event:
        lines += [
            f"{name}:{event.row}: {safe.terminal(event.id)}: {event.strength} "
            f"({event.kinds or 'no source'})"
            for event in report.events.itertuples(index=False)
        ]
    sections = [
        ("weak only", report.weak_only, "(error)"),
        ("no primary or independent source", report.without_independent, "(error)"),
        ("single independent source", report.single, "(note)"),
    ]
    for title, events, severity in sections:
        lines += [
            f"{name}:{event.row}: {safe.terminal(event.id)}: {title} {severity}"
            for event in events.itertuples(index=False)
        ]
    lines += [
        f"{name}:{item.row}: source_url: '{safe.terminal(item.host)}' is not in the source "
        f"registry (cited by {item.events} event(s)) (error)"
        for item in report.unregistered.itertuples(index=False)
    ]
    lines += [
        f"{name}:{item.row}: source_url: {safe.terminal(item.url)} {item.message} "
        + ("(note)" if item.rule in NOTE_RULES else "(error)")
        for item in report.fragile.itertuples(index=False)
    ]
    lines += [
        f"{name}:{item.row}: source_url: {safe.terminal(item.url)} is cited twice (error)"
        for item in report.repeated.itertuples(index=False)
    ]
    lines += [
        f"{name}: source_url: {safe.terminal(item.url)} is cited by rows "
        f"{', '.join(map(str, item.rows))} (note)"
        for item in report.shared.itertuples(index=False)
    ]
    failures = report.failures()
    verdict = "policy broken: " + "; ".join(failures) if failures else "policy met"
    lines.append(f"{name}: {report.summary()}; {verdict}")
    return lines
