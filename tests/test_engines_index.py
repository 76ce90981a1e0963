"""DuckDB's index of a converted file: kept in step with the files, and shared answers that
equal the answers computed per view."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from engine_data import CURATED
from test_engines import same

from timeline import engines
from timeline.engines import index, layout
from timeline.engines.convert import convert
from timeline.engines.rows import Rows
from timeline.filters import View


@pytest.fixture
def converted(tmp_path, registry):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    target = tmp_path / "out.parquet"
    convert(source, str(target), registry=registry, batch_rows=4)
    return target


def test_convert_writes_an_index_that_reflects_the_files(converted):
    files = layout.paths(converted)
    assert files[layout.INDEX].exists() and files[layout.ROWS].exists()
    assert index.current(converted)
    engine = engines.open(converted, "duckdb")
    assert engine.index_seconds == 0.0  # nothing to build at open
    engine.close()


def test_a_missing_index_is_built_when_the_file_is_opened(converted):
    expected = engines.open(converted, "memory").session().table_page(View(actors=("Iran",)))
    layout.paths(converted)[layout.INDEX].unlink()
    shutil.rmtree(layout.paths(converted)[layout.ROWS])
    engine = engines.open(converted, "duckdb")
    assert engine.index_seconds > 0 and index.current(converted)
    same(expected, engine.session().table_page(View(actors=("Iran",))), "table page")
    engine.close()


def test_an_index_older_than_its_files_is_rebuilt_with_their_events(tmp_path, registry):
    target = tmp_path / "out.parquet"
    first = tmp_path / "first.csv"
    first.write_text(CURATED, encoding="utf-8")
    convert(first, str(target), registry=registry)
    kept = tmp_path / "kept"
    kept.mkdir()
    for name in (layout.INDEX, layout.ROWS):
        layout.paths(target)[name].rename(kept / name)
    fewer = tmp_path / "fewer.csv"
    fewer.write_text("\n".join(CURATED.splitlines()[:4]) + "\n", encoding="utf-8")
    convert(fewer, str(target), registry=registry)
    for name in (layout.INDEX, layout.ROWS):  # the old index back beside the new files
        written = layout.paths(target)[name]
        shutil.rmtree(written) if written.is_dir() else written.unlink()
        (kept / name).rename(written)
    assert not index.current(target)
    engine = engines.open(target, "duckdb")
    assert engine.index_seconds > 0
    session = engine.session()
    assert session.count(View()) == 3
    assert session.table_page(View())["id"].tolist() == ["sarajevo", "war", "restraint"]
    engine.close()


def test_an_index_is_stale_once_a_file_it_reflects_changes(converted):
    pairs = layout.paths(converted)[layout.PAIRS]
    stat = pairs.stat()
    os.utime(pairs, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not index.current(converted)


def test_the_first_view_answered_once_per_engine_is_the_per_view_answer(converted):
    engine = engines.open(converted, "duckdb")
    first, second = engine.session(), engine.session()
    shared = first.timeline(View(), point_budget=3, max_lanes=2)
    assert second._timeline(View(), 3, 2) is shared  # one answer for every session
    same(first._drawn(View(), 3, 2), shared, "first view, counts")
    same(first._drawn(View(), 4000, 24), second.timeline(View()), "first view, markers")
    same(first._periods(View()), second.eras(View(actors=("Iran",))), "a theatre's eras")
    engine.close()


def test_rows_come_back_in_the_order_asked_with_every_column_typed(converted):
    rows = Rows(layout.paths(converted)[layout.ROWS])
    asked = np.array([9, 0, 5, 4, 10, 5])  # out of order, a run of neighbours, one twice
    found = rows.take(asked, layout.EVENT_COLUMNS)
    assert found.schema == layout.EVENT_SCHEMA
    expected = pq.read_table(converted).take(pa.array(asked))
    assert found.equals(expected.cast(layout.EVENT_SCHEMA))
    assert rows.take(np.array([], dtype="int64"), (layout.POS,)).num_rows == 0
    with pytest.raises(IndexError):
        rows.take(np.array([11]), (layout.POS,))


@pytest.mark.parametrize("bits", [0, 2, 63], ids=["no actor has a bit", "some", "all"])
def test_events_with_a_lane_are_counted_alike_with_or_without_mask_bits(
    converted, monkeypatch, bits
):
    monkeypatch.setattr(index, "MASK_BITS", bits)
    index.build(converted, [layout.INDEX])
    memory = engines.open(converted, "memory").session()
    duckdb = engines.open(converted, "duckdb")
    for view in (
        View(),
        View(types=("military", "statement")),
        View(actors=("Iran",), affiliates=True),
    ):
        expected = memory.timeline(view, point_budget=2, max_lanes=2)
        assert expected.grid is not None and expected.hidden_lanes > 0
        same(expected, duckdb.session()._drawn(view, 2, 2), f"{view}, {bits} bits")
    duckdb.close()


def test_a_rerun_on_a_converted_file_does_not_import_ibis(converted):
    # Ibis takes most of a second and 40 MB to import: a server's first view waits for it.
    script = (
        "import sys\n"
        "from timeline import engines\n"
        "from timeline.filters import View\n"
        f"session = engines.open({str(converted)!r}, 'duckdb').session()\n"
        "for view in (View(), View(actors=('Iran',), affiliates=True), View(text='war')):\n"
        "    session.timeline(view).figure(eras=session.eras(view))\n"
        "    session.focus(view), session.table_page(view), session.options()\n"
        "print('ibis' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


def test_types_statuses_and_theatres_the_data_lacks_match_nothing_as_in_memory(converted):
    memory = engines.open(converted, "memory").session()
    duckdb = engines.open(converted, "duckdb")
    session = duckdb.session()
    for view in (
        View(types=("no such type",)),
        View(types=("military", "no such type"), statuses=("claimed", "no such status")),
        View(theatre="Atlantis"),
    ):
        assert session.count(view) == memory.count(view), view
        same(memory.timeline(view), session.timeline(view), f"{view}: timeline")
    duckdb.close()
