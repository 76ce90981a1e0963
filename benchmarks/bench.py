"""Measure the dashboard against the performance targets, at several sizes, beside a naive app.

    uv run python benchmarks/bench.py                                  # quick: 1,000 and 10,000
    uv run python benchmarks/bench.py --sizes 1000,10000,100000,1000000 --json results.json

For each size N it writes (once, seeded) N synthetic events with benchmarks/generate.py, then
measures: cold load from CSV and from Parquet including validation, each in a fresh process that
also reports its memory; filtering (actor, type, dates, text: `filters.apply` + `arrange`); the
figure (`timeline_figure`) and what it and the table weigh as Streamlit serialises them; and a
full AppTest rerun of dashboard.py after a filter change, with the bytes of the forward messages
it produced, beside the same for benchmarks/naive_app.py in the same process. Times are medians.

The generated events name actors from the generated registry, so the benchmark points the
registry at it (as a deployment ships the registry that goes with its data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py, a sibling script)
import pandas as pd  # noqa: E402
import plotly.io as pio  # noqa: E402
from plotly import tools  # noqa: E402
from streamlit import dataframe_util  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import local_script_runner as runner  # noqa: E402

import timeline.actors  # noqa: E402
from timeline import display, filters, schema, ui  # noqa: E402
from timeline.figures import timeline_figure  # noqa: E402

DASHBOARD = ROOT / "dashboard.py"
NAIVE = ROOT / "benchmarks" / "naive_app.py"
OUT = ROOT / "benchmarks" / "out" / "bench"
TARGET_RERUN_MS = {100_000: 150, 1_000_000: 300}
TARGET_BYTES = 2_000_000

# A fresh process: import, then time one load; report memory as loaded and once the allocators
# have returned what validation freed (the dashboard's steady state).
_LOAD = """
import ctypes, gc, json, sys, time
import pyarrow as pa
from timeline import load
from timeline.actors import load_registry
registry = load_registry(sys.argv[2])
started, used = time.perf_counter(), time.process_time()
dataset = load(sys.argv[1], registry=registry)
seconds, cpu = time.perf_counter() - started, time.process_time() - used
def status(key):
    return int(next(l for l in open("/proc/self/status") if l.startswith(key)).split()[1]) / 1024
loaded = status("VmRSS")
gc.collect()
pa.default_memory_pool().release_unused()
ctypes.CDLL("libc.so.6").malloc_trim(0)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": len(dataset.events),
    "problems": len(dataset.report.problems), "rss_loaded_mb": loaded,
    "rss_released_mb": status("VmRSS"), "peak_mb": status("VmHWM"),
    "frame_mb": dataset.events.memory_usage(deep=True).sum() / 2**20}))
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated event counts")
    parser.add_argument("--reruns", type=int, default=5, help="timed reruns per app")
    parser.add_argument("--repeat", type=int, default=7, help="timings per filter and figure")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the generated files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive app")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold loads")
    parser.add_argument(
        "--app", type=Path, default=DASHBOARD, help="the dashboard script (to try a change)"
    )
    parser.add_argument(
        "--server",
        action="store_true",
        help="also measure a real `streamlit run` server's memory at the largest size "
        "(needs Chromium at $CHROMIUM_PATH or /usr/bin/chromium)",
    )
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument(
        "--engine",
        help="compare engines instead (comma-separated: memory,duckdb,postgres), "
        "see benchmarks/engine_bench.py",
    )
    parser.add_argument("--postgres-url", help="database for --engine postgres (tables replaced)")
    arguments = parser.parse_args(argv)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if arguments.engine:
        return engines_main(arguments, sizes)
    results = {"machine": machine(), "sizes": {}}
    for size in sizes:
        folder = data(size, arguments.out, arguments.seed)
        print(f"\n## {size:,} events ({folder})", flush=True)
        results["sizes"][size] = measure(size, folder, arguments)
        if arguments.json:
            arguments.json.write_text(json.dumps(results, indent=1, default=str))
    if arguments.server:
        folder = data(sizes[-1], arguments.out, arguments.seed)
        results["server"] = server_memory(arguments.app.resolve(), folder)
        print(f"server: {json.dumps(results['server'])}", flush=True)
    results["machine"]["load_average_after"] = os.getloadavg()
    print()
    print(report(results))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=1, default=str))


def machine() -> dict:
    """What the numbers were measured on."""
    import numpy
    import plotly
    import pyarrow
    import streamlit

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.split()[1]) / 2**20, 1),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "pyarrow": pyarrow.__version__,
        "numpy": numpy.__version__,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "load_average_before": os.getloadavg(),
    }


def data(size: int, out: Path, seed: int) -> Path:
    """The generated files for `size` events, written once per size and seed."""
    folder = out / f"{size}-seed{seed}"
    if not (folder / "events.parquet").exists():
        started = time.perf_counter()
        generate.generate(size, folder, seed=seed)
        print(f"generated {size:,} events in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def measure(size: int, folder: Path, arguments: argparse.Namespace) -> dict:
    """Every measurement for one size."""
    loads = 1 if size >= 1_000_000 else 3
    result = {}
    if not arguments.no_cold:
        result["cold_load"] = {fmt: cold_load(folder, fmt, loads) for fmt in ("csv", "parquet")}
        print(f"cold load: {json.dumps(result['cold_load'])}", flush=True)
    timeline.actors.BUNDLED_REGISTRY = folder / "actors.csv"  # the registry of the data
    os.environ["TIMELINE_DATA"] = str(folder / "events.parquet")
    dataset = shared_dataset(folder / "events.parquet")
    pairs = actor_pairs(dataset)
    result["actors"] = pairs
    result["views"] = {
        name: view_costs(dataset, view, arguments.repeat)
        for name, view in views(dataset, pairs).items()
    }
    for name, costs in result["views"].items():
        print(f"{name}: {json.dumps(costs)}", flush=True)
    result["dashboard"] = {
        name: app_reruns(arguments.app.resolve(), pair, arguments.reruns)
        for name, pair in pairs.items()
    }
    print(f"dashboard: {json.dumps(result['dashboard'])}", flush=True)
    if not arguments.no_naive:
        os.environ["TIMELINE_DATA"] = str(folder / "events.csv")
        result["naive"] = {
            name: app_reruns(NAIVE, pair, arguments.reruns, preselect=True)
            for name, pair in pairs.items()
        }
        print(f"naive: {json.dumps(result['naive'])}", flush=True)
    return result


# `streamlit run` with the registry of the generated data, as bench.py's own process uses it.
_SERVE = """
import sys
from pathlib import Path
import timeline.actors
timeline.actors.BUNDLED_REGISTRY = Path(sys.argv.pop(1))
from streamlit.web import cli
sys.exit(cli.main())
"""


def server_memory(script: Path, folder: Path) -> dict:
    """RSS of a real server: idle, after one browser session loaded the data, after a second."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", _SERVE, folder / "actors.csv", "run", script]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false"]
    env = {**os.environ, "TIMELINE_DATA": str(folder / "events.parquet")}
    server = subprocess.Popen(command, cwd=script.parent, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    measured = {}
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        measured["idle_mb"] = _status(server.pid, "VmRSS")
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for session in ("one_session", "two_sessions"):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(url)
                page.get_by_test_id("stMetricValue").first.wait_for(timeout=900_000)
                measured[f"{session}_first_page_s"] = round(time.perf_counter() - started, 1)
                time.sleep(3)  # let the run finish and the allocators settle
                measured[f"{session}_mb"] = _status(server.pid, "VmRSS")
            browser.close()
        measured["peak_mb"] = _status(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(30)
    return measured


def _status(pid: int, key: str) -> int:
    """A /proc/<pid>/status figure in MB (VmRSS: resident now; VmHWM: the most ever)."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return int(next(line for line in lines if line.startswith(key)).split()[1]) // 1024


def actor_pairs(dataset) -> dict[str, list[str]]:
    """Two actors to switch between in each scenario.

    busiest: the two most active actors (counts per time bucket at scale); quiet: the two most
    active whose events fit the figure's point budget, so the chart draws every marker.
    """
    ranked = dataset.options["actors"]
    budget = inspect.signature(timeline_figure).parameters["point_budget"].default
    quiet = [
        actor
        for actor in ranked[2:]
        if len(filters.show(filters.View(actors=(actor,)), dataset).placements) <= budget
    ]
    return {"busiest": ranked[:2], "quiet": (quiet or ranked[-2:])[:2]}


def cold_load(folder: Path, fmt: str, runs: int) -> dict:
    """Median of `runs` loads, each in a new process; memory from the last."""
    measured = []
    for _ in range(runs):
        command = [sys.executable, "-c", _LOAD, folder / f"events.{fmt}", folder / "actors.csv"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"loading {folder / f'events.{fmt}'} failed:\n{done.stderr}")
        measured.append(json.loads(done.stdout))
    return {
        **measured[-1],
        "seconds": statistics.median(m["seconds"] for m in measured),
        "cpu_seconds": statistics.median(m["cpu_seconds"] for m in measured),
        "runs": [round(m["seconds"], 2) for m in measured],
    }


def shared_dataset(path: Path):
    """The dashboard's own cached load, so its AppTest runs below find the dataset in the cache."""
    stat = path.stat()
    return ui.source.cached_load(str(path), (stat.st_mtime_ns, stat.st_size))


def views(dataset, pairs: dict[str, list[str]]) -> dict[str, filters.View]:
    """One filter of each kind: the busiest and a quiet actor, a common type, one year, a word."""
    last = dataset.events[schema.START].max()
    year = dt.date(last.year - 1, 1, 1)
    return {
        "busiest actor": filters.View(actors=(pairs["busiest"][0],)),
        "quiet actor": filters.View(actors=(pairs["quiet"][0],)),
        "type": filters.View(types=("military",)),
        "date": filters.View(start=year, end=year.replace(month=12, day=31)),
        "text": filters.View(text="ceasefire"),
    }


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def view_costs(dataset, view: filters.View, repeat: int) -> dict:
    """Filter, figure and serialisation costs of one view, as the dashboard computes them.

    `select` is the matching positions; `filter` is `filters.show` (positions and lanes, events
    copied out only where used); `apply` copies the same events out whole, for comparison.
    """

    def draw():
        return timeline_figure(
            shown.source,
            shown.placed_in_source(),
            lanes=shown.lanes,
            eras=filters.eras(view, dataset),
        )

    shown = filters.show(view, dataset)
    figure = draw()
    spec = pio.to_json(figure, validate=False)  # what st.plotly_chart sends
    table = dataframe_util.convert_pandas_df_to_arrow_bytes(
        display.table_frame(shown.head(ui.notices.TABLE_ROWS))
    )
    return {
        "events": len(shown),
        "placements": len(shown.placements),
        "mode": "counts" if figure.data and figure.data[0].type == "heatmap" else "markers",
        "select_ms": median_ms(lambda: filters.select(view, dataset), repeat),
        "filter_ms": median_ms(lambda: filters.show(view, dataset), repeat),
        "apply_ms": median_ms(lambda: filters.apply(view, dataset), repeat),
        "figure_ms": median_ms(draw, repeat),
        "send_ms": median_ms(lambda: _as_streamlit_sends(figure), repeat),
        "figure_bytes": len(spec.encode()),
        "table_bytes": len(table),
    }


def _as_streamlit_sends(figure) -> str:
    """What st.plotly_chart does with a figure: a validated dict, then JSON."""
    return pio.to_json(tools.return_figure_from_figure_or_data(figure, True), validate=False)


class _Sent:
    """The forward messages of the last script run, as a real session would send them."""

    bytes: ClassVar[int] = 0
    largest: ClassVar[list] = []

    @classmethod
    def install(cls) -> None:
        parse = runner.parse_tree_from_messages

        def counting(messages):
            sizes = [(m.ByteSize(), _element(m)) for m in messages]
            cls.bytes = sum(size for size, _ in sizes)
            cls.largest = sorted(sizes, reverse=True)[:4]
            return parse(messages)

        runner.parse_tree_from_messages = counting


def _element(message) -> str:
    if message.WhichOneof("type") != "delta":
        return message.WhichOneof("type") or "?"
    delta = message.delta
    kind = delta.WhichOneof("type")
    return delta.new_element.WhichOneof("type") if kind == "new_element" else kind


def app_reruns(script: Path, actors: list[str], reruns: int, *, preselect: bool = False) -> dict:
    """A warm first run, then `reruns` timed filter changes, alternating two actors.

    `preselect` opens the app on the first actor: the naive app would otherwise draw every
    (event, actor) pair on its first run, which takes minutes at a million events and is not
    what is being compared.
    """
    test = AppTest.from_file(str(script), default_timeout=1800)
    if preselect:
        test.session_state["actors"] = [actors[0]]
    started = time.perf_counter()
    test.run()
    first = time.perf_counter() - started
    failure = [str(e.value) for e in test.exception]
    times, cpu, sent = [], [], []
    for turn in range(reruns):
        chosen, other = actors[turn % 2], actors[(turn + 1) % 2]
        control = test.multiselect(key="actors")
        if other in control.value:
            control.unselect(other)
        control.select(chosen)
        started, used = time.perf_counter(), time.process_time()
        test.run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        sent.append(_Sent.bytes)
        failure += [str(e.value) for e in test.exception]
    return {
        "first_run_s": round(first, 2),
        "rerun_ms": round(statistics.median(times) * 1000, 1),
        "rerun_runs_ms": [round(t * 1000) for t in times],
        "rerun_cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "bytes_per_rerun": int(statistics.median(sent)),
        "largest_messages": _Sent.largest,
        "errors": failure[:3],
    }


def engines_main(arguments: argparse.Namespace, sizes: list[int]) -> None:
    """The same reruns on each engine, side by side (benchmarks/engine_bench.py)."""
    import engine_bench

    kinds = arguments.engine.split(",")
    results = {"machine": machine(), "sizes": {}}
    for size in sizes:
        folder = data(size, arguments.out, arguments.seed)
        print(f"\n## {size:,} events ({folder})", flush=True)
        found = engine_bench.measure(folder, kinds, arguments.reruns, arguments.postgres_url)
        results["sizes"][size] = found
        if arguments.json:
            arguments.json.write_text(json.dumps(results, indent=1, default=str))
    results["machine"]["load_average_after"] = os.getloadavg()
    print()
    print(engine_bench.report(results["sizes"]))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=1, default=str))


def report(results: dict) -> str:
    """The markdown tables for docs/performance.md."""
    machine = results["machine"]
    lines = [
        f"{machine['date']}; {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory_gb']} GB; Python {machine['python']}, pandas {machine['pandas']}, "
        f"pyarrow {machine['pyarrow']}, numpy {machine['numpy']}, streamlit "
        f"{machine['streamlit']}, plotly {machine['plotly']}; load average before "
        f"{machine['load_average_before'][0]:.1f}, after {machine['load_average_after'][0]:.1f}.",
        "",
        "| events | cold load CSV: wall / CPU (s) | cold load Parquet: wall / CPU (s) | "
        "problems | RSS loaded / released / peak (MB) | events frame (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size, result in results["sizes"].items():
        if "cold_load" not in result:
            continue
        csv, parquet = result["cold_load"]["csv"], result["cold_load"]["parquet"]
        lines.append(
            f"| {int(size):,} | {csv['seconds']:.2f} / {csv['cpu_seconds']:.2f} | "
            f"{parquet['seconds']:.2f} / {parquet['cpu_seconds']:.2f} | "
            f"{parquet['problems']:,} | {parquet['rss_loaded_mb']:,.0f} / "
            f"{parquet['rss_released_mb']:,.0f} / {parquet['peak_mb']:,.0f} | "
            f"{parquet['frame_mb']:,.0f} |"
        )
    lines += [
        "",
        "| events | filter | in view | placements | figure | select (ms) | show (ms) | "
        "apply (ms) | figure (ms) | send (ms) | figure (KB) | table (KB) |",
        "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, result in results["sizes"].items():
        for name, view in result["views"].items():
            lines.append(
                f"| {int(size):,} | {name} | {view['events']:,} | {view['placements']:,} | "
                f"{view['mode']} | {view['select_ms']} | {view['filter_ms']} | "
                f"{view['apply_ms']} | {view['figure_ms']} | {view['send_ms']} | "
                f"{view['figure_bytes'] / 1e3:,.0f} | {view['table_bytes'] / 1e3:,.0f} |"
            )
    lines += [
        "",
        "| events | switch between | dashboard rerun: wall / CPU (ms) | sent (KB) | "
        "naive rerun: wall / CPU (ms) | naive sent (KB) | naive / dashboard (wall) | "
        "first run: dashboard, naive (s) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, result in results["sizes"].items():
        for name, ours in result["dashboard"].items():
            naive = result.get("naive", {}).get(name)
            pair = " / ".join(result["actors"][name])
            row = (
                f"| {int(size):,} | {name} ({pair}) | {ours['rerun_ms']:,} / "
                f"{ours['rerun_cpu_ms']:,} | {ours['bytes_per_rerun'] / 1e3:,.0f} | "
            )
            if naive:
                row += (
                    f"{naive['rerun_ms']:,} / {naive['rerun_cpu_ms']:,} | "
                    f"{naive['bytes_per_rerun'] / 1e3:,.0f} | "
                    f"{naive['rerun_ms'] / ours['rerun_ms']:.1f}x | "
                    f"{ours['first_run_s']}, {naive['first_run_s']} |"
                )
            else:
                row += f"– | – | – | {ours['first_run_s']}, – |"
            lines.append(row)
    if "server" in results:
        server = results["server"]
        lines += [
            "",
            "| server process (`streamlit run`), largest size | RSS (MB) |",
            "|---|---:|",
            f"| idle, before any session | {server['idle_mb']:,} |",
            f"| one browser session, data loaded (page after "
            f"{server['one_session_first_page_s']} s) | {server['one_session_mb']:,} |",
            f"| a second session | {server['two_sessions_mb']:,} |",
            f"| peak (during the load) | {server['peak_mb']:,} |",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    _Sent.install()
    main()
