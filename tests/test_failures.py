"""Failures around the data file: the app gives a message and keeps serving, never a traceback.

The data file is deleted, changed, corrupted or made read-only while the dashboard runs (AppTest
with TIMELINE_DATA). When the file becomes unreadable, pages keep serving the last version read, with a warning.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

import timeline

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
HEADER = "id,date,title,actors,event_type,source_url\n"
FIRST = (
    HEADER
    + "a,2020-10-06,Talks in Moscow,Armenia;Azerbaijan;Russia,negotiation,https://example.org/a\n"
    + "b,2020-10-10,Humanitarian truce,Armenia;Azerbaijan,ceasefire,https://example.org/b\n"
)
INSIDE = (
    FIRST
    + "c,2020-10-08,Talks resume,Armenia;Azerbaijan;Russia,negotiation,https://example.org/c\n"
)
LATER = (
    FIRST
    + "c,2020-11-10,Trilateral statement,Armenia;Azerbaijan;Russia,agreement,https://example.org/c\n"
)


@pytest.fixture
def data_file(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "events.csv"
    path.write_text(FIRST, encoding="utf-8")
    monkeypatch.setenv("TIMELINE_DATA", str(path))
    return path


def start() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def events_shown(test: AppTest) -> int | None:
    """The Events metric, or None when the page stopped before showing it."""
    metric = next((m for m in test.metric if m.label == "Events"), None)
    return None if metric is None else int(metric.value.replace(",", ""))


def messages(test: AppTest) -> str:
    return " ".join(
        element.value for kind in ("error", "warning") for element in getattr(test, kind)
    )


def change(path: Path, text: str) -> None:
    """Rewrite the file so its size and modification time both change, as an editor would."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_a_deleted_data_file_gives_a_message_and_the_page_keeps_running(data_file) -> None:
    test = start()
    assert events_shown(test) == 2
    data_file.unlink()
    test.run()
    assert not test.exception
    assert "cannot be opened" in messages(test) or "cannot be read" in messages(test)


def test_a_deleted_data_file_keeps_the_last_version_on_screen_with_a_warning(data_file) -> None:
    test = start()
    data_file.unlink()
    test.run()
    assert not test.exception
    assert events_shown(test) == 2
    assert "Showing the last version read" in " ".join(w.value for w in test.warning)


def test_the_page_recovers_when_the_deleted_file_comes_back(data_file) -> None:
    test = start()
    data_file.unlink()
    test.run()
    data_file.write_text(INSIDE, encoding="utf-8")
    test.run()
    assert not test.exception
    assert events_shown(test) == 3
    assert not test.error


def test_a_changed_data_file_is_read_again_on_the_next_run(data_file) -> None:
    test = start()
    assert events_shown(test) == 2
    change(data_file, INSIDE)
    test.run()
    assert events_shown(test) == 3
    assert not test.exception


def test_a_data_file_replaced_atomically_is_read_again(data_file) -> None:
    test = start()
    staged = data_file.with_name("events.csv.new")
    staged.write_text(INSIDE, encoding="utf-8")
    os.replace(staged, data_file)
    test.run()
    assert events_shown(test) == 3


def test_events_beyond_the_old_date_span_are_shown_after_the_file_changes(data_file) -> None:
    test = start()
    change(data_file, LATER)
    test.run()
    assert events_shown(test) == 3
    assert "from" not in test.query_params and "to" not in test.query_params


def test_a_data_file_corrupted_while_running_gives_a_message(data_file) -> None:
    test = start()
    change(data_file, "who,what\nx,y\n")
    test.run()
    assert not test.exception
    assert "missing required column" in messages(test)


def test_a_data_file_corrupted_while_running_keeps_the_last_version_with_a_warning(
    data_file,
) -> None:
    test = start()
    change(data_file, "who,what\nx,y\n")
    test.run()
    assert not test.exception
    assert events_shown(test) == 2
    assert "missing required column" in " ".join(w.value for w in test.warning)


def test_a_new_session_after_the_file_broke_gets_a_message_not_a_traceback(data_file) -> None:
    start()
    change(data_file, "\x00\x01\x02 not a table " * 50)
    test = start()
    assert not test.exception
    assert "cannot be read" in messages(test)


def parquet_bytes() -> bytes:
    table = pa.table(
        {
            "id": ["a", "b"],
            "date": ["2020-10-06", "2020-10-10"],
            "title": ["Talks in Moscow", "Humanitarian truce"],
            "actors": ["Armenia;Azerbaijan", "Armenia;Azerbaijan"],
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none")
    return buffer.getvalue()


def corrupted(data: bytes, offset: int, byte: int) -> bytes:
    damaged = bytearray(data)
    damaged[offset] = byte
    return bytes(damaged)


def damaged_parquet() -> dict[str, bytes]:
    """A small Parquet file damaged in ways that each once escaped as a non-DataFileError.

    Setting every byte of this 1,280-byte file to 0x00, 0xFF or itself ^ 0x01 (pyarrow 26) found
    ArrowIndexError (a dictionary index out of range), ArrowInvalid and ArrowException (text
    that is not UTF-8) and UnicodeDecodeError (a column name that is not UTF-8) before read.py
    guarded the whole Parquet read. Those offsets are kept; every 16th byte is set to 0xFF too,
    since the layout drifts with the writer's version.
    """
    data = parquet_bytes()
    found = {12: 0x00, 22: 0xFF, 85: 0xFF, 307: 0xFF, 395: 0xFF}
    damaged = {
        "truncated footer": data[:-12],
        "truncated in the middle": data[: len(data) // 2] + data[-8:],
        "no trailing magic": data[:-4] + b"XXXX",
        "text that is not UTF-8": corrupted(data, data.index(b"2020-10-06") + 1, 0xFF),
        "column name that is not UTF-8": corrupted(data, data.rindex(b"title"), 0xFF),
    }
    for offset, byte in [*found.items(), *((offset, 0xFF) for offset in range(0, len(data), 16))]:
        damaged[f"byte {offset} set to {byte:#04x}"] = corrupted(data, offset, byte)
    return damaged


@pytest.mark.parametrize(("damage", "data"), damaged_parquet().items(), ids=list(damaged_parquet()))
def test_a_damaged_parquet_file_loads_or_raises_only_data_file_error(damage, data) -> None:
    try:
        report = timeline.load(data, name="events.parquet").report
    except timeline.DataFileError as error:
        assert str(error).startswith("events.parquet: ")
    else:
        assert report.rows_read == report.rows_loaded + report.rows_rejected


def test_a_corrupt_parquet_data_file_shows_an_error_not_a_traceback(data_file) -> None:
    parquet = data_file.with_suffix(".parquet")
    data = parquet_bytes()
    parquet.write_bytes(corrupted(data, data.index(b"2020-10-06") + 1, 0xFF))
    os.environ["TIMELINE_DATA"] = str(parquet)  # the fixture's monkeypatch restores it
    test = start()
    assert not test.exception
    assert "is not a readable Parquet file" in messages(test)


def test_a_read_only_data_directory_is_served_and_left_untouched(data_file) -> None:
    folder = data_file.parent
    listing = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    data_file.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        test = start()
        test.multiselect(key="actors").select("Russia").run()
        assert not test.exception
        assert not test.error
        assert events_shown(test) == 1
        assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == listing
    finally:
        folder.chmod(stat.S_IRWXU)
        data_file.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_data_file_says_permission_denied(data_file) -> None:
    data_file.chmod(0)
    try:
        test = start()
        assert not test.exception
        assert "ermission denied" in messages(test)
    finally:
        data_file.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_folder_where_the_data_file_should_be_gives_a_message(data_file) -> None:
    data_file.unlink()
    data_file.mkdir()
    test = start()
    assert not test.exception
    assert "is a folder" in messages(test)
    shutil.rmtree(data_file)
