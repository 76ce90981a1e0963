"""URLs an analyst cannot rely on: malformed, trailing-dot hosts, IPFS, previews, archive chains."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema
from timeline.sources.strength import contiguous

_ARCHIVE = (
    r"(?:web\.archive\.org|wayback\.archive\.org|archive\.(?:ph|today|is|li|vn|fo|md)"
    r"|webcitation\.org|ghostarchive\.org|webcache\.googleusercontent\.com|cachedview\.)"
)
_PATH = r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*"  # everything up to where the path starts

# (rule, pattern over the URL, message); the first matching rule is reported.
_URL_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "malformed",
        r"(?i)^https?://(?:https?:?/*|www\.?)?https?[:/]",
        "repeats its scheme (https://https://…)",
    ),
    (
        "archive-of-archive",
        rf"(?i){_ARCHIVE}.*{_ARCHIVE}",
        "an archive of an archive: cite the original page, or one archived copy of it",
    ),
    (
        "ipfs",
        r"(?i)^[a-z][a-z0-9+.-]*://(?:[^/?#]*[.-])?(?:ipfs|ipns)[.-][^/?#]*|"
        r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*/(?:ipfs|ipns)/|\.dweb\.link(?:[:/?#]|$)",
        "an IPFS gateway copy: cite the publisher's own page",
    ),
    (
        "preview",
        r"(?i)[?&](?:preview|preview_id|preview_nonce|p|page_id|draft)=|"
        rf"{_PATH}/(?:[^?#]*/)?(?:preview|wp-admin|draft)(?:/|$|\?)",
        "a CMS preview or shortlink: cite the article's published address",
    ),
    (
        "copy",
        rf"(?i){_PATH}/(?:amp/|(?:[^?#]*/)?(?:amp|feed)/?(?:$|[?#]))|[?&](?:amp|outputType=amp)\b",
        "an AMP or feed copy: cite the article's canonical page",
    ),
    (
        "tracking",
        r"(?i)[?&](?:utm_[a-z]+|fbclid|gclid|traffic_source|debut_ssra|page_courante)=",
        "carries tracking or paging parameters: cite the address without them",
    ),
)


#: Rules that only note a non-canonical address of the publisher's own page; the others break
#: the source policy (docs/curation.md).
NOTE_RULES: tuple[str, ...] = ("copy", "tracking")


def fragile_urls(cited: pd.DataFrame) -> pd.DataFrame:
    """Citations whose URL is malformed or fragile: `event`, `url`, `rule`, `message`.

    `rule` is one of malformed, trailing-dot, archive-of-archive, ipfs, preview (policy errors)
    or copy, tracking (notes: the publisher's page at a non-canonical address). Host rules are
    judged once per distinct host; the URL rules first by one combined pattern, then one by one
    on the few URLs it catches.
    """
    host_rule = _host_rules(cited[schema.HOST])
    urls = contiguous(cited[schema.URL])
    union = "|".join(f"(?:{_inline(pattern)})" for _, pattern, _ in _URL_RULES)
    caught = pc.match_substring_regex(urls, union).to_numpy(zero_copy_only=False)
    found = (host_rule >= 0) | caught
    rule = host_rule[found].copy()
    candidates = pd.Series(cited[schema.URL].to_numpy()[found], dtype="str")
    for number, (_, pattern, _) in enumerate(_URL_RULES, start=len(_HOST_RULES)):
        rule[(rule < 0) & candidates.str.contains(pattern, regex=True).to_numpy()] = number
    every = _HOST_RULES + _URL_RULES
    kept = rule >= 0
    return pd.DataFrame(
        {
            schema.EVENT: cited[schema.EVENT].to_numpy()[found][kept],
            schema.URL: candidates.to_numpy()[kept],
            "rule": [every[number][0] for number in rule[kept]],
            "message": [every[number][2] for number in rule[kept]],
        }
    )


_HOST_RULES: tuple[tuple[str, str, str], ...] = (
    ("malformed", r"^$", "names no host"),
    ("malformed", r"[^\w.\-\[\]:]|\.\.|^[.\-]", "has a host name that is not valid"),
    ("trailing-dot", r"\.$", "has a host name ending in a dot"),
)


def _host_rules(hosts: pd.Series) -> np.ndarray:
    """Each citation's host rule (an index into _HOST_RULES, -1 when sound), per distinct host."""
    distinct = pd.Series(hosts.cat.categories, dtype="str")
    rule = np.full(len(distinct) + 1, -1, dtype="int64")  # the extra slot: code -1, no host
    for number, (_, pattern, _) in enumerate(_HOST_RULES):
        matches = distinct.str.contains(pattern, regex=True).to_numpy()
        rule[:-1][(rule[:-1] < 0) & matches] = number
    return rule[hosts.cat.codes.to_numpy()]


def _inline(pattern: str) -> str:
    """A rule's pattern with its leading (?i) made local, so patterns can be joined with |."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else pattern


def url_key(urls: pd.Series) -> pa.Array:
    """URLs compared as the same page: no scheme, `www.`, fragment or trailing slash; host lower."""
    text = contiguous(urls)
    parts = pc.extract_regex(
        text, r"^(?i:[a-z][a-z0-9+.-]*://(?:www\.)?)(?P<host>[^/?#]*)(?P<rest>[^#]*)"
    )
    host = pc.utf8_rtrim(pc.utf8_lower(pc.struct_field(parts, [0])), characters=".")
    rest = pc.utf8_rtrim(pc.struct_field(parts, [1]), characters="/")
    joined = pc.binary_join_element_wise(host, rest, pa.scalar("", pa.large_string()))
    return pc.fill_null(joined, text)


def repeated_urls(cited: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(URLs an event cites twice: `event`, `url`; URLs shared by events: `url`, `events`)."""
    event = cited[schema.EVENT].to_numpy()
    page = pc.dictionary_encode(url_key(cited[schema.URL])).indices.to_numpy(zero_copy_only=False)
    pages = int(page.max(initial=0)) + 1
    twice = pd.Series(event * pages + page).duplicated().to_numpy()
    once = ~twice
    shared = once & (np.bincount(page[once], minlength=pages) > 1)[page]
    urls = cited[schema.URL].to_numpy()
    sharing = pd.DataFrame({"page": page[shared], schema.EVENT: event[shared], "url": urls[shared]})
    grouped = sharing.groupby("page", sort=False)
    across = pd.DataFrame(
        {schema.URL: grouped["url"].first(), "events": grouped[schema.EVENT].agg(list)}
    )
    repeated = pd.DataFrame({schema.EVENT: event[twice], schema.URL: urls[twice]})
    return repeated, across.reset_index(drop=True)
