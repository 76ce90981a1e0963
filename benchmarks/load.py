"""Concurrent sessions against a real dashboard server, over Streamlit's own websocket protocol.

    uv run python benchmarks/load.py                      # 25 sessions x 20 filter changes
    uv run python benchmarks/load.py --sessions 5 --changes 5 --think 0
    uv run python benchmarks/load.py --data big.parquet --engine duckdb --sessions 1

`--engine duckdb` starts the server as `streamlit run dashboard.py -- --data PATH --engine
duckdb` (a converted Parquet file, `timeline convert`) and takes the expected counts from the
same engine in this process, so nothing is loaded into pandas on either side.

Starts `python -m streamlit run dashboard.py` on 127.0.0.1 and a free port, then opens every
session on ws://127.0.0.1:PORT/_stcore/stream and speaks to it as the browser does: protobuf
BackMsg `rerun_script` messages carrying the widgets' states, ForwardMsg replies up to
`script_finished`. Each session first loads the page, then changes its filters `--changes`
times (an actor, sometimes a search word), waiting `--think` seconds between changes as an
analyst would. For every change it times send -> script_finished and reads the page's Events
metric, which must equal what `timeline.filters` counts for that session's own filter: a session
shown another's view, a script exception, a closed connection or a timeout is an error.

Reports errors, the time from the server process's start to the first page's
script_finished (one session, before the others connect), latency (p50, p95, max) for the first
page and for filter changes, the bytes the server sent per rerun, reruns per second, and the
server's memory (VmRSS from /proc/PID/status: before the sessions, the peak
sampled while they run, after; VmHWM). Connects to 127.0.0.1 only; bounded by --sessions,
--changes and --timeout; stops the server itself, also on Ctrl-C or failure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
import timeline
from timeline import actors, filters
from timeline.engines import layout

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else: this tool only loads a server it started itself
SEARCHES = ("", "", "", "truce", "")  # every fifth change also searches titles and descriptions


@dataclass
class Page:
    """What one script run sent back."""

    finished: int | None = None  # ScriptFinishedStatus, None until it arrives
    events: int | None = None  # the Events metric
    widgets: dict[str, str] = field(default_factory=dict)  # key -> widget id
    exceptions: list[str] = field(default_factory=list)
    sent: int = 0  # bytes of the ForwardMsgs the server sent for this run


@dataclass
class Results:
    first_page: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    bytes_per_change: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    found = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found


def start_server(
    port: int, data: Path | None, log: Path, engine: str | None = None
) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "TIMELINE_ENGINE"}
    if data and not engine:
        env["TIMELINE_DATA"] = str(data)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    if engine:  # as an analyst starts it: arguments after `--` go to the dashboard
        command += ["--", "--data", str(data), "--engine", engine]
    with open(log, "w") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_healthy(port: int, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        health = f"http://{HOST}:{port}/_stcore/health"
        with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2) as answer:
            if answer.read() == b"ok":
                return
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer /_stcore/health within {seconds:.0f} s")


def rerun_message(widgets: dict[str, str], actor: str | None, text: str) -> bytes:
    """A rerun_script BackMsg as the browser sends it after a widget changed."""
    message = BackMsg()
    rerun = message.rerun_script
    rerun.query_string = ""
    rerun.page_script_hash = ""
    if actor is not None:
        state = rerun.widget_states.widgets.add()
        state.id = widgets["actors"]
        state.string_array_value.data.append(actor)
        state = rerun.widget_states.widgets.add()
        state.id = widgets["text"]
        state.string_value = text
    return message.SerializeToString()


async def run_script(socket_, payload: bytes, timeout: float) -> tuple[Page, float]:
    """Send one rerun; read ForwardMsgs until script_finished; the page and the seconds taken."""
    page = Page()
    started = time.perf_counter()
    await socket_.send(payload)
    while page.finished is None:
        data = await asyncio.wait_for(socket_.recv(), timeout)
        page.sent += len(data)
        message = ForwardMsg()
        message.ParseFromString(data)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            page.finished = message.script_finished
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            _read_element(message.delta.new_element, page)
    return page, time.perf_counter() - started


def _read_element(element, page: Page) -> None:
    kind = element.WhichOneof("type")
    part = getattr(element, kind)
    if kind == "metric" and part.label == "Events":
        page.events = int(part.body.replace(",", ""))
    elif kind == "exception":
        page.exceptions.append(f"{part.type}: {part.message}")
    widget = getattr(part, "id", "")
    if widget.startswith("$$ID-"):
        page.widgets[widget.rsplit("-", 1)[-1]] = widget


async def session(
    number: int,
    port: int,
    plan: list[tuple[str, str, int]],
    think: float,
    timeout: float,
    results: Results,
) -> None:
    """One analyst: open the page, then apply each (actor, search, expected events) of `plan`."""
    url = f"ws://{HOST}:{port}/_stcore/stream"
    try:
        async with websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout
        ) as socket_:
            page, seconds = await whole_page(socket_, timeout)
            results.first_page.append(seconds)
            if page.exceptions:
                results.errors.append(f"session {number}: first page: {page.exceptions[0]}")
            widgets = page.widgets
            for step, (actor, text, expected) in enumerate(plan, start=1):
                await asyncio.sleep(think)
                payload = rerun_message(widgets, actor, text)
                page, seconds = await run_script(socket_, payload, timeout)
                results.changes.append(seconds)
                results.bytes_per_change.append(page.sent)
                widgets = page.widgets or widgets
                where = f"session {number}, change {step} ({actor!r}, {text!r})"
                if page.exceptions:
                    results.errors.append(f"{where}: {page.exceptions[0]}")
                elif page.finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    results.errors.append(f"{where}: script finished with status {page.finished}")
                elif page.events != expected:
                    results.errors.append(f"{where}: {page.events} events shown, {expected} due")
    except (TimeoutError, OSError, websockets.WebSocketException) as error:
        results.errors.append(f"session {number}: {type(error).__name__}: {error}")


def counter(data: Path | None, engine: str | None):
    """(actors by activity, the states with officials, the dates every page opens on, a function
    counting a view's events): choosing such a state ticks "Include affiliated officials".

    With an engine, the same engine the server uses answers here (the page's own opening
    dates, `ui.engine_page.story_period`); else the data is loaded as the in-memory page does.
    """
    if engine:
        from timeline import engines
        from timeline.ui.engine_page import story_period

        session = engines.open(data, engine).session()
        span = session.span()
        opening = story_period(session.focus(filters.View()), span) if span else None
        states = set(actors.principals(session.registry()).values())
        return session.options()["actors"], states, opening or (None, None), session.count
    path = Path(data or timeline.BUNDLED_EVENTS)
    converted = path.suffix == ".parquet" and layout.is_converted(path)
    dataset = layout.read_dataset(path) if converted else timeline.load(path)  # as the page
    names = [str(name) for name in dataset.event_actors["actor"].value_counts().index]
    opening = dataset.story_period or (None, None)
    states = set(actors.principals(dataset.actors).values())
    return names, states, opening, lambda view: len(filters.apply(view, dataset))


def plans(
    sessions: int, changes: int, data: Path | None, engine: str | None = None
) -> list[list[tuple[str, str, int]]]:
    """Each session's filter changes, with the Events count due for each."""
    names, states, (first, last), count = counter(data, engine)
    # Busy and quiet actors alike, so reruns cost what analysts' reruns cost.
    chosen = names[:: max(1, len(names) // 12)][:12]
    every = []
    for number in range(sessions):
        plan = []
        for step in range(changes):
            actor = chosen[(number + step) % len(chosen)]
            text = SEARCHES[step % len(SEARCHES)]
            view = filters.View(
                actors=(actor,), affiliates=actor in states, text=text, start=first, end=last
            )
            plan.append((actor, text, count(view)))
        every.append(plan)
    return every


async def whole_page(socket_, timeout: float) -> tuple[Page, float]:
    """A session's first page and the seconds it took, whole: a chart-first run (no filters
    yet, timeline.ui.first_view) is followed by the rerun the browser asks for once the chart
    is drawn."""
    page, seconds = await run_script(socket_, rerun_message({}, None, ""), timeout)
    if "actors" in page.widgets or page.exceptions:
        return page, seconds
    rest, more = await run_script(socket_, rerun_message({}, None, ""), timeout)
    rest.sent += page.sent
    return rest, seconds + more


async def first_view(port: int, timeout: float) -> tuple[Page, float]:
    """One session's first page, before any other connects: what an analyst waits for."""
    url = f"ws://{HOST}:{port}/_stcore/stream"
    async with websockets.connect(
        url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout
    ) as socket_:
        return await whole_page(socket_, timeout)


async def drive(arguments, port: int, server: subprocess.Popen) -> tuple[Results, dict, float]:
    results = Results()
    peak: dict[str, int] = {}

    async def sample() -> None:
        while True:
            now = memory(server.pid)
            if now.get("VmRSS", 0) > peak.get("VmRSS", 0):
                peak.update(now)
            await asyncio.sleep(0.2)

    planned = plans(arguments.sessions, arguments.changes, arguments.data, arguments.engine)
    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    session(number, port, plan, arguments.think, arguments.step_timeout, results)
                    for number, plan in enumerate(planned)
                )
            ),
            arguments.timeout,
        )
    except TimeoutError:
        results.errors.append(f"the run exceeded --timeout {arguments.timeout:.0f} s")
    finally:
        sampler.cancel()
    return results, peak, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(
    arguments,
    results: Results,
    before: dict,
    peak: dict,
    after: dict,
    wall: float,
    first: dict,
) -> dict:
    def summary(values: list[float]) -> dict:
        return {
            "count": len(values),
            "p50_ms": round(1000 * percentile(values, 0.50)),
            "p95_ms": round(1000 * percentile(values, 0.95)),
            "max_ms": round(1000 * max(values)) if values else None,
            "mean_ms": round(1000 * statistics.fmean(values)) if values else None,
        }

    reruns = len(results.first_page) + len(results.changes)
    return {
        "sessions": arguments.sessions,
        "changes_per_session": arguments.changes,
        "think_seconds": arguments.think,
        "data": str(arguments.data or timeline.BUNDLED_EVENTS.relative_to(ROOT)),
        "engine": arguments.engine or "memory (as the page chooses)",
        **first,
        "errors": len(results.errors),
        "first_errors": results.errors[:5],
        "first_page": summary(results.first_page),
        "filter_change": summary(results.changes),
        "bytes_per_change": {
            "p50_kb": round(percentile(results.bytes_per_change, 0.5) / 1024),
            "max_kb": round(max(results.bytes_per_change, default=0) / 1024),
        },
        "reruns_per_second": round(reruns / wall, 1) if wall else None,
        "wall_seconds": round(wall, 1),
        "server_rss_mb": {
            "before_sessions": round(before.get("VmRSS", 0) / 1024),
            "peak_sampled": round(peak.get("VmRSS", 0) / 1024),
            "after_sessions": round(after.get("VmRSS", 0) / 1024),
            "high_water_mark": round(after.get("VmHWM", 0) / 1024),
        },
        "cpus": os.cpu_count(),
    }


def measure_first_view(port: int, launched: float, timeout: float) -> dict:
    """Seconds from the server's launch to its health check and to the first page's end."""
    healthy = time.perf_counter() - launched
    page, _ = asyncio.run(first_view(port, timeout))
    return {
        "server_healthy_s": round(healthy, 2),
        "first_view_s_from_start": round(time.perf_counter() - launched, 2),
        "first_view_kb": round(page.sent / 1024),
        "first_view_events": page.events,
        "first_view_problems": page.exceptions[:1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=25, help="concurrent sessions (<= 200)")
    parser.add_argument("--changes", type=int, default=20, help="filter changes per session")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between changes")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole run")
    parser.add_argument(
        "--step-timeout", type=float, default=120, help="seconds for one script run"
    )
    parser.add_argument("--data", type=Path, help="events file (default: the bundled data)")
    parser.add_argument(
        "--engine",
        choices=("memory", "duckdb"),
        help="start the server with --engine (a converted file)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.sessions <= 200 or not 0 <= arguments.changes <= 1000:
        parser.error("--sessions must be 1-200 and --changes 0-1000")

    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        launched = time.perf_counter()
        server = start_server(port, arguments.data, log, arguments.engine)
        try:
            wait_until_healthy(port, server, seconds=120)
            first = measure_first_view(port, launched, arguments.step_timeout)
            before = memory(server.pid)
            results, peak, wall = asyncio.run(drive(arguments, port, server))
            after = memory(server.pid)
        except BaseException:
            print(log.read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    outcome = report(arguments, results, before, peak, after, wall, first)
    if arguments.json:
        print(json.dumps(outcome, indent=2))
    else:
        for key, value in outcome.items():
            print(f"{key:>20}: {value}")
    return 1 if results.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
