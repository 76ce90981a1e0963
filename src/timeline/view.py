"""The analyst's view, declared once: one `Field` per choice drives the View, URL and description.

Each field says its `View` attribute (also its session-state key), its URL parameter, its
default, how a link's values are parsed and checked (with a "Link: … ignored" notice), and how
it reads in a file name. `View`, `urlstate.to_query`/`from_query`, the controls' defaults and
`describe` are all built from `FIELDS`, so a new filter is one entry here, its predicate in
`filters.select` and its widget in `ui.controls`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MATCH_ANY, MATCH_ALL = "any", "all"
#: The page's views, as its tabs name them; the first opens when a link names none.
TABS = ("Timeline", "Map", "Activity", "Co-occurrence", "Actor profile", "Deadlines")
TEXT_LIMIT = 200  # characters of a search used; the rest is named in a notice, not cut silently


@dataclass(frozen=True)
class Offered:
    """What a dataset offers the controls, against which a link's values are checked."""

    actors: Sequence[str] = ()
    types: Sequence[str] = ()
    statuses: Sequence[str] = ()
    theatres: Sequence[str] = ()
    strengths: Sequence[str] = ()
    has_event: Callable[[str], bool] = lambda event_id: True


Notices = list[str]
Parser = Callable[[str, list[str], Offered, Notices], Any]


@dataclass(frozen=True)
class Field:
    """One choice of the view: where it lives in the URL and the page, and how it is read."""

    name: str  # View attribute and session-state key
    param: str  # URL query parameter
    default: Any
    parse: Parser  # (parameter, its non-empty values, offered, notices) -> value
    words: Callable[[Any], list[str]] = lambda value: []  # how it reads in a file name
    widget: str = ""  # session-state key of its control, when not `name`

    def to_url(self, value: Any) -> list[str]:
        """The URL values of `value`; none for the default, so links stay short."""
        if value == self.default:
            return []
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, bool):
            return ["1" if value else "0"]
        if isinstance(value, dt.date):
            return [value.isoformat()]
        return [str(value)]


def _single(key: str, values: list[str], notices: Notices) -> str:
    if len(values) > 1:
        notices.append(f"Link: '{key}' was given {len(values)} times; the first value was used.")
    return values[0] if values else ""


def choices(what: str, offered: Callable[[Offered], Sequence[str]]) -> Parser:
    """Values from what the data offers, matched case-insensitively; unknown ones noticed."""

    def parse(key: str, values: list[str], given: Offered, notices: Notices) -> tuple[str, ...]:
        by_fold = {option.casefold(): option for option in offered(given)}
        kept: list[str] = []
        for value in values:
            match = by_fold.get(value.casefold())
            if match is None:
                notices.append(f"Link: unknown {what} '{value}' was ignored.")
            elif match not in kept:
                kept.append(match)
        return tuple(kept)

    return parse


def one_choice(what: str, offered: Callable[[Offered], Sequence[str]]) -> Parser:
    """One value from what the data offers; '' when absent or unknown."""
    many = choices(what, offered)

    def parse(key: str, values: list[str], given: Offered, notices: Notices) -> str:
        value = _single(key, values, notices)
        found = many(key, [value], given, notices) if value else ()
        return found[0] if found else ""

    return parse


def _flag(key: str, values: list[str], given: Offered, notices: Notices) -> bool:
    return _single(key, values, notices).lower() in ("1", "true", "yes")


def _shown(key: str, values: list[str], given: Offered, notices: Notices) -> bool:
    """A choice shown unless the link says 0 (or false, no, off)."""
    value = _single(key, values, notices).lower()
    if value in ("", "1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    notices.append(f"Link: '{key}' must be 1 or 0; '{value}' was ignored.")
    return True


def _match(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    match = _single(key, values, notices).lower() or MATCH_ANY
    if match not in (MATCH_ANY, MATCH_ALL):
        notices.append(f"Link: match must be 'any' or 'all'; '{match}' was ignored.")
        return MATCH_ANY
    return match


def _day(key: str, values: list[str], given: Offered, notices: Notices) -> dt.date | None:
    value = _single(key, values, notices)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        notices.append(f"Link: '{key}={value}' is not a date (YYYY-MM-DD) and was ignored.")
        return None


def _text(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    # Kept whole: past TEXT_LIMIT the search names the words it leaves out (search.parse).
    return _single(key, values, notices)


def _tab(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    return one_choice("tab", lambda o: TABS)(key, values, given, notices) or TABS[0]


def _named(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    return _single(key, values, notices)


def _event(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    event = _single(key, values, notices)
    if event and not given.has_event(event):
        notices.append(f"Link: no event has the id '{event}'; nothing was selected.")
        return ""
    return event


def _chain(key: str, values: list[str], given: Offered, notices: Notices) -> str:
    event = _single(key, values, notices)
    if event and not given.has_event(event):
        notices.append(f"Link: no event has the id '{event}'; the chain was ignored.")
        return ""
    return event


def _chain_words(event_id: str) -> list[str]:
    return [f"chain of {event_id}"]


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


FIELDS: tuple[Field, ...] = (
    Field("actors", "actor", (), choices("actor", lambda o: o.actors), words=_listed),
    Field("match", "match", MATCH_ANY, _match),
    Field("affiliates", "affiliates", False, _flag),
    Field("types", "type", (), choices("event type", lambda o: o.types), words=_listed),
    Field("statuses", "status", (), choices("status", lambda o: o.statuses), words=_listed),
    Field(
        "strengths",
        "strength",
        (),
        choices("source strength", lambda o: o.strengths),
        words=lambda chosen: [f"sourced {value}" for value in chosen],
    ),
    Field("theatre", "theatre", "", one_choice("theatre", lambda o: o.theatres), words=_listed),
    Field("start", "from", None, _day, widget="dates"),
    Field("end", "to", None, _day, widget="dates"),
    Field("text", "q", "", _text, words=_listed),
    Field("event", "event", "", _event),
    Field("tab", "tab", TABS[0], _tab),
    Field("profiled", "profile", "", one_choice("actor", lambda o: o.actors)),
    # The name of the uploaded file the view was made on: a link or a reload cannot bring the
    # file (it stays in its browser session), so the page says which file the view was of.
    Field("upload_name", "upload", "", _named),
    # The event whose chain of links the view is narrowed to (`links.chain`, both directions).
    Field("chain", "chain", "", _chain, words=_chain_words),
    # Arrows between linked events on the chart; shown unless the link says `links=0`.
    Field("connectors", "links", True, _shown),
)
BY_NAME = {field.name: field for field in FIELDS}

View = dataclasses.make_dataclass(
    "View",
    [(field.name, Any, dataclasses.field(default=field.default)) for field in FIELDS],
    frozen=True,
)
View.__module__ = __name__  # for pickling and repr; make_dataclass(module=) is Python 3.12+
View.__doc__ = "Everything the analyst chose; the same value round-trips through the URL."


def describe(view: View) -> str:
    """The view in a few words for file names and titles, e.g. 'Iran statement 2020-09-27 to …'."""
    words = [
        word
        for field in FIELDS
        for word in field.words(getattr(view, field.name))
        if getattr(view, field.name)
    ]
    if view.start or view.end:
        words.append(f"{view.start or '…'} to {view.end or '…'}")
    return " ".join(word for word in words if word)
