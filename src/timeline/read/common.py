"""What every reader shares: the error, the raw table, and the checks on size and header."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline import safe
from timeline.read import limits


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
    rejected: pd.DataFrame = field(default_factory=lambda: no_rejects())  # unparseable records
    notices: tuple[str, ...] = ()  # file-level warnings, e.g. the encoding that was assumed


def no_rejects() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "text": pd.Series([], dtype="str")})


def check_size(records: int, columns: int, name: str) -> None:
    """Raise DataFileError when a file unfolds into more records or cells than the limits."""
    if records > limits.MAX_ROWS:
        raise DataFileError(
            f"{name}: has more than {limits.MAX_ROWS:,} rows, more than this app reads at once; "
            "split it into smaller files"
        )
    if records * columns > limits.MAX_CELLS:
        raise DataFileError(
            f"{name}: has {records:,} rows of {columns:,} columns, more than the "
            f"{limits.MAX_CELLS:,} cells this app reads at once; keep only the event columns"
        )


def check_header(header: list[str], name: str) -> list[str]:
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


def as_str(_: pa.DataType) -> pd.StringDtype:
    return pd.StringDtype("pyarrow", na_value=np.nan)


def empty_cells(header: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in header})
