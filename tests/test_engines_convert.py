"""`timeline convert` in batches: the same events and problems as a whole-file load, every row."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from engine_data import CURATED, HEADER

import timeline
from timeline import cli, engines
from timeline.engines import batches, layout
from timeline.engines.convert import convert

FAULTY = (
    CURATED
    + "bad-date,2020-13-45,,Impossible date,,Iran,statement,,https://example.org/x,Example,\n"
    + "ragged,2020-01-01,,Too,many,fields,here,,,,,,\n"
    + "sarajevo,1914-06-29,,Same id again,Repeated in a later batch,Russia,incident,,https://example.org/z,Example,\n"
    + ",2020-10-10~,,Moscow ceasefire,A second unnamed row,Russia,ceasefire,,https://example.org/t2,Example,\n"
    + "unknown,2020-10-01,,Unknown actor,,Atlantis,statement,,https://example.org/u,Example,\n"
    + ",2020-10-10~,,Moscow ceasefire,A third unnamed row,Russia,ceasefire,,https://example.org/t3,Example,\n"
)


def _problems(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["row", "rule"], ignore_index=True)


@pytest.mark.parametrize("streamed", [False, True], ids=["read whole", "streamed"])
def test_batches_report_what_a_whole_load_reports(tmp_path, registry, monkeypatch, streamed):
    source = tmp_path / "events.csv"
    source.write_text(FAULTY, encoding="utf-8")
    if streamed:
        monkeypatch.setattr(batches, "WHOLE_BYTES", 0)  # the path for files of many GB
        monkeypatch.setattr(batches, "_BLOCK", 512)  # several blocks, as in a large file
    found: list[pd.DataFrame] = []
    done = convert(source, str(tmp_path / "out.parquet"), registry=registry, report=found.append,
                   batch_rows=2)  # fmt: skip
    whole = timeline.load(source, registry=registry)
    expected = whole.report.problems
    problems = _problems(found)
    # Every problem of the whole load is reported, on its row; across batches a clash of
    # generated ids is renumbered by row (one more warning says so).
    assert set(zip(expected["row"], expected["rule"], expected["severity"], strict=True)) <= set(
        zip(problems["row"], problems["rule"], problems["severity"], strict=True)
    )
    # (Row 18's batch does not see row 16's id, so it first generates the same one.)
    extra = problems.merge(expected, how="left", indicator=True).query("_merge == 'left_only'")
    assert extra["row"].tolist() == [18, 18] and set(extra["rule"]) == {"generated-id"}
    assert extra["message"].str.endswith("moscow-ceasefire-row-18").sum() == 1
    assert len(problems) == len(expected) + 1
    assert (done.rows_read, done.rows_loaded) == (whole.report.rows_read, whole.report.rows_loaded)
    repeated = problems[problems["rule"] == "duplicate-id"]
    assert repeated["message"].tolist() == ["id 'sarajevo' is already used on row 2"]
    ragged = problems[problems["rule"] == "record"]
    assert ragged["row"].tolist() == [
        whole.report.problems.query("rule == 'record'")["row"].iloc[0]
    ]
    converted = layout.read_dataset(tmp_path / "out.parquet")
    loaded = whole.events.reset_index(drop=True)
    columns = [c for c in loaded.columns if c != "id"]  # ids of the renumbered row differ
    pd.testing.assert_frame_equal(converted.events[columns], loaded[columns])


def test_the_converted_layout_loads_as_the_same_dataset(tmp_path, registry):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    convert(source, str(tmp_path / "out.parquet"), registry=registry, batch_rows=3)
    whole = timeline.load(source, registry=registry)
    converted = layout.read_dataset(tmp_path / "out.parquet")
    pd.testing.assert_frame_equal(converted.events[whole.events.columns], whole.events)
    pd.testing.assert_frame_equal(converted.event_actors, whole.event_actors)
    pairs = pq.read_table(tmp_path / "out.pairs.parquet").to_pandas()
    assert pairs["actor"].tolist() == sorted(pairs["actor"])  # one slice per actor
    assert pq.read_schema(tmp_path / "out.parquet").metadata[layout.MARK] == layout.VERSION
    assert pq.read_table(tmp_path / "out.parquet")["pos"].to_pylist() == list(range(11))


def test_a_large_parquet_file_is_streamed_in_batches(tmp_path, registry, monkeypatch):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    table = pa.csv.read_csv(source, convert_options=pa.csv.ConvertOptions(
        column_types=dict.fromkeys(HEADER.split(","), pa.string())))  # fmt: skip
    pq.write_table(table, tmp_path / "events.parquet")
    monkeypatch.setattr(batches, "WHOLE_BYTES", 0)
    done = convert(tmp_path / "events.parquet", str(tmp_path / "out.parquet"), registry=registry,
                   batch_rows=2)  # fmt: skip
    assert (done.rows_read, done.rows_loaded) == (11, 11)


def test_convert_into_a_duckdb_file_serves_the_same_answers(tmp_path, registry, capsys):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    url = f"duckdb:///{tmp_path / 'events.duckdb'}"
    registry.to_csv(tmp_path / "actors.csv", index=False)
    code = cli.main(["convert", str(source), url, "--registry", str(tmp_path / "actors.csv")])
    assert (code, capsys.readouterr().out.splitlines()[-1]) == (0, f"{url}: wrote 11 events")
    convert(source, str(tmp_path / "out.parquet"), registry=registry)
    database, files = engines.open(url), engines.open(tmp_path / "out.parquet", "duckdb")
    view = timeline.filters.View(actors=("Armenia",))
    assert database.session().table_page(view).equals(files.session().table_page(view))
    database.close()
    files.close()


def test_an_unreachable_database_is_reported_with_its_password_masked(tmp_path, capsys):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    code = cli.main(["convert", str(source), "postgresql://me:hunter2@127.0.0.1:9/x"])
    output = capsys.readouterr()
    assert code == 2
    assert "hunter2" not in output.out + output.err
    assert "postgresql://me:***@127.0.0.1:9/x: cannot be written" in output.out + output.err


def test_convert_refuses_an_output_that_is_neither_parquet_nor_a_url(tmp_path, capsys):
    source = tmp_path / "events.csv"
    source.write_text(CURATED, encoding="utf-8")
    assert cli.main(["convert", str(source), str(tmp_path / "out.csv")]) == 2
    assert "must end in .parquet or be a database URL" in capsys.readouterr().err
