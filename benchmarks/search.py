"""Measure text search and the chronology's first page at several sizes; print a Markdown table.

    uv run python benchmarks/search.py                        # 100,000 and 1,000,000 events
    uv run python benchmarks/search.py --sizes 10000 --repeat 5

Each size gets N synthetic events from benchmarks/generate.py (seeded, as the other benchmarks),
loaded once. Then: folding the searchable text (once per dataset, on its first search), a search
of one word, of two words, of a word found nowhere, the same two words within one actor's events,
the memory the folded text holds, and building the chronology's first page (25 entries). Times
are the median of --repeat runs, wall seconds of this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py, a sibling script)

from timeline import chronology, filters, load, search  # noqa: E402
from timeline.actors import load_registry  # noqa: E402
from timeline.view import View  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "search"


def median_wall(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, repeat: int) -> dict[str, str]:
    folder = OUT / str(size)
    if not (folder / "events.parquet").exists():
        generate.main(["--rows", str(size), "--out", str(folder), "--seed", "0"])
    dataset = load(folder / "events.parquet", registry=load_registry(folder / "actors.csv"))
    started = time.perf_counter()
    folded = dataset.search_text
    fold = time.perf_counter() - started
    title = dataset.events[search.COLUMNS[0]].iloc[len(dataset.events) // 2].split()
    one, two = title[0], " ".join(title[:2])
    actor = str(dataset.event_actors["actor"].value_counts().index[0])

    def found(view: View) -> Callable[[], object]:
        return lambda: filters.select(view, dataset)

    shown = filters.show(View(), dataset)
    first_page = lambda: chronology.entries(shown.head(chronology.PAGE_SIZE))  # noqa: E731
    return {
        "events": f"{len(dataset.events):,}",
        "fold once (s)": f"{fold:.2f}",
        "folded text (MB)": f"{folded.nbytes / 1e6:,.0f}",
        "one word (ms)": f"{median_wall(found(View(text=one)), repeat) * 1e3:,.0f}",
        "two words (ms)": f"{median_wall(found(View(text=two)), repeat) * 1e3:,.0f}",
        "no match (ms)": f"{median_wall(found(View(text='zqxjw')), repeat) * 1e3:,.0f}",
        "two words, one actor (ms)": (
            f"{median_wall(found(View(actors=(actor,), text=two)), repeat) * 1e3:,.0f}"
        ),
        "chronology page 1 (ms)": f"{median_wall(first_page, repeat) * 1e3:,.0f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    rows = [measure(int(size), arguments.repeat) for size in arguments.sizes.split(",")]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
