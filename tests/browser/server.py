"""Start the dashboard and a headless Chromium: shared by the browser tests and scripts/screenshots.py.

Kept free of pytest so the screenshot script runs the very same server the tests run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # seconds for the server to answer its health check
STOP_TIMEOUT = 10.0  # seconds between terminate and kill
POLL = 0.2  # seconds between health checks


@dataclass(frozen=True)
class Server:
    """A running dashboard: its base URL and the file its output goes to."""

    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log, lines)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def dashboard(
    data: Path | None = None,
    *,
    error_details: bool = False,
    timeout: float = START_TIMEOUT,
    script: Path = DASHBOARD,
    arguments: Sequence[str] = (),
) -> Iterator[Server]:
    """Run `streamlit run dashboard.py` (or `script`) on a free local port until the block ends.

    `data` becomes $TIMELINE_DATA; without it the dashboard shows the bundled events.
    `arguments` go to the dashboard after `--` (e.g. `--data big.parquet --engine duckdb`).
    `error_details` shows tracebacks in the page, which .streamlit/config.toml hides from users,
    so that a failing test can say what went wrong. The file watcher is off: nothing edits the
    code under test, and CI machines run out of inotify watches.
    """
    env = {key: value for key, value in os.environ.items() if key != "TIMELINE_DATA"}
    env["TIMELINE_PROGRESSIVE"] = "1"  # the page as analysts get it: the chart first
    if data is not None:
        env["TIMELINE_DATA"] = str(data)
    if error_details:
        env["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
    log = Path(tempfile.mkstemp(prefix="timeline-streamlit-", suffix=".log")[1])
    try:
        for attempt in range(1, 4):
            port = free_port()
            process = _start(script, port, env, log, arguments)
            try:
                server = _wait_until_serving(process, port, log, timeout)
                if server is None and attempt < 3:
                    continue  # another process took the port between the probe and the bind
                if server is None:
                    raise RuntimeError(f"no free port after 3 attempts:\n{_tail(log)}")
                yield server
                return
            finally:
                _stop(process)
    finally:
        log.unlink(missing_ok=True)


def _start(
    script: Path, port: int, env: dict[str, str], log: Path, arguments: Sequence[str] = ()
) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    if arguments:
        command += ["--", *arguments]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_until_serving(
    process: subprocess.Popen, port: int, log: Path, timeout: float
) -> Server | None:
    """The server once it answers its health check; None if its port was taken meanwhile.

    A health check alone could be answered by another server that grabbed the port, so the
    server must also still run and have announced its own URL.
    """
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            if "already in use" in _tail(log):
                return None
            raise RuntimeError(
                f"streamlit exited with code {process.returncode} before serving {url}:\n"
                f"{_tail(log)}"
            )
        if _healthy(url) and f":{port}" in log.read_text(errors="replace"):
            return Server(url, log)
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"streamlit did not answer {url}/_stcore/health within {timeout:.0f} s:\n"
                f"{_tail(log)}"
            )
        time.sleep(POLL)


def _stop(process: subprocess.Popen) -> None:
    """Terminate, and kill if it has not exited after STOP_TIMEOUT."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless: `playwright install` cannot download browsers everywhere."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def wait_for_dashboard(page: Page, timeout: float = 60_000) -> None:
    """Wait until the script has run to its end, the page is whole, and every chart is drawn.

    Elements appear only once a run has started, so the first one marks that the app is no
    longer idle before its first run; "notRunning" after that means the run is over. Charts and
    tables are loaded lazily: a skeleton stands in for them first, then the plot is drawn.
    """
    page.wait_for_selector(
        '[data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stException"]',
        timeout=timeout,
    )
    page.wait_for_function(  # a chart-first page asks for the rest once its chart is drawn
        """() => document.querySelector(
                '[data-testid="stApp"][data-test-script-state="notRunning"]') &&
            !document.querySelector('.st-key-chart_drawn')""",
        timeout=timeout,
    )
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]') &&
            [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => {
                const plot = chart.querySelector('.js-plotly-plot');
                return Boolean(plot && plot._fullLayout && plot.querySelector('.main-svg'));
            })""",
        timeout=timeout,
    )
