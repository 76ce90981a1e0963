"""Comparisons: activity per period and type, actors together, and one actor's profile."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import timeline
from timeline import compare
from timeline.actors import empty_registry
from timeline.filters import View, apply

EVENTS_CSV = """id,date,end_date,title,actors,event_type,status
a,2020-01-06,,A,X;Y,military,confirmed
b,2020-01-08,,B,X;Y;Z,statement,claimed
c,2020-01-20,,C,X,statement,
d,2020-02,,D,Y;Z,incident,confirmed
e,2020-03-02,2020-03-20,E,X;Z,period,confirmed
f,2019-12-30,,F,W,report,disputed
"""


def load(csv: str) -> timeline.Dataset:
    return timeline.load(io.StringIO(csv), name="events.csv", registry=empty_registry())


DATA = load(EVENTS_CSV)
PAIRS = compare.pairs_in_view(DATA.events, DATA.event_actors)


def counts(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    shown = frame[frame["count"] > 0]
    return {
        (f"{period:%Y-%m-%d}", kind): count for period, kind, count in shown.itertuples(index=False)
    }


@pytest.mark.parametrize(
    ("freq", "periods", "expected"),
    [
        (
            "M",
            4,
            {
                ("2019-12-01", "report"): 1,
                ("2020-01-01", "military"): 1,
                ("2020-01-01", "statement"): 2,
                ("2020-02-01", "incident"): 1,
                ("2020-03-01", "period"): 1,
            },
        ),
        (
            "W",
            10,
            {
                ("2019-12-30", "report"): 1,
                ("2020-01-06", "military"): 1,
                ("2020-01-06", "statement"): 1,
                ("2020-01-20", "statement"): 1,
                ("2020-01-27", "incident"): 1,
                ("2020-03-02", "period"): 1,
            },
        ),
    ],
)
def test_activity_counts_events_per_period_and_type(freq, periods, expected):
    frame = compare.activity(DATA.events, freq=freq)
    assert counts(frame) == expected
    assert frame["period"].nunique() == periods


@pytest.mark.parametrize("freq", ["M", "W"])
def test_activity_is_zero_filled_over_every_period_and_type(freq):
    frame = compare.activity(DATA.events, freq=freq)
    assert len(frame) == frame["period"].nunique() * frame["event_type"].nunique()
    assert frame["count"].sum() == len(DATA.events)
    assert frame["period"].is_monotonic_increasing


def test_activity_weeks_start_on_monday():
    weeks = compare.activity(DATA.events, freq="W")["period"]
    assert set(weeks.dt.day_of_week) == {0}


def test_activity_lists_types_in_the_vocabulary_order():
    types = compare.activity(DATA.events, freq="M")["event_type"].unique().tolist()
    assert types == ["statement", "military", "incident", "report", "period"]


def test_activity_columns_are_typed_for_a_chart():
    frame = compare.activity(DATA.events, freq="M")
    assert list(frame.columns) == ["period", "event_type", "count"]
    assert (str(frame["period"].dtype), frame["count"].dtype) == ("datetime64[ms]", np.int64)


def test_activity_of_no_events_is_an_empty_frame_with_the_same_columns():
    frame = compare.activity(DATA.events.iloc[0:0], freq="W")
    assert frame.empty
    assert list(frame.columns) == ["period", "event_type", "count"]


def test_activity_rejects_other_frequencies():
    with pytest.raises(ValueError, match="freq"):
        compare.activity(DATA.events, freq="D")


def test_activity_reaches_back_to_year_one():
    frame = compare.activity(load("id,date,title,actors\nx,0001-03,T,X\n").events, freq="M")
    assert frame["period"].tolist() == [pd.Timestamp("0001-03-01").as_unit("ms")]


def test_cooccurrence_counts_shared_events_with_own_counts_on_the_diagonal():
    matrix = compare.cooccurrence(PAIRS, top=3)
    assert matrix.index.tolist() == matrix.columns.tolist() == ["X", "Y", "Z"]
    assert matrix.to_numpy().tolist() == [[4, 2, 2], [2, 3, 2], [2, 2, 3]]


def test_cooccurrence_keeps_the_most_active_actors():
    assert set(compare.cooccurrence(PAIRS, top=2).index) == {"X", "Y"}  # Y before Z by name
    assert set(compare.cooccurrence(PAIRS, top=50).index) == {"W", "X", "Y", "Z"}


def test_cooccurrence_is_symmetric():
    matrix = compare.cooccurrence(PAIRS).to_numpy()
    assert (matrix == matrix.T).all()


CLUSTERS_CSV = "id,date,title,actors\n" + "".join(
    f"{number},2020-01-01,T,{actors}\n"
    for number, actors in enumerate(
        ["A;C"] * 3 + ["A;E"] * 2 + ["A", "C;E"] + ["B;D"] * 3 + ["B"] * 2
    )
)


def test_cooccurrence_orders_actors_so_that_clusters_sit_together():
    data = load(CLUSTERS_CSV)
    matrix = compare.cooccurrence(compare.pairs_in_view(data.events, data.event_actors))
    # By activity alone the order would be A, B, C, D, E: the two groups interleaved.
    assert matrix.index.tolist() == ["A", "C", "E", "B", "D"]


@pytest.mark.parametrize(
    ("matrix", "order"),
    [
        (np.zeros((0, 0), dtype="int64"), []),
        (np.array([[3]]), [0]),
        (np.array([[5, 0, 0], [0, 4, 0], [0, 0, 2]]), [0, 1, 2]),
        (np.array([[5, 0, 4], [0, 4, 0], [4, 0, 4]]), [0, 2, 1]),
    ],
)
def test_seriate_chains_nearest_neighbours_from_the_most_active(matrix, order):
    assert compare.seriate(matrix) == order


def test_cooccurrence_of_no_pairs_is_empty():
    assert compare.cooccurrence(PAIRS.iloc[0:0]).empty


def test_pairs_in_view_keeps_only_the_events_in_view():
    shown = apply(View(types=("statement",)), DATA)
    pairs = compare.pairs_in_view(shown, DATA.event_actors)
    assert set(pairs["event"]) == set(shown.index)
    assert sorted(pairs["actor"].astype("str")) == ["X", "X", "Y", "Z"]


def test_profile_describes_the_actor_among_the_events_in_view():
    assert compare.profile("X", DATA.events, PAIRS) == compare.ActorProfile(
        actor="X",
        events=("a", "b", "c", "e"),
        first="2020-01-06",
        last="2020-03-20",
        busiest_month="2020-01",
        busiest_count=3,
        partners=(("Y", 2), ("Z", 2)),
        by_type={"statement": 0.5, "military": 0.25, "period": 0.25},
        by_status={"confirmed": 0.5, "": 0.25, "claimed": 0.25},
    )


@pytest.mark.parametrize(
    ("actor", "events", "first", "last", "busiest", "partners"),
    [
        ("Y", ("a", "b", "d"), "2020-01-06", "2020-02", ("2020-01", 2), (("X", 2), ("Z", 2))),
        ("Z", ("b", "d", "e"), "2020-01-08", "2020-03-20", ("2020-01", 1), (("X", 2), ("Y", 2))),
        ("W", ("f",), "2019-12-30", "2019-12-30", ("2019-12", 1), ()),
    ],
)
def test_profile_table(actor, events, first, last, busiest, partners):
    found = compare.profile(actor, DATA.events, PAIRS)
    assert (
        found.events,
        found.first,
        found.last,
        (found.busiest_month, found.busiest_count),
        found.partners,
    ) == (events, first, last, busiest, partners)


def test_profile_partners_are_the_top_five_by_shared_events():
    rows = "".join(f"e{n},2020-01-01,T,Hub;P{n % 7}\n" for n in range(28))
    data = load("id,date,title,actors\n" + rows + "x,2020-01-02,T,Hub;P6\n")
    found = compare.profile(
        "Hub", data.events, compare.pairs_in_view(data.events, data.event_actors)
    )
    assert found.partners == (("P6", 5), ("P0", 4), ("P1", 4), ("P2", 4), ("P3", 4))


@pytest.mark.parametrize("actor", ["X", "Y", "Z", "W"])
def test_profile_shares_sum_to_one(actor):
    found = compare.profile(actor, DATA.events, PAIRS)
    assert sum(found.by_type.values()) == pytest.approx(1)
    assert sum(found.by_status.values()) == pytest.approx(1)
    assert found.count == len(found.events)


def test_profile_only_counts_events_in_view():
    shown = apply(View(types=("statement",)), DATA)
    found = compare.profile("X", shown, compare.pairs_in_view(shown, DATA.event_actors))
    assert (found.events, found.partners) == (("b", "c"), (("Y", 1), ("Z", 1)))


def test_profile_ignores_pairs_of_events_not_in_view():
    shown = apply(View(types=("statement",)), DATA)
    found = compare.profile("X", shown, DATA.event_actors)
    assert (found.events, found.partners) == (("b", "c"), (("Y", 1), ("Z", 1)))


def test_profile_of_an_actor_without_events_in_view_is_empty():
    assert compare.profile("Nobody", DATA.events, PAIRS) == compare.ActorProfile("Nobody")


def test_profile_is_frozen():
    found = compare.profile("X", DATA.events, PAIRS)
    with pytest.raises(AttributeError):
        found.first = "changed"  # type: ignore[misc]


def test_comparisons_never_mutate_the_dataset():
    before = DATA.events.copy(), DATA.event_actors.copy()
    compare.activity(DATA.events, freq="W")
    compare.cooccurrence(PAIRS)
    compare.profile("X", DATA.events, PAIRS)
    assert DATA.events.equals(before[0]) and DATA.event_actors.equals(before[1])


def test_coarser_than_counts_events_dated_coarser_than_the_bucket() -> None:
    events = timeline.load(
        io.StringIO("date,title,actors\n2020-10-06,Day,A\n2020-10,Month,A\n2020,Year,A\n"),
        registry=timeline.actors.empty_registry(),
    ).events
    assert (compare.coarser_than(events, freq="M"), compare.coarser_than(events, freq="W")) == (
        1,
        2,
    )


ROLL_UP_REGISTRY = pd.DataFrame(
    {
        "name": ["Iran", "Turkey", "IRGC", "Velayati", "Salami", "Cavusoglu"],
        "kind": ["state", "state", "organisation", "official", "official", "official"],
        "affiliation": ["", "", "Iran", "Iran", "IRGC", "Turkey"],
        "aliases": ["", "", "", "", "", ""],
    }
)
ROLL_UP = timeline.load(
    io.StringIO(
        "id,date,title,actors,event_type\n"
        "a,2020-10-01,A,Iran;Velayati,statement\n"
        "b,2020-10-02,B,Velayati;Cavusoglu,visit\n"
        "c,2020-10-03,C,Salami,military\n"
        "d,2020-10-04,D,Turkey;Cavusoglu;Iran,negotiation\n"
    ),
    name="roll.csv",
    registry=ROLL_UP_REGISTRY,
)


def rolled_pairs() -> pd.DataFrame:
    pairs = compare.pairs_in_view(ROLL_UP.events, ROLL_UP.event_actors)
    return compare.roll_up(pairs, timeline.actors.principals(ROLL_UP_REGISTRY))


def test_principals_follow_the_affiliation_chain_to_its_end():
    assert timeline.actors.principals(ROLL_UP_REGISTRY) == {
        "IRGC": "Iran",
        "Velayati": "Iran",
        "Salami": "Iran",
        "Cavusoglu": "Turkey",
    }


def test_principals_stop_before_a_loop():
    looped = ROLL_UP_REGISTRY.assign(affiliation=["IRGC", "", "Iran", "Iran", "IRGC", "Turkey"])
    assert timeline.actors.principals(looped)["Velayati"] in {"Iran", "IRGC"}


def test_roll_up_counts_officials_under_their_state_once_per_event():
    pairs = rolled_pairs()
    named = pairs.groupby("event", observed=True)["actor"].agg(lambda a: sorted(map(str, a)))
    assert named.tolist() == [["Iran"], ["Iran", "Turkey"], ["Iran"], ["Iran", "Turkey"]]


def test_profile_with_roll_up_includes_officials_events_and_lists_no_own_official_as_partner():
    plain = compare.profile(
        "Iran", ROLL_UP.events, compare.pairs_in_view(ROLL_UP.events, ROLL_UP.event_actors)
    )
    assert plain.count == 2
    assert dict(plain.partners) == {"Velayati": 1, "Cavusoglu": 1, "Turkey": 1}
    rolled = compare.profile("Iran", ROLL_UP.events, rolled_pairs())
    assert rolled.count == 4
    assert dict(rolled.partners) == {"Turkey": 2}


def test_cooccurrence_with_roll_up_counts_states_only():
    matrix = compare.cooccurrence(rolled_pairs())
    assert sorted(matrix.index) == ["Iran", "Turkey"]
    assert matrix.loc["Iran", "Iran"] == 4
    assert matrix.loc["Iran", "Turkey"] == matrix.loc["Turkey", "Iran"] == 2
    assert matrix.loc["Turkey", "Turkey"] == 2


def test_roll_up_keeps_unaffiliated_actors_as_they_are():
    pairs = compare.pairs_in_view(DATA.events, DATA.event_actors)
    assert compare.roll_up(pairs, {}).equals(pairs)
