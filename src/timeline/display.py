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


def table_frame(events: pd.DataFrame, strength: pd.Series | None = None) -> pd.DataFrame:
    """The events as the page's table shows them: labelled, lists joined, first sources apart.

    Date, title, type, status, sourcing (`strength`, the dataset's rating of each event, indexed
    like the events, when given) and the sources come first, so they fit a laptop's width.
    """
    urls = events[schema.SOURCE_URL].str.split(" ", expand=True)  # a fourth is in the card
    status = events[schema.STATUS].astype("str")
    frame = pd.DataFrame(
        {
            "Date": when_column(events),
            "Title": events[schema.TITLE],
            "Type": events[schema.EVENT_TYPE].astype("str").map(schema.event_type_label),
            # The short word: the table is read across, the card and chronology explain it.
            "Status": status.where(status.isin(list(schema.STATUSES)), "").str.capitalize(),
        }
    )
    if strength is not None:
        rated = strength.reindex(events.index).astype("str").fillna(schema.UNRATED)
        frame["Sourcing"] = rated.map(
            lambda rating: schema.strength_label(rating).split(" (")[0]
        ).to_numpy()
    for number, name in enumerate(SOURCE_COLUMNS):
        found = urls[number] if number in urls.columns else pd.Series("", index=events.index)
        frame[name] = found.astype("str").fillna("").to_numpy()
    frame["Actors"] = events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)
    frame["Outlets"] = events[schema.SOURCE_NAME].str.replace(
        schema.LIST_SEPARATOR, "; ", regex=False
    )
    frame["id"] = events[schema.ID]
    return frame


SOURCE_COLUMNS = ("Source", *(f"Source {n}" for n in range(2, SOURCES_IN_TABLE + 1)))


REPEATS_LISTED = 5  # rows listed of one warning repeated more often; the rest are summarised


def problem_list(problems: pd.DataFrame, *, repeats: int = REPEATS_LISTED) -> pd.DataFrame:
    """The problems as the page lists them: errors first (each row), then each warning.

    A warning of one rule in one column that repeats more than `repeats` times is listed for
    its first `repeats` rows and then summarised in one line ("… and 236 more rows"), so one
    common slip does not bury the rest. Columns: row, column, severity, message, value.
    """
    columns = [
        schema.PROBLEM_ROW,
        schema.PROBLEM_COLUMN,
        schema.SEVERITY,
        schema.PROBLEM_MESSAGE,
        schema.PROBLEM_VALUE,
    ]
    ordered = problems.sort_values(schema.PROBLEM_ROW, kind="stable")
    errors = ordered[schema.SEVERITY] == schema.ERROR
    parts = [ordered[errors.to_numpy()][columns]]
    warnings = ordered[~errors.to_numpy()]
    for (rule, column), rows in warnings.groupby(
        [schema.PROBLEM_RULE, schema.PROBLEM_COLUMN], sort=False, observed=True
    ):
        parts.append(rows.head(repeats)[columns])
        if len(rows) > repeats:
            more = display_rows(rows.iloc[repeats:][schema.PROBLEM_ROW])
            parts.append(
                pd.DataFrame(
                    {
                        schema.PROBLEM_ROW: [pd.NA],
                        schema.PROBLEM_COLUMN: [column],
                        schema.SEVERITY: [schema.WARNING],
                        schema.PROBLEM_MESSAGE: [
                            f"… and {count(len(rows) - repeats, 'more row')} with this "
                            f"warning ({rule}): {more}"
                        ],
                        schema.PROBLEM_VALUE: [""],
                    }
                )
            )
    listed = pd.concat(parts, ignore_index=True)
    return listed.astype({schema.PROBLEM_ROW: "Int64"})


def display_rows(rows: pd.Series, shown: int = 8) -> str:
    """Row numbers as a short list: 'rows 7, 9, 12' or 'rows 7, 9, 12, … (240 in all)'."""
    numbers = [f"{row:,}" for row in rows.head(shown)]
    tail = f", … ({len(rows):,} in all)" if len(rows) > shown else ""
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(numbers) + tail


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
