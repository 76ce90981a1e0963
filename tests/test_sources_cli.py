"""`timeline sources`: exit codes, report lines, and the link checker against a loopback server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from timeline import actors, cli
from timeline.sources import check_link, check_links
from timeline.sources import registry as source_registry

HEADER = "id,date,title,actors,event_type,status,source_url"
SOURCES = "domain,name,kind,country\nun.org,United Nations,primary,\ntass.com,TASS,state media,Russia\nmirror.example,Mirror,weak,\n"
SLOW = 1.5  # seconds the /slow page takes; the timeout under test is far shorter


class Pages(BaseHTTPRequestHandler):
    """/ok 200, /old 301 -> /ok, /missing 404, /no-head 405 to HEAD and 200 to GET, /slow."""

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        self.server.requests.append((self.command, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            time.sleep(SLOW)
        status, headers = {
            "/ok": (200, {}),
            "/slow": (200, {}),
            "/old": (301, {"Location": "/ok"}),
            "/no-head": (405 if self.command == "HEAD" else 200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "0"}.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *arguments) -> None:  # keep the test output clean
        pass


@pytest.fixture
def site(monkeypatch) -> Iterator[tuple[str, list]]:
    """Base URL of a server on 127.0.0.1 and the (method, path, user agent) it was asked."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    server.block_on_close = False  # a /slow answer still sleeping must not hold the teardown
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.requests
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def known_registries(monkeypatch, registry_file, tmp_path):
    """Point the CLI at test registries, so results do not follow edits to data/."""
    monkeypatch.setattr(actors, "BUNDLED_REGISTRY", registry_file)
    sources = tmp_path / "sources.csv"
    sources.write_text(SOURCES, encoding="utf-8")
    monkeypatch.setattr(source_registry, "BUNDLED_SOURCES", sources)


def write(tmp_path: Path, *cells: str) -> Path:
    path = tmp_path / "events.csv"
    rows = [
        f"e{n},2020-10-{n + 10},Talks {n},Iran,negotiation,confirmed,{cell}"
        for n, cell in enumerate(cells)
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(capsys, *arguments) -> tuple[int, list[str]]:
    code = cli.main([str(argument) for argument in arguments])
    printed = capsys.readouterr()
    return code, (printed.out + printed.err).splitlines()


def test_clean_file_meets_the_policy_and_exits_0_even_under_strict(tmp_path, capsys):
    path = write(tmp_path, "https://un.org/a")
    assert run(capsys, "sources", "--strict", path) == (
        0,
        [
            f"{path}:2: e0: strong (primary)",
            f"{path}: sources: 1 strong, 0 single, 0 state media only, 0 weak only, 0 unrated; "
            "policy met",
        ],
    )


@pytest.mark.parametrize(
    ("cell", "broken"),
    [
        ("https://mirror.example/a", "1 event(s) rest on weak sources only"),
        ("https://tass.com/a", "1 event(s) cite no primary or independent source"),
        (
            "https://un.org/a https://elsewhere.example/b",
            "1 domain(s) are not in the source registry",
        ),
        ("https://un.org/a https://un.org./b", "1 URL(s) are malformed or fragile"),
        ("https://un.org/a https://un.org/a", "1 URL(s) are cited twice by the same event"),
    ],
)
def test_a_broken_rule_fails_only_under_strict(tmp_path, capsys, cell, broken):
    path = write(tmp_path, cell)
    code, lines = run(capsys, "sources", path)
    assert code == 0
    assert broken in lines[-1]
    assert run(capsys, "sources", "--strict", path)[0] == 1


def test_missing_file_exits_2_with_a_message_naming_it(tmp_path, capsys):
    path = tmp_path / "absent.csv"
    assert run(capsys, "sources", path) == (2, [f"{path}: no such file"])


def test_malformed_registry_exits_2_naming_its_row_and_column(tmp_path, capsys):
    registry = tmp_path / "bad-sources.csv"
    registry.write_text("domain,name,kind\nun.org,United Nations,official\n", encoding="utf-8")
    code, lines = run(
        capsys, "sources", "--registry", registry, write(tmp_path, "https://un.org/a")
    )
    assert code == 2
    assert lines[0].startswith(f"{registry}:2: kind: 'official' is not one of primary")


def test_rows_rejected_by_validation_are_not_rated_and_fail_strict(tmp_path, capsys):
    path = write(tmp_path, "https://un.org/a")
    with path.open("a", encoding="utf-8") as events:
        events.write("bad,2020-02-30,Talks,Iran,negotiation,confirmed,https://un.org/b\n")
    code, lines = run(capsys, "sources", "--strict", path)
    assert code == 1
    assert lines[-1].endswith(
        "policy broken: 1 row(s) rejected by validation are not rated (see `timeline validate`)"
    )


def test_validate_summarises_source_strength_by_the_bundled_registry(tmp_path, capsys):
    path = write(tmp_path, "https://un.org/a", "https://tass.com/b", "https://other.example/c")
    _, lines = run(capsys, "validate", path)
    assert lines[-2] == (
        f"{path}: sources: 1 strong, 0 single, 1 state media only, 0 weak only, 1 unrated"
    )


def test_link_answering_200_is_ok_and_asked_once_with_head_and_a_named_user_agent(site):
    base, requests = site
    result = check_link(f"{base}/ok", timeout=5)
    assert (result.outcome, result.status, result.redirect) == ("ok", 200, None)
    assert len(requests) == 1
    method, path, agent = requests[0]
    assert (method, path) == ("HEAD", "/ok")
    assert agent.startswith("timeline-link-check/") and "timeline project" in agent


def test_link_moved_permanently_reports_where_it_went(site):
    base, _ = site
    result = check_link(f"{base}/old", timeout=5)
    assert (result.outcome, result.status, result.redirect) == ("moved", 200, 301)
    assert result.final_url == f"{base}/ok"
    assert result.detail == f"HTTP 301: now at {base}/ok"


def test_link_answering_404_is_dead_after_a_get_confirms_it(site):
    base, requests = site
    result = check_link(f"{base}/missing", timeout=5)
    assert (result.outcome, result.status) == ("dead", 404)
    assert [method for method, _, _ in requests] == ["HEAD", "GET"]


def test_link_refusing_head_is_asked_again_with_get(site):
    base, requests = site
    result = check_link(f"{base}/no-head", timeout=5)
    assert (result.outcome, result.status) == ("ok", 200)
    assert [method for method, _, _ in requests] == ["HEAD", "GET"]


def test_link_answering_too_slowly_is_unreachable_within_the_limit(site):
    base, _ = site
    started = time.monotonic()
    result = check_link(f"{base}/slow", timeout=0.2)
    assert (result.outcome, result.status) == ("unreachable", None)
    assert result.detail == "no answer within 0.2 s"
    assert time.monotonic() - started < SLOW  # gave up before the page answered


def test_link_to_a_closed_port_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_link(f"http://127.0.0.1:{port}/a", timeout=2)
    assert result.outcome == "unreachable"
    assert result.detail.startswith("cannot connect")


def test_non_http_url_is_never_fetched():
    assert check_link("file:///etc/passwd").outcome == "unreachable"


def test_each_distinct_url_is_checked_once_in_first_seen_order(site):
    base, requests = site
    urls = [f"{base}/ok", f"{base}/old", f"{base}/ok"]
    results = check_links(urls, timeout=5, workers=2)
    assert [result.url for result in results] == [f"{base}/ok", f"{base}/old"]
    assert (
        sum(path == "/ok" and method == "HEAD" for method, path, _ in requests) == 2
    )  # /old lands on /ok


def test_check_links_prints_dead_and_moved_links_with_their_rows(site, tmp_path, capsys):
    base, _ = site
    path = write(
        tmp_path,
        f"https://un.org/a {base}/ok",
        f"https://un.org/b {base}/old",
        f"https://un.org/c {base}/missing",
    )
    code, lines = run(capsys, "sources", "--check-links", "--timeout", "5", path)
    assert code == 0
    assert f"{path}: row 3: {base}/old: moved: HTTP 301: now at {base}/ok (note)" in lines
    assert f"{path}: row 4: {base}/missing: dead: GET answered HTTP 404 Not Found (error)" in lines
    assert lines[-1].startswith(f"{path}: links: ")
    assert "1 moved, 1 dead" in lines[-1]


def test_a_dead_link_fails_strict(site, tmp_path, capsys):
    base, _ = site
    path = write(tmp_path, f"https://un.org/a {base}/missing")
    # the loopback host is unregistered, so strict fails anyway; without --check-links it is the
    # registry rule alone, with it the dead link is reported as well
    code, lines = run(capsys, "sources", "--strict", "--check-links", "--timeout", "5", path)
    assert code == 1
    assert any(": dead: " in line for line in lines)
