"""Parity: the same data and views give identical answers in memory, on DuckDB and on PostgreSQL."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from engine_data import CURATED_VIEWS, generated_views, open_all, write_curated, write_generated

from timeline.engines import Page, Timeline
from timeline.filters import View

KINDS = ("memory", "duckdb", "postgres")


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("curated")
    source, registry = write_curated(folder)
    yield from _sessions(open_all(source, registry, folder, "timeline_parity_curated", KINDS))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    source, registry = write_generated(folder)
    yield from _sessions(open_all(source, registry, folder, "timeline_parity_generated", KINDS))


def _sessions(opened: dict):
    sessions = {kind: engine.session() for kind, engine in opened.items()}
    yield sessions
    for kind, session in sessions.items():
        session.close()
        opened[kind].close()


def same(left, right, what: str) -> None:
    """Equal answers, however they are typed: frames, timelines, pages, profiles, tuples."""
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, obj=what)
    elif isinstance(left, Timeline | Page):
        for field in dataclasses.fields(left):
            same(getattr(left, field.name), getattr(right, field.name), f"{what}.{field.name}")
    elif isinstance(left, np.ndarray):
        np.testing.assert_array_equal(left, right, err_msg=what)
    elif isinstance(left, tuple) and left and isinstance(left[0], pd.DataFrame):
        for number, (a, b) in enumerate(zip(left, right, strict=True)):
            same(a, b, f"{what}[{number}]")
    else:
        assert left == right, what


def questions(session, view, actors: list[str]) -> dict:
    """Everything a rerun asks, with small budgets so both markers and counts are exercised."""
    lanes = session.timeline(view).lanes
    return {
        "count": session.count(view),
        "timeline": session.timeline(view),
        "timeline, counts": session.timeline(view, point_budget=3, max_lanes=4),
        "eras": session.eras(view),
        "focus": session.focus(view),
        "table": session.table_page(view, limit=7),
        "table, second page": session.table_page(view, offset=7, limit=7),
        "reading": session.reading_page(view, page=1, size=3),
        "reading, newest first": session.reading_page(view, size=4, newest_first=True),
        "cooccurrence": session.cooccurrence(view, top=5),
        "profile": session.profile(view, (lanes or actors)[0]),
        "profile of an absent actor": session.profile(view, "Nobody at all"),
        "weeks": session.activity(view, freq="W"),
        "months": session.activity(view, freq="M"),
        "export": session.export_csv(view),
        "rows by id": session.rows_with_ids(session.profile(view, (lanes or actors)[0]).events[:9]),
        "places": tuple(session.place(view, event_id) for event_id in placed(session)),
    }


def placed(session) -> list[str]:
    """Events to find in a view's chronology: some of the data's, in view or not, and a
    missing one."""
    ids = session.reading_page(View(), size=60).events["id"].tolist()
    return [*ids[::7], ids[-1], "no-such-event"]


# The page's search (issue 13) folds accents and matches every word over title, description,
# actors, tags and location; DuckDB's index searches the same folded text. PostgreSQL still
# matches one case-insensitive substring in title and description: there, text views find a
# subset of what memory finds.
SUBSET_SEARCH = {"postgres"}


def check(sessions: dict, views: dict) -> None:
    kinds = list(sessions)
    actors = sessions["memory"].options()["actors"]
    for kind in kinds[1:]:
        same(sessions["memory"].options(), sessions[kind].options(), f"{kind}: options")
        same(sessions["memory"].span(), sessions[kind].span(), f"{kind}: span")
    for name, view in views.items():
        expected = questions(sessions["memory"], view, actors)
        for kind in kinds[1:]:
            if kind in SUBSET_SEARCH and view.text.strip():
                memory = set(sessions["memory"].table_page(view)["id"])
                assert set(sessions[kind].table_page(view)["id"]) <= memory, f"{kind}, {name}"
                continue
            found = questions(sessions[kind], view, actors)
            for question, answer in expected.items():
                same(answer, found[question], f"{kind}, {name}: {question}")


@pytest.mark.parametrize("kind", KINDS[1:])
def test_curated_views_agree_with_memory(curated, kind):
    check({"memory": curated["memory"], kind: curated[kind]}, CURATED_VIEWS)


@pytest.mark.parametrize("kind", KINDS[1:])
def test_generated_views_agree_with_memory(generated, kind):
    views = generated_views(generated["memory"].options()["actors"])
    check({"memory": generated["memory"], kind: generated[kind]}, views)


def test_the_curated_views_are_what_an_analyst_expects(curated):
    """The parity cases are not vacuous: each view finds what it was written for."""
    session = curated["duckdb"]
    ids = {name: session.table_page(view)["id"].tolist() for name, view in CURATED_VIEWS.items()}
    assert ids["1914"] == ["sarajevo"]
    assert ids["affiliated officials"] == ["year", "restraint", "velayati", "talks"]
    assert ids["one actor"] == ["year", "restraint", "talks"]
    assert ids["accents and case"] == ["velayati"]
    assert ids["upper case"] == ["year"]
    assert ids["cedilla"] == ["monday"]
    assert ids["no accent folding"] == ["year"] and ids["unaccented capitals"] == ["monday"]
    assert ids["any order"] == ids["phrase"] == ["truce"] and ids["phrase reversed"] == []
    assert ids["description and actors"] == ["sunday"] and ids["empty"] == []
    assert ids["words and filters"] == ["ganja"] and len(ids["only quotes"]) == 11
    assert ids["all of two"] == ["war", "sunday", "truce", "ganja", "talks", "deal"]
    # Where the chronology finds an event: its place among the view's events, or not there.
    one_actor = CURATED_VIEWS["one actor"]
    assert [session.place(one_actor, event_id) for event_id in ids["one actor"]] == [0, 1, 2]
    assert session.place(one_actor, "velayati") is None
    assert session.place(one_actor, "no-such-event") is None
    weeks, _ = session.activity(CURATED_VIEWS["dates"], freq="W")
    sunday, monday = pd.Timestamp("2020-09-28"), pd.Timestamp("2020-10-05")
    # Weeks start on Monday: the Sunday event closes the week of 28 September (with the event
    # dated to October, counted on its 1st); the Monday event opens the next, with two more.
    assert weeks.loc[weeks["period"] == sunday, "count"].sum() == 2
    assert weeks.loc[weeks["period"] == monday, "count"].sum() == 3
    assert session.event("war")[["end_date"]].iloc[0, 0] == "2020-11-10"
    assert session.event("nothing").empty


def test_the_count_view_and_markers_are_both_exercised(generated):
    session = generated["memory"]
    busiest = generated_views(session.options()["actors"])["busiest"]
    assert session.timeline(busiest, point_budget=100).grid is not None
    assert session.timeline(busiest, point_budget=10**9).grid is None
