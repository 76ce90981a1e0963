"""The loaded dataset is shared by every session by reference: nothing on the way may change it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import timeline
from timeline import filters, ui
from timeline.figures import timeline_figure

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
VIEWS = [
    filters.View(),
    filters.View(actors=("Iran",), affiliates=True),
    filters.View(actors=("Armenia", "Azerbaijan"), match="all"),
    filters.View(types=("statement", "military"), statuses=("claimed",)),
    filters.View(start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10), text="ceasefire"),
    filters.View(actors=("Nobody",)),
]


def fingerprint(dataset: timeline.Dataset) -> list[tuple]:
    """Columns, dtypes and a hash of every value and index label of each frame."""
    frames = (dataset.events, dataset.event_actors, dataset.actors, dataset.report.problems)
    return [
        (
            tuple(frame.columns),
            tuple(str(dtype) for dtype in frame.dtypes),
            hashlib.sha256(pd.util.hash_pandas_object(frame).to_numpy().tobytes()).hexdigest(),
        )
        for frame in frames
    ]


@pytest.fixture(scope="module")
def dataset() -> timeline.Dataset:
    return timeline.load(timeline.BUNDLED_EVENTS)


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: filters.describe(view) or "everything")
def test_filtering_and_drawing_leave_the_shared_dataset_unchanged(dataset, view) -> None:
    before = fingerprint(dataset)
    events = filters.apply(view, dataset)
    shown = filters.show(view, dataset)
    filters.arrange(view, dataset, events)
    eras = filters.eras(view, dataset)
    assert dataset.story_period
    assert dataset.options["actors"]
    for budget in (1, 4000):  # counts per bucket, then every marker
        timeline_figure(
            shown.source,
            shown.placed_in_source(),
            lanes=shown.lanes,
            eras=eras,
            selected="2020-10-10-moscow-humanitarian-ceasefire",
            point_budget=budget,
        ).to_json()
    shown.head(10), shown.events  # copied out, as the table and the exports do
    assert fingerprint(dataset) == before


def test_changing_what_a_session_was_given_does_not_reach_the_shared_dataset(dataset) -> None:
    before = fingerprint(dataset)
    everything = filters.show(filters.View(), dataset).events  # every row: a lazy copy
    everything.loc[everything.index[0], "title"] = "changed"
    shown = filters.show(filters.View(actors=("Iran",)), dataset)
    some, placed = shown.events, shown.placed_in_source()
    some.loc[some.index[0], "title"] = "changed"
    placed.loc[0, "event"] = -1
    applied = filters.apply(filters.View(), dataset)
    applied.iloc[0, 0] = "changed"
    assert fingerprint(dataset) == before


def test_show_reads_the_shared_frame_and_copies_events_only_when_asked(dataset) -> None:
    view = filters.View(actors=("Azerbaijan",))
    shown = filters.show(view, dataset)
    assert shown.source is dataset.events
    len(shown), shown.head(5), shown.columns("start", "end"), shown.placed_in_source()
    assert "events" not in vars(shown)  # nothing copied whole yet
    assert shown.events.equals(filters.apply(view, dataset))
    arranged = filters.arrange(view, dataset, filters.apply(view, dataset))
    assert shown.lanes == arranged.lanes
    assert shown.placements.equals(arranged.placements)


def test_sessions_share_one_loaded_dataset_and_reruns_leave_it_unchanged(monkeypatch) -> None:
    monkeypatch.delenv("TIMELINE_DATA", raising=False)
    loaded, seen = [], []
    monkeypatch.setattr(
        ui.source, "load", lambda path: loaded.append(timeline.load(path)) or loaded[-1]
    )
    header = ui.header
    monkeypatch.setattr(ui, "header", lambda dataset: seen.append(id(dataset)) or header(dataset))
    ui.source.cached_load.clear()
    first, second = (AppTest.from_file(DASHBOARD, default_timeout=60) for _ in range(2))
    first.run()
    shared = loaded[0]
    before = fingerprint(shared)
    second.run()
    for session, actor in ((first, "Iran"), (second, "Armenia"), (first, "Russia")):
        session.multiselect(key="actors").select(actor).run()
        session.multiselect(key="types").select("statement").run()
        session.text_input(key="text").input("cease").run()
        assert not session.exception
    stat = timeline.BUNDLED_EVENTS.stat()
    assert (
        ui.source.cached_load(str(timeline.BUNDLED_EVENTS), (stat.st_mtime_ns, stat.st_size))
        is shared
    )
    assert len(loaded) == 1  # one load for both sessions and every rerun
    assert len(seen) == 11 and set(seen) == {id(shared)}  # every run saw that very object
    assert fingerprint(shared) == before
