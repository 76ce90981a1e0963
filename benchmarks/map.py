"""Measure what the Map tab ships and costs per rerun, at several sizes of generated data.

    uv run python benchmarks/map.py --sizes 100000,1000000

For each size N it writes (once, seeded) N synthetic events with benchmarks/generate.py, loads the
Parquet file, and for three views (everything; one theatre; one theatre over one year) times
`map_frame` + `map_figure` as the Map tab calls them and weighs the figure as Streamlit sends it
(`plotly.io.to_json`). Times are medians of three runs on a shared machine: indicative only. The
table it prints is the one in docs/performance.md, section "The map".
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py, a sibling script)
import plotly.io as pio  # noqa: E402

import timeline  # noqa: E402
from timeline import filters  # noqa: E402
from timeline.actors import load_registry  # noqa: E402
from timeline.figures import MAP_POINT_BUDGET, map_figure, map_frame  # noqa: E402
from timeline.view import View  # noqa: E402


def measure(dataset: timeline.Dataset, view: View) -> dict:
    times, figure, events, missing = [], None, None, 0
    for _ in range(3):
        began = time.perf_counter()
        shown = filters.show(view, dataset)
        events, missing = map_frame(shown.source, shown.positions, MAP_POINT_BUDGET)
        figure = map_figure(events, missing=missing)
        times.append(time.perf_counter() - began)
    payload = len(pio.to_json(figure, validate=False).encode())
    drawn = sum(len(trace.lat) for trace in figure.data if trace.customdata is not None)
    return {
        "in view": len(events) + missing,
        "located": len(events),
        "drawn": drawn,
        "kind": "clusters" if len(events) > MAP_POINT_BUDGET else "points",
        "ms": statistics.median(times) * 1000,
        "bytes": payload,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT)
    arguments = parser.parse_args()
    print("| events | view | in view | located | drawn | as | build ms | figure JSON |")
    print("|---:|---|---:|---:|---:|---|---:|---:|")
    for size in (int(n) for n in arguments.sizes.split(",")):
        folder = arguments.out / f"map-{size}"
        if not (folder / "events.parquet").exists():
            generate.generate(size, folder, seed=0)
        registry = load_registry(folder / "actors.csv")
        dataset = timeline.load(folder / "events.parquet", registry=registry)
        theatre = dataset.options["theatres"][0]
        views = {
            "all": View(),
            f"theatre {theatre}": View(theatre=theatre),
            f"{theatre}, 2020": View(
                theatre=theatre,
                start=dt.date.fromisoformat("2020-01-01"),
                end=dt.date.fromisoformat("2020-12-31"),
            ),
            f"{theatre}, Oct 2020": View(
                theatre=theatre,
                start=dt.date.fromisoformat("2020-10-01"),
                end=dt.date.fromisoformat("2020-10-31"),
            ),
        }
        for name, view in views.items():
            row = measure(dataset, view)
            print(
                f"| {size:,} | {name} | {row['in view']:,} | {row['located']:,} | "
                f"{row['drawn']:,} | {row['kind']} | {row['ms']:,.0f} | "
                f"{row['bytes'] / 1e6:.2f} MB |"
            )


if __name__ == "__main__":
    main()
