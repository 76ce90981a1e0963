"""Links in the dashboard, run headless: ?chain=, the card's linked events, arrows, deadlines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import timeline
from timeline import display, filters, links, schema
from timeline.view import View, describe

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
FIRST, LAST = (pd.Timestamp(day) for day in BUNDLED.story_period)
IN_STORY = BUNDLED.events[
    (BUNDLED.events["end"] > FIRST) & (BUNDLED.events["start"] < LAST + pd.Timedelta(days=1))
]

TRUCE = "2020-10-10-moscow-humanitarian-ceasefire"
EXPIRY = "2020-10-18-un-arms-restrictions-expiry"
RESOLUTION = "2015-07-20-unsc-resolution-2231"
SNAPBACK = "2020-09-19-us-declares-un-sanctions-restored"
EVERY_DATE = {"from": ["1993-01-01"], "to": ["2030-12-31"]}


def app(link: dict[str, list[str]] | None = None) -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, values in (link or {}).items():
        test.query_params[key] = values
    return test.run()


def events_shown(test: AppTest) -> int:
    return int(next(m for m in test.metric if m.label == "Events").value.replace(",", ""))


def query(test: AppTest) -> dict:
    return {
        key: list(value) if isinstance(value, list) else [value]
        for key, value in test.query_params.items()
    }


def chain_ids(event_id: str) -> set[str]:
    position = links.position_of(BUNDLED.events, event_id)
    return set(BUNDLED.events.loc[links.chain(position, BUNDLED.links).index, schema.ID])


def titled(event_id: str) -> str:
    return BUNDLED.events.set_index(schema.ID).at[event_id, schema.TITLE]


def button(test: AppTest, label: str):
    return next(b for b in test.button if b.label == label)


def card_buttons(test: AppTest) -> list[str]:
    return [b.label.replace("\\", "") for b in test.button if b.key and b.key.startswith("linked-")]


def drawn_traces(test: AppTest) -> list[dict]:
    (chart,) = test.get("plotly_chart")
    return json.loads(chart.proto.spec)["data"]


def test_a_chain_link_shows_the_event_and_everything_linked_to_it_in_view() -> None:
    test = app({"chain": [TRUCE]})
    assert not test.exception and not test.warning
    expected = IN_STORY[IN_STORY[schema.ID].isin(chain_ids(TRUCE))]
    assert events_shown(test) == len(expected) > 10
    note = " ".join(info.value for info in test.info).replace("\\", "")
    assert "Following a chain" in note and titled(TRUCE) in note
    assert "1 more linked event is outside the other filters" in note  # the 2025 term
    assert query(test) == {"chain": [TRUCE]}
    reopened = app(query(test))
    assert events_shown(reopened) == len(expected)


def test_stop_following_clears_the_chain_from_the_view_and_the_link() -> None:
    test = app({"chain": [TRUCE], "actor": ["Iran"]})
    button(test, "Stop following").click().run()
    assert "chain" not in query(test) and query(test)["actor"] == ["Iran"]
    assert not any("Following a chain" in info.value for info in test.info)


def test_an_unknown_chain_id_gives_a_notice_and_is_ignored() -> None:
    test = app({"chain": ["no-such-event"]})
    assert not test.exception
    notices = [w.value.replace("\\", "") for w in test.warning]
    assert "Link: no event has the id 'no-such-event'; the chain was ignored." in notices
    assert events_shown(test) == len(IN_STORY)
    assert "chain" not in query(test)


def test_a_chain_combines_with_the_other_filters() -> None:
    test = app({"chain": [TRUCE], "type": ["ceasefire"]})
    view = View(chain=TRUCE, types=("ceasefire",))
    in_story = IN_STORY[IN_STORY[schema.ID].isin(chain_ids(TRUCE))]
    assert events_shown(test) == (in_story[schema.EVENT_TYPE] == "ceasefire").sum() > 1
    assert set(BUNDLED.events.loc[filters.select(view, BUNDLED), schema.EVENT_TYPE]) == {
        "ceasefire"
    }
    assert query(test) == {"type": ["ceasefire"], "chain": [TRUCE]}


def test_the_embargo_expiry_card_lists_what_scheduled_it_and_what_disputes_it() -> None:
    test = app({"event": [EXPIRY]})
    listed = card_buttons(test)
    assert f"2015-07-20 · {titled(RESOLUTION)}" in listed
    assert f"2020-09-19 · {titled(SNAPBACK)}" in listed
    labels = [m.value for m in test.markdown]
    assert ":gray[Scheduled by]" in labels and ":gray[Disputed by]" in labels


def test_a_linked_event_in_the_card_selects_it() -> None:
    test = app({"event": [EXPIRY]})
    next(
        b for b in test.button if b.label.replace("\\", "").endswith(titled(RESOLUTION))
    ).click().run()
    assert query(test)["event"] == [RESOLUTION]
    headings = [heading.value.replace("\\", "") for heading in test.subheader]
    assert headings == ["Chronology", titled(RESOLUTION)]  # the card (a drawer) is drawn last
    assert any(label.endswith(titled(EXPIRY)) for label in card_buttons(test))  # sets its date


def test_follow_this_chain_in_the_card_narrows_the_view() -> None:
    test = app({"event": [TRUCE]})
    button(test, "Follow this chain").click().run()
    assert query(test)["chain"] == [TRUCE]
    assert events_shown(test) < len(IN_STORY)
    assert button(test, "Following this chain").disabled


def test_arrows_are_drawn_until_the_toggle_turns_them_off_and_the_link_says_so() -> None:
    test = app({"actor": ["Armenia"]})
    assert any(trace.get("mode") == "lines+markers" for trace in drawn_traces(test))
    test.toggle(key="connectors_toggle").set_value(False).run()
    assert query(test) == {"actor": ["Armenia"], "links": ["0"]}
    assert not any(trace.get("mode") == "lines+markers" for trace in drawn_traces(test))
    reopened = app(query(test))
    assert reopened.toggle(key="connectors_toggle").value is False
    assert not any(trace.get("mode") == "lines+markers" for trace in drawn_traces(reopened))


def open_view(test: AppTest, name: str) -> AppTest:
    test.session_state["tab"] = name  # the view's tab field
    return test.run()


def test_the_deadlines_tab_lists_the_deadlines_in_view_by_due_date() -> None:
    test = open_view(app(EVERY_DATE), "Deadlines")
    assert not test.exception
    expected = links.deadlines(BUNDLED.events, BUNDLED.links)
    (table,) = test.dataframe
    assert table.value["id"].tolist() == expected["id"].tolist()
    assert len(expected) >= 8
    row = table.value.set_index("id").loc[EXPIRY]
    assert row["Set by"] == titled(RESOLUTION) and row["Set on"] == "2015-07-20"
    assert row["Lead time"] == "5 years 3 months" and row["Outcome"].startswith("Disputed")
    assert row["Responses"] == titled(SNAPBACK)
    metrics = {m.label: m.value for m in test.metric}
    assert metrics["Deadlines in view"] == str(len(expected))
    assert metrics["Upcoming"] == str(int(expected["upcoming"].sum()))


def test_the_deadlines_tab_follows_the_filters() -> None:
    test = open_view(app({"actor": ["Armenia"]}), "Deadlines")
    (table,) = test.dataframe
    armenia = IN_STORY[IN_STORY[schema.ACTORS].str.contains("Armenia")]
    assert set(table.value["id"]) <= set(armenia[schema.ID])
    assert 0 < len(table.value) < len(links.deadlines(BUNDLED.events, BUNDLED.links))


@pytest.mark.parametrize("affiliates", [False, True])
def test_the_profile_says_who_responds_to_the_actor_and_how_fast(affiliates: bool) -> None:
    link = {"actor": ["Russia"], **EVERY_DATE, **({"affiliates": ["1"]} if affiliates else {})}
    test = open_view(app(link), "Actor profile")
    assert not test.exception
    speed = next(t.value for t in test.dataframe if "Responder" in t.value.columns)
    assert speed.columns.tolist() == ["Responder", "Responses", "Median days"]
    assert "United States" in speed["Responder"].tolist()
    assert ("Mike Pompeo" in speed["Responder"].tolist()) is not affiliates  # counted as the US


def test_co_occurrence_shows_who_responds_to_whom() -> None:
    test = open_view(app(EVERY_DATE), "Co-occurrence")
    assert not test.exception
    charts = test.get("plotly_chart")
    assert len(charts) == 2
    matrix = json.loads(charts[1].proto.spec)["data"][0]
    assert matrix["type"] == "heatmap" and "responded to" in matrix["hovertemplate"]


def test_a_chain_reaching_beyond_the_dates_offers_to_show_all_of_them() -> None:
    test = app({"chain": [EXPIRY]})
    whole = chain_ids(EXPIRY)
    assert RESOLUTION in whole and events_shown(test) < len(whole)
    button(test, "Show all its dates").click().run()
    assert events_shown(test) == len(whole)
    starts = BUNDLED.events.loc[BUNDLED.events[schema.ID].isin(whole), schema.START]
    assert query(test)["from"] == [f"{starts.min():%Y-%m-%d}"]
    assert not any(b.label == "Show all its dates" for b in test.button)


def test_the_chart_and_the_file_names_say_a_chain_is_followed() -> None:
    view = View(chain=TRUCE, types=("ceasefire",))
    line = display.filter_line(view, dt.date(2020, 10, 1), dt.date(2020, 10, 31))
    assert f"Chain of {TRUCE}" in line
    assert describe(view) == f"ceasefire chain of {TRUCE}"
