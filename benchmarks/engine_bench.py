"""`bench.py --engine memory,duckdb,postgres`: what a rerun costs on each engine, side by side.

For each size and engine, a fresh process (so its memory is that engine's alone) opens the
converted file (`timeline convert`, written once beside the generated data) or the database,
draws the first view, then times reruns after filter changes, switching between the two busiest
actors (counts per lane and bucket) and two quiet ones (every marker drawn), plus a type, a year
and a word. A rerun is what the page asks of an engine session: the count, the lane chart
(figure built and serialised as st.plotly_chart does), the eras, where the chart opens and the
table's first 2,000 rows (as Arrow, as st.dataframe sends them). The result cache is cleared
before every rerun, so each one reaches the engine. Memory is the worker's VmRSS and VmHWM.
Three processes per engine (one for PostgreSQL): every figure reported is the median over them
(reruns: of each process's median), each process's own values kept beside it in the JSON.
"""

from __future__ import annotations

import copy
import json
import statistics
import subprocess
import sys
from pathlib import Path

_WORKER = r"""
import datetime as dt, json, os, sys, time
started_import = time.perf_counter()
import pyarrow as pa
import plotly.io as pio
from timeline import engines
from timeline.engines import cache
from timeline.filters import View
import_s = time.perf_counter() - started_import

def status(key):
    return int(next(l for l in open("/proc/self/status") if l.startswith(key)).split()[1]) / 1024

def rerun(session, view):
    cache.RESULTS.clear()
    timeline = session.timeline(view)
    eras = session.eras(view)
    figure = timeline.figure(eras=eras, selected=None)
    if not (view.start or view.end):
        session.focus(view)
    sent = len(pio.to_json(figure, validate=False))
    table = session.table_page(view, limit=2000)
    sink = pa.BufferOutputStream()
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    with pa.ipc.new_stream(sink, arrow.schema) as writer:
        writer.write_table(arrow)
    sent += sink.getvalue().size
    return timeline, sent

source, kind, reruns = sys.argv[1], sys.argv[2], int(sys.argv[3])
rss_start = status("VmRSS")
clock, cpu = time.perf_counter(), time.process_time()
engine = engines.open(source, None if kind == "postgres" else kind)
session = engine.session()
offered = session.options()
session.span()
first, first_sent = rerun(session, View())
first_view = time.perf_counter() - clock, time.process_time() - cpu
rss_first = status("VmRSS")
actors = offered["actors"]
last = session.span()[1]
year = dt.date(last.year - 1, 1, 1)
scenarios = {
    "busiest actors": [View(actors=(actors[0],)), View(actors=(actors[1],))],
    "quiet actors": [View(actors=(actors[-1],)), View(actors=(actors[-2],))],
    "type, year, word": [
        View(types=("military",)),
        View(start=year, end=year.replace(month=12, day=31)),
        View(text="ceasefire"),
    ],
}
results = {}
for name, views in scenarios.items():
    walls, cpus, sizes, modes = [], [], [], set()
    for turn in range(reruns):
        view = views[turn % len(views)]
        clock, cpu = time.perf_counter(), time.process_time()
        timeline, sent = rerun(session, view)
        walls.append(time.perf_counter() - clock); cpus.append(time.process_time() - cpu)
        sizes.append(sent); modes.add("counts" if timeline.grid is not None else "markers")
    results[name] = {"wall_ms": sorted(walls)[len(walls) // 2] * 1000,
                     "cpu_ms": sorted(cpus)[len(cpus) // 2] * 1000,
                     "max_bytes": max(sizes), "mode": "/".join(sorted(modes)),
                     "views": [str(v.actors or v.types or v.text or v.start) for v in views]}
print(json.dumps({"engine": engine.name, "rows": engine.rows, "import_s": import_s,
    "index_s": getattr(engine, "index_seconds", 0.0),
    "first_view_s": first_view[0], "first_view_cpu_s": first_view[1],
    "first_view_bytes": first_sent, "rss_start_mb": rss_start, "rss_first_view_mb": rss_first,
    "rss_after_mb": status("VmRSS"), "peak_mb": status("VmHWM"), "reruns": results}))
"""


def converted(folder: Path) -> Path:
    """The generated events converted to the engine layout, written once."""
    target = folder / "engine.parquet"
    if not target.exists():
        command = [sys.executable, "-m", "timeline.cli", "convert", str(folder / "events.parquet"),
                   str(target), "--registry", str(folder / "actors.csv")]  # fmt: skip
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return target


def to_postgres(folder: Path, url: str) -> str:
    """The generated events converted into the database at `url` (replacing its tables)."""
    command = [sys.executable, "-m", "timeline.cli", "convert", str(folder / "events.parquet"),
               url, "--registry", str(folder / "actors.csv")]  # fmt: skip
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return url


def measure(folder: Path, kinds: list[str], reruns: int, postgres_url: str | None) -> dict:
    found = {}
    for kind in kinds:
        source = to_postgres(folder, postgres_url) if kind == "postgres" else converted(folder)
        runs = []
        for _ in range(3 if kind != "postgres" else 1):  # first view: median of fresh processes
            done = subprocess.run(
                [sys.executable, "-c", _WORKER, str(source), kind, str(reruns)],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise RuntimeError(f"{kind} on {folder} failed:\n{done.stderr[-3000:]}")
            runs.append(json.loads(done.stdout.splitlines()[-1]))
            print(f"{kind}: {done.stdout.splitlines()[-1]}", flush=True)
        result = copy.deepcopy(runs[-1])  # the processes' own values stay as they were
        for key in ("first_view_s", "first_view_cpu_s", "rss_first_view_mb", "rss_after_mb",
                    "peak_mb"):  # fmt: skip
            result[key] = statistics.median(run[key] for run in runs)
        result["first_view_runs"] = [round(run["first_view_s"], 2) for run in runs]
        for name, rerun in result["reruns"].items():  # medians of the processes' medians
            for key in ("wall_ms", "cpu_ms"):
                rerun[key] = statistics.median(run["reruns"][name][key] for run in runs)
                rerun[f"{key}_runs"] = [round(run["reruns"][name][key]) for run in runs]
            rerun["max_bytes"] = max(run["reruns"][name]["max_bytes"] for run in runs)
        found[kind] = result
    return found


def report(results: dict) -> str:
    lines = [
        "| events | engine | first view (s, wall / CPU) "
        "| RSS after first view / after reruns / peak (MB) "
        "| rerun: busiest actors | quiet actors | type, year, word (wall / CPU ms) "
        "| most bytes per rerun (KB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, engines in results.items():
        for kind, r in engines.items():
            cells = [f"{r['reruns'][s]['wall_ms']:,.0f} / {r['reruns'][s]['cpu_ms']:,.0f}"
                     for s in ("busiest actors", "quiet actors", "type, year, word")]  # fmt: skip
            most = max(v["max_bytes"] for v in r["reruns"].values())
            lines.append(
                f"| {int(size):,} | {kind} | "
                f"{r['first_view_s']:.2f} / {r['first_view_cpu_s']:.2f} | "
                f"{r['rss_first_view_mb']:,.0f} / {r['rss_after_mb']:,.0f} / {r['peak_mb']:,.0f}"
                f" | {' | '.join(cells)} | {most / 1e3:,.0f} |"
            )
    return "\n".join(lines)
