"""Measure the `links` column's check and analyses at several sizes; print a Markdown table.

    uv run python benchmarks/links.py                       # 100,000 and 1,000,000 events
    uv run python benchmarks/links.py --sizes 10000 --share 0.5

Each size gets N synthetic events (seeded) of which a share holds one link to an earlier event
(every seventh of them a `scheduled_by`), plus the same events with no link at all, the usual
file. Times are the median of --repeat runs, CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from timeline import links, schema
from timeline.figures.links import relation_traces

RELATIONS = list(schema.RELATIONS)
PLACED = 4_000  # events on the chart: the lane chart's point budget


def synthetic(size: int, share: float, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events as `links.check` sees them, (event, actor) pairs) for `size` events."""
    rng = np.random.default_rng(seed)
    days = np.sort(rng.integers(0, 3_650, size)).astype("timedelta64[D]")
    start = (np.datetime64("2015-01-01") + days).astype("datetime64[ms]")
    ids = pd.Series([f"e{i}" for i in range(size)], dtype="str")
    linked = rng.random(size) < share
    linked[0] = False
    target = (np.arange(size) - rng.integers(1, 50, size)).clip(0)
    relation = np.array(RELATIONS)[np.arange(size) % len(RELATIONS)]
    cells = np.where(linked, np.char.add(np.char.add(relation, ":e"), target.astype(str)), "")
    events = pd.DataFrame(
        {
            schema.ID: ids,
            schema.LINKS: pd.Series(cells, dtype="str"),
            schema.DATE: pd.Series(np.datetime_as_string(start, unit="D"), dtype="str"),
            schema.START: start,
            schema.END: start + np.timedelta64(1, "D"),
            schema.PRECISION: pd.Series("day", index=range(size), dtype="str"),
            schema.STATUS: pd.Series("confirmed", index=range(size), dtype="str"),
            schema.TITLE: ids,
            schema.ROW: np.arange(2, size + 2),
        }
    )
    pairs = pd.DataFrame(
        {"event": np.arange(size), "actor": pd.Categorical(rng.integers(0, 200, size).astype(str))}
    )
    return events, pairs


def median_cpu(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def measure(size: int, share: float, repeat: int) -> None:
    """Print one table row per step for `size` events."""
    today = dt.date(2026, 12, 1)
    events, pairs = synthetic(size, share)
    accepted = np.ones(size, dtype=bool)
    bare = events.assign(**{schema.LINKS: pd.Series("", index=events.index, dtype="str")})
    cleaned, _ = links.check(events, accepted, today=today)
    loaded = events.assign(**{schema.LINKS: cleaned})
    table = links.table(loaded)
    # A chart's worth of events (the lane chart's point budget), one lane each of 24.
    placed = np.arange(size // 2, size // 2 + PLACED)
    lane = placed % 24
    steps = {
        "`check`, no links in the file": lambda: links.check(bare, accepted, today=today),
        "`check`": lambda: links.check(events, accepted, today=today),
        "`table` (once per dataset)": lambda: links.table(loaded),
        "`chain`, depth 3": lambda: links.chain(size // 2, table, depth=3),
        "`relations` of one event": lambda: links.relations(size // 2, loaded, table),
        "`deadlines`": lambda: links.deadlines(loaded, table, today=today),
        "`response_matrix`": lambda: links.response_matrix(loaded, pairs, table),
        f"`deadlines` of {PLACED:,} events in view (`deadline_links`)": lambda: links.deadlines(
            loaded, links.deadline_links(table, loaded.index[placed]), today=today
        ),
        f"chart: arrows and deadline flags of {PLACED:,} placed events": lambda: relation_traces(
            loaded, placed, lane, table, today=today
        ),
    }
    for step, work in steps.items():
        print(f"| {size:,} | {len(table):,} | {step} | {median_cpu(work, repeat):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    print("| events | links | step | CPU (s) |")
    print("|---|---|---|---|")
    for size in (int(text) for text in arguments.sizes.split(",")):
        measure(size, arguments.share, arguments.repeat)


if __name__ == "__main__":
    main()
