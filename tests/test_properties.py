"""Properties of the loader and validator over arbitrary input: nothing raised, nothing lost.

Whatever the bytes, `timeline.load` either raises DataFileError or returns a report in which
every row read is either loaded or rejected with an error, never both, never neither; and every
problem's text is printable on one line. Examples are bounded so the file runs in seconds; set
CI=1 (or HYPOTHESIS_PROFILE=ci) for a derandomized, database-free run, and
HYPOTHESIS_PROFILE=deep for a long search by hand.
"""

from __future__ import annotations

import csv
import io
import os

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sample import ACTORS_CSV as REGISTRY_CSV  # not conftest: tests/browser has one too

import timeline
from timeline import links, schema
from timeline.actors import load_registry
from timeline.read import RawTable
from timeline.safe import UNPRINTABLE
from timeline.validate import validate

settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, database=None)
settings.register_profile("deep", settings.get_profile("dev"), max_examples=5_000)  # by hand
PROFILE = settings.get_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
REGISTRY = load_registry(io.StringIO(REGISTRY_CSV), name="actors.csv")  # read-only, shared


def check_nothing_lost(dataset: timeline.Dataset) -> None:
    """Rows 2..N+1 are each loaded or rejected with an error, exactly one; text is printable."""
    report = dataset.report
    loaded = dataset.events[schema.ROW]
    row_errors = report.errors[~report.errors["rule"].isin(links.ENTRY_ERRORS)]  # not one link
    rejected = set(row_errors["row"]) - {1}
    assert loaded.is_unique
    assert rejected.isdisjoint(loaded)
    assert rejected | set(loaded) == set(range(2, report.rows_read + 2))
    assert report.rows_read == report.rows_loaded + report.rows_rejected
    assert (len(loaded), len(rejected)) == (report.rows_loaded, report.rows_rejected)
    for column in ("column", "value", "message"):
        assert not report.problems[column].str.contains(UNPRINTABLE, regex=True).any()


def load_or_refuse(data: bytes) -> None:
    try:
        dataset = timeline.load(data, name="events", registry=REGISTRY)
    except timeline.DataFileError as error:
        assert str(error).startswith("events")
        event("refused")
        return
    event("loaded, some rows rejected" if dataset.report.rows_rejected else "loaded")
    check_nothing_lost(dataset)


# Bytes: arbitrary, and arbitrary after what each reader looks for first, so the fuzz reaches
# past the format sniffing and the header.
HEADER = ",".join(schema.COLUMNS).encode()
arbitrary_bytes = st.one_of(
    st.binary(max_size=2_000),
    st.builds(lambda body: HEADER + b"\n" + body, st.binary(max_size=2_000)),
    st.builds(lambda body: b"date,title,actors\r\n" + body, st.binary(max_size=500)),
    st.builds(lambda body: b"PK\x03\x04" + body, st.binary(max_size=500)),
    st.builds(lambda body: b"PAR1" + body, st.binary(max_size=500)),
    st.builds(lambda body: b"\xef\xbb\xbf" + HEADER + b"\n" + body, st.binary(max_size=500)),
    st.builds(lambda body: b"\xff\xfe" + body, st.binary(max_size=500)),
)


@settings(PROFILE)
@given(data=arbitrary_bytes)
def test_arbitrary_bytes_load_or_raise_only_data_file_error(data) -> None:
    load_or_refuse(data)


# Mutations of a valid file: columns dropped, duplicated, shuffled or renamed; cells replaced
# with anything; written in any encoding and line ending, as CSV, XLSX or Parquet; truncated.
VALID = {
    schema.ID: ["e1", "e2", ""],
    schema.DATE: ["2020-10-06", "2020-10", "2020~", "1993-04-30", "2020-09-27?"],
    schema.END_DATE: ["", "2020-11-10", "2020-10"],
    schema.TITLE: ["Talks in Moscow", "Velayati cites UN resolutions", "Téhéran"],
    schema.DESCRIPTION: ["", "Seven districts; a remark.", 'He said "enough".\nThen left.'],
    schema.ACTORS: ["Iran", "Armenia;Azerbaijan", "IRI; Russia", "Velayati"],
    schema.EVENT_TYPE: ["statement", "ceasefire", "Official statement", ""],
    schema.STATUS: ["", "confirmed", "claimed", "disputed"],
    schema.SOURCE_URL: ["https://example.org/a", "https://a.org/x https://b.org/y", ""],
    schema.SOURCE_NAME: ["Example", "A; B", ""],
    schema.LOCATION: ["", "Moscow"],
    schema.LATITUDE: ["", "55.75", "-8.0029"],
    schema.LONGITUDE: ["", "37.62", "-77.0369"],
    schema.TAGS: ["", "truce;talks"],
    schema.THEATRE: ["", "South Caucasus", "Sahel"],
}
NASTY = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\x1b[2J",
            '"',
            '""',
            ",",
            ";",
            "\n",
            "\r",
            "\ufeff",
            "\u202e",
            "=1+1",
            "-1",
            "@SUM(A1)",
            "javascript:alert(1)",
            "2020-02-30",
            "0000-01-01",
            "99999-01-01",
            "11/03/2016",
            "١٢٣٤",
            "nan",
            "1e400",
        ]
    ),
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]


@st.composite
def mutated_files(draw) -> bytes:
    columns = draw(st.permutations(list(schema.COLUMNS)))
    kept = draw(st.integers(1, len(columns)))
    if draw(st.integers(0, 3)):  # mostly keep the required columns, so rows get validated
        columns = [c for i, c in enumerate(columns) if i < kept or c in schema.REQUIRED]
    else:
        columns = columns[:kept]
    if draw(st.integers(0, 5)) == 0:
        columns = [*columns, draw(st.sampled_from(columns))]  # a duplicated column
    if draw(st.integers(0, 4)) == 0:
        columns = [*columns, draw(st.sampled_from(["", " Date ", "TITLE", "extra", "<b>x</b>"]))]
    count = draw(st.integers(0, 6))
    rows = [
        [
            draw(NASTY)
            if draw(st.integers(0, 5)) == 0
            else draw(st.sampled_from(VALID[name]))
            if name in VALID
            else draw(NASTY)
            for name in columns
        ]
        for _ in range(count)
    ]
    for row in rows:  # a ragged row: cells cut off or one too many
        if draw(st.integers(0, 8)) == 0:
            del row[draw(st.integers(0, len(row))) :]
        elif draw(st.integers(0, 8)) == 0:
            row.append(draw(NASTY))
    written = draw(st.sampled_from(["csv", "csv", "csv", "xlsx", "parquet"]))
    if written == "xlsx":
        return _workbook(columns, rows)
    if written == "parquet":
        return _parquet(columns, rows)
    text = io.StringIO()
    csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows(
        [columns, *rows]
    )
    data = text.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 3)) == 0:
        data = data[: draw(st.integers(0, len(data)))]  # truncated, maybe mid-character
    return data


def _workbook(columns: list[str], rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for record in [columns, *rows]:  # XML cannot hold control characters
        sheet.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in record])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parquet(columns: list[str], rows: list[list[str]]) -> bytes:
    width = len(columns)
    cells = [[*row, *[None] * (width - len(row))][:width] for row in rows]
    table = pa.table(
        [pa.array([row[i] for row in cells], pa.string()) for i in range(width)], names=columns
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@settings(PROFILE)
@given(data=mutated_files())
def test_a_mutated_valid_file_loads_or_raises_only_data_file_error(data) -> None:
    load_or_refuse(data)


# The validator alone, on cells no reader would produce (any text, in any column).
@st.composite
def raw_tables(draw) -> RawTable:
    columns = draw(
        st.lists(st.sampled_from([*schema.COLUMNS, "extra"]), min_size=1, max_size=16, unique=True)
    )
    if draw(st.integers(0, 4)):  # mostly a table the validator can check row by row
        columns = list(dict.fromkeys([*schema.REQUIRED, *columns]))
    count = draw(st.integers(0, 8))
    cells = pd.DataFrame(
        {
            name: pd.Series(draw(st.lists(NASTY, min_size=count, max_size=count)), dtype="str")
            for name in columns
        }
    )
    bad = draw(st.lists(st.text(max_size=20), max_size=3))  # records the reader could not split
    numbers = draw(st.permutations(range(2, count + len(bad) + 2)))
    rejected = pd.DataFrame(
        {
            "row": pd.Series(sorted(numbers[count:]), dtype="int64"),
            "text": pd.Series(bad, dtype="str"),
        }
    )
    rows = pd.Series(sorted(numbers[:count]), dtype="int64").to_numpy()
    return RawTable(cells, rows, "csv", rejected)


@settings(PROFILE)
@given(table=raw_tables())
def test_the_validator_accounts_for_every_row_of_any_table(table) -> None:
    try:
        events, _, problems = validate(table, REGISTRY, "events")
    except timeline.DataFileError:
        assert not set(schema.REQUIRED) <= set(table.cells.columns)
        event("refused: a required column is missing")
        return
    event("validated")
    report = timeline.Report(
        "events", "csv", len(table.cells) + len(table.rejected), len(events), problems
    )
    dataset = timeline.Dataset(events, pd.DataFrame(), REGISTRY, report)
    check_nothing_lost(dataset)
