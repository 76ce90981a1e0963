"""The reading view, the card and the URL in the running shell (AppTest)."""

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

import timeline
import timeline.actors
from timeline import chronology, filters, search
from timeline.view import View

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)
EVENTS = BUNDLED.events
_FIRST, _LAST = (pd.Timestamp(day) for day in BUNDLED.story_period)
OPENED = (EVENTS["end"] > _FIRST) & (
    EVENTS["start"] <= _LAST
)  # the story's period: the page opens on it


def app(query: dict[str, list[str]] | None = None) -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, values in (query or {}).items():
        test.query_params[key] = values
    return test.run()


def query(test: AppTest) -> dict:
    return {
        key: list(value) if isinstance(value, list) else [value]
        for key, value in test.query_params.items()
    }


def texts(test: AppTest) -> str:
    return " ".join(m.value for m in (*test.markdown, *test.caption, *test.warning))


def iran_in_october() -> dict[str, list[str]]:
    return {"actor": ["Iran"], "from": ["2020-09-27"], "to": ["2020-11-10"]}


def listing(test: AppTest) -> dict:
    """What the page sends the chronology's list to draw (the browser sets it as text)."""
    (element,) = [
        e for e in test.get("bidi_component") if e.proto.component_name == "timeline.chronology"
    ]
    return json.loads(element.proto.json)


def test_the_chronology_lists_the_view_with_descriptions_and_source_links_at_once():
    test = app(iran_in_october())
    assert not test.exception
    view = View(actors=("Iran",), start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10))
    shown = filters.apply(view, BUNDLED)
    expected = chronology.entries(shown.head(chronology.PAGE_SIZE))
    entries = listing(test)["entries"]
    assert [entry["id"] for entry in entries] == [entry.id for entry in expected]
    first, sent = expected[0], entries[0]
    assert (sent["when"], sent["title"]) == (first.when, first.title)
    assert sent["description"] == first.description
    assert [source["label"] for source in sent["sources"]] == [s.label for s in first.sources]
    assert all(re.match(r"^https?://", s["url"]) for e in entries for s in e["sources"])
    assert not any(entry["selected"] for entry in entries)


def test_choosing_an_entry_selects_its_event_and_puts_it_in_the_url():
    test = app(iran_in_october())
    event_id = listing(test)["entries"][3]["id"]
    test.session_state["event"] = event_id  # what pressing its title does (browser test)
    test.run()
    assert query(test)["event"] == [event_id]
    chosen = [entry for entry in listing(test)["entries"] if entry["selected"]]
    assert [entry["id"] for entry in chosen] == [event_id]
    assert listing(test)["scroll"] == event_id  # the list scrolls to it once
    test.run()
    assert listing(test)["scroll"] == ""


def test_the_open_tab_and_the_profiled_actor_round_trip_through_the_url():
    test = app({"actor": ["Iran"], "tab": ["Actor profile"], "profile": ["Saeed Khatibzadeh"]})
    assert not test.exception and not test.warning
    assert test.selectbox(key="profiled").value == "Saeed Khatibzadeh"
    assert query(test)["tab"] == ["Actor profile"]
    assert query(test)["profile"] == ["Saeed Khatibzadeh"]
    test.selectbox(key="profiled").set_value("Iran").run()
    assert query(test)["profile"] == ["Iran"]
    again = app(query(test))
    assert again.session_state["tab"] == "Actor profile"
    assert again.selectbox(key="profiled").value == "Iran"


def test_opening_a_tab_puts_it_in_the_url_and_the_timeline_is_left_out():
    test = app({"actor": ["Iran"]})
    assert "tab" not in query(test)
    test.session_state["tab"] = "Co-occurrence"
    test.run()
    assert query(test)["tab"] == ["Co-occurrence"]


def test_an_unknown_tab_in_a_link_opens_the_timeline_with_a_notice():
    test = app({"tab": ["Gossip"]})
    assert test.session_state["tab"] == "Timeline"
    assert any("unknown tab 'Gossip'" in w.value for w in test.warning)


def test_a_selected_event_that_leaves_the_view_is_marked_not_in_view():
    event = EVENTS[OPENED & (EVENTS["event_type"] == "sanction")].iloc[0]
    test = app({"event": [event["id"]]})
    assert "Not in view" not in texts(test)
    test.multiselect(key="types").set_value(["statement"]).run()
    assert not test.exception
    assert any("Not in view" in w.value for w in test.warning)
    assert query(test)["event"] == [event["id"]]  # still selected, and said to be hidden
    assert not any(entry["selected"] for entry in listing(test)["entries"])
    next(b for b in test.button if b.label == "Clear the selection").click().run()
    assert "event" not in query(test)
    assert not any("Not in view" in w.value for w in test.warning)


def test_a_search_over_the_length_limit_in_a_link_is_named_not_cut():
    words = "embargo " + "x" * search.MAX_LENGTH
    test = app({"q": [words]})
    assert not test.exception
    assert test.text_input(key="text").value == words
    assert any("were not searched for" in w.value for w in test.warning)


def test_an_accent_free_search_finds_accented_names():
    accented = EVENTS[OPENED & EVENTS["actors"].str.contains("Erdoğan")]
    assert len(accented)
    test = app({"q": ["erdogan"]})
    shown = next(m for m in test.metric if m.label == "Events").value
    assert int(shown) >= len(accented)


def test_a_link_made_on_an_upload_says_the_shared_data_is_shown():
    test = app({"upload": ["my-events.csv"], "actor": ["Iran"]})
    notice = " ".join(w.value for w in test.warning)
    assert "my\\-events\\.csv" in notice and "events\\.csv" in notice
    assert "upload" not in query(test)  # the page now shows the shared data, and says so once


def test_with_roll_up_the_profile_offers_states_and_lists_no_own_official_as_partner():
    test = app({"actor": ["Iran"], "affiliates": ["1"], "tab": ["Actor profile"]})
    assert not test.exception
    officials = set(timeline.actors.affiliates(BUNDLED.actors, ["Iran"]))
    assert test.selectbox(key="profiled").value == "Iran"
    assert not officials & set(test.selectbox(key="profiled").options)
    partners = test.dataframe[0].value["Actor"].tolist()
    assert partners and not officials & set(partners)
    assert any("counted under their state" in c.value for c in test.caption)


def test_the_timeline_offers_the_brief_in_word_and_markdown():
    test = app(iran_in_october())
    labels = [button.label for button in test.get("download_button")]
    assert any(label.startswith("Brief of") and label.endswith("(Word)") for label in labels)
    assert any(label.startswith("Brief of") and label.endswith("(Markdown)") for label in labels)


def test_a_sessions_first_run_sends_the_chart_alone_and_the_next_the_whole_page(monkeypatch):
    monkeypatch.setenv("TIMELINE_PROGRESSIVE", "1")
    test = app({"actor": ["Iran"]})
    assert not test.exception
    assert len(test.get("plotly_chart")) == 1
    assert [e.proto.component_name for e in test.get("bidi_component")] == ["timeline.chart_drawn"]
    assert not test.multiselect, "the filters come after the chart"
    assert not test.get("file_uploader") and not test.toggle, "so do the uploader and toggle"
    test.run()  # what the page's script asks for once the chart is drawn
    assert test.multiselect(key="actors").value == ["Iran"]
    assert test.get("file_uploader") and test.toggle
    assert [e.proto.component_name for e in test.get("bidi_component")] == ["timeline.chronology"]
    test.multiselect(key="types").set_value(["statement"]).run()
    assert test.multiselect(key="actors").value == ["Iran"], "every later run is whole"


def test_a_first_run_without_a_chart_to_draw_is_whole(monkeypatch):
    monkeypatch.setenv("TIMELINE_PROGRESSIVE", "1")
    for link in ({"tab": ["Activity"]}, {"q": ["no such words anywhere"]}):
        test = app(link)
        assert not test.exception
        assert test.multiselect(key="actors") is not None
        assert test.get("file_uploader"), "a whole page has its uploader from the first run"
        assert "timeline.chart_drawn" not in [
            e.proto.component_name for e in test.get("bidi_component")
        ]


def test_the_opened_table_rates_each_events_sourcing():
    test = app(iran_in_october())
    test.session_state["table_open"] = True
    test.run()
    table = test.dataframe[0].value
    rating = BUNDLED.source_strength.set_axis(EVENTS["id"])
    for event_id, shown in zip(table["id"], table["Sourcing"], strict=True):
        assert shown == timeline.schema.strength_label(rating[event_id]).split(" (")[0]
    assert {"Strong", "Single independent source"} <= set(table["Sourcing"])
