"""Hostile input: the corpus in tests/hostile/, answered by the loader, the CLI and the app.

Every corpus file is named for what it tries. The loader answers each with a DataFileError that
says what is wrong, or with the exact problems (row, column, rule, severity) it raises; the app
answers each with a message and never a traceback. Inputs too large to commit (a 10 MB cell, a
million empty rows, two million line ends) are generated here.
"""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import timeline
from timeline import cli, read, safe
from timeline.safe import UNPRINTABLE

HOSTILE = Path(__file__).resolve().parent / "hostile"
DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
HEADER = "id,date,title,actors,event_type,source_url"
GOOD = "ok,2020-10-06,Talks in Moscow,Iran,visit,https://example.org/ok"
UNPRINTABLE_CHARACTER = re.compile(UNPRINTABLE)


@dataclass(frozen=True)
class Refused:
    """The file cannot be read: DataFileError, its message containing `says`."""

    says: str
    limits: tuple[tuple[str, int], ...] = ()  # read.* ceilings lowered, so the test stays fast


@dataclass(frozen=True)
class Loaded:
    """Rows read and loaded, and every problem as (row, column, rule, severity)."""

    read: int
    loaded: int
    problems: frozenset[tuple[int, str, str, str]] = frozenset()
    notice: str = ""


def problems(*found: tuple[int, str, str, str]) -> frozenset[tuple[int, str, str, str]]:
    return frozenset(found)


def error(row: int, column: str, rule: str) -> tuple[int, str, str, str]:
    return (row, column, rule, "error")


def warning(row: int, column: str, rule: str) -> tuple[int, str, str, str]:
    return (row, column, rule, "warning")


NO_TYPE = "no-event-type"

# Every file of tests/hostile/ and how the loader answers it. Row 2 of each CSV is a good event;
# row 3 carries the attack.
CORPUS: dict[str, Refused | Loaded] = {
    # Cells a spreadsheet would run as formulas: kept as text, warned.
    "formula-equals-hyperlink-in-title.csv": Loaded(2, 2, problems(warning(3, "title", "formula"))),
    "formula-plus-cmd-in-description.csv": Loaded(
        2, 2, problems(warning(3, "description", "formula"))
    ),
    "formula-at-sum-in-source-name.csv": Loaded(
        2, 2, problems(warning(3, "source_name", "formula"))
    ),
    "formula-minus-arithmetic-in-location.csv": Loaded(
        2, 2, problems(warning(3, "location", "formula"))
    ),
    "workbook-formula-cells.xlsx": Loaded(  # a formula has no value until Excel computes it
        2,
        1,
        problems(
            warning(2, "event_type", NO_TYPE),
            warning(3, "event_type", NO_TYPE),
            error(3, "title", "required"),
        ),
    ),
    # Markup: loaded as text (the app escapes it); vocabularies that do not match are warned.
    "xss-in-every-text-field.csv": Loaded(
        2,
        2,
        problems(
            warning(3, "actors", "unregistered-actor"),
            warning(3, "event_type", "unknown-event-type"),
            warning(3, "status", "unknown-status"),
        ),
    ),
    "xss-in-header-name.csv": Loaded(
        1, 1, problems(warning(1, "<img src=x onerror=alert(1)>", "unknown-column"))
    ),
    "markdown-link-in-title.csv": Loaded(2, 2),
    "bidi-override-in-title.csv": Loaded(2, 2),  # a residual risk, see docs/security.md
    # Links: only http(s) sources.
    "javascript-url.csv": Loaded(2, 1, problems(error(3, "source_url", "url"))),
    "javascript-url-mixed-case.csv": Loaded(2, 1, problems(error(3, "source_url", "url"))),
    "data-url.csv": Loaded(2, 1, problems(error(3, "source_url", "url"))),
    "javascript-url-after-a-good-one.csv": Loaded(2, 1, problems(error(3, "source_url", "url"))),
    "url-with-user-info.csv": Loaded(2, 1, problems(error(3, "source_url", "url"))),
    "url-breaking-out-of-a-markdown-link.csv": Loaded(2, 2),  # http(s); safe.link_target encodes
    # CSV structure and bytes.
    "deeply-quoted-cell.csv": Loaded(2, 2),
    "quoted-newlines-and-commas.csv": Loaded(2, 2),
    "mixed-newlines.csv": Loaded(3, 3),
    "nul-bytes.csv": Loaded(2, 1, problems(error(3, "title", "control-character"))),
    "terminal-escapes.csv": Loaded(
        2,
        1,
        problems(
            error(3, "date", "control-character"),
            error(3, "date", "date"),
            error(3, "actors", "control-character"),
            error(3, "event_type", "control-character"),
            warning(3, "actors", "unregistered-actor"),
            warning(3, "event_type", "unknown-event-type"),
        ),
    ),
    "newline-forging-a-report-line.csv": Loaded(
        2, 2, problems(warning(3, "event_type", "unknown-event-type"))
    ),
    # Encodings.
    "utf-8-bom.csv": Loaded(2, 2),
    "utf-16-le-bom.csv": Loaded(2, 2),
    "utf-16-be-bom.csv": Loaded(2, 2),
    "utf-32-bom.csv": Loaded(2, 2),
    "utf-16-without-bom.csv": Refused("looks like UTF-16 text without a byte-order mark"),
    "latin-1-not-cp1252.csv": Refused("is neither UTF-8 (byte 0x81 on line 3) nor Windows-1252"),
    "latin-1-read-as-cp1252.csv": Loaded(2, 2, notice="read as Windows-1252 (cp1252)"),
    "utf-8-bom-then-cp1252.csv": Refused("starts with a UTF-8 byte-order mark but is not valid"),
    # Dates.
    "date-2020-02-30.csv": Loaded(2, 1, problems(error(3, "date", "date"))),
    "date-0000-01-01.csv": Loaded(2, 1, problems(error(3, "date", "date"))),
    "date-99999-01-01.csv": Loaded(2, 1, problems(error(3, "date", "date"))),
    "date-2020-13.csv": Loaded(2, 1, problems(error(3, "date", "date"))),
    "date-day-month-swapped-11-03-2016.csv": Loaded(2, 1, problems(error(3, "date", "date"))),
    # Formats told apart by content, whatever the name says.
    "csv-named-as-workbook.xlsx": Loaded(1, 1),
    "parquet-named-as-csv.csv": Loaded(
        1, 1, problems(warning(2, "event_type", NO_TYPE), warning(2, "source_url", "no-source"))
    ),
    # Files that unfold into far more than they weigh, and damaged ones.
    "workbook-rows-below-its-declared-size.xlsx": Loaded(
        2, 2, problems(warning(2, "event_type", NO_TYPE), warning(3, "event_type", NO_TYPE))
    ),
    "workbook-row-number-three-million.xlsx": Refused(
        "has more than 100,000 rows", limits=(("MAX_ROWS", 100_000),)
    ),
    "workbook-zip-bomb.xlsx": Refused(
        "the workbook unpacks to 64 MB, more than the 32 MB", limits=(("MAX_UNPACKED", 32 << 20),)
    ),
    "workbook-truncated.xlsx": Refused("is not a readable Excel .xlsx workbook"),
    "workbook-billion-laughs.xlsx": Refused(  # expat refuses entity expansion past 100x
        "is not a readable Excel .xlsx workbook (limit on input amplification factor"
    ),
    "parquet-three-million-null-rows.parquet": Refused("has more than 2,000,000 rows"),
    "parquet-dictionary-bomb.parquet": Refused("holds 763 MB of data once decompressed"),
    "parquet-truncated.parquet": Refused("is not a readable Parquet file"),
}

# What a date problem says, in the analyst's terms.
DATE_MESSAGES = {
    "date-2020-02-30.csv": "'2020-02-30' is not a real calendar date",
    "date-0000-01-01.csv": "'0000-01-01' is outside the years 0001-9999",
    "date-99999-01-01.csv": "'99999-01-01' is outside the years 0001-9999",
    "date-2020-13.csv": "'2020-13' has no such month",
    "date-day-month-swapped-11-03-2016.csv": "'11/03/2016' is ambiguous (day/month order)",
}


@pytest.fixture
def lowered(monkeypatch):
    """Apply an entry's lowered read.* ceilings."""

    def lower(expected: Refused | Loaded) -> None:
        for name, value in getattr(expected, "limits", ()):
            monkeypatch.setattr(read.limits, name, value)

    return lower


def test_every_corpus_file_has_an_expected_answer() -> None:
    files = {path.name for path in HOSTILE.iterdir() if path.name != "README.md"}
    assert files == set(CORPUS)


@pytest.mark.parametrize(("name", "expected"), CORPUS.items(), ids=list(CORPUS))
def test_the_loader_answers_each_hostile_file_precisely(name, expected, registry, lowered) -> None:
    lowered(expected)
    if isinstance(expected, Refused):
        with pytest.raises(timeline.DataFileError, match=re.escape(expected.says)):
            timeline.load(HOSTILE / name, registry=registry)
        return
    report = timeline.load(HOSTILE / name, registry=registry).report
    found = set(
        zip(
            report.problems["row"],
            report.problems["column"],
            report.problems["rule"],
            report.problems["severity"],
            strict=True,
        )
    )
    assert (report.rows_read, report.rows_loaded, found) == (
        expected.read,
        expected.loaded,
        expected.problems,
    )
    assert expected.notice in " ".join(report.notices)


@pytest.mark.parametrize(("name", "says"), DATE_MESSAGES.items(), ids=list(DATE_MESSAGES))
def test_an_impossible_date_is_named_in_the_message(name, says, registry) -> None:
    problems = timeline.load(HOSTILE / name, registry=registry).report.errors
    assert problems["message"].str.contains(says, regex=False).any()


@pytest.mark.parametrize("name", [n for n, e in CORPUS.items() if isinstance(e, Loaded)])
def test_problem_text_from_hostile_files_is_printable_on_one_line(name, registry) -> None:
    problems = timeline.load(HOSTILE / name, registry=registry).report.problems
    for column in ("column", "value", "message"):
        assert not problems[column].str.contains(UNPRINTABLE, regex=True).any(), column


def test_validate_output_cannot_carry_terminal_escapes_or_forge_lines(capsys) -> None:
    for name in ("terminal-escapes.csv", "newline-forging-a-report-line.csv"):
        path = HOSTILE / name
        cli.main(["validate", str(path)])
        lines = capsys.readouterr().out.splitlines()
        report = timeline.load(path).report
        # one line per problem, the source strengths, then the summary
        assert len(lines) == len(report.problems) + 2
        assert lines[-1] == f"{path}: {report.summary()}"
        assert not any(UNPRINTABLE_CHARACTER.search(line) for line in lines)


def test_a_data_file_error_quoting_the_file_is_printable() -> None:
    header = "id,date,title,actors,\x1b[2J,\x1b[2J\n"
    with pytest.raises(timeline.DataFileError, match="appears twice") as refused:
        timeline.load(io.BytesIO((header + "a,b,c,d,e,f\n").encode()), name="events.csv")
    assert not UNPRINTABLE_CHARACTER.search(str(refused.value))


def ten_megabytes(cell: str) -> bytes:
    return (f"{HEADER}\n{GOOD}\n" + cell + "\n").encode()


BIG = "x" * 10_000_000


@pytest.mark.parametrize(
    ("what", "row", "loaded", "problem"),
    [
        ("title", f"big,2020,{BIG},Iran,visit,https://example.org/b", 2, None),
        ("source URL", f"big,2020,T,Iran,visit,https://example.org/{BIG}", 2, None),
        ("date", f"big,2{BIG},T,Iran,visit,https://example.org/b", 1, ("date", "date")),
        (
            "actor",
            f"big,2020,T,{BIG},visit,https://example.org/b",
            2,
            ("actors", "unregistered-actor"),
        ),
        ("id", f"{BIG},2020,T,Iran,visit,https://example.org/b", 2, None),
    ],
    ids=["title", "source URL", "date", "actor", "id"],
)
def test_a_10_mb_cell_loads_or_is_rejected_with_a_short_message(
    what, row, loaded, problem, registry
) -> None:
    report = timeline.load(ten_megabytes(row), name="big.csv", registry=registry).report
    assert (report.rows_read, report.rows_loaded) == (2, loaded)
    found = report.problems[["column", "rule"]].itertuples(index=False, name=None)
    assert set(found) == ({problem} if problem else set())
    assert all(len(message) <= 600 for message in report.problems["message"])
    assert all(len(value) <= 200 for value in report.problems["value"])


def test_a_million_empty_rows_are_each_rejected_in_reasonable_time(registry) -> None:
    empty_rows = ("," * HEADER.count(",") + "\n") * 1_000_000  # every cell empty
    data = f"{HEADER}\n{GOOD}\n{empty_rows}".encode()
    started = time.perf_counter()
    report = timeline.load(data, name="empty.csv", registry=registry).report
    seconds = time.perf_counter() - started
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (1_000_001, 1, 1_000_000)
    empty = report.problems[report.problems["rule"] == "empty-row"]
    assert empty["row"].tolist() == list(range(3, 1_000_003))
    # About 2 s on a shared 2-core machine (20 s before empty rows skipped the per-row rules).
    assert seconds < 30


def test_two_million_line_ends_are_refused_before_they_are_all_read() -> None:
    data = f"{HEADER}\n".encode() + b"\n" * (read.limits.MAX_ROWS + 10)
    with pytest.raises(timeline.DataFileError, match="more than 2,000,000 rows"):
        timeline.load(data, name="flood.csv")


def test_too_many_cells_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(read.limits, "MAX_CELLS", 1_000)
    wide = ",".join(["date", "title", "actors", *(f"c{n}" for n in range(97))])
    data = (wide + "\n" + "2020,T,Iran" + "," * 97 + "\n") * 11
    with pytest.raises(timeline.DataFileError, match="more than the 1,000 cells"):
        timeline.load(data.encode(), name="wide.csv")


# The app: each corpus file as the shared data file gives a clear message, never a traceback.


def run_app(path: Path, query: dict[str, str] | None = None) -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (query or {}).items():
        test.query_params[key] = value
    return test.run()


@pytest.mark.parametrize(("name", "expected"), CORPUS.items(), ids=list(CORPUS))
def test_the_app_shows_each_hostile_file_with_a_message_not_a_traceback(
    name, expected, monkeypatch, lowered
) -> None:
    lowered(expected)
    monkeypatch.setenv("TIMELINE_DATA", str(HOSTILE / name))
    test = run_app(HOSTILE / name)
    assert not test.exception
    errors = " ".join(e.value for e in test.error)
    if isinstance(expected, Refused):
        assert "The data file cannot be read" in errors
        return
    report = timeline.load(HOSTILE / name).report  # the app's own (bundled) actor registry
    if report.rows_rejected:
        assert f"{report.rows_rejected} of {report.rows_read} rows were rejected" in errors
    elif len(report.problems):
        assert "rows were rejected" in " ".join(i.value for i in test.info)
    else:
        assert not test.error and not test.info
    for notice in report.notices:
        assert safe.markdown(notice) in [w.value for w in test.warning]
    events = next(m for m in test.metric if m.label == "Events")
    assert events.value == f"{report.rows_loaded:,}"


MARKUP = re.compile(r"(?<!\\)[<>\[\]]")  # markup that plain() would have escaped
# A numbered source: the link, then its outlet's kind from the registry (our words, not the data's).
SOURCE_LINK = re.compile(r"^\d+\. \[(?P<label>.*)\]\((?P<target>[^)]*)\)(?: · [^\[\]<>]+)?$")
# The page's own markup around data text: badges, grey text and the chronology's source links.
BADGE = re.compile(r":[a-z]+(?:-badge)?\[(?P<label>(?:\\.|[^\]\\])*)\]")
LINK = re.compile(r"\d+\\\. \[(?P<label>(?:\\.|[^\]\\])*)\]\((?P<target>[^)]*)\)")


def assert_inert_markdown(text: str) -> None:
    """Only the page's own links and badges are markup; the data text inside them is escaped."""
    link = SOURCE_LINK.match(text)
    if link:
        assert not MARKUP.search(link["label"]), text
        assert re.match(r"^https?://[^()\s<>]*$", link["target"]), text
        return
    for found in LINK.finditer(text):
        assert not MARKUP.search(found["label"]), text
        assert re.match(r"^https?://[^()\s<>]*$", found["target"]), text
    for found in BADGE.finditer(text):
        assert not MARKUP.search(found["label"]), text
    assert not MARKUP.search(LINK.sub("", BADGE.sub("", text))), text


@pytest.mark.parametrize(
    "name",
    [
        "xss-in-every-text-field.csv",
        "markdown-link-in-title.csv",
        "url-breaking-out-of-a-markdown-link.csv",
        "formula-equals-hyperlink-in-title.csv",
    ],
)
def test_the_details_card_and_chronology_show_hostile_text_inert(name, monkeypatch) -> None:
    events = timeline.load(HOSTILE / name).events
    attack = events.loc[events["row"] == 3, "id"].item()
    monkeypatch.setenv("TIMELINE_DATA", str(HOSTILE / name))
    test = run_app(HOSTILE / name, {"event": attack})
    assert not test.exception
    assert test.subheader, "the details card is open"
    for text in [e.value for e in (*test.subheader, *test.markdown, *test.caption)]:
        assert_inert_markdown(text)
    for button in test.button:
        assert not MARKUP.search(button.label), button.label
    # The chronology's list is sent as data the browser sets as text (tests/browser); only its
    # link targets are followed, so each is http(s) and cannot leave its attribute.
    (listing,) = [
        e for e in test.get("bidi_component") if e.proto.component_name == "timeline.chronology"
    ]
    entries = json.loads(listing.proto.json)["entries"]
    assert attack in [entry["id"] for entry in entries]
    for entry in entries:
        for source in entry["sources"]:
            assert source["url"] == "" or re.match(r"^https?://[^()\s<>\"]*$", source["url"])


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.org/a", "https://example.org/a"),
        (
            "https://example.org/x)](javascript:alert(1)",
            "https://example.org/x%29]%28javascript:alert%281%29",
        ),
        ("https://example.org/<script>", "https://example.org/%3Cscript%3E"),
        ("javascript:alert(1)", "#"),
        ("data:text/html,<script>alert(1)</script>", "#"),
        (" https://example.org", "#"),
    ],
)
def test_a_link_target_is_http_or_inert(url, target) -> None:
    assert safe.link_target(url) == target
