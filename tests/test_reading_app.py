"""The reading view, the card and the URL in the running shell (AppTest)."""

import datetime as dt
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


def test_the_chronology_lists_the_view_with_descriptions_and_source_links_at_once():
    test = app(iran_in_october())
    assert not test.exception
    view = View(actors=("Iran",), start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10))
    shown = filters.apply(view, BUNDLED)
    buttons = [b.label for b in test.button]
    first = chronology.entries(shown.head(1))[0]
    assert f"**{search_free(first.title)}**" in [search_free(label) for label in buttons]
    page = texts(test)
    assert search_free(first.description[:60]) in search_free(page)
    assert "Sources: 1\\. [" in page
    assert f"**{first.when}**" in page.replace("\\", "")


def search_free(text: str) -> str:
    """Markdown escapes removed, to compare the page's text with the data's."""
    return text.replace("\\", "")


def test_pressing_an_entry_selects_its_event_and_puts_it_in_the_url():
    test = app(iran_in_october())
    entry = next(b for b in test.button if b.key and b.key.startswith("read-"))
    event_id = entry.key.removeprefix("read-")
    entry.click().run()
    assert test.session_state["event"] == event_id
    assert query(test)["event"] == [event_id]
    assert ":violet-badge[Selected]" in texts(test)


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
    assert ":violet-badge[Selected]" not in texts(test)
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
