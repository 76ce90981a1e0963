"""A View to and from URL query parameters, so a shared link reopens exactly the same view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from timeline.filters import MATCH_ALL, MATCH_ANY, View

#: Parameter names, as they appear in a shared link.
ACTOR, MATCH, AFFILIATES, TYPE, STATUS, THEATRE, FROM, TO, TEXT, EVENT = (
    "actor",
    "match",
    "affiliates",
    "type",
    "status",
    "theatre",
    "from",
    "to",
    "q",
    "event",
)
KNOWN = (ACTOR, MATCH, AFFILIATES, TYPE, STATUS, THEATRE, FROM, TO, TEXT, EVENT)


def to_query(view: View) -> dict[str, list[str]]:
    """Query parameters for `view`; defaults are left out so links stay short."""
    query: dict[str, list[str]] = {}
    if view.actors:
        query[ACTOR] = list(view.actors)
    if view.match != MATCH_ANY:
        query[MATCH] = [view.match]
    if view.affiliates:
        query[AFFILIATES] = ["1"]
    if view.types:
        query[TYPE] = list(view.types)
    if view.statuses:
        query[STATUS] = list(view.statuses)
    if view.theatre:
        query[THEATRE] = [view.theatre]
    if view.start:
        query[FROM] = [view.start.isoformat()]
    if view.end:
        query[TO] = [view.end.isoformat()]
    if view.text:
        query[TEXT] = [view.text]
    if view.event:
        query[EVENT] = [view.event]
    return query


def from_query(
    query: Mapping[str, Sequence[str]],
    *,
    actors: Sequence[str],
    types: Sequence[str],
    statuses: Sequence[str],
    theatres: Sequence[str],
    event_ids: Callable[[str], bool],
) -> tuple[View, list[str]]:
    """The View a link asks for, and a notice for every value that was ignored.

    Values are checked against what the data offers; actor names match case-insensitively.
    Unknown parameters and malformed or unknown values are ignored with a notice, never raised.
    """
    notices: list[str] = []

    def values(key: str) -> list[str]:
        return [value.strip() for value in query.get(key, ()) if value.strip()]

    def single(key: str) -> str:
        given = values(key)
        if len(given) > 1:
            notices.append(f"Link: '{key}' was given {len(given)} times; the first value was used.")
        return given[0] if given else ""

    def chosen(key: str, offered: Sequence[str], what: str) -> tuple[str, ...]:
        by_fold = {option.casefold(): option for option in offered}
        kept = []
        for value in values(key):
            match = by_fold.get(value.casefold())
            if match is None:
                notices.append(f"Link: unknown {what} '{value}' was ignored.")
            elif match not in kept:
                kept.append(match)
        return tuple(kept)

    def day(key: str) -> dt.date | None:
        value = single(key)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            notices.append(f"Link: '{key}={value}' is not a date (YYYY-MM-DD) and was ignored.")
            return None

    for key in query:
        if key not in KNOWN:
            notices.append(f"Link: unknown parameter '{key}' was ignored.")

    match = single(MATCH).lower() or MATCH_ANY
    if match not in (MATCH_ANY, MATCH_ALL):
        notices.append(f"Link: match must be 'any' or 'all'; '{match}' was ignored.")
        match = MATCH_ANY
    theatre = single(THEATRE)
    if theatre:
        found = chosen(THEATRE, theatres, "theatre")
        theatre = found[0] if found else ""
    start, end = day(FROM), day(TO)
    if start and end and end < start:
        notices.append("Link: 'to' is before 'from'; the two dates were swapped.")
        start, end = end, start
    event = single(EVENT)
    if event and not event_ids(event):
        notices.append(f"Link: no event has the id '{event}'; nothing was selected.")
        event = ""
    view = View(
        actors=chosen(ACTOR, actors, "actor"),
        match=match,
        affiliates=single(AFFILIATES).lower() in ("1", "true", "yes"),
        types=chosen(TYPE, types, "event type"),
        statuses=chosen(STATUS, statuses, "status"),
        theatre=theatre,
        start=start,
        end=end,
        text=single(TEXT),  # over search.MAX_LENGTH it is shown whole, with a notice
        event=event,
    )
    return view, notices
