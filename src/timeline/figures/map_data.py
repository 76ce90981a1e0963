"""What the map draws, as data: which events are located, ACLED fatalities, hover data, clusters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline import schema
from timeline.figures.text import escape, type_name

#: Order of a map point's `customdata`; the event id comes first, as on the timeline.
MAP_DATA = ("id", "title", "actors", "outlets", "date", "location", "fatalities", "status")
#: Order of a cluster's `customdata`: no event id (a click on a cluster selects no event), how
#: many events, and their main types.
CLUSTER_DATA = ("id", "count", "types")
#: Grid cells tried for clusters, finest first, in degrees of latitude and longitude.
GRID_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
HOVER_CHARS = 100  # of a title, actor list or outlet list in a hover box; bounds the payload
PLACE_CHARS = 60  # of a place name

# ACLED's fatalities, as the import writes them at the end of the description (timeline.acled):
# the event format has no fatalities column, so only ACLED rows can be sized by them.
_FATALITIES = r"(?:^|\s)Fatalities: ([0-9]{1,7})\.$"


@dataclass(frozen=True)
class Clusters:
    """Located events counted per grid cell, each cluster at the mean position of its events."""

    latitude: np.ndarray
    longitude: np.ndarray
    count: np.ndarray
    customdata: np.ndarray  # CLUSTER_DATA per cluster, escaped
    cell: float  # grid step in degrees


def located(events: pd.DataFrame) -> np.ndarray:
    """Whether each event has both coordinates (the loader leaves bad ones empty)."""
    return (events[schema.LATITUDE].notna() & events[schema.LONGITUDE].notna()).to_numpy(dtype=bool)


def fatalities(events: pd.DataFrame) -> pd.Series:
    """Fatalities of each ACLED row, read from its description; NaN where none is given."""
    found = events[schema.DESCRIPTION].astype("str").str.extract(_FATALITIES, expand=False)
    return pd.to_numeric(found, errors="coerce").astype("float64")


def map_customdata(events: pd.DataFrame) -> np.ndarray:
    """MAP_DATA per event: everything but the id escaped, long text cut to HOVER_CHARS."""
    end_date = events[schema.END_DATE]
    date = events[schema.DATE] + end_date.where(end_date == "", " – " + end_date)
    outlets = events[schema.SOURCE_NAME].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)
    actors = events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False)
    place = events[schema.LOCATION].astype("str")
    toll = fatalities(events)
    columns = [
        events[schema.ID].astype("str"),
        escape(_cut(events[schema.TITLE])),
        escape(_cut(actors)),
        escape(_cut(outlets.where(outlets != "", "not named"))),
        escape(date),
        escape(_cut(place.where(place != "", "place not named"), PLACE_CHARS)),
        pd.Series([_toll(n) for n in toll], dtype=object),
        events[schema.STATUS].astype("str").map(schema.status_label).astype("str"),
    ]
    return np.column_stack([column.to_numpy(dtype=object) for column in columns])


def _cut(text: pd.Series, limit: int = HOVER_CHARS) -> pd.Series:
    text = text.astype("str").fillna("")
    long = text.str.len() > limit
    return text.where(~long, text.str.slice(0, limit - 1).str.rstrip() + "…")


def aggregate(
    lat: np.ndarray, lon: np.ndarray, kinds: np.ndarray | pd.Series, budget: int
) -> Clusters:
    """Events counted per cell of the finest grid (GRID_STEPS) giving at most `budget` cells.

    Pure numpy over the coordinates: a million events cost a few passes of hashing, and the
    figure's size then depends on the number of cells, never on the number of events.
    """
    lat, lon = np.asarray(lat, dtype="float64"), np.asarray(lon, dtype="float64")
    for step in GRID_STEPS:
        row = np.floor((lat + 90) / step).astype("int64")
        column = np.floor((lon + 180) / step).astype("int64")
        cell, uniques = pd.factorize(row * 100_000 + column)
        cells = len(uniques)
        if cells <= budget:
            break
    count = np.bincount(cell, minlength=cells)
    latitude = np.bincount(cell, weights=lat, minlength=cells) / np.maximum(count, 1)
    longitude = np.bincount(cell, weights=lon, minlength=cells) / np.maximum(count, 1)
    kind, names = pd.factorize(kinds, use_na_sentinel=False)  # a categorical: by its codes
    per_type = np.bincount(cell * len(names) + kind, minlength=cells * len(names))
    per_type = per_type.reshape(cells, max(len(names), 1))
    types = [_main_types(row, names, total) for row, total in zip(per_type, count, strict=True)]
    customdata = np.column_stack(
        [
            np.full(cells, "", dtype=object),
            np.array([f"{n:,}" for n in count], dtype=object),
            np.array(types, dtype=object),
        ]
    )
    return Clusters(latitude.round(5), longitude.round(5), count, customdata, step)


def _main_types(counts: np.ndarray, names: pd.Index, total: int) -> str:
    """'Military action 60% · Incident 30% · …': the two largest types of a cluster, escaped."""
    order = np.argsort(-counts, kind="stable")[:2]
    parts = [f"{type_name(str(names[i]))} {counts[i] / total:.0%}" for i in order if counts[i] > 0]
    more = np.count_nonzero(counts) > 2
    return " · ".join(parts) + (" · …" if more else "")  # type_name escapes each name


def _toll(number: float) -> str:
    return "not given" if np.isnan(number) else f"{number:,.0f}"


def map_frame(
    source: pd.DataFrame, positions: np.ndarray | None, budget: int
) -> tuple[pd.DataFrame, int]:
    """The located events among `positions` of `source` (None: all), and how many lack coordinates.

    Up to `budget` located events every column is copied out, to draw and describe each one;
    above it only what clusters need (coordinates and type), so a million events in view copy
    three columns instead of fifteen.
    """
    if positions is None:
        positions = np.arange(len(source))
    where = located(source[[schema.LATITUDE, schema.LONGITUDE]].take(positions))
    placed = int(where.sum())
    if placed > budget:
        source = source[[schema.LATITUDE, schema.LONGITUDE, schema.EVENT_TYPE]]
    return source.take(positions[where]), len(positions) - placed
