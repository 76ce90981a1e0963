"""`timeline validate` and `timeline convert`: output lines, exit codes, and the malformed corpus."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from timeline import actors, cli

CORPUS = Path(__file__).resolve().parent / "corpus"
HEADER = "id,date,title,actors,event_type,status,source_url"
GOOD = "a,2020-10-06,Talks,Iran,negotiation,confirmed,https://example.org/a"
UNREGISTERED = "b,2020-10-07,Talks,Atlantis,negotiation,confirmed,https://example.org/b"
IMPOSSIBLE = "c,2020-02-30,Talks,Iran,negotiation,confirmed,https://example.org/c"
PROBLEM_LINE = re.compile(r"^.+:\d+: (?:[a-z_0-9]+: )?.+ \((?:error|warning)\)$")
SUMMARY_LINE = re.compile(r"^.+: \d+ rows read, \d+ loaded, \d+ rejected \(\d+ problems\)$")


@pytest.fixture(autouse=True)
def known_registry(monkeypatch, registry_file):
    """Point the CLI at the test registry, so exit codes do not follow edits to data/actors.csv."""
    monkeypatch.setattr(actors, "BUNDLED_REGISTRY", registry_file)


def write(tmp_path: Path, *rows: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(capsys, *arguments: str | Path) -> tuple[int, str]:
    """Exit code and everything printed (stdout, then stderr)."""
    code = cli.main([str(argument) for argument in arguments])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def test_clean_file_exits_0_and_prints_the_source_strengths_then_the_summary(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    assert run(capsys, "validate", path) == (
        0,
        f"{path}: sources: 0 strong, 0 single, 0 state media only, 0 weak only, 1 unrated\n"
        f"{path}: 1 rows read, 1 loaded, 0 rejected (0 problems)\n",
    )


def test_problem_line_names_path_row_column_message_and_severity(tmp_path, capsys):
    path = write(tmp_path, GOOD, IMPOSSIBLE)
    _, output = run(capsys, "validate", path)
    assert output.splitlines()[0] == (
        f"{path}:3: date: '2020-02-30' is not a real calendar date (no such day in that month) "
        "(error)"
    )


def test_problem_without_a_column_leaves_the_column_out(tmp_path, capsys):
    path = write(tmp_path, GOOD, "b,2020,Talks,Iran,visit,confirmed,https://example.org/b,extra")
    _, output = run(capsys, "validate", path)
    assert output.splitlines()[0] == f"{path}:3: the row has 8 fields but the header has 7 (error)"


def test_summary_is_the_last_line_and_counts_every_row(tmp_path, capsys):
    path = write(tmp_path, GOOD, UNREGISTERED, IMPOSSIBLE)
    _, output = run(capsys, "validate", path)
    *problems, strengths, summary = output.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in problems)
    assert strengths.startswith(f"{path}: sources: ")
    assert summary == f"{path}: 3 rows read, 2 loaded, 1 rejected (2 problems)"


@pytest.mark.parametrize(
    ("rows", "strict", "code"),
    [
        ([GOOD], False, 0),
        ([GOOD], True, 0),
        ([GOOD, UNREGISTERED], False, 0),
        ([GOOD, UNREGISTERED], True, 1),
        ([GOOD, IMPOSSIBLE], False, 1),
        ([GOOD, IMPOSSIBLE], True, 1),
        ([], False, 0),
    ],
)
def test_exit_code_is_1_when_a_row_is_rejected_or_strict_meets_a_warning(
    tmp_path, capsys, rows, strict, code
):
    path = write(tmp_path, *rows)
    arguments = ["validate", *(["--strict"] if strict else []), path]
    assert run(capsys, *arguments)[0] == code


def missing_file(tmp_path: Path) -> Path:
    return tmp_path / "missing.csv"


def folder(tmp_path: Path) -> Path:
    return tmp_path


def file_without_actors_column(tmp_path: Path) -> Path:
    path = tmp_path / "no-actors.csv"
    path.write_text("id,date,title\na,2020,T\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (missing_file, "no such file"),
        (folder, "is a folder, not a data file"),
        (file_without_actors_column, "row 1: missing required column(s) actors"),
    ],
)
def test_file_that_cannot_be_read_exits_2_naming_it(tmp_path, capsys, make_path, message):
    path = make_path(tmp_path)
    code, output = run(capsys, "validate", path)
    assert code == 2
    assert output.startswith(f"{path}: ") and message in output


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (["clean", "clean"], 0),
        (["clean", "rejecting"], 1),
        (["rejecting", "missing", "clean"], 2),
    ],
)
def test_several_paths_are_each_reported_and_the_worst_exit_code_wins(
    tmp_path, capsys, files, code
):
    made = {
        "clean": lambda n: write(tmp_path, GOOD, name=f"{n}.csv"),
        "rejecting": lambda n: write(tmp_path, IMPOSSIBLE, name=f"{n}.csv"),
        "missing": lambda n: tmp_path / f"{n}.csv",
    }
    paths = [made[kind](f"{kind}{number}") for number, kind in enumerate(files)]
    status, output = run(capsys, "validate", *paths)
    assert status == code
    assert all(str(path) in output for path in paths)


def test_unexpected_failure_is_a_message_naming_the_file_not_a_traceback(
    tmp_path, capsys, monkeypatch
):
    def broken(*_, **__):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(cli, "load", broken)
    path = write(tmp_path, GOOD)
    code, output = run(capsys, "validate", path)
    assert (code, output) == (2, f"{path}: cannot be read (RuntimeError: something unforeseen)\n")


def test_convert_writes_the_loaded_rows_as_parquet(tmp_path, capsys):
    source = write(tmp_path, GOOD, UNREGISTERED)
    target = tmp_path / "events.parquet"
    code, output = run(capsys, "convert", source, target)
    assert (code, output.splitlines()[-1]) == (0, f"{target}: wrote 2 events")
    assert target.read_bytes().startswith(b"PAR1")


def test_converted_parquet_loads_back_to_the_same_events(tmp_path, capsys, registry):
    source = write(tmp_path, GOOD, UNREGISTERED, "c,2020-10~,Truce,IRI;Armenia,ceasefire,,")
    target = tmp_path / "events.parquet"
    run(capsys, "convert", source, target)
    before = timeline.load(source, registry=registry).events
    after = timeline.load(target, registry=registry).events
    assert after.drop(columns="row").equals(before.drop(columns="row"))


def test_convert_leaves_rejected_rows_out_and_exits_1(tmp_path, capsys):
    source = write(tmp_path, GOOD, IMPOSSIBLE)
    target = tmp_path / "events.parquet"
    code, output = run(capsys, "convert", source, target)
    assert (code, output.splitlines()[-1]) == (1, f"{target}: wrote 1 events")


def test_convert_reads_a_workbook(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    for line in (HEADER, GOOD):
        book.active.append(line.split(","))
    source = tmp_path / "events.xlsx"
    book.save(source)
    code, output = run(capsys, "convert", source, tmp_path / "events.parquet")
    assert (code, output.splitlines()[-1]) == (0, f"{tmp_path / 'events.parquet'}: wrote 1 events")


def test_convert_to_an_unwritable_place_exits_2_naming_it(tmp_path, capsys):
    source = write(tmp_path, GOOD)
    target = tmp_path / "no" / "such" / "folder" / "events.parquet"
    code, output = run(capsys, "convert", source, target)
    assert code == 2
    assert output.splitlines()[-1].startswith(f"{target}: cannot be written")


def test_convert_of_an_unreadable_file_exits_2_without_writing(tmp_path, capsys):
    target = tmp_path / "events.parquet"
    code, _ = run(capsys, "convert", tmp_path / "missing.csv", target)
    assert (code, target.exists()) == (2, False)


# Each corpus file: the exit code and a fragment of the message it must end in.
CORPUS_EXPECTATIONS = {
    "empty.csv": (2, "the file is empty"),
    "header-only.csv": (0, "0 rows read, 0 loaded, 0 rejected"),
    "missing-required-column.csv": (2, "missing required column(s) actors"),
    "junk-bytes.csv": (2, "is neither UTF-8"),
    "duplicated-header-column.csv": (2, "row 1: column 'date' appears twice in the header"),
    "ragged-too-many-fields.csv": (1, ":3: the row has 9 fields but the header has 7 (error)"),
    "nul-bytes.csv": (1, ":3: title: contains a control character"),
    "control-characters.csv": (1, ":3: title: contains a control character"),
    "mixed-newlines.csv": (0, "3 rows read, 3 loaded, 0 rejected"),
    "date-february-30.csv": (1, ":2: date: '2020-02-30' is not a real calendar date"),
    "date-year-0000.csv": (1, ":2: date: '0000-01-01' is outside the years 0001-9999"),
    "date-year-99999.csv": (1, ":2: date: '99999-01-01' is outside the years 0001-9999"),
    "date-month-13.csv": (1, ":2: date: '2020-13' has no such month"),
    "date-day-month-swapped.csv": (1, ":2: date: '11/03/2016' is ambiguous (day/month order)"),
    "utf-16-without-bom.csv": (2, "looks like UTF-16 text without a byte-order mark"),
    "utf-8-bom-then-cp1252.csv": (2, "is not valid UTF-8 (byte 0xe9 on line 2)"),
    "cp1252-accented.csv": (0, "read as Windows-1252 (cp1252)"),
    "unclosed-quote.csv": (1, ":3: a quoted field is never closed"),
    "semicolon-separated.csv": (2, "the header seems to be separated by semicolons"),
    "javascript-url.csv": (1, ":3: source_url: only http(s) URLs"),
    "empty-rows.csv": (1, ":4: the row is empty (error)"),
    "csv-named-as-workbook.xlsx": (0, "1 rows read, 1 loaded, 0 rejected"),
    "truncated.xlsx": (2, "is not a readable Excel .xlsx workbook"),
    "truncated.parquet": (2, "is not a readable Parquet file"),
}


def test_every_corpus_file_has_an_expectation():
    stored = {path.name for path in CORPUS.iterdir() if not path.name.startswith((".", "README"))}
    assert stored == set(CORPUS_EXPECTATIONS)


@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_EXPECTATIONS.items()))
def test_corpus_file_ends_in_a_clear_message_naming_it(capsys, name, expected):
    code, fragment = expected
    path = CORPUS / name
    status, output = run(capsys, "validate", path)
    assert status == code
    assert fragment in output
    assert all(line.startswith(f"{path}") for line in output.splitlines())
    assert "Traceback" not in output


def test_one_megabyte_cell_is_read_and_reported_shortened(tmp_path, capsys):
    path = write(
        tmp_path, GOOD, f"b,2020,{'x' * 1_000_000},Iran,visit,confirmed,ftp://{'y' * 1_000_000}"
    )
    code, output = run(capsys, "validate", path)
    assert code == 1
    assert len(output) < 1_000
    assert output.splitlines()[-1] == f"{path}: 2 rows read, 1 loaded, 1 rejected (1 problems)"


def test_the_installed_command_never_prints_a_traceback_for_the_corpus():
    """One real process over the whole corpus: what an analyst's terminal shows."""
    paths = sorted(
        str(path) for path in CORPUS.iterdir() if not path.name.startswith((".", "README"))
    )
    finished = subprocess.run(
        [sys.executable, "-m", "timeline.cli", "validate", *paths],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 2
    assert "Traceback" not in output
    assert all(path in output for path in paths)
