"""How events read on the page: date wording, counts, lists, sources and the table's frame.

Pure functions over events; the page (`timeline.ui`) makes their text safe for where it goes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from timeline import schema
from timeline.view import MATCH_ALL, View

SOURCES_IN_TABLE = 3  # source columns of the table; every source is in the details card


def count(number: int, noun: str) -> str:
    """'1 event', '2 events', '1,204 events'."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def day_span(first: dt.date | pd.Timestamp, last: dt.date | pd.Timestamp) -> str:
    """First to last day, e.g. '27 Sep 2020 - 10 Nov 2020' (with an en dash)."""
    return f"{first:%d %b %Y} – {last:%d %b %Y}"


def covered(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day the events cover (their `start` and `end` columns); None when empty."""
    if not len(events):
        return None
    return events[schema.START].min(), events[schema.END].max() - pd.Timedelta(days=1)


def when(date: str, end_date: str) -> str:
    """An event's dates as written: '2020-10-27 - 2020-10-31' (en dash), or the date."""
    return f"{date} – {end_date}" if end_date else date


def when_column(events: pd.DataFrame) -> pd.Series:
    """`when` for every event, vectorised."""
    end = events[schema.END_DATE]
    return events[schema.DATE] + end.where(end == "", " – " + end)


def joined(cell: str) -> str:
    """A list cell ('Iran;Armenia') as it reads: 'Iran; Armenia'."""
    return cell.replace(schema.LIST_SEPARATOR, "; ")


def sources(event: pd.Series) -> list[tuple[str, str]]:
    """(outlet, url) for each source of an event; the URL stands in for an outlet not named."""
    outlets = [name.strip() for name in event[schema.SOURCE_NAME].split(schema.LIST_SEPARATOR)]
    urls = event[schema.SOURCE_URL].split()
    return [
        (outlets[number] if number < len(outlets) and outlets[number] else url, url)
        for number, url in enumerate(urls)
    ]


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The events as the page's table shows them: labelled, lists joined, first sources apart."""
    urls = (
        events[schema.SOURCE_URL]
        .str.split(" ", n=SOURCES_IN_TABLE - 1, expand=True)
        .reindex(columns=range(SOURCES_IN_TABLE))
    )
    frame = pd.DataFrame(
        {
            "Date": when_column(events),
            "Title": events[schema.TITLE],
            "Actors": events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False),
            "Type": events[schema.EVENT_TYPE].astype("str").map(schema.event_type_label),
            "Status": events[schema.STATUS].astype("str").map(schema.status_label),
            "Outlets": events[schema.SOURCE_NAME].str.replace(
                schema.LIST_SEPARATOR, "; ", regex=False
            ),
        }
    )
    for number, name in enumerate(SOURCE_COLUMNS):
        frame[name] = urls[number].to_numpy()
    frame["id"] = events[schema.ID]
    return frame


SOURCE_COLUMNS = ("Source", *(f"Source {n}" for n in range(2, SOURCES_IN_TABLE + 1)))


def chart_title(actors: tuple[str, ...]) -> str:
    """A chart's title, from the actors chosen: 'Timeline: Iran, Turkey'."""
    return f"Timeline: {', '.join(actors) if actors else 'all actors'}"


def filter_line(view: View, first: dt.date, last: dt.date) -> str:
    """Every choice of a view in words, so an exported chart says what it shows.

    e.g. 'Actors: Iran with affiliated officials · Types: all · Status: any · 27 Sep 2020 -
    10 Nov 2020' (with an en dash).
    """
    actors = ", ".join(view.actors) or "all"
    if view.actors and view.affiliates:
        actors += " with affiliated officials"
    if len(view.actors) > 1:
        actors += " (events with all of them)" if view.match == MATCH_ALL else " (any of them)"
    parts = [
        f"Actors: {actors}",
        f"Types: {', '.join(schema.event_type_label(t) for t in view.types) or 'all'}",
        f"Status: {', '.join(schema.status_label(s) for s in view.statuses) or 'any'}",
    ]
    if view.theatre:
        parts.append(f"Theatre: {view.theatre}")
    if view.text:
        parts.append(f"Search: “{view.text}”")
    if view.chain:
        parts.append(f"Chain of {view.chain}")
    parts.append(day_span(first, last))
    return " · ".join(parts)
