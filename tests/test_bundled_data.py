"""The bundled dataset keeps the promises the curation rules make (docs/curation.md)."""

import subprocess
import sys

import pytest

import timeline
from timeline import schema
from timeline.actors import affiliates

DATA = timeline.load(timeline.BUNDLED_EVENTS)
EVENTS = DATA.events


def test_bundled_data_validates_strictly_with_the_cli() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "timeline.cli",
            "validate",
            "--strict",
            str(timeline.BUNDLED_EVENTS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 rejected (0 problems)" in result.stdout


def test_bundled_data_has_no_problem_at_all() -> None:
    assert DATA.report.problems.empty
    assert DATA.report.rows_loaded == DATA.report.rows_read


def test_at_least_sixty_events() -> None:
    assert len(EVENTS) >= 60


def test_at_least_twenty_events_involve_iran_or_an_iranian_official() -> None:
    iranian = {"Iran", *affiliates(DATA.actors, ["Iran"])}
    involved = DATA.event_actors[DATA.event_actors["actor"].isin(iranian)]["event"].nunique()
    assert involved >= 20


def test_every_event_cites_an_http_source_and_its_outlet() -> None:
    assert EVENTS["source_url"].str.match(r"^https?://\S+").all()
    assert (EVENTS["source_name"] != "").all()


def test_every_actor_is_in_the_registry_with_a_known_kind() -> None:
    registered = set(DATA.actors[schema.ACTOR_NAME])
    assert set(DATA.event_actors["actor"].astype("str")) <= registered
    assert DATA.actors[schema.ACTOR_KIND].isin(list(schema.ACTOR_KINDS)).all()


@pytest.mark.parametrize(
    "theatre",
    [
        "Iran and the South Caucasus",
        "Ukraine: Donetsk lithium",
        "Gaza: humanitarian aid",
        "Sahel juntas",
    ],
)
def test_each_story_of_the_seed_page_is_a_theatre(theatre: str) -> None:
    assert (EVENTS["theatre"] == theatre).sum() >= 3


def test_disagreements_are_recorded_not_resolved() -> None:
    assert (EVENTS["status"] == "disputed").sum() >= 3
    assert (EVENTS["status"] == "claimed").sum() >= 2
    embargo = EVENTS[EVENTS["title"].str.contains("embargo|arms restrictions", case=False)]
    assert (embargo["status"] == "disputed").any()


def test_the_war_and_truce_windows_are_periods_to_shade() -> None:
    periods = EVENTS[EVENTS["event_type"] == schema.PERIOD]
    assert (periods["end_date"] != "").all()
    assert len(periods) >= 3
    assert periods["title"].str.contains("war", case=False).any()


def test_no_date_is_more_precise_than_written() -> None:
    written_day = EVENTS["date"].str.match(r"^\d{4}-\d{2}-\d{2}")
    assert ((EVENTS["precision"] == "day") == written_day).all()
