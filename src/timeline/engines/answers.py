"""Answers from SQL rows shaped as the in-memory path shapes them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from timeline import compare, schema

NO_REGISTRY = pd.DataFrame({name: pd.Series([], dtype="str") for name in schema.ACTOR_COLUMNS})


def stamp(value) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value).as_unit("ms")


def placements(
    positions: np.ndarray, lane: np.ndarray, lanes: list[str]
) -> tuple[np.ndarray, pd.DataFrame]:
    """The distinct events placed (ascending positions) and one row per (event, lane) placed,
    as `filters.Shown` holds them: event numbers into those positions, lanes as categories."""
    used, event = np.unique(positions, return_inverse=True)
    order = np.lexsort((lane, event))
    placed = pd.DataFrame(
        {
            "event": event[order].astype("int64"),
            "lane": pd.Categorical.from_codes(lane[order], pd.Index(lanes, dtype="str")),
        }
    )
    return used, placed


def ms(value) -> int:
    return int(pd.Timestamp(value).value // 1_000_000)


def zero_filled(cells: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The tidy frame `compare.activity` returns, from counts per (period, type) present."""
    if cells.empty:
        return compare.activity(pd.DataFrame({schema.START: [], schema.EVENT_TYPE: []}), freq=freq)
    first = cells["period"].to_numpy().astype("datetime64[D]")
    step = np.timedelta64(7, "D") if freq == "W" else np.timedelta64(1, "M")
    first = first if freq == "W" else first.astype("datetime64[M]")
    periods = np.arange(first.min(), first.max() + step, step)
    types = schema.type_order(cells[schema.EVENT_TYPE].astype("str"))
    at = ((first - first.min()) // step).astype("int64") * len(types)
    at += pd.Index(types).get_indexer(cells[schema.EVENT_TYPE].astype("str"))
    counts = np.bincount(at, weights=cells["n"].to_numpy(), minlength=len(periods) * len(types))
    return pd.DataFrame(
        {
            "period": np.repeat(periods.astype("datetime64[D]"), len(types)).astype(
                "datetime64[ms]"
            ),
            "event_type": pd.Series(np.tile(types, len(periods)), dtype="str"),
            "count": counts.astype("int64"),
        }
    )


def offered(counts: dict[str, int], types: list[str], theatres: list[str]) -> dict:
    """The controls' choices from pairs per actor and the distinct types and theatres."""
    present = set(types)
    ordered = [key for key in schema.EVENT_TYPES if key in present]
    ordered += sorted(present - set(ordered) - {""})
    return {
        "actors": sorted(counts, key=lambda actor: (-counts[actor], actor)),
        "types": ordered,
        "statuses": list(schema.STATUSES),
        "theatres": sorted(t for t in theatres if t),
    }


def days(low: dt.datetime | None, high: dt.datetime | None) -> tuple[dt.date, dt.date] | None:
    """First and last day from the earliest start and the latest (exclusive) end."""
    if low is None:
        return None
    return low.date(), (high - dt.timedelta(days=1)).date()
