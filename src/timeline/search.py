"""Text search as an analyst expects it: every word, in any order, ignoring case and accents.

`Erdogan` finds `Erdoğan`, `iran velayati` finds an event whose title names Iran and whose
actors list Velayati; a "quoted phrase" must appear as written. The events' searchable text is
folded once per dataset (`folded_text`), so a search is a plain substring scan per word, and each
word is looked for only in the rows the previous words left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema
from timeline.view import TEXT_LIMIT

#: The columns a search looks in, as the search box's label names them.
COLUMNS: tuple[str, ...] = (
    schema.TITLE,
    schema.DESCRIPTION,
    schema.ACTORS,
    schema.TAGS,
    schema.LOCATION,
)
#: The longest search used whole; the words past it are left out, with a notice.
MAX_LENGTH = TEXT_LIMIT

# Letters that carry no combining mark to strip, written as their nearest ASCII.
_LETTERS = {
    "ı": "i",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "’": "'",
    "ʼ": "'",
    "‘": "'",
}
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_SEPARATOR = "\n"  # never inside a term: terms are split on whitespace


@dataclass(frozen=True)
class Query:
    """The words (and quoted phrases) a search looks for, folded, and any that were left out."""

    terms: tuple[str, ...] = ()
    left_out: str = ""  # the text past MAX_LENGTH, as typed

    @property
    def notice(self) -> str:
        """What the analyst must be told, or "" when the whole search is used."""
        if not self.left_out:
            return ""
        shown = self.left_out if len(self.left_out) <= 80 else self.left_out[:79] + "…"
        return (
            f"Search uses at most {MAX_LENGTH} characters; the words after that were not "
            f"searched for: {shown}"
        )


def fold(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Text in the form searches compare: lower case, accents and marks removed (NFKD)."""
    text = pc.utf8_normalize(values, form="NFKD")
    text = pc.replace_substring_regex(text, pattern=r"\p{Mn}+", replacement="")
    text = pc.utf8_lower(text)
    for letter, ascii_letters in _LETTERS.items():
        text = pc.replace_substring(text, pattern=letter, replacement=ascii_letters)
    return text


def fold_one(text: str) -> str:
    """One string folded exactly as `fold` folds the data."""
    return fold(pa.array([text], type=pa.large_string()))[0].as_py()


def parse(text: str) -> Query:
    """The terms of a search box's text; past MAX_LENGTH, whole words are left out, not cut."""
    text = text.strip()
    left_out = ""
    if len(text) > MAX_LENGTH:
        cut = text[: MAX_LENGTH + 1]
        kept = cut[: cut.rfind(" ")] if " " in cut else ""
        if kept.count('"') % 2:  # never leave a phrase open where the cut fell inside it
            kept = kept[: kept.rfind('"')]
        left_out = text[len(kept) :].strip()
        text = kept.strip()
    terms = []
    for phrase, word in _TERM.findall(fold_one(text) if text else ""):
        term = " ".join((phrase or word).split())
        if term and term not in terms:
            terms.append(term)
    return Query(tuple(terms), left_out)


def folded_text(events: pd.DataFrame) -> pa.Array:
    """Every event's searchable columns joined and folded: built once per dataset, then scanned.

    About as large as those columns themselves (see docs/performance.md), so it is built on the
    first search of a dataset, not on load.
    """
    columns = [_arrow(events[column]) for column in COLUMNS]
    joined = pc.binary_join_element_wise(*columns, pa.scalar(_SEPARATOR, pa.large_string()))
    return fold(joined)


def matches(folded: pa.Array, rows: np.ndarray, query: Query) -> np.ndarray:
    """Which of `rows` (positions in the dataset) contain every term of `query`."""
    keep = np.ones(len(rows), dtype=bool)
    if not query.terms:
        return keep
    candidates = np.arange(len(rows))
    # The rarest word narrows the most, but which one that is is unknown; the longest is a
    # cheap stand-in, so the later (shorter, commoner) words look at fewer rows.
    for term in sorted(query.terms, key=len, reverse=True):
        at = rows[candidates]
        if len(at) * 8 < len(folded):  # few rows: copy out just their text and scan it
            found = _holds(folded.take(pa.array(at)), term)
        else:  # many: scan all the text where it lies (a copy costs more), read off the rows
            found = _holds(folded, term)[at]
        candidates = candidates[found]
        if not len(candidates):
            break
    keep[:] = False
    keep[candidates] = True
    return keep


def _holds(text: pa.Array, term: str) -> np.ndarray:
    """Which strings contain `term`; RE2 on the escaped term scans faster than Arrow's plain
    substring kernel (80 vs 300 ms over a million events' text)."""
    return pc.match_substring_regex(text, re.escape(term)).to_numpy(zero_copy_only=False)


def _arrow(column: pd.Series) -> pa.Array:
    """A text column as one Arrow array, empty where missing (categoricals as their text)."""
    array = pa.array(column.astype("str"), type=pa.large_string(), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.fill_null("")
