"""Reading files: sources, encodings, formats told apart by content, and unreadable files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from timeline import DataFileError
from timeline.read import read_table

HEADER = "id,date,title,actors"
TITLE = "Café in Zürich – “talks” cost 5 €"  # needs more than ASCII in every encoding tried
TEXT = f"{HEADER}\na,2020-10-06,{TITLE},Iran\n"


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def only_cell(data: bytes, column: str) -> str:
    return read_table(data, "events").cells[column].iloc[0]


@pytest.mark.parametrize(
    "make_source",
    [
        pytest.param(lambda path: path, id="pathlib-path"),
        pytest.param(lambda path: str(path), id="str-path"),
        pytest.param(lambda path: path.read_bytes(), id="bytes"),
        pytest.param(lambda path: io.BytesIO(path.read_bytes()), id="BytesIO"),
        pytest.param(lambda path: io.StringIO(path.read_text("utf-8")), id="StringIO"),
    ],
)
def test_every_kind_of_source_reads_the_same_cells(tmp_path, make_source):
    path = tmp_path / "events.csv"
    path.write_text(TEXT, encoding="utf-8")
    table = read_table(make_source(path), "events.csv")
    assert table.cells.to_dict("list") == {
        "id": ["a"],
        "date": ["2020-10-06"],
        "title": [TITLE],
        "actors": ["Iran"],
    }


def test_binary_file_object_is_read(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(TEXT, encoding="utf-8")
    with path.open("rb") as events:
        assert read_table(events, "events.csv").cells["title"].iloc[0] == TITLE


def test_text_file_opened_in_the_wrong_encoding_is_rejected_with_a_message(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    with (
        path.open(encoding="utf-8") as events,
        pytest.raises(
            DataFileError, match=r"^events\.csv: was opened as text in the wrong encoding"
        ),
    ):
        read_table(events, "events.csv")


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(TEXT.encode("utf-8-sig"), id="utf-8-with-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-with-bom"),
        pytest.param(b"\xff\xfe" + TEXT.encode("utf-16-le"), id="utf-16-le-with-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), id="utf-16-be-with-bom"),
        pytest.param(TEXT.encode("utf-32"), id="utf-32-with-bom"),
        pytest.param(TEXT.encode("cp1252"), id="cp1252"),
    ],
)
def test_each_accepted_encoding_reads_the_text_exactly(encoded):
    table = read_table(encoded, "events.csv")
    assert list(table.cells.columns) == HEADER.split(",")
    assert table.cells["title"].iloc[0] == TITLE


@pytest.mark.parametrize(
    ("encoded", "notices"),
    [
        (TEXT.encode("utf-8"), 0),
        (TEXT.encode("utf-16"), 0),
        (TEXT.encode("cp1252"), 1),
    ],
)
def test_only_a_cp1252_fallback_is_reported_as_a_notice(encoded, notices):
    assert len(read_table(encoded, "events.csv").notices) == notices


def test_cp1252_notice_names_the_file_the_byte_and_the_line():
    (notice,) = read_table(TEXT.encode("cp1252"), "events.csv").notices
    assert notice.startswith("events.csv: not valid UTF-8 (byte 0xe9 on line 2)")
    assert "Windows-1252" in notice


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        pytest.param(
            b"\xef\xbb\xbf" + TEXT.encode("cp1252"),
            "starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte 0xe9 on line 2)",
            id="utf-8-bom-then-cp1252",
        ),
        pytest.param(
            TEXT.encode("utf-16") + b"\x00",
            "starts with a UTF-16 byte-order mark but is not valid UTF-16",
            id="utf-16-odd-length",
        ),
        pytest.param(
            TEXT.encode("utf-16-le"),
            "looks like UTF-16 text without a byte-order mark",
            id="utf-16-without-bom",
        ),
        pytest.param(
            HEADER.encode() + b"\na,2020,caf\x81,Iran\n",
            "is neither UTF-8 (byte 0x81 on line 2) nor Windows-1252",
            id="neither-utf-8-nor-cp1252",
        ),
    ],
)
def test_undecodable_text_is_rejected_naming_the_encoding_problem(encoded, message):
    with pytest.raises(DataFileError) as error:
        read_table(encoded, "events.csv")
    assert str(error.value).startswith("events.csv: ")
    assert message in str(error.value)


@pytest.mark.parametrize(
    "encoded",
    [TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("utf-16"), TEXT.encode("cp1252")],
)
def test_no_replacement_character_is_ever_introduced(encoded):
    cells = read_table(encoded, "events.csv").cells
    assert not cells.apply(lambda column: column.str.contains("\ufffd")).any().any()


def test_header_names_are_trimmed_and_lowercased():
    table = read_table(b" ID ,Date,TITLE , Actors\n", "events.csv")
    assert list(table.cells.columns) == ["id", "date", "title", "actors"]


def test_empty_header_cell_gets_a_positional_name():
    table = read_table(b"date,,title,actors\n", "events.csv")
    assert list(table.cells.columns) == ["date", "unnamed_2", "title", "actors"]


@pytest.mark.parametrize(
    "header", ["date,title,actors,title", "date,Title,actors,TITLE ", "date,title,actors, title"]
)
def test_repeated_header_column_is_rejected_naming_it(header):
    with pytest.raises(DataFileError, match=r"^events\.csv: row 1: column 'title' appears twice"):
        read_table(f"{header}\n".encode(), "events.csv")


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n", b"\t \n"])
def test_empty_file_is_rejected(data):
    with pytest.raises(DataFileError, match=r"^events\.csv: the file is empty$"):
        read_table(data, "events.csv")


def test_empty_header_row_is_rejected():
    with pytest.raises(DataFileError, match=r"the header row \(row 1\) is empty"):
        read_table(b",,,\na,b,c,d\n", "events.csv")


@pytest.mark.parametrize(
    "data", [HEADER.encode(), f"{HEADER}\n".encode(), f"{HEADER}\r\n".encode()]
)
def test_header_only_reads_no_records(data):
    table = read_table(data, "events.csv")
    assert (len(table.cells), list(table.cells.columns)) == (0, HEADER.split(","))


@pytest.mark.parametrize(
    "newline_mix",
    [("\n", "\n", "\n"), ("\r\n", "\r\n", "\r\n"), ("\r", "\r", "\r"), ("\r\n", "\n", "\r")],
)
def test_any_mix_of_newlines_separates_rows(newline_mix):
    first, second, third = newline_mix
    data = f"{HEADER}{first}a,2020,A,Iran{second}b,2021,B,Iran{third}c,2022,C,Iran".encode()
    table = read_table(data, "events.csv")
    assert table.cells["title"].tolist() == ["A", "B", "C"]
    assert table.rows.tolist() == [2, 3, 4]


def test_quoted_newline_stays_inside_its_cell_and_the_row_count():
    data = f'{HEADER}\na,2020,"two\nlines",Iran\nb,2021,B,Iran\n'.encode()
    table = read_table(data, "events.csv")
    assert table.cells["title"].tolist() == ["two\nlines", "B"]
    assert table.rows.tolist() == [2, 3]


@pytest.mark.parametrize(
    ("body", "kept_rows", "rejected_rows"),
    [
        ("a,2020,A,Iran,extra\nb,2021,B,Iran\n", [3], [2]),
        ("a,2020\nb,2021,B,Iran\n", [3], [2]),
        ("a,2020,A,Iran\nb,2021,B,Iran,x,y\nc,2022,C,Iran\n", [2, 4], [3]),
        ('a,2020,"A\nA",Iran\nb,2021,B\nc,2022,C,Iran\n', [2, 4], [3]),
    ],
)
def test_ragged_records_are_set_aside_with_their_row_numbers(body, kept_rows, rejected_rows):
    table = read_table(f"{HEADER}\n{body}".encode(), "events.csv")
    assert table.rows.tolist() == kept_rows
    assert table.rejected["row"].tolist() == rejected_rows


def test_nul_byte_inside_a_cell_is_kept_for_validation_to_report():
    table = read_table(f"{HEADER}\na,2020,A\x00B,Iran\n".encode(), "events.csv")
    assert table.cells["title"].iloc[0] == "A\x00B"


def test_cells_are_text_and_empty_cells_are_empty_strings():
    table = read_table(f"{HEADER},latitude\na,2020,,Iran,40.5\n".encode(), "events.csv")
    assert table.cells.loc[0, "title"] == "" and table.cells.loc[0, "latitude"] == "40.5"
    assert all(str(dtype) == "str" for dtype in table.cells.dtypes)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (dt.datetime(2020, 10, 6), "2020-10-06"),
        (dt.datetime(2020, 10, 6, 14, 30), "2020-10-06T14:30:00"),
        (dt.date(2020, 10, 6), "2020-10-06"),
        (2020, "2020"),
        (2020.0, "2020"),
        (40.25, "40.25"),
        ("2020-10~", "2020-10~"),
        (None, ""),
    ],
)
def test_excel_cell_reads_as_the_analyst_typed_it(cell, text):
    data = xlsx_bytes([["date", "title", "actors"], [cell, "A", "Iran"]])
    assert only_cell(data, "date") == text


def test_excel_rows_are_numbered_as_excel_shows_them():
    data = xlsx_bytes(
        [["date", "title", "actors"], ["2020", "A", "Iran"], [None, None, None], ["2021", "B", "X"]]
    )
    table = read_table(data, "events.xlsx")
    assert (table.format, table.rows.tolist()) == ("xlsx", [2, 3, 4])


def test_excel_trailing_empty_rows_are_not_records():
    data = xlsx_bytes([["date", "title", "actors"], ["2020", "A", "Iran"], [None, None], [None]])
    assert len(read_table(data, "events.xlsx").cells) == 1


def test_excel_cell_beyond_the_header_lands_in_an_unnamed_column_and_short_rows_are_padded():
    data = xlsx_bytes([["date", "title", "actors"], ["2020", "A", "Iran", "stray"], ["2021"]])
    cells = read_table(data, "events.xlsx").cells
    assert cells.to_dict("list") == {
        "date": ["2020", "2021"],
        "title": ["A", ""],
        "actors": ["Iran", ""],
        "unnamed_4": ["stray", ""],
    }


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (pa.array([dt.datetime(2020, 10, 6)], pa.timestamp("ms")), "2020-10-06"),
        (pa.array([dt.datetime(2020, 10, 6, 9, 5)], pa.timestamp("us")), "2020-10-06T09:05:00"),
        (pa.array([dt.datetime(1500, 1, 2)], pa.timestamp("us")), "1500-01-02"),
        (pa.array([dt.date(2020, 10, 6)], pa.date32()), "2020-10-06"),
        (pa.array([dt.date(2020, 10, 6)], pa.date64()), "2020-10-06"),
        (pa.array(["2020-10~"]), "2020-10~"),
        (pa.array(["2020"]).dictionary_encode(), "2020"),
        (pa.array([2020], pa.int64()), "2020"),
        (pa.array([None], pa.string()), ""),
    ],
)
def test_parquet_date_column_reads_as_text(column, text):
    data = parquet_bytes(pa.table({"date": column, "title": ["A"], "actors": ["Iran"]}))
    assert only_cell(data, "date").startswith(text)


@pytest.mark.parametrize(
    ("values", "text"),
    [([40.5], "40.5"), ([40.0], "40"), ([float("nan")], ""), ([None], "")],
)
def test_parquet_float_reads_as_text_and_nan_as_empty(values, text):
    data = parquet_bytes(pa.table({"latitude": pa.array(values, pa.float64())}))
    assert only_cell(data, "latitude") == text


def test_parquet_list_column_is_joined_with_semicolons():
    data = parquet_bytes(pa.table({"actors": pa.array([["Iran", "Russia"]])}))
    assert only_cell(data, "actors") == "Iran;Russia"


def test_parquet_column_that_cannot_be_text_is_rejected_naming_it():
    data = parquet_bytes(pa.table({"date": ["2020"], "extra": pa.array([{"a": 1}])}))
    with pytest.raises(DataFileError, match=r"^events\.parquet: column 'extra' holds struct"):
        read_table(data, "events.parquet")


def test_parquet_repeated_column_is_rejected_naming_it():
    table = pa.table(
        [pa.array(["2020"]), pa.array(["A"]), pa.array(["B"])], ["date", "title", "title"]
    )
    with pytest.raises(DataFileError, match="row 1: column 'title' appears twice"):
        read_table(parquet_bytes(table), "events.parquet")


def test_parquet_written_by_pandas_reads_with_row_numbers():
    buffer = io.BytesIO()
    pd.DataFrame({"date": ["2020", "2021"], "title": ["A", "B"]}).to_parquet(buffer)
    table = read_table(buffer.getvalue(), "events.parquet")
    assert (table.format, table.rows.tolist()) == ("parquet", [2, 3])


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        pytest.param(TEXT.encode(), "csv", id="csv"),
        pytest.param(xlsx_bytes([["date"], ["2020"]]), "xlsx", id="xlsx"),
        pytest.param(parquet_bytes(pa.table({"date": ["2020"]})), "parquet", id="parquet"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".txt", ""])
def test_format_is_told_by_content_not_by_file_name(tmp_path, data, detected, suffix):
    path = tmp_path / f"events{suffix}"
    path.write_bytes(data)
    assert read_table(path, str(path)).format == detected


def damaged_xlsx(part: str) -> bytes:
    """A valid workbook with one of its XML parts replaced by a truncated tag."""
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["date"], ["2020"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in original.namelist():
            damaged.writestr(item, b"<unclosed" if item == part else original.read(item))
    return buffer.getvalue()


def zip_of_something_else() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            xlsx_bytes([["date"], ["2020"]])[:400], "is not a readable Excel", id="truncated-xlsx"
        ),
        pytest.param(zip_of_something_else(), "is not a readable Excel", id="zip-not-workbook"),
        pytest.param(
            damaged_xlsx("xl/worksheets/sheet1.xml"), "is not a readable Excel", id="bad-sheet-xml"
        ),
        pytest.param(damaged_xlsx("xl/workbook.xml"), "is not a readable Excel", id="bad-workbook"),
        pytest.param(damaged_xlsx("xl/styles.xml"), "is not a readable Excel", id="bad-styles"),
        pytest.param(xlsx_bytes([]), "the first sheet is empty", id="empty-sheet"),
        pytest.param(
            parquet_bytes(pa.table({"date": ["2020"]}))[:-12],
            "is not a readable Parquet",
            id="truncated-parquet",
        ),
        pytest.param(b"PAR1" + bytes(64), "is not a readable Parquet", id="parquet-magic-only"),
    ],
)
def test_damaged_workbook_or_parquet_is_rejected_naming_the_file(data, message):
    with pytest.raises(DataFileError, match=f"^events: {message}"):
        read_table(data, "events")


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp_path: tmp_path / "missing.csv", "no such file"),
        (lambda tmp_path: tmp_path, "is a folder, not a data file"),
    ],
)
def test_path_that_is_not_a_readable_file_is_rejected(tmp_path, make_path, message):
    path = make_path(tmp_path)
    with pytest.raises(DataFileError, match=f"{message}$"):
        read_table(path, str(path))
