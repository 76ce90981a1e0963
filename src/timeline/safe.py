"""Text from data made inert for each place it is shown: markdown, links, Plotly, terminal, sheets.

Event files are written by others (uploads, ACLED exports), so any cell may carry markup, a
link, a terminal escape or a spreadsheet formula. Each destination has one function here.
"""

from __future__ import annotations

import re

import pandas as pd

# Characters that must not reach a terminal or a one-line report from a data file: C0 and C1
# controls (ESC and CSI start terminal escape sequences; a newline would forge a report line) and
# the bidirectional embeddings, overrides and isolates that can reorder what a line appears to say.
UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_UNPRINTABLE = re.compile(UNPRINTABLE)
MESSAGE_LIMIT = 500  # characters of a message kept; the middle of a longer one is cut

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = r"^[=+\-@\t\r]"
#: A plain number such as -12.5 or +3e5: a spreadsheet reads it as a number, never as a formula.
PLAIN_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# What Plotly's text renderer must not read as markup. Quotes as numeric references: Plotly
# decodes those and &amp; &lt; &gt;, but shows the named `&quot;` literally.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def markdown(text: object) -> str:
    """Text made inert for st.markdown: no links, emphasis, HTML or LaTeX; one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def link_target(url: str) -> str:
    """An http(s) URL made safe as a markdown link target (validated upstream; brackets escaped).

    Anything that is not http(s) becomes `#`, so a `javascript:` link can never be clicked.
    """
    if not re.match(r"^https?://", url):
        return "#"
    return (
        url.replace("(", "%28")
        .replace(")", "%29")
        .replace(" ", "%20")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def plotly(text: str) -> str:
    """One string made inert for Plotly's HTML-like labels (hover, ticks, legend, annotations)."""
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return text


def plotly_column(text: pd.Series) -> pd.Series:
    """`plotly` for a column, vectorised."""
    text = text.astype("str").fillna("")
    for char, entity in _ENTITIES:
        text = text.str.replace(char, entity, regex=False)
    return text


def terminal(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` safe to print on one line: controls shown as U+FFFD, a long middle cut out."""
    text = _UNPRINTABLE.sub("\ufffd", text)
    if len(text) <= limit:
        return text
    keep = limit // 2
    return f"{text[:keep]}…[{len(text) - 2 * keep:,} characters not shown]…{text[-keep:]}"


def terminal_column(text: pd.Series, limit: int | None = None) -> pd.Series:
    """`terminal` for a column: cut at `limit` characters, or (None) long middles cut out."""
    text = text.str.replace(UNPRINTABLE, "\ufffd", regex=True)
    if limit is not None:
        return text.str.slice(0, limit)
    long = (text.str.len() > MESSAGE_LIMIT).to_numpy()
    if long.any():
        text = text.copy()
        text[long] = text[long].map(terminal).astype("str")
    return text


def formula_like(cells: pd.Series) -> pd.Series:
    """Cells a spreadsheet would run as a formula: a formula start that is not a plain number."""
    risky = cells.str.contains(FORMULA_START, regex=True).to_numpy(dtype=bool, copy=True)
    if risky.any():
        risky[risky] = ~cells[risky].str.fullmatch(PLAIN_NUMBER).to_numpy(dtype=bool)
    return pd.Series(risky, index=cells.index)


def spreadsheet(cells: pd.Series) -> pd.Series:
    """Text cells made inert in spreadsheets: a leading `'` before a formula-like start."""
    risky = formula_like(cells)
    if not risky.any():
        return cells
    return cells.where(~risky, "'" + cells)
