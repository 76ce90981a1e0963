"""Read CSV, XLSX or Parquet (told apart by content, not name) into a table of text cells."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from timeline.read import limits
from timeline.read.common import DataFileError, RawTable
from timeline.read.limits import MAX_CELLS, MAX_ROWS, MAX_UNPACKED
from timeline.read.parquet import read_parquet
from timeline.read.text import read_csv
from timeline.read.workbook import read_xlsx

__all__ = [
    "MAX_CELLS",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "DataFileError",
    "RawTable",
    "Source",
    "limits",
    "read_table",
]

Source = str | os.PathLike[str] | IO[bytes] | IO[str] | bytes


def read_table(source: Source, name: str) -> RawTable:
    """Read `source` (a path, bytes or a file-like object) as text cells; raise DataFileError."""
    data = _read_bytes(source, name)
    if not data or data.isspace():  # not data.strip(): that copies a large file to learn little
        raise DataFileError(f"{name}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, name)
    if data.startswith(b"PAR1"):
        return read_parquet(data, name)
    return read_csv(data, name)


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
