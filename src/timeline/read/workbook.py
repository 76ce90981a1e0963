"""Excel workbooks: the first sheet as text cells, refused when it would unpack too large."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

from timeline.read import limits
from timeline.read.common import DataFileError, RawTable, check_header, check_size, empty_cells


def read_xlsx(data: bytes, name: str) -> RawTable:
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
                check_size(row - 1, width, name)
                body.append([_cell_text(cell) for cell in cells])
            header = check_header(
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
    cells = pd.DataFrame(body, columns=header, dtype="str") if body else empty_cells(header)
    return RawTable(cells, np.arange(2, len(cells) + 2, dtype="int64"), "xlsx")


def _filled(record: tuple) -> list:
    """A sheet row without the empty (or formatted but empty) cells after its last value."""
    cells = list(record)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def _check_unpacked(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to more than limits.MAX_UNPACKED (a 'zip bomb').

    The sizes are those the archive declares; Python's zipfile never returns more than that.
    """
    import zipfile

    unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if unpacked > limits.MAX_UNPACKED:
        raise DataFileError(
            f"{name}: the workbook unpacks to {unpacked / 2**20:,.0f} MB, more than the "
            f"{limits.MAX_UNPACKED / 2**20:,.0f} MB this app reads; save it as CSV or Parquet"
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
