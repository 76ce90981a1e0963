"""Parquet: typed columns turned into text in Arrow, sizes checked before anything unfolds."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema
from timeline.read import limits
from timeline.read.common import DataFileError, RawTable, as_str, check_header, check_size


def read_parquet(data: bytes, name: str) -> RawTable:
    # A damaged file can fail anywhere inside pyarrow (footer, page headers, a dictionary index
    # out of range, text that is not UTF-8 found only when decoded), so the whole read is guarded
    # as a workbook's is; our own DataFileError passes through unchanged.
    try:
        table = _parquet_table(data, name)
        header = check_header(table.column_names, name)
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
    check_size(meta.num_rows, meta.num_columns, name)
    stored = sum(meta.row_group(group).total_byte_size for group in range(meta.num_row_groups))
    _check_text_size(stored, name)
    # Text stays dictionary-encoded until its decoded size is known: one long string repeated by
    # a dictionary of a few bytes would otherwise unfold into gigabytes.
    texts = [column.path for column in file.schema if column.physical_type == "BYTE_ARRAY"]
    table = pq.ParquetFile(io.BytesIO(data), read_dictionary=texts).read()
    table.validate(full=True)  # dictionary indices in range, text valid UTF-8
    check_size(table.num_rows, table.num_columns, name)
    _check_text_size(sum(_text_bytes(column) for column in table.columns), name)
    return table


def _check_text_size(size: int, name: str) -> None:
    if size > limits.MAX_UNPACKED:
        raise DataFileError(
            f"{name}: holds {size / 2**20:,.0f} MB of data once decompressed, more than the "
            f"{limits.MAX_UNPACKED / 2**20:,.0f} MB this app reads; split it into smaller files"
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
    return text.fill_null("").to_pandas(types_mapper=as_str).astype("str")
