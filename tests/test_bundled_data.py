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


_LINKED = schema.LINKS in timeline.BUNDLED_EVENTS.read_text(encoding="utf-8").split("\n", 1)[0]
needs_links = pytest.mark.skipif(
    not _LINKED, reason="link drafts not applied yet (uv run python scripts/apply_links.py)"
)


@needs_links
def test_at_least_forty_links_and_eight_deadlines() -> None:
    relations = DATA.links["relation"].astype("str")
    assert len(relations) >= 40
    assert (relations == "scheduled_by").sum() >= 8


@needs_links
def test_the_embargo_expiry_shows_what_scheduled_it_and_what_disputes_it() -> None:
    from timeline import links

    expiry = links.position_of(EVENTS, "2020-10-18-un-arms-restrictions-expiry")
    linked = links.relations(expiry, EVENTS, DATA.links)
    shown = set(zip(linked["label"], linked["id"], strict=True))
    assert ("scheduled by", "2015-07-20-unsc-resolution-2231") in shown
    assert ("disputed by", "2020-09-19-us-declares-un-sanctions-restored") in shown


@needs_links
def test_the_chain_of_the_first_moscow_truce_holds_the_three_truces() -> None:
    from timeline import links

    start = links.position_of(EVENTS, "2020-10-10-moscow-humanitarian-ceasefire")
    chained = set(EVENTS.loc[links.chain(start, DATA.links).index, "id"])
    assert {
        "2020-10-17-ganja-missile-strike",
        "2020-10-17-second-humanitarian-truce",
        "2020-10-25-us-brokered-truce",
    } <= chained
