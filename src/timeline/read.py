"""Read CSV, XLSX or Parquet (told apart by content, not name) into a table of text cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from timeline import safe, schema

Source = str | os.PathLike[str] | IO[bytes] | IO[str] | bytes

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

# Ceilings on what one file may unfold into. Workbooks and Parquet are compressed, so a file of a
# few kilobytes can declare millions of rows (or a gigabyte of text) and exhaust a shared server's
# memory; a CSV of 200 MB of line ends is 200 million rows. The ceilings sit well above real
# timelines (a million realistic events: 15 columns, 232 MB of Parquet text).
MAX_ROWS = 2_000_000  # records, including those that cannot be parsed
MAX_CELLS = 64_000_000  # records x columns
MAX_UNPACKED = 512 * 2**20  # bytes of workbook XML or Parquet data once decompressed


class DataFileError(Exception):
    """A file that cannot be read at all; the message names the file and what is wrong.

    Each line of the message is made printable (see `printable`): it may quote the file's bytes.
    """

    def __init__(self, message: str) -> None:
        super().__init__("\n".join(safe.terminal(line) for line in str(message).split("\n")))


@dataclass(frozen=True)
class RawTable:
    """Every record of a file as text cells, with the row number a spreadsheet user would see."""

    cells: pd.DataFrame  # one str column per header name, "" for empty cells
    rows: np.ndarray  # spreadsheet row number of each record (header is row 1)
    format: str  # "csv", "xlsx" or "parquet"
    rejected: pd.DataFrame = field(default_factory=lambda: _no_rejects())  # unparseable records
    notices: tuple[str, ...] = ()  # file-level warnings, e.g. the encoding that was assumed


def _no_rejects() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "text": pd.Series([], dtype="str")})


def read_table(source: Source, name: str) -> RawTable:
    """Read `source` (a path, bytes or a file-like object) as text cells; raise DataFileError."""
    data = _read_bytes(source, name)
    if not data or data.isspace():  # not data.strip(): that copies a large file to learn little
        raise DataFileError(f"{name}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    if data.startswith(b"PAR1"):
        return _read_parquet(data, name)
    return _read_csv(data, name)


def _read_bytes(source: Source, name: str) -> bytes:
    try:
        if isinstance(source, bytes):
            return source
        if isinstance(source, str | os.PathLike):
            return Path(source).read_bytes()
        data = source.read()
    except FileNotFoundError:
        raise DataFileError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{name}: is a folder, not a data file") from None
    except PermissionError:
        raise DataFileError(f"{name}: permission denied") from None
    except OSError as error:
        raise DataFileError(f"{name}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{name}: was opened as text in the wrong encoding ({error.encoding}: {error.reason}); "
            "open it in binary mode so the encoding is detected"
        ) from None
    return data.encode("utf-8") if isinstance(data, str) else data


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode strictly; cp1252 only as a reported fallback, never silent replacement characters."""
    if data.startswith(_UTF32_BOMS):
        try:  # FF FE 00 00 also starts the UTF-16 mark, so UTF-32 is told apart first
            return data.decode("utf-32"), ()
        except UnicodeDecodeError as error:
            raise DataFileError(
                f"{name}: starts with a UTF-32 byte-order mark but is not valid UTF-32 "
                f"({error.reason} at byte {error.start})"
            ) from None
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as error:
            raise DataFileError(
                f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"({error.reason} at byte {error.start})"
            ) from None
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8"), ()
        except UnicodeDecodeError as error:
            offset = error.start + len(_UTF8_BOM)  # the error counts from after the mark
            line = data.count(b"\n", 0, offset) + 1
            raise DataFileError(
                f"{name}: starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                f"(byte 0x{data[offset]:02x} on line {line}); save it as UTF-8"
            ) from None
    head = data[:4096]
    if head.count(0) > len(head) // 4:
        raise DataFileError(
            f"{name}: looks like UTF-16 text without a byte-order mark, or a binary file; "
            "save it as UTF-8 CSV, XLSX or Parquet"
        )
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as utf8_error:
        line = data.count(b"\n", 0, utf8_error.start) + 1
        byte = f"0x{data[utf8_error.start]:02x}"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataFileError(
                f"{name}: is neither UTF-8 (byte {byte} on line {line}) nor Windows-1252; "
                "save it as UTF-8"
            ) from None
        return text, (
            f"{name}: not valid UTF-8 (byte {byte} on line {line}); read as Windows-1252 (cp1252). "
            "If accented letters look wrong, save the file as UTF-8.",
        )


_HEADER_SPAN = 1 << 20  # characters searched for the header row, rather than the whole text


def _read_csv(data: bytes, name: str) -> RawTable:
    text, notices = _decode(data, name)
    head = text[:_HEADER_SPAN]
    if "\n" not in head and "\r" not in head:
        head = text  # a header row longer than the span: read it whole
    try:
        header = next(csv.reader(io.StringIO(head, newline="")))
    except (StopIteration, csv.Error) as error:
        raise DataFileError(f"{name}: has no readable header row ({error})") from None
    header = _check_header(header, name)
    # Plain UTF-8 goes to pyarrow as it is: encoding `text` again would copy a large file.
    recoded = notices or data.startswith((_UTF8_BOM, *_UTF16_BOMS, *_UTF32_BOMS))
    body = text.encode("utf-8") if recoded else data
    del text
    if not body.endswith((b"\n", b"\r")):
        body += b"\n"  # pyarrow cannot skip a header that has no line end
    rejected: list[tuple[int, str]] = []

    def reject(row: pacsv.InvalidRow) -> str:
        rejected.append((row.number or 0, row.text or ""))
        return "skip" if len(rejected) <= MAX_ROWS else "error"

    if body:
        table = _parse_csv(body, header, reject, lambda: len(rejected), name)
        cells = table.to_pandas(types_mapper=_as_str)
        cells = cells.astype("str")
    else:
        cells = pd.DataFrame({column: pd.Series([], dtype="str") for column in header})
    bad_rows = np.array(sorted(number for number, _ in rejected), dtype="int64")
    rows = _record_rows(len(cells), bad_rows)
    bad = pd.DataFrame(
        {
            "row": pd.Series([number for number, _ in rejected], dtype="int64"),
            "text": pd.Series([line for _, line in rejected], dtype="str"),
        }
    )
    return RawTable(cells, rows, "csv", bad, notices)


def _parse_csv(body: bytes, header: list[str], reject, rejected_count, name: str) -> pa.Table:
    """The CSV records as a table of text, read block by block so a flood of rows stops early."""
    line_ends = body.count(b"\n") + body.count(b"\r") - body.count(b"\r\n")
    # Blocks of 16 MB let one record hold a 10 MB cell; a file with more line ends than MAX_ROWS
    # is read in 1 MB blocks, so a block of one-byte rows stays small before it is counted.
    block = 1 << 24 if line_ends <= MAX_ROWS else 1 << 20
    batches = []
    records = 0
    reader = None
    try:
        reader = pacsv.open_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1, use_threads=False, block_size=block
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=reject
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            records += batch.num_rows
            _check_size(records + rejected_count(), len(header), name)
            batches.append(batch)
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        _check_size(records + rejected_count(), len(header), name)
        if "straddl" in str(error):  # a record longer than a block
            raise DataFileError(
                f"{name}: a record (row) is longer than {block >> 20} MB, more than this app "
                "reads in one row; a quoted cell may be missing its closing quote"
            ) from None
        raise DataFileError(f"{name}: is not a readable CSV file ({error})") from None
    finally:
        if reader is not None:
            reader.close()  # stops its read-ahead at once, also when the rows are refused
    return pa.Table.from_batches(batches, schema=reader.schema)


def _check_size(records: int, columns: int, name: str) -> None:
    """Raise DataFileError when a file unfolds into more records or cells than MAX_ROWS/CELLS."""
    if records > MAX_ROWS:
        raise DataFileError(
            f"{name}: has more than {MAX_ROWS:,} rows, more than this app reads at once; "
            "split it into smaller files"
        )
    if records * columns > MAX_CELLS:
        raise DataFileError(
            f"{name}: has {records:,} rows of {columns:,} columns, more than the "
            f"{MAX_CELLS:,} cells this app reads at once; keep only the event columns"
        )


def _record_rows(count: int, skipped_rows: np.ndarray) -> np.ndarray:
    """Row numbers of the records kept, given the row numbers of records skipped as unparseable."""
    if not len(skipped_rows):
        return np.arange(2, count + 2, dtype="int64")
    every = np.arange(2, count + len(skipped_rows) + 2, dtype="int64")
    return np.setdiff1d(every, skipped_rows, assume_unique=False)[:count]


def _check_header(header: list[str], name: str) -> list[str]:
    names = [column.strip().lstrip("\ufeff").lower() for column in header]
    if not any(names):
        raise DataFileError(f"{name}: the header row (row 1) is empty")
    seen: set[str] = set()
    for position, column in enumerate(names, start=1):
        if not column:
            names[position - 1] = f"unnamed_{position}"
        elif column in seen:
            raise DataFileError(
                f"{name}: row 1: column '{safe.terminal(column, 100)}' appears twice in the header"
            )
        seen.add(names[position - 1])
    return names


def _read_xlsx(data: bytes, name: str) -> RawTable:
    import openpyxl

    # A damaged workbook can fail anywhere inside openpyxl (zip, XML, styles) and only while rows
    # are read, so the whole read is guarded; our own DataFileError passes through unchanged.
    try:
        _check_unpacked(data, name)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise DataFileError(f"{name}: the workbook has no worksheet")
            sheet = book.worksheets[0]
            # The sheet's declared size is not trusted: rows below it would be dropped unseen, and
            # a declared width would pad every row. Rows then come as wide as their last cell.
            sheet.reset_dimensions()
            records = sheet.iter_rows(values_only=True)
            header_cells = _filled(next(records, None) or ())
            if not header_cells:
                raise DataFileError(f"{name}: the first sheet is empty")
            # A value right of the last named column makes an unnamed column, so nothing is lost.
            width = len(header_cells)
            body = []
            # Rows missing from the sheet's XML come as empty rows, so a few bytes can claim a
            # million; the size is checked as rows arrive, before they are kept.
            for row, record in enumerate(records, start=2):
                cells = _filled(record)
                width = max(width, len(cells))
                _check_size(row - 1, width, name)
                body.append([_cell_text(cell) for cell in cells])
            header = _check_header(
                [_cell_text(cell) for cell in header_cells] + [""] * (width - len(header_cells)),
                name,
            )
        finally:
            book.close()
    except DataFileError:
        raise
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise DataFileError(f"{name}: is not a readable Excel .xlsx workbook ({reason})") from None
    body = [record + [""] * (width - len(record)) for record in body]
    while body and not any(body[-1]):
        body.pop()  # openpyxl reports formatted-but-empty trailing rows; they hold nothing
    cells = pd.DataFrame(body, columns=header, dtype="str") if body else _empty(header)
    return RawTable(cells, np.arange(2, len(cells) + 2, dtype="int64"), "xlsx")


def _filled(record: tuple) -> list:
    """A sheet row without the empty (or formatted but empty) cells after its last value."""
    cells = list(record)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def _check_unpacked(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED (a 'zip bomb').

    The sizes are those the archive declares; Python's zipfile never returns more than that.
    """
    import zipfile

    unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if unpacked > MAX_UNPACKED:
        raise DataFileError(
            f"{name}: the workbook unpacks to {unpacked / 2**20:,.0f} MB, more than the "
            f"{MAX_UNPACKED / 2**20:,.0f} MB this app reads; save it as CSV or Parquet"
        )


def _cell_text(cell: object) -> str:
    """Text of one spreadsheet cell as the analyst typed it (dates as ISO, 2020.0 as 2020)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _read_parquet(data: bytes, name: str) -> RawTable:
    # A damaged file can fail anywhere inside pyarrow (footer, page headers, a dictionary index
    # out of range, text that is not UTF-8 found only when decoded), so the whole read is guarded
    # as a workbook's is; our own DataFileError passes through unchanged.
    try:
        table = _parquet_table(data, name)
        header = _check_header(table.column_names, name)
        table = table.rename_columns(header)
        cells = pd.DataFrame(
            {column: _parquet_text(table.column(column), column, name) for column in header},
            copy=False,
        )
    except DataFileError:
        raise
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise DataFileError(f"{name}: is not a readable Parquet file ({reason})") from None
    return RawTable(cells, np.arange(2, len(cells) + 2, dtype="int64"), "parquet")


def _parquet_table(data: bytes, name: str) -> pa.Table:
    """The file's table with its text still dictionary-encoded, once its sizes are checked."""
    import pyarrow.parquet as pq

    # ParquetFile, not pq.read_table: the dataset reader fails obscurely on repeated names.
    file = pq.ParquetFile(io.BytesIO(data))
    meta = file.metadata
    _check_size(meta.num_rows, meta.num_columns, name)
    stored = sum(meta.row_group(group).total_byte_size for group in range(meta.num_row_groups))
    _check_text_size(stored, name)
    # Text stays dictionary-encoded until its decoded size is known: one long string repeated by
    # a dictionary of a few bytes would otherwise unfold into gigabytes.
    texts = [column.path for column in file.schema if column.physical_type == "BYTE_ARRAY"]
    table = pq.ParquetFile(io.BytesIO(data), read_dictionary=texts).read()
    table.validate(full=True)  # dictionary indices in range, text valid UTF-8
    _check_size(table.num_rows, table.num_columns, name)
    _check_text_size(sum(_text_bytes(column) for column in table.columns), name)
    return table


def _check_text_size(size: int, name: str) -> None:
    if size > MAX_UNPACKED:
        raise DataFileError(
            f"{name}: holds {size / 2**20:,.0f} MB of data once decompressed, more than the "
            f"{MAX_UNPACKED / 2**20:,.0f} MB this app reads; split it into smaller files"
        )


def _text_bytes(column: pa.ChunkedArray) -> int:
    """About how many bytes of text a column becomes, counted without decoding dictionaries."""
    total = 0
    for values in column.chunks:
        while pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
            values = values.flatten()
            total += len(values)  # a separator per listed value
        kind = values.type.value_type if pa.types.is_dictionary(values.type) else values.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            total += 24 * len(values)  # a number or timestamp written out
        elif pa.types.is_dictionary(values.type):
            lengths = pc.binary_length(values.dictionary)
            total += pc.sum(pc.take(lengths, values.indices)).as_py() or 0
        else:
            total += pc.sum(pc.binary_length(values)).as_py() or 0
    return total


def _parquet_text(column: pa.ChunkedArray, header: str, name: str) -> pd.Series:
    """A typed Parquet column as text cells, converted in Arrow; nulls become empty cells.

    Timestamps at midnight become ISO dates (a time of day is kept, so the date rule reports it);
    lists of values are joined with `;` as a cell would hold them; float NaN counts as empty.
    """
    kind = column.type
    try:
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)
            kind = column.type
        if pa.types.is_timestamp(kind):
            text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
            text = pc.replace_substring_regex(text, pattern=r"T00:00:00(\.0*)?$", replacement="")
        elif pa.types.is_floating(kind):
            text = pc.if_else(pc.is_nan(column), pa.scalar(None, kind), column).cast(pa.string())
        elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
            text = pc.binary_join(column.cast(pa.list_(pa.string())), schema.LIST_SEPARATOR)
        else:
            text = column.cast(pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
        raise DataFileError(
            f"{name}: column '{header}' holds {kind} values, which cannot be read as text"
        ) from None
    return text.fill_null("").to_pandas(types_mapper=_as_str).astype("str")


def _as_str(_: pa.DataType) -> pd.StringDtype:
    return pd.StringDtype("pyarrow", na_value=np.nan)


def _empty(header: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in header})
