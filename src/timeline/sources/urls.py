"""URLs an analyst cannot rely on: malformed, trailing-dot hosts, IPFS, previews, archive chains."""

from __future__ import annotations

import pandas as pd

from timeline import schema

_ARCHIVE = (
    r"(?:web\.archive\.org|wayback\.archive\.org|archive\.(?:ph|today|is|li|vn|fo|md)"
    r"|webcitation\.org|ghostarchive\.org|webcache\.googleusercontent\.com|cachedview\.)"
)
_PATH = r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*"  # everything up to where the path starts

# (rule, pattern over the URL, message); the first matching rule is reported.
_URL_RULES: tuple[tuple[str, str, str], ...] = (
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
    or copy, tracking (notes: the publisher's page at a non-canonical address).
    """
    urls, hosts = cited[schema.URL], cited[schema.HOST]
    rule = pd.Series("", index=cited.index, dtype="str")
    message = rule.copy()

    def flag(mask: pd.Series, name: str, text: str) -> None:
        fresh = mask.fillna(False).astype(bool) & (rule == "")
        rule[fresh] = name
        message[fresh] = text

    flag(hosts == "", "malformed", "names no host")
    flag(
        hosts.str.contains(r"[^\w.\-\[\]:]|\.\.|^[.\-]", regex=True),
        "malformed",
        "has a host name that is not valid",
    )
    flag(
        urls.str.match(r"(?i)^https?://(?:https?:?/*|www\.?)?https?[:/]"),
        "malformed",
        "repeats its scheme (https://https://…)",
    )
    flag(hosts.str.endswith("."), "trailing-dot", "has a host name ending in a dot")
    for name, pattern, text in _URL_RULES:
        flag(urls.str.contains(pattern, regex=True), name, text)
    found = rule != ""
    return pd.DataFrame(
        {
            schema.EVENT: cited[schema.EVENT][found],
            schema.URL: urls[found],
            "rule": rule[found],
            "message": message[found],
        }
    ).reset_index(drop=True)


def url_key(urls: pd.Series) -> pd.Series:
    """URLs compared as the same page: no scheme, `www.`, fragment or trailing slash; host lower."""
    bare = urls.str.replace(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)?", "", regex=True)
    bare = bare.str.replace(r"#.*$", "", regex=True).str.rstrip("/")
    host = bare.str.extract(r"^([^/?#]*)", expand=False).str.lower().str.rstrip(".")
    rest = bare.str.replace(r"^[^/?#]*", "", regex=True)
    return (host + rest).astype("str")


def repeated_urls(cited: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(URLs an event cites twice: `event`, `url`; URLs shared by events: `url`, `events`)."""
    keyed = cited.assign(key=url_key(cited[schema.URL]))
    twice = keyed[keyed.duplicated([schema.EVENT, "key"])][[schema.EVENT, schema.URL]]
    once = keyed.drop_duplicates([schema.EVENT, "key"])
    shared = once[once["key"].duplicated(keep=False)]
    events = shared.groupby("key", sort=False)[schema.EVENT].agg(list)
    first = shared.drop_duplicates("key").set_index("key")[schema.URL]
    across = pd.DataFrame({schema.URL: first, "events": events.reindex(first.index)})
    return twice.reset_index(drop=True), across.reset_index(drop=True)
