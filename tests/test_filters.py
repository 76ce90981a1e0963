import datetime as dt

import numpy as np
import pytest
from sample import EVENTS_CSV, dataset, load_csv

from timeline.filters import View, apply, arrange, describe, eras

DATA = dataset()


def ids(view: View) -> set[str]:
    return set(apply(view, DATA)["id"])


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (View(), {"war", "velayati", "rouhani", "truce", "shells", "mercs", "sahel"}),
        (View(actors=("Iran",)), {"shells"}),
        (View(actors=("Iran",), affiliates=True), {"shells", "velayati", "rouhani"}),
        (View(actors=("Armenia", "Russia")), {"war", "truce"}),
        (View(actors=("Armenia", "Russia"), match="all"), {"truce"}),
        (View(actors=("Iran", "Azerbaijan"), match="all"), {"shells"}),
        (View(types=("statement",)), {"velayati", "rouhani"}),
        (View(statuses=("claimed", "disputed")), {"shells", "mercs"}),
        (View(theatre="Sahel"), {"sahel"}),
        (View(start=dt.date(2020, 10, 8), end=dt.date(2020, 10, 31)), {"war", "truce", "shells"}),
        (View(end=dt.date(2020, 9, 26)), {"mercs"}),
        (View(text="UN RESOLUTIONS"), {"velayati"}),
        (View(text="denies"), {"mercs"}),
        (View(actors=("Iran",), affiliates=True, types=("statement",), text="warn"), {"rouhani"}),
        (View(actors=("Nobody",)), set()),
    ],
)
def test_apply_keeps_exactly_the_matching_events(view: View, expected: set[str]) -> None:
    assert ids(view) == expected


def test_apply_returns_events_in_chronological_order() -> None:
    starts = apply(View(), DATA)["start"]
    assert starts.is_monotonic_increasing


def test_apply_never_mutates_the_shared_dataset() -> None:
    before = DATA.events.copy()
    shown = apply(View(actors=("Iran",), affiliates=True), DATA)
    shown.loc[shown.index[0], "title"] = "changed"
    assert DATA.events.equals(before)


def test_month_precision_event_overlaps_a_date_range_inside_its_month() -> None:
    assert "shells" in ids(View(start=dt.date(2020, 10, 20), end=dt.date(2020, 10, 21)))


def test_arrange_puts_chosen_actors_first_then_by_activity() -> None:
    view = View(actors=("Russia",))
    shown = arrange(view, DATA, apply(view, DATA))
    assert shown.lanes[0] == "Russia"
    assert set(shown.lanes) == {"Russia", "Armenia", "Azerbaijan"}


def test_arrange_places_a_multi_actor_event_on_each_of_its_lanes() -> None:
    view = View(actors=("Russia",))
    shown = arrange(view, DATA, apply(view, DATA))
    truce = shown.events.reset_index(drop=True).index[shown.events["id"].to_numpy() == "truce"][0]
    lanes = set(shown.placements.loc[shown.placements["event"] == truce, "lane"])
    assert lanes == {"Armenia", "Azerbaijan", "Russia"}


def test_arrange_caps_lanes_and_says_how_many_are_hidden() -> None:
    shown = arrange(View(), DATA, apply(View(), DATA), max_lanes=2)
    assert len(shown.lanes) == 2
    assert shown.hidden_lanes == shown.actor_count - 2
    assert "no lane" in shown.notes[0]


def test_eras_are_periods_within_the_chosen_dates() -> None:
    assert list(eras(View(), DATA)["id"]) == ["war"]
    assert eras(View(end=dt.date(2020, 9, 1)), DATA).empty


def test_options_list_actors_by_activity_and_only_present_types() -> None:
    offered = DATA.options
    assert offered["actors"][0] == "Azerbaijan"
    assert "sanction" not in offered["types"]
    assert offered["theatres"] == ["Sahel", "South Caucasus"]


def test_periods_are_shaded_as_eras_not_placed_on_lanes() -> None:
    shown = arrange(View(), DATA, apply(View(), DATA))
    war = int(np.flatnonzero(shown.events["id"].to_numpy() == "war")[0])
    assert war not in set(shown.placements["event"])


def test_the_story_period_is_the_periods_with_a_quarter_of_their_length_either_side() -> None:
    # The war runs 27 Sep to 10 Nov (45 days): 11.25 days either side, widened to whole days.
    assert DATA.story_period == (dt.date(2020, 9, 15), dt.date(2020, 11, 22))


def test_no_story_period_without_periods_or_when_they_hold_few_events() -> None:
    assert load_csv(EVENTS_CSV.replace(",period,", ",decision,")).story_period is None
    sahel = "".join(
        f"s{i},2024-07-0{i},,Summit {i},,Mali,agreement,,https://e.org/{i},,\n" for i in range(1, 9)
    )
    assert load_csv(EVENTS_CSV + sahel).story_period is None


def test_periods_alone_still_get_lanes() -> None:
    view = View(types=("period",))
    shown = arrange(view, DATA, apply(view, DATA))
    assert set(shown.placements["lane"]) == {"Armenia", "Azerbaijan"}


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (View(), ""),
        (View(actors=("Iran",), types=("statement",)), "Iran statement"),
        (View(start=dt.date(2020, 9, 27)), "2020-09-27 to …"),
        (View(theatre="Sahel", text="coup", end=dt.date(2021, 1, 1)), "Sahel coup … to 2021-01-01"),
    ],
)
def test_describe_names_the_view_in_a_few_words(view: View, words: str) -> None:
    assert describe(view) == words
