"""Measure a text search's rerun on DuckDB over a converted file; print a Markdown table.

    uv run python benchmarks/engine_search.py PATH.parquet              # the default searches
    uv run python benchmarks/engine_search.py PATH.parquet "iran talks" '"gaza city"'

Opens the file as the dashboard does (`engines.open(path, "duckdb")`: a missing or stale index
is built first, and its seconds are printed), then for each search asks a fresh session what a
rerun asks first: the count and the lane chart. Wall and CPU seconds of this process; answers
are cached per (file, question, view), so each search is measured once, on its first asking.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from timeline import engines
from timeline.filters import View

SEARCHES = ("ceasefire", "geneva drones", '"gaza city" refugees', "doha lithium junta", "Erdogan")


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("searches", nargs="*", default=list(SEARCHES))
    arguments = parser.parse_args()
    wall, used = time.perf_counter(), cpu()
    engine = engines.open(arguments.path, "duckdb")
    print(f"open: {time.perf_counter() - wall:.1f} s wall, {cpu() - used:.1f} s CPU, "
          f"index built in {engine.index_seconds:.1f} s")  # fmt: skip
    print("\n| search | events found | count + lane chart, wall | CPU |\n|---|---|---|---|")
    for text in arguments.searches:
        session = engine.session()
        view = View(text=text)
        wall, used = time.perf_counter(), cpu()
        found = session.count(view)
        session.timeline(view)
        took, busy = time.perf_counter() - wall, cpu() - used
        print(f"| `{text}` | {found:,} | {took:.2f} s | {busy:.2f} s |")
        session.close()
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    engine.close()


if __name__ == "__main__":
    main()
