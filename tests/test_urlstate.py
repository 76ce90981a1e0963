import datetime as dt

import pytest

from timeline.filters import View
from timeline.urlstate import from_query, to_query
from timeline.view import Offered

OFFERED = Offered(
    actors=["Iran", "Armenia", "Azerbaijan", "Ali Akbar Velayati"],
    types=["statement", "ceasefire"],
    statuses=["confirmed", "claimed", "disputed"],
    theatres=["Iran and the South Caucasus", "Sahel juntas"],
    has_event={"e1", "e2"}.__contains__,
)


def parse(query: dict[str, list[str]]) -> tuple[View, list[str]]:
    return from_query(query, OFFERED)


@pytest.mark.parametrize(
    "view",
    [
        View(),
        View(actors=("Iran", "Armenia"), match="all", affiliates=True),
        View(types=("statement",), statuses=("claimed", "disputed")),
        View(theatre="Sahel juntas", start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)),
        View(text="seven districts & more", event="e2"),
    ],
)
def test_a_view_survives_the_round_trip_through_the_url(view: View) -> None:
    assert parse(to_query(view)) == (view, [])


def test_default_view_makes_an_empty_query() -> None:
    assert to_query(View()) == {}


def test_repeated_actor_parameters_all_count() -> None:
    view, _ = parse({"actor": ["Iran", "Azerbaijan"]})
    assert view.actors == ("Iran", "Azerbaijan")


def test_actor_names_in_a_link_match_case_insensitively() -> None:
    view, notices = parse({"actor": ["iran"], "type": ["STATEMENT"]})
    assert (view.actors, view.types, notices) == (("Iran",), ("statement",), [])


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ({"actor": ["Atlantis"]}, "unknown actor 'Atlantis'"),
        ({"type": ["coup"]}, "unknown event type 'coup'"),
        ({"status": ["rumoured"]}, "unknown status 'rumoured'"),
        ({"theatre": ["Mars"]}, "unknown theatre 'Mars'"),
        ({"match": ["some"]}, "match must be 'any' or 'all'"),
        ({"from": ["06/10/2020"]}, "'from=06/10/2020' is not a date"),
        ({"to": ["2020-02-30"]}, "'to=2020-02-30' is not a date"),
        ({"event": ["nope"]}, "no event has the id 'nope'"),
        ({"utm_source": ["x"]}, "unknown parameter 'utm_source'"),
    ],
)
def test_malformed_values_are_ignored_with_a_notice(query: dict, ignored: str) -> None:
    view, notices = parse(query)
    assert view == View()
    assert len(notices) == 1 and ignored in notices[0]


def test_unknown_values_do_not_drop_the_known_ones() -> None:
    view, notices = parse({"actor": ["Iran", "Atlantis"]})
    assert view.actors == ("Iran",)
    assert len(notices) == 1


def test_reversed_dates_are_swapped_with_a_notice() -> None:
    view, notices = parse({"from": ["2020-11-10"], "to": ["2020-09-27"]})
    assert (view.start, view.end) == (dt.date(2020, 9, 27), dt.date(2020, 11, 10))
    assert "swapped" in notices[0]
