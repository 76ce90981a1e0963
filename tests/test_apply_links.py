"""scripts/apply_links.py: drafts of links, events and actors applied to the data, once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "apply_links.py"
_spec = importlib.util.spec_from_file_location("apply_links", SCRIPT)
apply_links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(apply_links)

ACTORS = """name,kind,affiliation,aliases
Armenia,state,,
Azerbaijan,state,,
Russia,state,,
"""
EVENTS = """id,date,end_date,title,description,actors,event_type,status,source_url,source_name,location,latitude,longitude,tags,theatre
truce,2020-10-10,,Truce,"Agreed, in Moscow.",Armenia;Azerbaijan;Russia,ceasefire,confirmed,https://example.org/t,Example,,,,,South Caucasus
strike,2020-10-11,,Strike,,Armenia,incident,claimed,https://example.org/s,Example,,,,,South Caucasus
"""
NEW_EVENTS = """id,date,end_date,title,description,actors,event_type,status,source_url,source_name,location,latitude,longitude,tags,theatre
truce-2,2020-10-17,,Second truce,,Armenia;Azerbaijan;Hamas,ceasefire,disputed,https://example.org/t2,Example,,,,,South Caucasus
"""
LINKS = """id,links,justification
strike,violates:truce,"Example: the strike broke the truce."
truce-2,replaces:truce,"Example: a new truce after the first failed."
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "events": tmp_path / "events.csv",
        "actors": tmp_path / "actors.csv",
        "new-events": tmp_path / "new-events.csv",
        "new-actors": tmp_path / "new-actors.csv",
        "links": tmp_path / "links.csv",
    }
    for key, text in (
        ("events", EVENTS),
        ("actors", ACTORS),
        ("new-events", NEW_EVENTS),
        ("new-actors", "name,kind,affiliation,aliases\nHamas,armed group,,\n"),
        ("links", LINKS),
    ):
        paths[key].write_text(text, encoding="utf-8")
    return paths


def run(files: dict[str, Path], *extra: str) -> int:
    return apply_links.main(
        [
            "--events",
            str(files["events"]),
            "--actors",
            str(files["actors"]),
            "--new-events",
            str(files["new-events"]),
            "--new-actors",
            str(files["new-actors"]),
            "--links",
            str(files["links"]),
            *extra,
        ]
    )


def test_drafts_add_the_links_column_new_events_and_actors_and_the_result_validates(files):
    assert run(files) == 0
    lines = files["events"].read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",theatre,links")
    assert lines[2].endswith(",South Caucasus,violates:truce")
    assert lines[3].startswith("truce-2,") and lines[3].endswith(",replaces:truce")
    assert '"Agreed, in Moscow."' in lines[1]
    assert files["actors"].read_text(encoding="utf-8").endswith("Hamas,armed group,,\n")


def test_applying_twice_changes_nothing(files):
    run(files)
    once = {key: path.read_bytes() for key, path in files.items()}
    assert run(files) == 0
    assert {key: path.read_bytes() for key, path in files.items()} == once


def test_existing_links_are_kept_and_drafted_ones_added_once(files):
    files["links"].write_text(
        "id,links,justification\nstrike,violates:truce; Violates : truce,x\n", encoding="utf-8"
    )
    linked = EVENTS.splitlines()
    linked[0] += ",links"
    linked[1] += ","
    linked[2] += ",responds_to:truce"
    files["events"].write_text("\n".join(linked) + "\n", encoding="utf-8")
    assert run(files) == 0
    strike = files["events"].read_text(encoding="utf-8").splitlines()[2]
    assert strike.endswith(",responds_to:truce;violates:truce")


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        ("nowhere,violates:truce,x", "links.csv:2: id: no event has the id 'nowhere'"),
        ("strike,violates:nowhere,x", "links.csv:2: links: no event has the id 'nowhere'"),
        ("strike,breaks:truce,x", "links.csv:2: links: 'breaks:truce' is not relation:event-id"),
    ],
)
def test_a_draft_that_cannot_be_applied_writes_nothing_and_says_why(files, capsys, draft, message):
    files["links"].write_text(f"id,links,justification\n{draft}\n", encoding="utf-8")
    before = {key: path.read_bytes() for key, path in files.items()}
    assert run(files) == 1
    error = capsys.readouterr().err
    assert message in error and "nothing written" in error
    assert {key: path.read_bytes() for key, path in files.items()} == before


def test_several_link_drafts_are_merged(files, tmp_path):
    war = tmp_path / "war-links.csv"
    war.write_text("id,links,justification\nstrike,responds_to:truce,x\n", encoding="utf-8")
    assert run(files, "--links", str(war)) == 0
    strike = files["events"].read_text(encoding="utf-8").splitlines()[2]
    assert strike.endswith(",violates:truce;responds_to:truce")


def test_a_problem_left_in_the_result_exits_1(files, capsys):
    files["new-actors"].write_text("name,kind,affiliation,aliases\n", encoding="utf-8")
    assert run(files) == 1
    assert "'Hamas' not in the actor registry" in capsys.readouterr().out
