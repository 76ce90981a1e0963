"""The dashboard served by an engine (DuckDB; PostgreSQL when a server is given), run with AppTest.

The same links must show the same counts as the in-memory page on the same events; a source
that cannot be served is one clear message, its password masked, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import engine_data

import timeline
from timeline import actors, cli, engines
from timeline.actors import load_registry
from timeline.engines.convert import convert
from timeline.view import View

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")

# Links on the curated events (periods, officials, 1914) and on generated ones (60 actors).
CURATED_LINKS = {
    "no filter": {},
    "one actor": {"actor": ["Iran"]},
    "actor and dates": {"actor": ["Armenia"], "from": ["2020-10-01"], "to": ["2020-10-31"]},
    "type": {"type": ["military", "statement"]},
    "all of two actors": {"actor": ["Armenia", "Azerbaijan"], "match": ["all"]},
    "status and theatre": {"status": ["claimed"], "theatre": ["Caucasus"]},
    "search without accents, any order": {"q": ["IRAN resume"]},
}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """(events CSV, the same events converted with `timeline convert`) per dataset."""
    folder = tmp_path_factory.mktemp("engine-page")
    curated = folder / "curated.csv"
    curated.write_text(engine_data.CURATED, encoding="utf-8")
    generated, _ = engine_data.write_generated(folder / "generated", rows=1500)
    found = {}
    for name, source in (("curated", curated), ("generated", generated)):
        target = source.with_name(f"{name}-engine.parquet")
        assert cli.main(["convert", str(source), str(target)]) == 0  # the bundled registry
        found[name] = (source, target)
    return found


@pytest.fixture(scope="module")
def session_of():
    """A Session of a file on an engine, each engine opened once and closed after the tests."""
    opened: dict[tuple[str, str], engines.Engine] = {}

    def session(path: Path, engine: str = "duckdb") -> engines.Session:
        key = (str(path), engine)
        if key not in opened:
            opened[key] = engines.open(path, engine)
        return opened[key].session()

    yield session
    for engine in opened.values():
        engine.close()


def run(monkeypatch, source, engine: str | None = None, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("TIMELINE_DATA", str(source))
    if engine:
        monkeypatch.setenv("TIMELINE_ENGINE", engine)
    else:
        monkeypatch.delenv("TIMELINE_ENGINE", raising=False)
    test = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, values in (query or {}).items():
        test.query_params[key] = values
    return test.run()


def metric(test: AppTest, label: str) -> str:
    return next(m.value for m in test.metric if m.label == label)


def events(test: AppTest) -> int:
    return int(metric(test, "Events").replace(",", ""))


def link(test: AppTest) -> dict:
    return {
        key: list(value) if isinstance(value, list) else [value]
        for key, value in test.query_params.items()
    }


def served_by(test: AppTest) -> str:
    return " ".join(caption.value for caption in test.caption if "Served by" in caption.value)


@pytest.mark.parametrize("name", CURATED_LINKS)
def test_duckdb_page_counts_what_the_in_memory_page_counts_for_the_same_link(
    data, monkeypatch, name
) -> None:
    source, converted = data["curated"]
    in_memory = run(monkeypatch, source, query=CURATED_LINKS[name])
    on_duckdb = run(monkeypatch, converted, "duckdb", query=CURATED_LINKS[name])
    assert not on_duckdb.exception and not on_duckdb.error
    assert "Served by DuckDB" in served_by(on_duckdb) and not served_by(in_memory)
    assert "not accents" not in served_by(on_duckdb)  # its search is the in-memory page's
    assert events(on_duckdb) == events(in_memory) > 0
    for label in ("Actors", "Date span"):
        assert metric(on_duckdb, label) == metric(in_memory, label)
    assert link(on_duckdb) == link(in_memory)  # the same URL state: the link is kept as given
    assert on_duckdb.date_input(key="dates").value == in_memory.date_input(key="dates").value


def test_duckdb_page_opens_on_the_same_days_as_the_in_memory_page(data, monkeypatch) -> None:
    source, converted = data["curated"]
    in_memory = run(monkeypatch, source)
    on_duckdb = run(monkeypatch, converted, "duckdb")
    opened = in_memory.date_input(key="dates").value
    story = timeline.load(source).story_period
    assert story is not None and opened == story  # the story's period, not every day
    assert on_duckdb.date_input(key="dates").value == opened
    assert events(on_duckdb) == events(in_memory)


def test_generated_data_counts_match_in_memory_for_actor_type_and_dates(
    data, monkeypatch, session_of
) -> None:
    source, converted = data["generated"]
    actor = session_of(converted).options()["actors"][3]
    for query in (
        {},
        {"actor": [actor]},
        {"type": ["military"], "from": ["2010-01-01"], "to": ["2015-12-31"]},
    ):
        in_memory = run(monkeypatch, source, query=query)
        on_duckdb = run(monkeypatch, converted, "duckdb", query=query)
        assert not on_duckdb.exception and not on_duckdb.error
        assert events(on_duckdb) == events(in_memory), query
        assert metric(on_duckdb, "Actors") == metric(in_memory, "Actors"), query


def test_choosing_an_actor_narrows_the_count_and_writes_the_link(
    data, monkeypatch, session_of
) -> None:
    _, converted = data["generated"]
    page = run(monkeypatch, converted, "duckdb")
    everything = events(page)
    session = session_of(converted)
    actor = session.options()["actors"][-1]  # the quietest actor
    page.multiselect(key="actors").select(actor).run()
    assert not page.exception
    assert 0 < events(page) < everything
    assert events(page) == session.count(View(actors=(actor,)))
    assert link(page)["actor"] == [actor]


def test_a_small_converted_file_keeps_todays_in_memory_page(data, monkeypatch) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted)  # no engine asked for: under AUTO_DUCKDB_ROWS, memory
    assert not page.exception and not served_by(page)
    assert "Source strength" in [widget.label for widget in page.multiselect]
    assert [tab.label for tab in page.tabs][:2] == ["Timeline", "Map"]


def test_the_engine_page_offers_only_what_engines_answer(data, monkeypatch) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted, "duckdb")
    assert [tab.label for tab in page.tabs] == [
        "Timeline",
        "Activity",
        "Co-occurrence",
        "Actor profile",
    ]
    assert "Source strength" not in [widget.label for widget in page.multiselect]
    assert "map, deadlines, links between events" in served_by(page)


def test_a_link_to_the_map_or_a_chain_opens_the_rest_of_the_view_with_a_notice(
    data, monkeypatch
) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted, "duckdb", {"tab": ["Map"], "actor": ["Iran"]})
    assert not page.exception
    assert any("its Map tab" in warning.value for warning in page.warning)
    assert link(page) == {"actor": ["Iran"]}
    assert events(page) > 0


def test_the_card_of_a_linked_event_comes_from_the_engine(data, monkeypatch) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted, "duckdb", {"event": ["truce"]})
    assert not page.exception
    assert "Moscow ceasefire" in [header.value for header in page.subheader]
    assert "https://example.org/t" in " ".join(text.value for text in page.markdown)


def test_the_other_tabs_answer_through_the_session(data, monkeypatch) -> None:
    _, converted = data["curated"]
    for tab in ("Activity", "Co-occurrence", "Actor profile"):
        page = run(monkeypatch, converted, "duckdb", {"tab": [tab], "actor": ["Armenia"]})
        assert not page.exception and not page.error, tab
        if tab == "Actor profile":
            assert page.selectbox(key="profiled").value == "Armenia"
            assert metric(page, "Events in view") == metric(page, "Events")


def test_an_unconverted_file_with_duckdb_names_the_file_and_the_command(data, monkeypatch) -> None:
    source, _ = data["curated"]
    page = run(monkeypatch, source, "duckdb")
    assert not page.exception
    (error,) = page.error
    assert "curated.csv" in error.value.replace("\\", "") and "convert" in error.value


def test_an_unknown_engine_is_named(data, monkeypatch) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted, "turbo")
    assert not page.exception
    assert "turbo" in page.error[0].value


def test_an_unreachable_database_is_one_message_with_the_password_masked(monkeypatch) -> None:
    page = run(monkeypatch, "postgresql://analyst:s3cret-pw@127.0.0.1:9/events")
    assert not page.exception
    (error,) = page.error
    said = error.value.replace("\\", "")
    assert "postgresql://analyst:***@127.0.0.1:9/events" in said
    assert "s3cret" not in said


def test_credentials_come_from_the_secrets_and_are_never_shown(monkeypatch) -> None:
    monkeypatch.delenv("TIMELINE_DATA", raising=False)
    test = AppTest.from_file(DASHBOARD, default_timeout=120)
    test.secrets["connections"] = {
        "timeline": {
            "url": "postgresql://127.0.0.1:9/events",
            "username": "curator",
            "password": "from-secrets",
        }
    }
    test.run()
    assert not test.exception
    said = test.error[0].value.replace("\\", "")
    assert "curator:***@127.0.0.1:9" in said  # the user came from the secrets
    assert "from-secrets" not in said


def test_a_database_without_the_tables_is_named(tmp_path, monkeypatch) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    page = run(monkeypatch, f"duckdb:///{empty}")
    assert not page.exception
    (error,) = page.error
    assert "empty.duckdb" in error.value.replace("\\", "")


def test_postgres_page_counts_what_the_in_memory_page_counts(data, monkeypatch) -> None:
    source, _ = data["curated"]
    url = engine_data.postgres_database("timeline_engine_page")  # skips without a server
    convert(source, url)
    for query in (CURATED_LINKS["one actor"], CURATED_LINKS["actor and dates"], {}):
        in_memory = run(monkeypatch, source, query=query)
        on_postgres = run(monkeypatch, url, query=query)
        assert not on_postgres.exception and not on_postgres.error
        assert "Served by PostgreSQL" in served_by(on_postgres)
        assert "ignoring case but not accents" in served_by(on_postgres)
        assert events(on_postgres) == events(in_memory), query
        assert link(on_postgres) == link(in_memory)


def test_a_converted_file_in_memory_counts_as_duckdb_does_with_its_own_registry(
    data, monkeypatch, session_of
) -> None:
    """The converted file's registry decides who is whose official, on every engine."""
    source, _ = data["generated"]
    converted = source.with_name("own-registry.parquet")
    convert(source, str(converted), registry=load_registry(source.with_name("actors.csv")))
    session = session_of(converted)
    states = set(actors.principals(session.registry()).values())
    state = next(name for name in session.options()["actors"] if name in states)
    query = {"actor": [state], "affiliates": ["1"]}
    in_memory = run(monkeypatch, converted, "memory", query)
    on_duckdb = run(monkeypatch, converted, "duckdb", query)
    assert not served_by(in_memory) and served_by(on_duckdb)
    assert (
        events(in_memory)
        == events(on_duckdb)
        == session.count(View(actors=(state,), affiliates=True))
    )
    assert events(in_memory) > session.count(View(actors=(state,)))


def test_every_engine_answers_the_registry_the_file_was_converted_with(data, session_of) -> None:
    _, converted = data["curated"]
    on_duckdb = session_of(converted).registry()
    in_memory = session_of(converted, "memory").registry()
    assert "Ali Akbar Velayati" in set(on_duckdb["name"])
    assert actors.principals(on_duckdb) == actors.principals(in_memory)


@pytest.mark.parametrize("name", ["no filter", "one actor", "actor and dates"])
def test_the_chart_opens_on_the_same_days_with_the_same_shaded_periods(
    data, monkeypatch, name
) -> None:
    source, converted = data["curated"]
    layouts = []
    for page in (
        run(monkeypatch, source, query=CURATED_LINKS[name]),
        run(monkeypatch, converted, "duckdb", query=CURATED_LINKS[name]),
    ):
        (chart,) = page.get("plotly_chart")
        layouts.append(json.loads(chart.proto.spec)["layout"])
    in_memory, on_duckdb = layouts
    assert on_duckdb["xaxis"]["range"] == in_memory["xaxis"]["range"]
    assert len(on_duckdb.get("shapes", [])) == len(in_memory.get("shapes", [])) > 0


def test_the_table_is_fetched_once_opened_and_lists_the_events_in_view(data, monkeypatch) -> None:
    _, converted = data["curated"]
    page = run(monkeypatch, converted, "duckdb", CURATED_LINKS["one actor"])
    assert not page.dataframe  # closed: nothing asked of the engine, nothing sent
    page.session_state["table_open"] = True
    page.run()
    (table,) = page.dataframe
    assert len(table.value) == events(page)
    assert set(table.value["Title"]) >= {"Iran calls for restraint", "Washington talks"}
    labels = [button.label for button in page.get("download_button")]
    assert f"Events in view ({events(page)}) as CSV" in labels


def test_a_url_of_an_unknown_kind_is_named_with_its_password_masked(monkeypatch) -> None:
    page = run(monkeypatch, "mysql://analyst:s3cret-pw@db.internal/events")
    assert not page.exception
    (error,) = page.error
    said = error.value.replace("\\", "")
    assert "mysql://analyst:***@db.internal/events" in said and "postgresql://" in said
    assert "s3cret" not in said


def test_the_chronology_lists_the_engines_first_page_in_order(
    data, monkeypatch, session_of
) -> None:
    _, converted = data["generated"]
    page = run(monkeypatch, converted, "duckdb")
    first = session_of(converted).reading_page(View(), size=25)
    (element,) = [
        e for e in page.get("bidi_component") if e.proto.component_name == "timeline.chronology"
    ]
    listed = [entry["id"] for entry in json.loads(element.proto.json)["entries"]]
    assert listed == list(first.events["id"])
    assert any(f"Events 1–25 of {events(page):,}" in caption.value for caption in page.caption)


def listed_ids(page: AppTest) -> list[str]:
    (element,) = [
        e for e in page.get("bidi_component") if e.proto.component_name == "timeline.chronology"
    ]
    return [entry["id"] for entry in json.loads(element.proto.json)["entries"]]


def test_a_selected_event_turns_the_engines_chronology_to_its_page(
    data, monkeypatch, session_of
) -> None:
    _, converted = data["generated"]
    session = session_of(converted)
    third = session.reading_page(View(), page=2, size=25).events["id"].iloc[3]
    page = run(monkeypatch, converted, "duckdb", {"event": third})
    assert third in listed_ids(page)
    assert any(f"Events 51–75 of {events(page):,}" in c.value for c in page.caption)
    # The analyst pages on: the page chosen stays while the selection does not change.
    (paging,) = [p for p in page.get("pagination")]
    paging.set_value(5).run()
    assert listed_ids(page) == list(session.reading_page(View(), page=4, size=25).events["id"])
    # Another selection, on the first page, brings its page back.
    first = session.reading_page(View(), size=25).events["id"].iloc[0]
    page.query_params["event"] = first
    page.session_state["event"] = first
    page.run()
    assert first in listed_ids(page)
    assert any(f"Events 1–25 of {events(page):,}" in c.value for c in page.caption)


def test_a_damaged_converted_file_in_memory_is_named_not_a_traceback(
    data, monkeypatch, tmp_path
) -> None:
    _, converted = data["curated"]
    copy = tmp_path / "copy.parquet"
    for suffix in ("", ".pairs", ".actors"):
        source = converted.with_name(converted.stem + suffix + ".parquet")
        copy.with_name(copy.stem + suffix + ".parquet").write_bytes(source.read_bytes())
    pairs = copy.with_name("copy.pairs.parquet")
    pairs.write_bytes(b"PAR1 not really parquet PAR1")
    page = run(monkeypatch, copy, "memory")
    assert not page.exception
    assert "copy.parquet" in page.error[0].value.replace("\\", "")
