"""Time reading and validating a million events (timeline.load) from CSV and from Parquet.

    uv run python benchmarks/validate.py                      # 1,000,000 rows, 3 runs each
    uv run python benchmarks/validate.py --rows 100000 --runs 5

Generates the events once per size and seed with benchmarks/generate.py (reused afterwards),
then loads each file `--runs` times in this process and prints a markdown table of medians:
wall time, CPU time of this process (on a shared machine the wall time also counts the time
other processes held the cores, so both are shown with the load average), and the split into
reading (read_table) and validating (validate). The target is a load under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import generate  # benchmarks/generate.py: this script's folder is first on sys.path
import numpy as np
import pandas as pd
import pyarrow as pa

import timeline
from timeline.actors import load_registry
from timeline.read import read_table
from timeline.validate import validate

TARGET_SECONDS = 10.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="events in the file")
    parser.add_argument("--runs", type=int, default=3, help="loads per format; the median counts")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated events")
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT, help="data folder")
    arguments = parser.parse_args(argv)

    folder = events_files(arguments.rows, arguments.out, arguments.seed)
    registry = load_registry(folder / "actors.csv")
    print(machine())
    print(f"command: uv run python benchmarks/validate.py {' '.join(sys.argv[1:])}".rstrip())
    print()
    print(
        "| format | file | rows read | loaded | rejected | problems "
        "| load, wall (s) | load, CPU (s) | read (s) | validate (s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in ("events.csv", "events.parquet"):
        print(row(folder / name, registry, arguments.runs), flush=True)
    print()
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


def events_files(rows: int, out: Path, seed: int) -> Path:
    """The folder holding the generated files for this size and seed, written if missing."""
    folder = out / f"{rows}-seed{seed}"
    if not all((folder / name).exists() for name in ("events.csv", "events.parquet", "actors.csv")):
        started = time.perf_counter()
        generate.generate(rows, folder, seed=seed)
        print(f"generated {rows:,} events in {time.perf_counter() - started:.1f} s")
    return folder


def row(path: Path, registry: pd.DataFrame, runs: int) -> str:
    """One table row: the medians of `runs` full loads, then of the two stages apart."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        dataset = timeline.load(path, registry=registry)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        del dataset  # keep one loaded copy at a time
    reads, checks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        table = read_table(path, str(path))
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        validate(table, registry, str(path))
        checks.append(time.perf_counter() - started)
        del table
    report = timeline.load(path, registry=registry).report
    median = statistics.median
    return (
        f"| {report.format} | {path.stat().st_size / 1e6:,.0f} MB | {report.rows_read:,} "
        f"| {report.rows_loaded:,} | {report.rows_rejected:,} | {len(report.problems):,} "
        f"| **{median(walls):.2f}** | {median(cpus):.2f} | {median(reads):.2f} "
        f"| {median(checks):.2f} |"
    )


def machine() -> str:
    """Where and when the numbers were taken: cores, memory, versions, load."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "\n".join(
        [
            f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
            f"machine: {os.cpu_count()} cores (nproc), {memory:.0f} GiB RAM, {platform.machine()}",
            f"python {platform.python_version()}, pandas {pd.__version__}, "
            f"pyarrow {pa.__version__}, numpy {np.__version__}",
            f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}",
            f"target: a load under {TARGET_SECONDS:.0f} s",
        ]
    )


if __name__ == "__main__":
    main()
