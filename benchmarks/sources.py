"""Time source rating at scale: citations, strength and the full policy report.

    uv run python benchmarks/sources.py --sizes 100000,1000000

Builds N synthetic events in memory with benchmarks/generate.py (1-2 source URLs each, from a set
of outlets) and rates them against the bundled registry, where the generator's outlets are not
registered: every event comes out unrated, the path an uploaded file takes. Prints a markdown table
of median wall times over --repeat runs (the machine is shared: read them as orders of magnitude).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py, a sibling script)

from timeline import schema  # noqa: E402
from timeline.sources import citations, load_sources, source_report, strength  # noqa: E402


def events(rows: int):
    """The generator's events as a loaded frame would carry them (with spreadsheet row numbers)."""
    rng = np.random.default_rng(0)
    table = generate.make_events(rng, rows, generate.make_registry(rng, 300)).to_pandas()
    table[schema.ROW] = np.arange(2, rows + 2)
    return table


def median_seconds(step, frame, registry, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step(frame, registry)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    registry = load_sources()
    print("| events | URLs | citations | strength | full report |")
    print("|---:|---:|---:|---:|---:|")
    for rows in (int(size) for size in arguments.sizes.split(",")):
        frame = events(rows)
        urls = len(citations(frame, registry))
        steps = (citations, strength, lambda events, sources: source_report(events, sources, "b"))
        timed = [median_seconds(step, frame, registry, arguments.repeat) for step in steps]
        print(f"| {rows:,} | {urls:,} | " + " | ".join(f"{t:.2f} s" for t in timed) + " |")


if __name__ == "__main__":
    main()
