"""A View to and from URL query parameters, so a shared link reopens exactly the same view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from timeline.view import BY_NAME, FIELDS, Offered, View

#: Parameters a link may carry, in the order links are written.
KNOWN = tuple(field.param for field in FIELDS)


def to_query(view: View) -> dict[str, list[str]]:
    """Query parameters for `view`; defaults are left out so links stay short."""
    query: dict[str, list[str]] = {}
    for field in FIELDS:
        values = field.to_url(getattr(view, field.name))
        if values:
            query[field.param] = values
    return query


def from_query(query: Mapping[str, Sequence[str]], offered: Offered) -> tuple[View, list[str]]:
    """The View a link asks for, and a notice for every value that was ignored.

    Values are checked against what the data offers; actor names match case-insensitively.
    Unknown parameters and malformed or unknown values are ignored with a notice, never raised.
    """
    notices = [f"Link: unknown parameter '{key}' was ignored." for key in query if key not in KNOWN]
    chosen = {}
    for field in FIELDS:
        values = [value.strip() for value in query.get(field.param, ()) if value.strip()]
        chosen[field.name] = field.parse(field.param, values, offered, notices)
    start, end = chosen["start"], chosen["end"]
    if start and end and end < start:
        notices.append(
            f"Link: '{BY_NAME['end'].param}' is before '{BY_NAME['start'].param}'; "
            "the two dates were swapped."
        )
        chosen["start"], chosen["end"] = end, start
    return View(**chosen), notices
