"""The source registry, per-event strength, fragile URLs and the policy report."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import timeline
from timeline import schema
from timeline.read import DataFileError
from timeline.sources import citations, load_sources, registered_domain, source_report, strength
from timeline.sources import registry as source_registry
from timeline.sources.report import render
from timeline.sources.urls import fragile_urls, repeated_urls

REGISTRY_CSV = """domain,name,kind,country
un.org,United Nations,primary,
press.un.org,UN press releases,primary,
reuters.com,Reuters,wire,United Kingdom
apnews.com,Associated Press,wire,United States
example-press.org,Example Press,press,
example-tank.org,Example Institute,think tank,
tass.com,TASS,state media,Russia
irna.ir,IRNA,state media,Iran
wikipedia.org,Wikipedia,reference,
mirror.example,Mirror,weak,
"""


@pytest.fixture
def sources() -> pd.DataFrame:
    return load_sources(io.StringIO(REGISTRY_CSV), name="sources.csv")


def events_citing(*cells: str) -> pd.DataFrame:
    """A minimal loaded-events frame: one event per source_url cell."""
    return pd.DataFrame(
        {
            schema.ID: [f"e{number}" for number in range(len(cells))],
            schema.TITLE: [f"Event {number}" for number in range(len(cells))],
            schema.SOURCE_URL: pd.Series(list(cells), dtype="str"),
            schema.ROW: range(2, len(cells) + 2),
        }
    )


def registry_error(text: str) -> str:
    with pytest.raises(DataFileError) as error:
        load_sources(io.StringIO(text), name="sources.csv")
    return str(error.value)


def test_registry_loads_with_domains_lowercased_without_www_or_trailing_dot():
    registry = load_sources(
        io.StringIO("domain,name,kind\nWWW.Reuters.COM.,Reuters,wire\n"), name="sources.csv"
    )
    assert registry[schema.SOURCE_DOMAIN].tolist() == ["reuters.com"]
    assert registry[schema.SOURCE_COUNTRY].tolist() == [""]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (",Reuters,wire", "sources.csv:2: domain: empty"),
        ("reuters.com,,wire", "sources.csv:2: name: empty"),
        (
            "reuters.com,Reuters,news",
            "sources.csv:2: kind: 'news' is not one of primary, wire, press, state media, "
            "think tank, reference, weak",
        ),
        (
            "https://reuters.com/world,Reuters,wire",
            "sources.csv:2: domain: 'https://reuters.com/world' is not a host name",
        ),
        (
            "reuters.com:443,Reuters,wire",
            "sources.csv:2: domain: 'reuters.com:443' is not a host name",
        ),
        ("reuters,Reuters,wire", "sources.csv:2: domain: 'reuters' is not a host name"),
    ],
)
def test_malformed_registry_row_names_file_row_and_column(line, message):
    assert message in registry_error(f"domain,name,kind\n{line}\n")


def test_registry_lists_every_problem_and_repeated_domains_after_normalising():
    error = registry_error(
        "domain,name,kind\nreuters.com,Reuters,wire\nwww.reuters.com,Reuters again,wire\n"
        "tass.com,TASS,state\n"
    )
    assert error.splitlines() == [
        "sources.csv:4: kind: 'state' is not one of primary, wire, press, state media, "
        "think tank, reference, weak",
        "sources.csv:3: domain: 'reuters.com' is listed twice",
    ]


def test_registry_without_a_kind_column_is_refused_at_row_1():
    assert registry_error("domain,name\nreuters.com,Reuters\n") == (
        "sources.csv: row 1: missing column(s) kind"
    )


def test_bundled_registry_loads_and_uses_only_known_kinds():
    registry = load_sources()
    assert len(registry) > 100
    assert registry[schema.SOURCE_KIND].isin(list(schema.SOURCE_KINDS)).all()


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.reuters.com", "reuters.com"),
        ("uk.reuters.com", "reuters.com"),
        ("REUTERS.COM.", "reuters.com"),
        ("press.un.org", "press.un.org"),  # the more specific entry wins
        ("digitallibrary.un.org", "un.org"),
        ("en.wikipedia.org", "wikipedia.org"),
        ("notreuters.com", ""),  # a suffix match is by whole labels only
        ("reuters.com.evil.example", ""),
        ("", ""),
    ],
)
def test_host_falls_under_its_most_specific_registered_domain(sources, host, domain):
    assert registered_domain(pd.Series([host], dtype="str"), sources).tolist() == [domain]


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        ("https://press.un.org/en/2020/sc14277.doc.htm", "strong"),
        ("https://www.reuters.com/a https://example-press.org/b", "strong"),
        ("https://example-tank.org/a https://apnews.com/b", "strong"),
        ("https://www.reuters.com/a https://uk.reuters.com/b", "single"),  # one outlet twice
        ("https://example-press.org/a", "single"),
        ("https://example-press.org/a https://tass.com/b", "single"),
        ("https://example-press.org/a https://mirror.example/b", "single"),
        ("https://tass.com/a https://irna.ir/b", "state media only"),
        ("https://tass.com/a https://en.wikipedia.org/wiki/B", "state media only"),
        ("https://mirror.example/a", "weak only"),
        ("https://en.wikipedia.org/wiki/A https://mirror.example/b", "weak only"),
        ("https://unknown.example/a", "unrated"),
        ("https://example-press.org/a https://unknown.example/b", "unrated"),
        ("https://tass.com/a https://unknown.example/b", "unrated"),
        ("https://un.org/a https://unknown.example/b", "strong"),  # already strong
        ("", "unrated"),
    ],
)
def test_strength_of_an_event(sources, urls, expected):
    assert strength(events_citing(urls), sources).tolist() == [expected]


def test_strength_is_categorical_in_vocabulary_order_and_indexed_like_the_events(sources):
    events = events_citing("https://tass.com/a", "https://un.org/b").set_index(pd.Index([10, 20]))
    result = strength(events, sources)
    assert list(result.cat.categories) == list(schema.STRENGTHS)
    assert result.index.tolist() == [10, 20]
    assert result.tolist() == ["state media only", "strong"]


def test_strength_of_many_events_matches_each_event_alone(sources):
    cells = ["https://un.org/a", "https://tass.com/a", "", "https://mirror.example/x"] * 2500
    result = strength(events_citing(*cells), sources)
    assert result.value_counts().to_dict() == {
        "strong": 2500,
        "state media only": 2500,
        "unrated": 2500,
        "weak only": 2500,
        "single": 0,
    }


def test_unrated_uploads_are_rated_not_rejected_with_an_empty_registry():
    empty = load_sources(io.StringIO("domain,name,kind\n"), name="sources.csv")
    assert strength(events_citing("https://un.org/a"), empty).tolist() == ["unrated"]


def test_citations_list_each_url_with_its_registry_entry(sources):
    cited = citations(events_citing("https://uk.reuters.com/a  https://nowhere.example/b"), sources)
    assert cited[[schema.EVENT, schema.HOST, schema.SOURCE_DOMAIN, schema.SOURCE_KIND]].to_dict(
        "records"
    ) == [
        {"event": 0, "host": "uk.reuters.com", "domain": "reuters.com", "kind": "wire"},
        {"event": 0, "host": "nowhere.example", "domain": "", "kind": ""},
    ]


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("https://gateway.ipfs.io/ipfs/QmXoy/wiki/Resolution_874.html", "ipfs"),
        ("https://bafybeia.ipfs.dweb.link/wiki/Resolution_822", "ipfs"),
        ("https://en.wikipedia-on-ipfs.org/wiki/July_2020_protests", "ipfs"),
        ("https://cloudflare-ipfs.com/ipfs/QmXoy/index.html", "ipfs"),
        ("https://justthenews.com./world/truce", "trailing-dot"),
        ("https://rfe.pangea-cms.com/preview/hy-AM/a/30917035.html", "preview"),
        ("https://example.org/?p=40357", "preview"),
        ("https://example.org/news/story?preview=true&id=3", "preview"),
        ("https://example.org/wp-admin/post.php?post=3", "preview"),
        (
            "https://web.archive.org/web/2021/https://archive.ph/abcd",
            "archive-of-archive",
        ),
        (
            "https://archive.today/2020/http://web.archive.org/web/2019/https://x.org",
            "archive-of-archive",
        ),
        ("https://exa%6dple.org/a", "malformed"),
        ("https://https://example.org/a", "malformed"),
        ("https:///no-host", "malformed"),
        ("https://example.org/story/amp", "copy"),
        ("https://example.org/amp/story", "copy"),
        ("https://example.org/story/feed", "copy"),
        ("https://example.org/story?utm_source=rss&utm_medium=web", "tracking"),
    ],
)
def test_fragile_url_is_flagged_with_its_rule(sources, url, rule):
    flagged = fragile_urls(citations(events_citing(url), sources))
    assert flagged["rule"].tolist() == [rule]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reuters.com/world/middle-east/story-2020-10-18/",
        "https://web.archive.org/web/2020/https://example.org/a",  # one archived copy is fine
        "https://example.org/ipfs-explained",
        "https://example.org/preview-of-the-summit",
        "https://undocs.org/S/RES/822(1993)",
        "https://example.org/news?page=2",
        "https://пример.рф/новости",
    ],
)
def test_sound_url_is_not_flagged(sources, url):
    assert fragile_urls(citations(events_citing(url), sources)).empty


def test_a_url_cited_twice_by_one_event_is_repeated_and_by_two_events_shared(sources):
    cited = citations(
        events_citing(
            "https://www.reuters.com/a http://reuters.com/a/",
            "https://reuters.com/a#section",
            "https://un.org/b",
        ),
        sources,
    )
    twice, shared = repeated_urls(cited)
    assert twice.to_dict("records") == [{"event": 0, "url": "http://reuters.com/a/"}]
    assert shared.to_dict("records") == [{"url": "https://www.reuters.com/a", "events": [0, 1]}]


def test_report_names_each_broken_rule_and_lists_offending_rows(sources):
    events = events_citing(
        "https://un.org/a",
        "https://mirror.example/a",
        "https://tass.com/a https://mirror.example/ipfs/Qm/x",
        "https://unknown.example/a",
        "https://example-press.org/a",
    )
    report = source_report(events, sources, "events.csv")
    assert report.failures() == [
        "1 event(s) rest on weak sources only",
        "3 event(s) cite no primary or independent source",
        "1 domain(s) are not in the source registry",
        "1 URL(s) are malformed or fragile",
    ]
    lines = render(report)
    assert "events.csv:3: e1: weak only (error)" in lines
    assert "events.csv:6: e4: single independent source (note)" in lines
    assert (
        "events.csv:5: source_url: 'unknown.example' is not in the source registry "
        "(cited by 1 event(s)) (error)"
    ) in lines
    assert lines[-1] == (
        "events.csv: sources: 1 strong, 1 single, 1 state media only, 1 weak only, 1 unrated; "
        "policy broken: 1 event(s) rest on weak sources only; 3 event(s) cite no primary or "
        "independent source; 1 domain(s) are not in the source registry; "
        "1 URL(s) are malformed or fragile"
    )


def test_report_of_a_clean_file_meets_the_policy_and_lists_each_event_kinds(sources):
    report = source_report(
        events_citing("https://un.org/a https://tass.com/b"), sources, "events.csv"
    )
    assert report.failures() == []
    assert render(report) == [
        "events.csv:2: e0: strong (primary, state media)",
        "events.csv: sources: 1 strong, 0 single, 0 state media only, 0 weak only, 0 unrated; "
        "policy met",
    ]


def test_notes_about_amp_copies_do_not_break_the_policy(sources):
    report = source_report(
        events_citing("https://un.org/a/amp https://example-press.org/b?utm_source=x"),
        sources,
        "events.csv",
    )
    assert len(report.fragile) == 2
    assert report.failures() == []


def test_a_dataset_rates_its_events_once_by_the_bundled_registry(monkeypatch, tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(REGISTRY_CSV, encoding="utf-8")
    monkeypatch.setattr(source_registry, "BUNDLED_SOURCES", path)
    events = io.StringIO(
        "id,date,title,actors,source_url\n"
        "a,2020-10-06,Talks,Iran,https://un.org/a\n"
        "b,2020-10-07,Talks,Iran,https://tass.com/b\n"
    )
    dataset = timeline.load(events, name="events.csv")
    assert dataset.source_strength.tolist() == ["strong", "state media only"]
    assert dataset.source_strength is dataset.source_strength  # computed once, then kept
    assert dataset.source_strength.index.equals(dataset.events.index)


def test_a_text_column_stored_in_several_arrow_chunks_is_rated_like_one(sources):
    events = pd.concat([events_citing("https://un.org/a"), events_citing("https://tass.com/b")])
    events = events.reset_index(drop=True)
    assert strength(events, sources).tolist() == ["strong", "state media only"]
    assert len(source_report(events, sources, "events.csv").fragile) == 0
