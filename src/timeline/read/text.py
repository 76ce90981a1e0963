"""CSV: the encoding detected strictly, records parsed by Arrow, unparseable ones kept aside."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from timeline.read import limits
from timeline.read.common import DataFileError, RawTable, as_str, check_header, check_size

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
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


def read_csv(data: bytes, name: str) -> RawTable:
    text, notices = decode(data, name)
    head = text[:_HEADER_SPAN]
    if "\n" not in head and "\r" not in head:
        head = text  # a header row longer than the span: read it whole
    try:
        header = next(csv.reader(io.StringIO(head, newline="")))
    except (StopIteration, csv.Error) as error:
        raise DataFileError(f"{name}: has no readable header row ({error})") from None
    header = check_header(header, name)
    # Plain UTF-8 goes to pyarrow as it is: encoding `text` again would copy a large file.
    recoded = notices or data.startswith((_UTF8_BOM, *_UTF16_BOMS, *_UTF32_BOMS))
    body = text.encode("utf-8") if recoded else data
    del text
    if not body.endswith((b"\n", b"\r")):
        body += b"\n"  # pyarrow cannot skip a header that has no line end
    rejected: list[tuple[int, str]] = []

    def reject(row: pacsv.InvalidRow) -> str:
        rejected.append((row.number or 0, row.text or ""))
        return "skip" if len(rejected) <= limits.MAX_ROWS else "error"

    if body:
        table = _parse_csv(body, header, reject, lambda: len(rejected), name)
        cells = table.to_pandas(types_mapper=as_str)
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
    block = 1 << 24 if line_ends <= limits.MAX_ROWS else 1 << 20
    batches = []
    records = 0
    reader = None
    try:
        reader = open_records(io.BytesIO(body), header, reject, block)
        for batch in reader:
            records += batch.num_rows
            check_size(records + rejected_count(), len(header), name)
            batches.append(batch)
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        check_size(records + rejected_count(), len(header), name)
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


def _record_rows(count: int, skipped_rows: np.ndarray) -> np.ndarray:
    """Row numbers of the records kept, given the row numbers of records skipped as unparseable."""
    if not len(skipped_rows):
        return np.arange(2, count + 2, dtype="int64")
    every = np.arange(2, count + len(skipped_rows) + 2, dtype="int64")
    return np.setdiff1d(every, skipped_rows, assume_unique=False)[:count]


def open_records(source, header: list[str], reject, block_size: int) -> pacsv.CSVStreamingReader:
    """A streaming reader of CSV records after the header, every cell as text, "" for empty.

    Records that do not split into the header's columns go to `reject` (pyarrow's
    invalid-row handler); rows are read block by block, so a caller can stop early.
    """
    return pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            column_names=header, skip_rows=1, use_threads=False, block_size=block_size
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
