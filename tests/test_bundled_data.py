"""The bundled dataset keeps the promises the curation rules make (docs/curation.md)."""

import subprocess
import sys

import pytest

import timeline
from timeline import schema
from timeline.actors import affiliates
from timeline.sources import load_sources, source_report

DATA = timeline.load(timeline.BUNDLED_EVENTS)
EVENTS = DATA.events
SOURCES = source_report(EVENTS, load_sources(), "data/events.csv")
# The 2020 war window of the Iran and South Caucasus story is curated separately (branch `war`).
WAR_ROWS = (EVENTS["theatre"] == "Iran and the South Caucasus") & (EVENTS["start"] >= "2020-09-27")


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


def test_every_cited_domain_is_in_the_source_registry() -> None:
    assert SOURCES.unregistered.empty, SOURCES.unregistered.to_string()


def test_outside_the_war_window_every_event_has_a_primary_or_independent_source() -> None:
    rated = SOURCES.events[~WAR_ROWS.to_numpy()]
    assert rated["has_independent"].all(), rated[~rated["has_independent"]].to_string()
    assert (rated["strength"] != schema.WEAK_ONLY).all()


def test_outside_the_war_window_no_url_is_fragile_or_repeated() -> None:
    outside = set(EVENTS.loc[~WAR_ROWS, "row"])
    assert not set(SOURCES.broken_urls["row"]) & outside
    assert not set(SOURCES.repeated["row"]) & outside


def test_security_council_resolutions_of_1993_cite_the_un_document() -> None:
    resolutions = EVENTS[EVENTS["id"].str.match(r"^1993-.*-unsc-resolution-\d+$")]
    assert len(resolutions) == 4
    for event in resolutions.itertuples():
        number = event.id.rsplit("-", 1)[1]
        assert f"https://undocs.org/S/RES/{number}(1993)" in event.source_url.split()


def test_the_bundled_data_meets_the_source_policy_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline.cli", "sources", "--strict", str(timeline.BUNDLED_EVENTS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.rstrip().endswith("policy met")


def test_at_least_forty_links_and_eight_deadlines() -> None:
    relations = DATA.links["relation"].astype("str")
    assert len(relations) >= 40
    assert (relations == "scheduled_by").sum() >= 8


def test_the_embargo_expiry_shows_what_scheduled_it_and_what_disputes_it() -> None:
    from timeline import links

    expiry = links.position_of(EVENTS, "2020-10-18-un-arms-restrictions-expiry")
    linked = links.relations(expiry, EVENTS, DATA.links)
    shown = set(zip(linked["label"], linked["id"], strict=True))
    assert ("scheduled by", "2015-07-20-unsc-resolution-2231") in shown
    assert ("disputed by", "2020-09-19-us-declares-un-sanctions-restored") in shown


def test_the_chain_of_the_first_moscow_truce_holds_the_three_truces() -> None:
    from timeline import links

    start = links.position_of(EVENTS, "2020-10-10-moscow-humanitarian-ceasefire")
    chained = set(EVENTS.loc[links.chain(start, DATA.links).index, "id"])
    assert {
        "2020-10-17-ganja-missile-strike",
        "2020-10-17-second-humanitarian-truce",
        "2020-10-25-us-brokered-truce",
    } <= chained
