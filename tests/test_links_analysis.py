"""Analyses of links: one event's relations, chains, deadlines, who responds to whom and how fast."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

import timeline
from timeline import links

# A truce chain, a deadline that happened, one ended early, one still to come, one overdue,
# and responses from several actors (Velayati is an official of Iran in the test registry).
EVENTS = """id,date,end_date,title,actors,status,links
resolution,2015-07-20,,Resolution,Russia,confirmed,
truce-1,2020-10-10,,First truce,Armenia;Azerbaijan;Russia,confirmed,
welcome,2020-10-10,,Iran welcomes truce,Iran,confirmed,responds_to:truce-1
velayati,2020-10-13,,Velayati backs truce,Velayati,confirmed,responds_to:truce-1
strike,2020-10-11,,Strike,Armenia,claimed,violates:truce-1
truce-2,2020-10-17,,Second truce,Armenia;Azerbaijan,disputed,replaces:truce-1
truce-3,2020-10-25,,Third truce,Armenia;Azerbaijan,confirmed,replaces:truce-2
expiry,2020-10-18,,Embargo expiry,Iran,disputed,scheduled_by:resolution
claim,2020-09-19,,Snapback claim,Russia,disputed,disputes:expiry
russia-answers,2020-10-20,,Russia answers,Russia,confirmed,responds_to:welcome
term,2025-11,,Term due,Russia,confirmed,scheduled_by:truce-3
withdrawal,2024-04-17,2024-06-12,Withdrawal,Russia,confirmed,ends:term
mandate,2030,,Mandate ends,Iran,scheduled,scheduled_by:truce-3
overdue,2021-01,,Overdue,Iran,scheduled,scheduled_by:truce-3
"""


@pytest.fixture
def dataset(registry):
    return timeline.load(io.StringIO(EVENTS), registry=registry)


def at(dataset, event_id: str) -> int:
    position = links.position_of(dataset.events, event_id)
    assert position is not None
    return position


def test_the_link_table_holds_positions_and_the_relation(dataset):
    table = dataset.links
    ids = dataset.events["id"]
    pairs = set(
        zip(ids[table["event"]], table["relation"].astype("str"), ids[table["target"]], strict=True)
    )
    assert ("strike", "violates", "truce-1") in pairs
    assert ("expiry", "scheduled_by", "resolution") in pairs
    assert len(table) == 12


def test_links_whose_target_is_out_of_view_are_left_out(dataset):
    shown = dataset.events[dataset.events["id"] != "truce-1"]
    assert (
        dataset.events.loc[links.in_view(dataset.links, shown.index)["target"], "id"] != "truce-1"
    ).all()
    assert len(links.table(shown)) == len(links.in_view(dataset.links, shown.index))


def test_position_of_an_unknown_id_is_none(dataset):
    assert links.position_of(dataset.events, "nowhere") is None


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            "truce-1",
            [
                ("in", "responses", "welcome"),
                ("in", "responses", "velayati"),
                ("in", "violated by", "strike"),
                ("in", "replaced by", "truce-2"),
            ],
        ),
        ("truce-2", [("out", "replaces", "truce-1"), ("in", "replaced by", "truce-3")]),
        ("expiry", [("in", "disputed by", "claim"), ("out", "scheduled by", "resolution")]),
        ("resolution", [("in", "sets the date of", "expiry")]),
        ("welcome", [("out", "responds to", "truce-1"), ("in", "responses", "russia-answers")]),
        ("claim", [("out", "disputes", "expiry")]),
    ],
)
def test_relations_read_both_ways_with_labels(dataset, event, expected):
    found = links.relations(at(dataset, event), dataset.events, dataset.links)
    assert list(zip(found["direction"], found["label"], found["id"], strict=True)) == expected


def test_relations_of_an_unlinked_event_are_empty(registry):
    dataset = timeline.load(io.StringIO("id,date,title,actors\na,2020,A,Iran\n"), registry=registry)
    found = links.relations(0, dataset.events, dataset.links)
    assert found.empty and "label" in found.columns


@pytest.mark.parametrize(
    ("event", "depth", "expected"),
    [
        ("truce-1", 0, {"truce-1": 0}),
        (
            "truce-1",
            1,
            {"truce-1": 0, "welcome": 1, "velayati": 1, "strike": 1, "truce-2": 1},
        ),
        (
            "truce-1",
            2,
            {
                "truce-1": 0,
                "welcome": 1,
                "velayati": 1,
                "strike": 1,
                "truce-2": 1,
                "russia-answers": 2,
                "truce-3": 2,
            },
        ),
        ("claim", 3, {"claim": 0, "expiry": 1, "resolution": 2}),
        ("withdrawal", 1, {"withdrawal": 0, "term": 1}),
    ],
)
def test_a_chain_follows_links_both_ways_up_to_its_depth(dataset, event, depth, expected):
    chain = links.chain(at(dataset, event), dataset.links, depth=depth)
    assert dict(zip(dataset.events.loc[chain.index, "id"], chain, strict=True)) == expected
    assert chain.index.is_monotonic_increasing


def test_a_chain_depth_is_bounded(dataset):
    everything = links.chain(at(dataset, "truce-1"), dataset.links, depth=10_000)
    assert everything.max() <= links.MAX_CHAIN_DEPTH
    assert links.chain(at(dataset, "truce-1"), dataset.links, depth=-5).to_dict() == {
        at(dataset, "truce-1"): 0
    }


TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("deadline", "set_by", "lead_days", "outcome", "upcoming", "responses"),
    [
        ("expiry", "resolution", 1917, "disputed", False, "claim"),
        ("term", "truce-3", 1833, "ended-early", False, "withdrawal"),
        ("mandate", "truce-3", 3355, "upcoming", True, ""),
        ("overdue", "truce-3", 68, "overdue", False, ""),
    ],
)
def test_deadlines_give_who_set_them_lead_time_outcome_and_responses(
    dataset, deadline, set_by, lead_days, outcome, upcoming, responses
):
    table = links.deadlines(dataset.events, dataset.links, today=TODAY).set_index("id")
    row = table.loc[deadline]
    assert (row["set_by_id"], row["lead_days"], row["outcome"]) == (set_by, lead_days, outcome)
    assert (row["upcoming"], row["responses"]) == (upcoming, responses)


def test_deadlines_are_ordered_by_due_date_and_name_their_columns(dataset):
    table = links.deadlines(dataset.events, dataset.links, today=TODAY)
    assert table["id"].tolist() == ["expiry", "overdue", "term", "mandate"]
    assert tuple(table.columns) == links.DEADLINE_COLUMNS
    assert table["outcome_label"].tolist()[0] == "Disputed (sources disagree)"


def test_a_deadline_whose_setter_is_out_of_view_is_not_listed(dataset):
    shown = dataset.events[dataset.events["id"] != "resolution"]
    table = links.deadlines(shown, dataset.links, today=TODAY)
    assert "expiry" not in table["id"].tolist()


def test_no_deadlines_gives_an_empty_table_with_the_columns(registry):
    dataset = timeline.load(io.StringIO("id,date,title,actors\na,2020,A,Iran\n"), registry=registry)
    table = links.deadlines(dataset.events, dataset.links, today=TODAY)
    assert table.empty and tuple(table.columns) == links.DEADLINE_COLUMNS


@pytest.mark.parametrize(
    ("actor", "counted_as", "expected"),
    [
        ("Russia", None, [("Iran", 1, 0.0), ("Velayati", 1, 3.0)]),
        ("Russia", {"Ali Akbar Velayati": "Iran"}, [("Iran", 2, 1.5)]),
        ("Iran", None, [("Russia", 1, 10.0)]),
        ("Azerbaijan", None, [("Iran", 1, 0.0), ("Velayati", 1, 3.0)]),
        ("Turkey", None, []),
    ],
)
def test_response_speed_counts_responders_and_median_days(
    dataset, registry, actor, counted_as, expected
):
    speed = links.response_speed(
        actor, dataset.events, dataset.event_actors, dataset.links, counted_as=counted_as
    )
    names = speed["responder"].replace({"Ali Akbar Velayati": "Velayati"})
    assert list(zip(names, speed["responses"], speed["median_days"], strict=True)) == expected


def test_response_speed_ignores_responses_out_of_view(dataset):
    shown = dataset.events[dataset.events["id"] != "truce-1"]
    speed = links.response_speed("Russia", shown, dataset.event_actors, dataset.links)
    assert speed.empty


def test_response_matrix_counts_responder_rows_against_responded_to_columns(dataset):
    matrix = links.response_matrix(
        dataset.events,
        dataset.event_actors,
        dataset.links,
        counted_as={"Ali Akbar Velayati": "Iran"},
    )
    assert matrix.loc["Iran", "Russia"] == 2
    assert matrix.loc["Russia", "Iran"] == 1
    assert matrix.loc["Iran", "Iran"] == 0
    assert list(matrix.index) == list(matrix.columns)
    assert (matrix.index.name, matrix.columns.name) == ("responder", "responded_to")


def test_response_matrix_keeps_the_most_active_actors(dataset):
    # Russia made 1 response and received 2; Armenia and Azerbaijan received 2, Iran made 1 and
    # received 1 — unless Velayati's answer counts as Iran's, which makes Iran a match for Russia.
    alone = links.response_matrix(dataset.events, dataset.event_actors, dataset.links, top=2)
    assert list(alone.index) == ["Russia", "Armenia"]
    rolled_up = links.response_matrix(
        dataset.events,
        dataset.event_actors,
        dataset.links,
        top=2,
        counted_as={"Ali Akbar Velayati": "Iran"},
    )
    assert list(rolled_up.index) == ["Iran", "Russia"]


def test_response_times_are_start_to_start_in_days(dataset):
    times = links.response_times(dataset.events, dataset.event_actors, dataset.links)
    russia = times[(times["responder"] == "Russia")]
    assert russia["days"].tolist() == [10.0]
    assert pd.api.types.is_float_dtype(times["days"])
