"""Recognise an ACLED export by its columns and map its text cells to the event format.

ACLED (Armed Conflict Location & Event Data) exports are read as they come, so an analyst never
edits one by hand. The mapping is documented in docs/data-format.md, section "ACLED exports".
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from timeline import schema
from timeline.read import RawTable

#: An export is ACLED's when its header names all of these (and not our own required columns).
SIGNATURE: tuple[str, ...] = ("event_id_cnty", "event_date", "actor1")

#: ACLED (event type, sub-event type) -> our event type; "" stands for any sub-event type.
EVENT_TYPES: dict[tuple[str, str], str] = {
    ("battles", ""): "military",
    ("explosions/remote violence", ""): "military",
    ("violence against civilians", ""): "incident",
    ("protests", ""): "incident",
    ("riots", ""): "incident",
    ("strategic developments", ""): "incident",
    ("strategic developments", "agreement"): "agreement",
    ("strategic developments", "headquarters or base established"): "military",
    ("strategic developments", "non-violent transfer of territory"): "military",
    ("strategic developments", "disrupted weapons use"): "military",
    ("strategic developments", "arrests"): "incident",
    ("strategic developments", "change to group/activity"): "incident",
    ("strategic developments", "looting/property destruction"): "incident",
    ("strategic developments", "other"): "incident",
}

TAG_PREFIX = "acled:"

_MONTHS = {
    name: f"{number:02d}"
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
}
# 2020-10-06, optionally with a midnight time as spreadsheets and some API channels add it.
_ISO_DATE = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$"
# 06 October 2020, 6 Oct 2020, 06-October-2020 (English month names, as ACLED writes them).
_LONG_DATE = r"^(?P<day>[0-9]{1,2})[ -](?P<month>[A-Za-z]+)[ -](?P<year>[0-9]{4})$"
_LIST_GAP = r" *; *"  # not \s: pandas would leave Arrow for Python's re


def is_acled(table: RawTable) -> bool:
    """Whether the header is an ACLED export's: all of SIGNATURE, and not already our format."""
    columns = set(table.cells.columns)
    return set(SIGNATURE) <= columns and not set(schema.REQUIRED) <= columns


def to_contract(table: RawTable, name: str) -> RawTable:
    """An ACLED export as cells of the event format; any other table is returned unchanged.

    Rows keep their spreadsheet numbers, so every problem the validator reports still points at
    the row of the ACLED file. A file-level notice says the mapping was applied.
    """
    if not is_acled(table):
        return table
    acled = table.cells
    text = {
        column: acled[column].str.strip() if column in acled else _blank(acled)
        for column in _ACLED_COLUMNS
    }
    cells = pd.DataFrame(
        {
            schema.ID: text["event_id_cnty"],
            schema.DATE: event_dates(text["event_date"], text["time_precision"]),
            schema.END_DATE: _blank(acled),
            schema.TITLE: _titles(text),
            schema.DESCRIPTION: _descriptions(text["notes"], text["fatalities"]),
            schema.ACTORS: _joined(
                text["actor1"], text["assoc_actor_1"], text["actor2"], text["assoc_actor_2"]
            ),
            schema.EVENT_TYPE: event_types(text["event_type"], text["sub_event_type"]),
            schema.STATUS: _blank(acled),
            schema.SOURCE_URL: _blank(acled),
            schema.SOURCE_NAME: _joined(text["source"]),
            schema.LOCATION: _places(text["location"], text["admin1"], text["country"]),
            schema.LATITUDE: text["latitude"],
            schema.LONGITUDE: text["longitude"],
            schema.TAGS: _tags(text["sub_event_type"]),
            schema.THEATRE: text["country"].where(text["country"] != "", text["region"]),
            schema.LINKS: _blank(acled),
        },
        index=acled.index,
    )
    notice = (
        f"{name}: read as an ACLED export ({len(cells):,} rows) and mapped to the event format; "
        "ACLED gives outlet names but no source URLs, so every event is warned 'no source URL', "
        "and ACLED's actor names are mostly not in the actor registry, so they are warned too."
    )
    return replace(table, cells=cells, notices=(*table.notices, notice))


_ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "region",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
)


def event_dates(written: pd.Series, time_precision: pd.Series) -> pd.Series:
    """EDTF dates from ACLED's event_date and time_precision; unreadable dates kept as written.

    Precision 1 (the source gives the day) -> YYYY-MM-DD; 2 (a week or part of a month, coded
    to its middle day) -> YYYY-MM-DD~; 3 (only the month is known) -> YYYY-MM. Forms read:
    2020-10-06, 2020-10-06T00:00:00, 06 October 2020 (never a day/month order guessed).
    """
    # A file holds few distinct dates: read each once (extract has no Arrow kernel), then spread.
    codes, distinct = pd.factorize(written)
    distinct = pd.Series(distinct, dtype="str")
    iso = distinct.str.extract(_ISO_DATE, expand=False)
    long = distinct.str.extract(_LONG_DATE)
    month = long["month"].str.lower().map(_MONTHS)
    from_long = long["year"] + "-" + month + "-" + long["day"].str.zfill(2)
    day = pd.Series(iso.fillna(from_long).to_numpy()[codes], index=written.index, dtype="str")
    read = day.notna()
    precision = time_precision.str.strip()
    dated = day.where(precision != "2", day + "~")
    dated = dated.where(precision != "3", day.str.slice(0, 7))
    return written.where(~read, dated).astype("str")


def event_types(event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
    """Our event type for each ACLED (event type, sub-event type); unknown ones kept as written."""
    kind = event_type.str.strip().str.lower()
    sub = sub_event_type.str.strip().str.lower()
    specific = {f"{k}|{s}": ours for (k, s), ours in EVENT_TYPES.items() if s}
    general = {k: ours for (k, s), ours in EVENT_TYPES.items() if not s}
    mapped = (kind + "|" + sub).map(specific).fillna(kind.map(general))
    return mapped.fillna(event_type).astype("str")


def _titles(text: dict[str, pd.Series]) -> pd.Series:
    """'Armed clash in Tovuz, Azerbaijan': what happened, where; neutral, from coded fields."""
    sub = text["sub_event_type"]
    what = sub.where((sub != "") & (sub.str.lower() != "other"), text["event_type"])
    what = what.where(what != "", "ACLED event")
    where = text["location"].where(text["location"] != "", text["admin1"])
    place = _places(where, text["country"])
    return what.where(place == "", what + " in " + place)


def _descriptions(notes: pd.Series, fatalities: pd.Series) -> pd.Series:
    toll = ("Fatalities: " + fatalities + ".").where(fatalities != "", "")
    return (notes + " " + toll).str.strip()


def _places(*parts: pd.Series) -> pd.Series:
    """Place names joined with ', ', dropping empty parts and repeats (Tovuz, Tovuz)."""
    kept, previous = [parts[0]], parts[0]
    for part in parts[1:]:
        kept.append(part.where(part.str.lower() != previous.str.lower(), ""))
        previous = part.where(part != "", previous)
    joined = kept[0]
    for part in kept[1:]:
        joined = joined + ", " + part
    return joined.str.replace(r"(?:, )+", ", ", regex=True).str.strip(", ")


def _joined(*lists: pd.Series) -> pd.Series:
    """Cells holding '; '-separated names, joined into one ';'-separated list without gaps."""
    joined = lists[0]
    for cell in lists[1:]:
        joined = joined + ";" + cell
    return (
        joined.str.replace(_LIST_GAP, schema.LIST_SEPARATOR, regex=True)
        .str.replace(r";{2,}", schema.LIST_SEPARATOR, regex=True)
        .str.strip(schema.LIST_SEPARATOR)
    )


def _tags(sub_event_type: pd.Series) -> pd.Series:
    """ACLED's own sub-event type kept as a tag ('acled:armed clash'), so no detail is lost."""
    return (TAG_PREFIX + sub_event_type.str.lower()).where(sub_event_type != "", "")


def _blank(cells: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=cells.index, dtype="str")
