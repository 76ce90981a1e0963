"""Read an events file as batches of raw text cells, with each record's spreadsheet row number.

Files up to `WHOLE_BYTES` are read whole by `read_table` (every encoding, XLSX, ACLED exports)
and cut into batches; larger CSV (UTF-8) and Parquet files are streamed, so memory follows
the batch size, not the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from timeline import acled
from timeline.read import DataFileError, RawTable, read_table
from timeline.read.common import check_header as _check_header
from timeline.read.common import no_rejects as _no_rejects
from timeline.read.text import open_records

WHOLE_BYTES = 256 << 20
_BLOCK = 1 << 24  # 16 MB blocks: one record may hold a 10 MB cell, as read_table allows


def raw_batches(path: Path, name: str, rows: int) -> Iterator[RawTable]:
    """Batches of at most `rows` records; the first carries the file's notices."""
    if path.stat().st_size <= WHOLE_BYTES:
        yield from _slices(acled.to_contract(read_table(path, name), name), rows)
        return
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        yield from _parquet(path, name, rows)
    elif magic == b"PK\x03\x04":
        yield from _slices(acled.to_contract(read_table(path, name), name), rows)
    else:
        yield from _csv(path, name, rows)


def _slices(table: RawTable, rows: int) -> Iterator[RawTable]:
    total = len(table.cells)
    for first in range(0, max(total, 1), rows):
        part = slice(first, first + rows)
        yield RawTable(
            table.cells.iloc[part].reset_index(drop=True),
            table.rows[part],
            table.format,
            table.rejected if first == 0 else _no_rejects(),
            table.notices if first == 0 else (),
        )


def _text_frame(batch: pa.RecordBatch | pa.Table, header: list[str]) -> pd.DataFrame:
    """Every column as str, nulls as "" (the contract reads cells as text)."""
    columns = {}
    for name, column in zip(header, batch.columns, strict=True):
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            column = column.cast(pa.string())
        columns[name] = pd.Series(column.fill_null(""), dtype="str")
    return pd.DataFrame(columns, copy=False)


def _parquet(path: Path, name: str, rows: int) -> Iterator[RawTable]:
    try:
        source = pq.ParquetFile(path)
        header = _check_header(source.schema_arrow.names, name)
        first = 2
        for batch in source.iter_batches(batch_size=rows):
            cells = _text_frame(batch, header)
            yield RawTable(cells, np.arange(first, first + len(cells), dtype="int64"), "parquet")
            first += len(cells)
    except DataFileError:
        raise
    except (OSError, pa.ArrowException) as error:
        raise DataFileError(f"{name}: is not a readable Parquet file ({error})") from None


def _csv(path: Path, name: str, rows: int) -> Iterator[RawTable]:
    """Stream a large UTF-8 CSV; unparseable records are reported with their row, as read_table."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    bom = head.startswith(b"\xef\xbb\xbf")
    try:
        text = head[3 if bom else 0 :].decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        text = head[3 if bom else 0 :].decode("utf-8", errors="ignore")  # cut mid-character
    try:
        header = _check_header(next(csv.reader(io.StringIO(text, newline=""))), name)
    except (StopIteration, csv.Error) as error:
        raise DataFileError(f"{name}: has no readable header row ({error})") from None
    rejected: list[tuple[int, str]] = []

    def reject(row: pacsv.InvalidRow) -> str:
        rejected.append((row.number or 0, row.text or ""))
        return "skip"

    reader = open_records(path, header, reject, _BLOCK)
    next_row, reported = 2, 0
    try:
        pending: list[pa.RecordBatch] = []
        buffered = 0
        for batch in reader:
            pending.append(batch)
            buffered += batch.num_rows
            if buffered < rows:
                continue
            table, next_row, reported = _csv_batch(pending, header, next_row, rejected, reported)
            yield table
            pending, buffered = [], 0
        if pending or reported < len(rejected) or next_row == 2:
            yield _csv_batch(pending, header, next_row, rejected, reported)[0]
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error) or "utf8" in str(error).lower():
            raise DataFileError(
                f"{name}: is not UTF-8 text; files larger than {WHOLE_BYTES >> 20} MB are read "
                "as UTF-8 only: save it as UTF-8 (or as Parquet) and convert again"
            ) from None
        raise DataFileError(f"{name}: is not a readable CSV file ({error})") from None
    finally:
        reader.close()


def _csv_batch(
    pending: list[pa.RecordBatch],
    header: list[str],
    next_row: int,
    rejected: list[tuple[int, str]],
    reported: int,
) -> tuple[RawTable, int, int]:
    """One batch of records, numbered from `next_row` past the rows rejected so far."""
    table = pa.Table.from_batches(pending) if pending else None
    count = table.num_rows if table is not None else 0
    skipped = np.array(sorted(number for number, _ in rejected), dtype="int64")
    every = np.arange(next_row, next_row + count + len(skipped) + 1, dtype="int64")
    numbers = np.setdiff1d(every, skipped)[:count]
    cells = (
        _text_frame(table, header)
        if table is not None
        else pd.DataFrame({column: pd.Series([], dtype="str") for column in header})
    )
    new = rejected[reported:]
    bad = pd.DataFrame(
        {
            "row": pd.Series([number for number, _ in new], dtype="int64"),
            "text": pd.Series([line for _, line in new], dtype="str"),
        }
    )
    following = int(numbers[-1]) + 1 if count else next_row
    return RawTable(cells, numbers, "csv", bad), following, len(rejected)
