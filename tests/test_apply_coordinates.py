"""scripts/apply_coordinates.py: curated coordinates applied to an events file, idempotently."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "apply_coordinates.py"
_spec = importlib.util.spec_from_file_location("apply_coordinates", SCRIPT)
apply_coordinates = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = apply_coordinates  # dataclasses look their module up there
_spec.loader.exec_module(apply_coordinates)

EVENTS = (
    "id,date,title,actors,location,latitude,longitude\r\n"
    'barda,2020-10-28,"Strike on Barda, 21 dead",Azerbaijan,,,\r\n'
    'ganja,2020-10-17,Strike on Ganja,Azerbaijan,"Ganja, Azerbaijan",40.6828,46.3606\r\n'
    "rafah,2025-06-01,Killings near aid site,Israel,Rafah,,\r\n"
)
HEADER = "id,location,latitude,longitude,justification\n"
BARDA = 'barda,"Barda, Azerbaijan",40.3744,47.1267,"Sources name Barda; gazetteer X."\n'
RAFAH = "rafah,Rafah city,31.2725,34.2586,Sources name Rafah; gazetteer Y.\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    events = tmp_path / "events.csv"
    events.write_bytes(EVENTS.encode())
    coordinates = tmp_path / "coordinates.csv"
    coordinates.write_text(HEADER + BARDA + RAFAH, encoding="utf-8")
    return coordinates, events


def test_places_events_and_keeps_everything_else_as_written(files):
    coordinates, events = files
    outcome = apply_coordinates.apply(coordinates, events)
    assert sorted(outcome.changed) == ["barda", "rafah"] and not outcome.problems
    lines = events.read_bytes().decode().split("\r\n")
    assert (
        lines[1]
        == 'barda,2020-10-28,"Strike on Barda, 21 dead",Azerbaijan,"Barda, Azerbaijan",40.3744,47.1267'
    )
    assert lines[2] == EVENTS.split("\r\n")[2]  # untouched, quoting and line end included
    assert lines[3] == "rafah,2025-06-01,Killings near aid site,Israel,Rafah,31.2725,34.2586"


def test_a_second_run_changes_nothing(files):
    coordinates, events = files
    apply_coordinates.apply(coordinates, events)
    once = events.read_bytes()
    outcome = apply_coordinates.apply(coordinates, events)
    assert events.read_bytes() == once
    assert outcome.changed == [] and sorted(outcome.unchanged) == ["barda", "rafah"]


def test_other_coordinates_already_there_are_a_conflict_not_overwritten(files):
    coordinates, events = files
    coordinates.write_text(HEADER + "ganja,Ganja,40.7,46.4,moved\n", encoding="utf-8")
    outcome = apply_coordinates.apply(coordinates, events)
    assert outcome.conflicts and "ganja" in outcome.conflicts[0]
    assert events.read_bytes() == EVENTS.encode()
    apply_coordinates.apply(coordinates, events, replace=True)
    assert ",40.7,46.4" in events.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("barda,Barda,91,47,why\n", ":2: latitude: '91' is not a number from -90 to 90"),
        ("barda,Barda,40,east,why\n", ":2: longitude: 'east' is not a number"),
        ("barda,Barda,40,47,\n", ":2: justification: empty"),
        ("nowhere,Nowhere,1,1,why\n", "id: 'nowhere' is not an event in"),
    ],
)
def test_bad_rows_are_named_by_file_row_and_column_and_nothing_is_written(files, row, message):
    coordinates, events = files
    coordinates.write_text(HEADER + row + RAFAH, encoding="utf-8")
    outcome = apply_coordinates.apply(coordinates, events)
    assert any(message in problem for problem in outcome.problems), outcome.problems
    assert events.read_bytes() == EVENTS.encode()


def test_the_command_says_what_it_did(files, capsys):
    coordinates, events = files
    assert apply_coordinates.main([str(coordinates), str(events)]) == 0
    assert "2 events placed, 0 already placed" in capsys.readouterr().out
    assert apply_coordinates.main([str(coordinates.with_name("missing.csv")), str(events)]) == 1
    assert "missing.csv: no such file" in capsys.readouterr().err
