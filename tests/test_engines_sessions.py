"""Sessions: eight threads at once on each engine, the shared result cache, choosing the engine."""

from __future__ import annotations

import threading

import pytest
from engine_data import CURATED_VIEWS, open_all, write_curated

from timeline import engines
from timeline.engines import cache, urls
from timeline.engines.base import EngineError

THREADS = 8


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sessions")
    source, registry = write_curated(folder)
    found = open_all(
        source, registry, folder, "timeline_sessions", ("memory", "duckdb", "postgres")
    )
    yield found
    for engine in found.values():
        engine.close()


def _answers(session, view) -> tuple:
    timeline = session.timeline(view)
    table = session.table_page(view)
    return session.count(view), tuple(timeline.lanes), tuple(table["id"]), session.span()


@pytest.mark.parametrize("kind", ["memory", "duckdb", "postgres"])
def test_eight_sessions_at_once_each_see_their_own_view(opened, kind):
    engine = opened[kind]
    views = list(CURATED_VIEWS.values())
    reference = engine.session()
    expected = [_answers(reference, view) for view in views]
    reference.close()
    cache.RESULTS.clear()  # every thread computes: the engine, not the cache, is under test
    start = threading.Barrier(THREADS)
    failures: list[str] = []

    def work(number: int) -> None:
        session = engine.session()
        try:
            start.wait()
            for turn in range(3):
                index = (number + turn * THREADS) % len(views)
                cache.RESULTS.clear()
                found = _answers(session, views[index])
                if found != expected[index]:
                    failures.append(f"thread {number}, view {index}: {found} != {expected[index]}")
        except Exception as error:  # reported below, with the thread that raised it
            failures.append(f"thread {number}: {type(error).__name__}: {error}")
        finally:
            session.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []


def test_answers_are_cached_by_source_and_view_not_by_engine_object(tmp_path):
    source, registry = write_curated(tmp_path)
    view = CURATED_VIEWS["one actor"]
    first = open_all(source, registry, tmp_path, "unused", ("duckdb",))["duckdb"]
    again = engines.open(tmp_path / "engine.parquet", "duckdb")  # a new engine, same file
    assert first is not again and first.key == again.key
    cache.RESULTS.clear()
    answer = first.session().timeline(view)
    hits = cache.RESULTS.hits
    assert again.session().timeline(view) is answer
    assert cache.RESULTS.hits == hits + 1
    assert again.session().timeline(CURATED_VIEWS["empty"]).count == 0  # another view: computed
    first.close()
    again.close()


def test_cached_answers_expire_after_their_ttl():
    store = cache.TTLCache(ttl=0.0)
    calls = []
    store.get("key", lambda: calls.append(1))
    store.get("key", lambda: calls.append(1))
    assert len(calls) == 2
    lasting = cache.TTLCache(ttl=60.0, entries=2)
    for key in "abc":
        lasting.get(key, lambda: 0)
    lasting.get("a", lambda: calls.append(1))
    assert len(calls) == 3  # the oldest entry was evicted beyond two


def test_the_engine_is_chosen_by_url_option_environment_and_size(tmp_path, monkeypatch):
    source, registry = write_curated(tmp_path)
    open_all(source, registry, tmp_path, "unused", ())
    converted = tmp_path / "engine.parquet"
    monkeypatch.delenv("TIMELINE_ENGINE", raising=False)
    assert engines.choose("postgresql://u:p@db.example/x") == "postgres"
    assert engines.choose("duckdb:///data/events.duckdb") == "duckdb"
    assert engines.choose(converted) == "memory"  # 11 events: below AUTO_DUCKDB_ROWS
    monkeypatch.setattr(engines, "AUTO_DUCKDB_ROWS", 5)
    assert engines.choose(converted) == "duckdb"
    monkeypatch.setenv("TIMELINE_ENGINE", "memory")
    assert engines.choose(converted) == "memory"
    assert engines.choose(converted, "duckdb") == "duckdb"
    with pytest.raises(EngineError, match="convert it first"):
        engines.choose(source, "duckdb")
    with pytest.raises(EngineError, match="must be one of memory, duckdb"):
        engines.choose(converted, "spark")


def test_credentials_never_appear_in_messages():
    url = "postgresql://analyst:s3cr%40t@127.0.0.1:9/timeline"
    assert urls.mask(url) == "postgresql://analyst:***@127.0.0.1:9/timeline"
    assert "s3cr" not in urls.identity(url)
    with pytest.raises(EngineError) as raised:
        engines.open(url)  # nothing listens on port 9
    assert "s3cr" not in str(raised.value) and "analyst:***@" in str(raised.value)


def test_credentials_come_from_streamlit_secrets_when_the_url_has_none():
    secrets = {"connections": {"timeline": {"username": "reader", "password": "p@ss word"}}}
    url = urls.with_secrets("postgresql://db.internal:5432/events", secrets)
    assert url == "postgresql://reader:p%40ss%20word@db.internal:5432/events"
    assert urls.with_secrets("postgresql://me@db/x", secrets) == "postgresql://me@db/x"
    only = {"connections": {"timeline": {"url": "postgresql://a:b@h/d"}}}
    assert urls.with_secrets("", only) == "postgresql://a:b@h/d"


def test_the_source_and_engine_come_from_arguments_then_environment():
    environ = {"TIMELINE_DATA": "postgresql://db/x", "TIMELINE_ENGINE": "duckdb"}
    assert engines.requested([], environ) == ("postgresql://db/x", "duckdb")
    argv = ["--data", "big.parquet", "--engine", "memory"]
    assert engines.requested(argv, environ) == ("big.parquet", "memory")
    assert engines.requested([], {}) == (None, None)


def test_an_uploaded_dataset_is_served_by_the_memory_engine(tmp_path, registry):
    source, _ = write_curated(tmp_path)
    dataset = engines_load(source, registry)
    session = engines.in_memory(dataset, "upload:events.csv:0123").session()
    assert session.count(CURATED_VIEWS["one actor"]) == 3
    assert session.key == "upload:events.csv:0123"


def engines_load(source, registry):
    from timeline.load import load

    return load(source, registry=registry)
