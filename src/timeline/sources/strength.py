"""Which sources each event cites, and how strongly it is sourced: pure and vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema
from timeline.sources.registry import domain_of, normalise_host

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
# Kinds in a fixed order, "" (not in the registry) last: the codes of the `kind` column.
KIND_ORDER: tuple[str, ...] = (*schema.SOURCE_KINDS, "")


def citations(events: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per URL an event cites: the event's position, the URL, its host and registry entry.

    `host`, `domain`, `name` and `kind` are categoricals; the last three are "" for a host the
    registry does not list. Hosts are matched once per distinct host, not once per URL.
    """
    urls = contiguous(events[schema.SOURCE_URL].fillna("").astype("str"))
    split = pc.split_pattern_regex(urls, r"\s+")
    flat, parents = pc.list_flatten(split), pc.list_parent_indices(split)
    cited = pc.not_equal(flat, "")
    flat, parents = flat.filter(cited), parents.filter(cited)
    hosts = pc.utf8_lower(pc.fill_null(pc.struct_field(pc.extract_regex(flat, _HOST), [0]), ""))
    encoded = pc.dictionary_encode(hosts)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    distinct = encoded.dictionary.to_pylist()
    entries = registry.set_index(schema.SOURCE_DOMAIN)
    known = set(entries.index)
    domains = [domain_of(normalise_host(host), known) for host in distinct]
    table = pd.DataFrame(
        {
            schema.EVENT: parents.to_numpy(zero_copy_only=False).astype("int64"),
            schema.URL: flat.to_pandas(types_mapper=_as_str),
            schema.HOST: pd.Categorical.from_codes(codes, categories=pd.Index(distinct)),
        }
    )
    table[schema.SOURCE_DOMAIN] = _per_host(codes, domains)
    for column in (schema.SOURCE_OUTLET, schema.SOURCE_KIND):
        looked_up = [entries.at[domain, column] if domain else "" for domain in domains]
        order = KIND_ORDER if column == schema.SOURCE_KIND else None
        table[column] = _per_host(codes, looked_up, order)
    return table[list(CITATION_COLUMNS)]


def contiguous(text: pd.Series) -> pa.Array:
    """A text column as one Arrow array (a pyarrow-backed column may come in chunks)."""
    array = pa.array(text, type=pa.large_string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _as_str(_: pa.DataType) -> pd.StringDtype:
    return pd.StringDtype("pyarrow", na_value=np.nan)


def _per_host(codes: np.ndarray, values: list[str], order=None) -> pd.Categorical:
    """A categorical with each citation's value, given one value per distinct host."""
    categories = list(order) if order is not None else list(dict.fromkeys(values))
    position = {value: number for number, value in enumerate(categories)}
    lookup = np.array([position[value] for value in values], dtype="int32")
    return pd.Categorical.from_codes(lookup[codes] if len(codes) else codes, categories)


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
    return strength_from_tally(tally_kinds(cited, count), index=index)


def strength_from_tally(tally: dict[str, np.ndarray], *, index=None) -> pd.Series:
    """Strength of each event from its `tally_kinds` counts."""
    strong = (tally[schema.PRIMARY_KIND] > 0) | (tally["independent"] >= 2)
    unrated = ~strong & ((tally[""] > 0) | (tally["cited"] == 0))
    codes = np.select(
        [strong, unrated, tally["independent"] == 1, tally[schema.STATE_MEDIA_KIND] > 0],
        [0, 4, 1, 2],
        default=3,
    )
    categories = pd.CategoricalDtype(list(schema.STRENGTHS))
    values = pd.Categorical.from_codes(codes.astype("int8"), dtype=categories)
    return pd.Series(values, index=index, name="strength")


def tally_kinds(cited: pd.DataFrame, count: int) -> dict[str, np.ndarray]:
    """Per event: URLs cited (`cited`), URLs of each kind ("" = unregistered), and distinct
    independent domains (`independent`: two articles from one outlet are one source)."""
    event = cited[schema.EVENT].to_numpy()
    kind = cited[schema.SOURCE_KIND].cat.codes.to_numpy()
    tally = {
        name: np.bincount(event[kind == number], minlength=count)
        for number, name in enumerate(KIND_ORDER)
    }
    tally["cited"] = np.bincount(event, minlength=count)
    independent = np.isin(kind, [KIND_ORDER.index(name) for name in schema.INDEPENDENT_KINDS])
    domain = cited[schema.SOURCE_DOMAIN].cat.codes.to_numpy().astype("int64")
    pairs = np.unique(event[independent] * (domain.max(initial=0) + 1) + domain[independent])
    tally["independent"] = np.bincount(pairs // (domain.max(initial=0) + 1), minlength=count)
    return tally


def kinds_cited(cited: pd.DataFrame, count: int) -> np.ndarray:
    """Per event, the kinds it cites in vocabulary order, e.g. 'primary, state media'."""
    event = cited[schema.EVENT].to_numpy()
    kind = cited[schema.SOURCE_KIND].cat.codes.to_numpy()
    mask = np.zeros(count, dtype="int64")
    for number in range(len(KIND_ORDER)):
        mask |= (np.bincount(event[kind == number], minlength=count) > 0) << number
    names = [name or "unregistered" for name in KIND_ORDER]
    spelled = [
        ", ".join(name for bit, name in enumerate(names) if value >> bit & 1)
        for value in range(1 << len(names))
    ]
    return np.array(spelled, dtype=object)[mask]


def strength_counts(strengths: pd.Series) -> str:
    """`sources: 80 strong, 20 single, ...` for a strength series, every strength named."""
    counts = strengths.value_counts(sort=False).reindex(list(schema.STRENGTHS), fill_value=0)
    return "sources: " + ", ".join(f"{counts[key]} {key}" for key in schema.STRENGTHS)
