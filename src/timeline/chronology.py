"""The events in view as a reader's chronology: dates in words, badges, sources, pages.

Pure: the reading view and the cited brief both build on these entries, so what the page
lists and what the brief prints are the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from timeline import schema

PAGE_SIZE = 25
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EDTF = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<qualifier>[~?%])?$"
)


@dataclass(frozen=True)
class Source:
    """One source an event cites: the outlet as the data names it, and its address."""

    outlet: str
    url: str

    @property
    def label(self) -> str:
        """The outlet, else the site of the address, else the address."""
        if self.outlet:
            return self.outlet
        site = re.match(r"^https?://(?:www\.)?([^/?#]+)", self.url)
        return site.group(1) if site else self.url


@dataclass(frozen=True)
class Entry:
    """One event as the chronology lists it."""

    id: str
    when: str  # e.g. "27–31 Oct 2020", "Oct 2020?"
    title: str
    description: str
    actors: tuple[str, ...]
    event_type: str  # label, e.g. "Official statement"
    status: str  # label; "Not stated" when the data says nothing
    status_key: str  # vocabulary key ("confirmed", "claimed", "disputed") or ""
    sources: tuple[Source, ...]
    row: int  # as the data file numbers it


def when(date: str, end_date: str = "") -> str:
    """A date or range written as precisely as the data knows it, e.g. `27–31 Oct 2020`.

    `~` (approximate) reads `c.` before the date, `?` (uncertain) a `?` after it, `%` both.
    Ranges share what their ends share: `27–31 Oct 2020`, `27 Oct – 2 Nov 2020`,
    `Dec 2020 – Jan 2021`. A value that is not EDTF is shown as written.
    """
    first = _EDTF.match(date.strip())
    if first is None:
        return f"{date} – {end_date}" if end_date else date
    last = _EDTF.match(end_date.strip()) if end_date else None
    if end_date and last is None:
        return f"{_words(first)} – {end_date}"
    if last is None or _words(first) == _words(last):
        return _words(first)
    plain = not first["qualifier"] and not last["qualifier"]
    if plain and first["year"] == last["year"]:
        if first["day"] and last["day"] and first["month"] == last["month"]:
            return f"{int(first['day'])}–{_words(last)}"
        if first["month"] and last["month"]:
            return f"{_words(first, year=False)} – {_words(last)}"
    return f"{_words(first)} – {_words(last)}"


def _words(date: re.Match, *, year: bool = True) -> str:
    parts = []
    if date["day"]:
        parts.append(str(int(date["day"])))
    if date["month"]:
        parts.append(_MONTHS[int(date["month"]) - 1])
    if year or not parts:
        parts.append(date["year"])
    text = " ".join(parts)
    qualifier = date["qualifier"] or ""
    if qualifier in ("~", "%"):
        text = "c. " + text
    if qualifier in ("?", "%"):
        text += "?"
    return text


def sources(source_url: str, source_name: str) -> tuple[Source, ...]:
    """An event's sources: its addresses paired in order with its outlets, each once.

    An outlet named without an address is kept (cited by name); an address without an outlet
    is cited by its site.
    """
    urls = source_url.split()
    outlets = [name.strip() for name in source_name.split(schema.LIST_SEPARATOR)]
    outlets = [name for name in outlets if name] if len(outlets) > len(urls) else outlets
    found: list[Source] = []
    for position in range(max(len(urls), len(outlets))):
        url = urls[position] if position < len(urls) else ""
        outlet = outlets[position] if position < len(outlets) else ""
        source = Source(outlet, url)
        if (url or outlet) and source not in found:
            found.append(source)
    return tuple(found)


def entries(events: pd.DataFrame) -> list[Entry]:
    """The entries of `events`, in the frame's (chronological) order; a page at a time."""
    columns = [
        schema.ID,
        schema.DATE,
        schema.END_DATE,
        schema.TITLE,
        schema.DESCRIPTION,
        schema.ACTORS,
        schema.EVENT_TYPE,
        schema.STATUS,
        schema.SOURCE_URL,
        schema.SOURCE_NAME,
        schema.ROW,
    ]
    rows = events[columns].astype({schema.EVENT_TYPE: "str", schema.STATUS: "str"})
    return [_entry(*values) for values in rows.itertuples(index=False, name=None)]


def _entry(
    event_id, date, end_date, title, description, actors, kind, status, urls, outlets, row
) -> Entry:
    status = "" if pd.isna(status) else str(status)
    return Entry(
        id=str(event_id),
        when=when(_text(date), _text(end_date)),
        title=_text(title),
        description=_text(description),
        actors=tuple(a.strip() for a in _text(actors).split(schema.LIST_SEPARATOR) if a.strip()),
        event_type=schema.event_type_label(_text(kind)),
        status=schema.status_label(status),
        status_key=status,
        sources=sources(_text(urls), _text(outlets)),
        row=int(row),
    )


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def pages(count: int, size: int = PAGE_SIZE) -> int:
    """How many pages `count` entries fill (at least one, for the empty view's message)."""
    return max(1, -(-count // size))


def page_of(position: int, size: int = PAGE_SIZE) -> int:
    """The page (from 1) on which the entry at `position` (from 0) is listed."""
    return position // size + 1
