"""A shared server: sessions see only their own data, and the cached shared dataset never changes.

Each AppTest is one browser session. Session A uploads its own file (the real uploader path);
session B filters the shared, bundled data. Neither sees the other's events, and the Dataset that
`ui.source.cached_load` hands every session by reference hashes the same before and after.

AppTest sessions take turns: AppTest keeps one global runtime, so two cannot run on threads at
once. Truly simultaneous sessions against a real server are benchmarks/load.py's job, which also
checks that every session's page counts the events of its own filter.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import timeline
from timeline import filters, safe, ui
from timeline.view import View

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
SECRET = "Session A's private briefing"
UPLOAD = (
    "id,date,title,description,actors,event_type,source_url\n"
    f"a1,2021-03-01,{SECRET},Only A may see this.,Iran,statement,https://example.org/a1\n"
    "a2,2021-03-02,A second private event,Also private.,Russia,visit,https://example.org/a2\n"
).encode()
BUNDLED = timeline.load(timeline.BUNDLED_EVENTS)


def in_story(positions: pd.Index | slice = slice(None)) -> int:
    """How many of these bundled events the page opens on: those in the story's period."""
    first, last = (pd.Timestamp(day) for day in BUNDLED.story_period)
    events = BUNDLED.events.iloc[positions]
    return int(((events["end"] > first) & (events["start"] <= last)).sum())


def shared_dataset() -> timeline.Dataset:
    """The bundled Dataset exactly as the cache hands it to every session."""
    stat = timeline.BUNDLED_EVENTS.stat()
    return ui.source.cached_load(str(timeline.BUNDLED_EVENTS), (stat.st_mtime_ns, stat.st_size))


def fingerprint(dataset: timeline.Dataset) -> tuple:
    """Content, order, index, dtypes and shape of every frame the Dataset shares."""

    def of(frame: pd.DataFrame) -> tuple:
        hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy()
        return (tuple(frame.columns), tuple(map(str, frame.dtypes)), hashed.tobytes())

    return (
        of(dataset.events),
        of(dataset.event_actors),
        of(dataset.actors),
        of(dataset.report.problems),
        dataset.report.summary(),
    )


def session() -> AppTest:
    """A new session with the events table open, so every event's text is on its page."""
    test = AppTest.from_file(DASHBOARD, default_timeout=60)
    test.session_state["table_open"] = True
    return test.run()


def events_shown(test: AppTest) -> int:
    metric = next(m for m in test.metric if m.label == "Events")
    return int(metric.value.replace(",", ""))


def everything_shown(test: AppTest) -> str:
    """All text the session's page holds, tables included."""
    texts = [
        str(element.value)
        for kind in ("title", "caption", "markdown", "subheader", "error", "warning", "info")
        for element in getattr(test, kind)
    ]
    texts += [frame.value.to_csv() for frame in test.dataframe]
    return "\n".join(texts)


def upload(test: AppTest, name: str, data: bytes) -> AppTest:
    test.file_uploader(key="upload").set_value((name, data, "text/csv"))
    return test.run()


@pytest.fixture
def before() -> tuple:
    return fingerprint(shared_dataset())


def test_an_upload_is_seen_by_its_session_only(before) -> None:
    session_a, session_b = session(), session()
    upload(session_a, "mine.csv", UPLOAD)
    session_b.multiselect(key="actors").select("Iran").run()

    assert not session_a.exception and not session_b.exception
    assert events_shown(session_a) == 2
    assert safe.markdown("mine.csv") in session_a.caption[0].value
    assert SECRET in everything_shown(session_a)

    # Choosing a state brings in its officials by default (roll-up), on the story's period.
    iran = filters.select(View(actors=("Iran",), affiliates=True), BUNDLED)
    assert events_shown(session_b) == in_story(iran)
    assert safe.markdown("events.csv") in session_b.caption[0].value
    assert SECRET not in everything_shown(session_b)
    assert "uploaded" not in session_b.session_state
    assert fingerprint(shared_dataset()) == before


def test_a_filter_in_one_session_leaves_the_other_sessions_view(before) -> None:
    session_a, session_b = session(), session()
    upload(session_a, "mine.csv", UPLOAD)
    session_b.multiselect(key="types").set_value(["sanction"]).run()
    session_a.text_input(key="text").input("private").run()  # A filters its own upload
    session_b.run()

    assert events_shown(session_a) == 2
    assert session_a.multiselect(key="types").value == []
    sanctions = (BUNDLED.events["event_type"] == "sanction").to_numpy().nonzero()[0]
    assert events_shown(session_b) == in_story(sanctions)
    assert session_b.text_input(key="text").value == ""
    assert fingerprint(shared_dataset()) == before


def test_the_shared_dataset_is_the_same_object_before_and_after_sessions(before) -> None:
    shared = shared_dataset()
    session_a, session_b = session(), session()
    upload(session_a, "mine.csv", UPLOAD)
    session_b.multiselect(key="actors").select("Iran").run()
    next(b for b in session_b.button if b.label == "Reset filters").click().run()
    assert shared_dataset() is shared
    assert fingerprint(shared) == before


def test_a_hostile_upload_in_one_session_cannot_reach_another(before) -> None:
    hostile = (
        Path(__file__).resolve().parent / "hostile" / "xss-in-every-text-field.csv"
    ).read_bytes()
    session_a, session_b = session(), session()
    upload(session_a, "<img src=x onerror=alert(1)>.csv", hostile)
    session_b.run()
    assert not session_a.exception and not session_b.exception
    assert "onerror" not in everything_shown(session_b)
    assert events_shown(session_b) == in_story()
    assert fingerprint(shared_dataset()) == before


def test_an_unreadable_upload_falls_back_to_the_shared_data_in_that_session_only(before) -> None:
    session_a, session_b = session(), session()
    upload(session_a, "broken.csv", b"who,what\nx,y\n")
    session_b.run()
    assert "Your file cannot be read; showing the bundled data" in session_a.error[0].value
    assert events_shown(session_a) == events_shown(session_b) == in_story()
    assert not session_b.error
    assert fingerprint(shared_dataset()) == before


def test_an_upload_reaching_beyond_the_bundled_dates_shows_every_event() -> None:
    wide = (
        b"id,date,title,actors,event_type,source_url\n"
        b"old,1950-01-01,Before the bundled data,Iran,statement,https://example.org/old\n"
        b"mid,2000-01-01,Within it,Iran,statement,https://example.org/mid\n"
        b"new,2030-01-01,After it,Iran,statement,https://example.org/new\n"
    )
    test = upload(session(), "wide.csv", wide)
    assert events_shown(test) == 3
    assert "from" not in test.query_params and "to" not in test.query_params
