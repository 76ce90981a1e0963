"""`timeline sources FILE`: print the source report, optionally check links; exit by the policy."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from timeline import safe, schema
from timeline.load import Dataset, load
from timeline.read import DataFileError
from timeline.sources.links import DEAD, OK, UNREACHABLE, check_links
from timeline.sources.registry import load_sources
from timeline.sources.report import render, source_report
from timeline.sources.strength import strength, strength_counts

EXIT_OK, EXIT_POLICY, EXIT_UNREADABLE = 0, 1, 2


def run(
    path: Path,
    *,
    strict: bool = False,
    check: bool = False,
    registry_path: Path | None = None,
    timeout: float | None = None,
    workers: int | None = None,
) -> int:
    """Report on `path`'s sources; 1 under `strict` when a policy rule fails, 2 if unreadable."""
    try:
        registry = load_sources(registry_path)
        dataset = load(path, name=str(path))
    except DataFileError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as error:  # the contract is a message naming the file, never a traceback
        print(f"{path}: cannot be read ({type(error).__name__}: {error})", file=sys.stderr)
        return EXIT_UNREADABLE
    rejected = dataset.report.rows_rejected
    report = source_report(dataset.events, registry, str(path), rejected=rejected)
    for line in render(report):
        print(line)
    broken = 0
    if check:
        options = {"timeout": timeout, "workers": workers}
        broken = _print_links(report.cited, dataset.events, str(path), options)
    failed = bool(report.failures()) or broken > 0
    return EXIT_POLICY if strict and failed else EXIT_OK


def _print_links(cited: pd.DataFrame, events: pd.DataFrame, name: str, options: dict) -> int:
    """Print each dead, unreachable or moved link with the rows citing it; return how many broke."""
    rows = events[schema.ROW].to_numpy()
    citing = cited.groupby(schema.URL, sort=False)[schema.EVENT].agg(
        lambda found: ", ".join(str(rows[event]) for event in sorted(set(found)))
    )
    given = {key: value for key, value in options.items() if value is not None}
    results = check_links(citing.index, **given)
    name = safe.terminal(name)
    counts = dict.fromkeys((OK, "moved", DEAD, UNREACHABLE), 0)
    for result in results:
        counts[result.outcome] += 1
        if result.outcome != OK:
            severity = "(note)" if result.outcome == "moved" else "(error)"
            print(
                f"{name}: row {citing[result.url]}: {safe.terminal(result.url)}: {result.outcome}: "
                f"{safe.terminal(result.detail)} {severity}"
            )
    print(f"{name}: links: " + ", ".join(f"{count} {outcome}" for outcome, count in counts.items()))
    return counts[DEAD] + counts[UNREACHABLE]


def summary_line(dataset: Dataset, name: str) -> str:
    """One line for `timeline validate`: events per source strength, by the bundled registry."""
    try:
        registry = load_sources()
    except DataFileError as error:
        return f"{safe.terminal(name)}: sources: not rated ({str(error).splitlines()[0]})"
    return f"{safe.terminal(name)}: {strength_counts(strength(dataset.events, registry))}"
