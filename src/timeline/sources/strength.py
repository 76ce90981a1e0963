"""Which sources each event cites, and how strongly it is sourced: pure and vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema
from timeline.sources.registry import registered_domain

# Scheme, optional user info, then the host (a bracketed IP literal or up to / ? # or a port).
_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?P<host>\[[^\]]*\]|[^/?#:]*)"

CITATION_COLUMNS: tuple[str, ...] = (
    schema.EVENT,
    schema.URL,
    schema.HOST,
    schema.SOURCE_DOMAIN,
    schema.SOURCE_OUTLET,
    schema.SOURCE_KIND,
)


def citations(events: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per URL an event cites: the event's position, the URL, its host and registry entry.

    `domain`, `name` and `kind` are "" for a host the registry does not list.
    """
    urls = pa.array(events[schema.SOURCE_URL].fillna("").astype("str"), type=pa.large_string())
    split = pc.split_pattern_regex(urls, r"\s+")
    flat = pc.list_flatten(split)
    parents = pc.list_parent_indices(split)
    cited = pc.not_equal(flat, "")
    flat, parents = flat.filter(cited), parents.filter(cited)
    hosts = pc.struct_field(pc.extract_regex(flat, _HOST), [0])
    hosts = pc.utf8_lower(pc.fill_null(hosts, ""))
    table = pd.DataFrame(
        {
            schema.EVENT: parents.to_numpy(zero_copy_only=False).astype("int64"),
            schema.URL: _text(flat),
            schema.HOST: _text(hosts),
        }
    )
    table[schema.SOURCE_DOMAIN] = registered_domain(table[schema.HOST], registry)
    entries = registry.set_index(schema.SOURCE_DOMAIN)
    domains = table[schema.SOURCE_DOMAIN].to_numpy()
    for column in (schema.SOURCE_OUTLET, schema.SOURCE_KIND):
        found = entries[column].astype("str").reindex(domains).fillna("")
        table[column] = found.to_numpy()
    return table[list(CITATION_COLUMNS)]


def _text(values: pa.Array) -> pd.Series:
    return values.to_pandas(types_mapper=lambda _: pd.StringDtype("pyarrow", na_value=np.nan))


def strength(events: pd.DataFrame, registry: pd.DataFrame) -> pd.Series:
    """Each event's source strength, a categorical over `schema.STRENGTHS`, indexed like events.

    strong: a primary source, or independent sources (wire, press, think tank) from two
    registry domains; single: one independent domain; state media only; weak only (encyclopedias,
    mirrors, reposts). An event not already strong that cites a domain the registry does not list,
    or cites nothing, is unrated: its grade is unknown, not bad.
    """
    return strength_of(citations(events, registry), len(events), index=events.index)


def strength_of(cited: pd.DataFrame, count: int, *, index: pd.Index | None = None) -> pd.Series:
    """Strength of `count` events from their citation table (see `strength`)."""
    tally = tally_kinds(cited, count)
    strong = (tally["primary"] > 0) | (tally["independent"] >= 2)
    unrated = ~strong & ((tally["unregistered"] > 0) | (tally["cited"] == 0))
    codes = np.select(
        [strong, unrated, tally["independent"] == 1, tally["state_media"] > 0],
        [0, 4, 1, 2],
        default=3,
    )
    categories = pd.CategoricalDtype(list(schema.STRENGTHS))
    values = pd.Categorical.from_codes(codes.astype("int8"), dtype=categories)
    return pd.Series(values, index=index, name="strength")


def tally_kinds(cited: pd.DataFrame, count: int) -> dict[str, np.ndarray]:
    """Per event: URLs cited, primary URLs, independent domains, state-media and unknown URLs."""
    event = cited[schema.EVENT].to_numpy()
    kind = cited[schema.SOURCE_KIND]

    def per_event(mask: pd.Series) -> np.ndarray:
        return np.bincount(event[mask.to_numpy()], minlength=count)

    independent = cited[kind.isin(list(schema.INDEPENDENT_KINDS)).to_numpy()]
    # Two articles from one outlet are one independent source, not two.
    distinct = independent.drop_duplicates([schema.EVENT, schema.SOURCE_DOMAIN])
    return {
        "cited": np.bincount(event, minlength=count),
        "primary": per_event(kind == schema.PRIMARY_KIND),
        "independent": np.bincount(distinct[schema.EVENT].to_numpy(), minlength=count),
        "state_media": per_event(kind == schema.STATE_MEDIA_KIND),
        "unregistered": per_event(kind == ""),
    }


def strength_counts(strengths: pd.Series) -> str:
    """`sources: 80 strong, 20 single, ...` for a strength series, every strength named."""
    counts = strengths.value_counts(sort=False).reindex(list(schema.STRENGTHS), fill_value=0)
    return "sources: " + ", ".join(f"{counts[key]} {key}" for key in schema.STRENGTHS)
