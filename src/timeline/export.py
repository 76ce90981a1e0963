"""Downloads of what the analyst sees: the events as CSV, a chart as offline HTML, file names."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.csv as pacsv

from timeline import safe, schema

_STEM_LIMIT = 80
_UTF8_BOM = b"\xef\xbb\xbf"


def events_csv(events: pd.DataFrame) -> bytes:
    """The events in the event format's columns, as UTF-8 CSV with a BOM so Excel opens it.

    Dates are written as the file wrote them (`date`, `end_date`), so the export loads back
    to the same events. A text cell that a spreadsheet would run as a formula (it starts with
    = + - @, a tab or a carriage return, and is not a plain number) gets a leading `'`, as
    OWASP recommends; such a cell loads back with that quote. Numbers stay numbers.
    """
    return table_csv(events[list(schema.COLUMNS)])


def table_csv(frame: pd.DataFrame) -> bytes:
    """Any table as formula-safe UTF-8 CSV with a BOM (see `events_csv`), e.g. a problem report."""
    table = pa.table({str(column): _cell_column(frame[column]) for column in frame.columns})
    out = io.BytesIO()
    out.write(_UTF8_BOM)
    # Arrow's writer, not DataFrame.to_csv: ten times faster at a million rows. It quotes every
    # text cell and writes numbers bare, in their shortest form that reads back the same.
    pacsv.write_csv(table, out, pacsv.WriteOptions(eol="\r\n", quoting_header="none"))
    return out.getvalue()


def _cell_column(column: pd.Series) -> pa.Array:
    if pd.api.types.is_numeric_dtype(column):
        return pa.array(column.to_numpy(), from_pandas=True)  # NaN becomes an empty cell
    return pa.array(safe.spreadsheet(column.astype("str").fillna("")), type=pa.string())


def chart_html(figure: go.Figure, *, title: str | None = None) -> bytes:
    """A standalone HTML file of `figure` that works offline: plotly.js is embedded, no CDN.

    The page title is `title`, else the figure's own title, else "Timeline chart".
    """
    page = figure.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    name = title or _plain_text(figure.layout.title.text or "") or "Timeline chart"
    page = page.replace("<head>", f"<head>\n    <title>{html.escape(name)}</title>", 1)
    return page.encode("utf-8")


def _plain_text(markup: str) -> str:
    """A plotly title without its HTML tags (<b>, <br>), as a browser tab shows it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", markup)).strip()


def file_stem(view_description: str, *, on: dt.date | None = None) -> str:
    """A safe, short file name stem such as `timeline-2026-11-25-iran-statement`.

    ASCII letters, digits and hyphens only (accents folded, other scripts dropped), so no path
    separator or reserved character gets through; at most 80 characters, cut between words.
    `on` is the date in the name, today when not given.
    """
    prefix = f"timeline-{(on or dt.date.today()):%Y-%m-%d}"
    folded = unicodedata.normalize("NFKD", view_description).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    room = _STEM_LIMIT - len(prefix) - 1
    if len(slug) > room:
        cut = slug[: room + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:room]
    return f"{prefix}-{slug}" if slug else prefix


_MAP_PAGE_SCRIPT = Path(__file__).parent / "figures" / "map_page.js"


def map_html(figure: go.Figure, *, title: str | None = None) -> bytes:
    """`chart_html` for a map: a script run before plotly.js lets its map draw from a file.

    Opened from disk, a page has an opaque origin where Chromium refuses the module worker
    MapLibre starts, and the map stays blank; the script starts it as a classic worker, and
    says so plainly when the browser has no WebGL2 (map_page.js).
    """
    script = _MAP_PAGE_SCRIPT.read_text(encoding="utf-8")
    page = chart_html(figure, title=title or "Timeline map").decode("utf-8")
    return page.replace("<head>", f"<head>\n    <script>\n{script}    </script>", 1).encode("utf-8")
