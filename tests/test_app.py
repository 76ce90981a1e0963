"""Behaviour of the dashboard shell, run headless with Streamlit's AppTest."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import timeline
from timeline import filters
from timeline.view import View

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
STORY = BUNDLED.story_period  # the dates the page opens on


def in_story(events: pd.DataFrame) -> pd.Series:
    """Which events overlap the story's period, as the default Dates filter keeps them."""
    first, last = (pd.Timestamp(day) for day in STORY)
    return (events["end"] > first) & (events["start"] < last + pd.Timedelta(days=1))


IN_STORY = BUNDLED.events[in_story(BUNDLED.events)]


def app(query: dict[str, list[str]] | None = None) -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, values in (query or {}).items():
        test.query_params[key] = values
    return test.run()


def events_shown(test: AppTest) -> int:
    metric = next(m for m in test.metric if m.label == "Events")
    return int(metric.value.replace(",", ""))


def query(test: AppTest) -> dict:
    return {
        key: list(value) if isinstance(value, list) else [value]
        for key, value in test.query_params.items()
    }


@pytest.fixture(scope="module")
def default() -> AppTest:
    return app()


def test_default_page_opens_on_the_storys_period_and_counts_what_the_chart_shows(
    default: AppTest,
) -> None:
    assert not default.exception
    assert not default.error
    assert STORY is not None and default.date_input(key="dates").value == STORY
    assert 0 < events_shown(default) == len(IN_STORY) < len(BUNDLED.events)
    (chart,) = default.get("plotly_chart")
    xaxis = json.loads(chart.proto.spec)["layout"]["xaxis"]
    assert xaxis["range"] == [f"{STORY[0]}T00:00:00", f"{STORY[1] + dt.timedelta(days=1)}T00:00:00"]
    assert query(default) == {}  # the default dates are not written into the link


def test_every_date_is_one_press_away_and_then_written_into_the_link() -> None:
    test = app()
    next(b for b in test.button if b.label == "Show every date").click().run()
    assert events_shown(test) == len(BUNDLED.events)
    first, last = BUNDLED.span
    assert query(test) == {"from": [first.isoformat()], "to": [last.isoformat()]}
    reopened = app(query(test))
    assert events_shown(reopened) == len(BUNDLED.events)


def test_header_says_what_the_data_is(default: AppTest) -> None:
    assert default.title[0].value == "Timeline"
    assert f"{len(BUNDLED.events):,} sourced events" in default.caption[0].value


def test_choosing_an_actor_narrows_the_events_and_updates_the_url() -> None:
    test = app()
    test.multiselect(key="actors").select("Ali Akbar Velayati").run()
    velayati = BUNDLED.event_actors.loc[
        BUNDLED.event_actors["actor"] == "Ali Akbar Velayati", "event"
    ]
    expected = in_story(BUNDLED.events.iloc[velayati]).sum()
    assert events_shown(test) == expected < len(IN_STORY)
    assert query(test)["actor"] == ["Ali Akbar Velayati"]
    assert not test.checkbox(key="affiliates").value  # an official has no officials


def test_choosing_a_state_rolls_up_its_officials_until_the_box_is_unticked() -> None:
    test = app()
    test.multiselect(key="actors").select("Iran").run()
    assert test.checkbox(key="affiliates").value
    assert query(test)["affiliates"] == ["1"]
    iranian = filters.select(View(actors=("Iran",), affiliates=True), BUNDLED)
    iran_alone = BUNDLED.event_actors.loc[BUNDLED.event_actors["actor"] == "Iran", "event"]
    expected = in_story(BUNDLED.events.iloc[iranian]).sum()
    assert events_shown(test) == expected > in_story(BUNDLED.events.iloc[iran_alone]).sum()
    assert expected < len(IN_STORY)
    test.checkbox(key="affiliates").uncheck().run()
    test.multiselect(key="actors").select("Turkey").run()
    assert not test.checkbox(key="affiliates").value  # the analyst's choice stands
    assert "affiliates" not in query(test)


def test_a_link_keeps_its_own_affiliates_choice() -> None:
    test = app({"actor": ["Iran"]})
    assert not test.checkbox(key="affiliates").value
    iran = BUNDLED.event_actors.loc[BUNDLED.event_actors["actor"] == "Iran", "event"]
    assert events_shown(test) == in_story(BUNDLED.events.iloc[iran]).sum()


def test_a_shared_link_sets_the_controls() -> None:
    test = app({"actor": ["Iran"], "type": ["statement", "sanction"], "match": ["all"]})
    assert test.multiselect(key="actors").value == ["Iran"]
    assert test.multiselect(key="types").value == ["statement", "sanction"]
    assert test.radio(key="match").value == "all"
    assert not test.warning


def test_malformed_link_values_give_a_notice_not_a_crash() -> None:
    test = app({"actor": ["Atlantis"], "from": ["32/13/2020"], "match": ["most"]})
    assert not test.exception
    notices = " ".join(w.value for w in test.warning)
    assert "Atlantis" in notices and "from=32/13/2020" in notices and "match" in notices
    assert events_shown(test) == len(IN_STORY)


@pytest.mark.parametrize(
    ("control", "value", "column", "expected"),
    [
        ("types", ["sanction"], "event_type", {"sanction"}),
        ("statuses", ["disputed"], "status", {"disputed"}),
    ],
)
def test_a_multiselect_filter_keeps_only_matching_events(control, value, column, expected) -> None:
    test = app()
    test.multiselect(key=control).set_value(value).run()
    matching = IN_STORY[IN_STORY[column].isin(expected)]
    assert events_shown(test) == len(matching) > 0


def test_theatre_filter_keeps_one_story() -> None:
    test = app()
    theatre = IN_STORY["theatre"].value_counts().index[-1]
    test.selectbox(key="theatre").set_value(theatre).run()
    assert events_shown(test) == (IN_STORY["theatre"] == theatre).sum()
    assert query(test)["theatre"] == [theatre]


def test_date_range_filter_keeps_events_overlapping_the_range() -> None:
    test = app()
    test.date_input(key="dates").set_value((dt.date(2020, 1, 1), dt.date(2020, 12, 31))).run()
    events = BUNDLED.events
    overlapping = (events["end"] > "2020-01-01") & (events["start"] < "2021-01-01")
    assert events_shown(test) == overlapping.sum()
    assert query(test)["from"] == ["2020-01-01"]


def test_text_search_matches_every_word_in_the_searched_columns() -> None:
    test = app()
    test.text_input(key="text").input("Embargo IRAN").run()
    events = IN_STORY
    searched = events["title"] + " " + events["description"] + " " + events["actors"]
    searched = searched + " " + events["tags"] + " " + events["location"]
    hits = searched.str.contains("embargo", case=False) & searched.str.contains("iran", case=False)
    assert events_shown(test) == hits.sum() > 0


def test_no_match_shows_a_friendly_message_instead_of_a_chart() -> None:
    test = app({"q": ["no event says this zqxj"]})
    assert events_shown(test) == 0
    assert "No events match" in test.info[0].value
    assert not test.exception


def test_reset_clears_every_filter() -> None:
    test = app({"actor": ["Iran"], "q": ["embargo"]})
    next(b for b in test.button if b.label == "Reset filters").click().run()
    assert events_shown(test) == len(IN_STORY)
    assert query(test) == {}


def test_a_linked_event_opens_its_details_with_source_links() -> None:
    event = BUNDLED.events.iloc[0]
    test = app({"event": [event["id"]]})
    assert event["title"] in [s.value.replace("\\", "") for s in test.subheader]
    links = " ".join(m.value for m in test.markdown)
    for url in event["source_url"].split():
        assert url.replace("(", "%28").replace(")", "%29") in links


def test_a_broken_data_file_shows_an_error_not_a_traceback(tmp_path, monkeypatch) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("who,what\nx,y\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_DATA", str(broken))
    test = app()
    assert not test.exception
    assert "missing required column" in test.error[0].value


def test_a_missing_data_file_shows_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_DATA", str(tmp_path / "gone.csv"))
    test = app()
    assert not test.exception
    assert "cannot be opened" in test.error[0].value


def test_rejected_rows_are_counted_in_a_notice(tmp_path, monkeypatch) -> None:
    data = tmp_path / "mixed.csv"
    data.write_text(
        "id,date,title,actors,source_url\n"
        "a,2020-10-06,Good,Iran,https://example.org/a\n"
        "b,2020-02-30,Bad date,Iran,https://example.org/b\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TIMELINE_DATA", str(data))
    test = app()
    assert events_shown(test) == 1
    assert "1 of 2 rows were rejected" in test.error[0].value


def test_exports_offer_csv_html_and_the_link_to_this_view() -> None:
    test = app({"actor": ["Iran"], "type": ["statement"]})
    labels = [button.label for button in test.get("download_button")]
    assert any(label.startswith("Events in view") and "CSV" in label for label in labels)
    assert "Chart as offline HTML" in labels
    link = test.code[0].value
    assert link.endswith("?actor=Iran&type=statement")


def open_view(test: AppTest, name: str) -> AppTest:
    test.session_state["tab"] = name
    return test.run()


@pytest.mark.parametrize("name", ["Activity", "Co-occurrence"])
def test_comparative_views_draw_their_chart_for_the_events_in_view(name: str) -> None:
    test = open_view(app({"actor": ["Iran"], "affiliates": ["1"]}), name)
    assert not test.exception
    assert len(test.get("plotly_chart")) == 1
    assert events_shown(test) < len(BUNDLED.events)


def test_actor_profile_opens_on_the_chosen_actor() -> None:
    test = open_view(app({"actor": ["Ali Akbar Velayati"]}), "Actor profile")
    assert test.selectbox(key="profiled").value == "Ali Akbar Velayati"
    profiled = {m.label: m.value for m in test.metric}
    velayati = (BUNDLED.event_actors["actor"] == "Ali Akbar Velayati").sum()
    assert profiled["Events in view"] == str(velayati)
    assert profiled["First seen"].startswith("2020-10")


def test_only_the_open_view_is_computed() -> None:
    test = open_view(app(), "Co-occurrence")
    assert not test.get("download_button")  # the timeline's exports were not built
