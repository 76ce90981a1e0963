"""The chronology's words: dates as precisely as known, sources paired with their outlets."""

import io

import pytest

from timeline import chronology, load
from timeline.chronology import Source


@pytest.mark.parametrize(
    ("date", "end_date", "words"),
    [
        ("2020-10-27", "", "27 Oct 2020"),
        ("2020-10", "", "Oct 2020"),
        ("2020", "", "2020"),
        ("2020-10?", "", "Oct 2020?"),
        ("2020-10-27~", "", "c. 27 Oct 2020"),
        ("2020-10%", "", "c. Oct 2020?"),
        ("2020-10-27", "2020-10-31", "27–31 Oct 2020"),
        ("2020-10-27", "2020-11-02", "27 Oct – 2 Nov 2020"),
        ("2020-12-27", "2021-01-03", "27 Dec 2020 – 3 Jan 2021"),
        ("2020-10", "2020-11", "Oct – Nov 2020"),
        ("2020-12", "2021-01", "Dec 2020 – Jan 2021"),
        ("1993", "1994", "1993 – 1994"),
        ("2020-10-10", "2020-10-11~", "10 Oct 2020 – c. 11 Oct 2020"),
        ("2020-10-27", "2020-10-27", "27 Oct 2020"),
        ("2020-10", "2020-10-31", "Oct – 31 Oct 2020"),
        ("27/10/2020", "", "27/10/2020"),  # not EDTF: shown as written, never guessed
    ],
)
def test_dates_are_written_as_precisely_as_known(date, end_date, words):
    assert chronology.when(date, end_date) == words


@pytest.mark.parametrize(
    ("urls", "outlets", "expected"),
    [
        (
            "https://a.org/1 https://b.org/2",
            "A;B",
            [("A", "https://a.org/1"), ("B", "https://b.org/2")],
        ),
        (
            "https://a.org/1 https://b.org/2",
            "A",
            [("A", "https://a.org/1"), ("", "https://b.org/2")],
        ),
        ("https://a.org/1", "A;B", [("A", "https://a.org/1"), ("B", "")]),
        ("https://a.org/1 https://a.org/1", "A;A", [("A", "https://a.org/1")]),
        ("", "", []),
    ],
)
def test_sources_pair_addresses_with_outlets_in_order(urls, outlets, expected):
    assert chronology.sources(urls, outlets) == tuple(Source(*pair) for pair in expected)


def test_a_source_without_an_outlet_is_labelled_by_its_site():
    assert Source("", "https://www.reuters.com/world/x").label == "reuters.com"
    assert Source("Reuters", "https://www.reuters.com/world/x").label == "Reuters"


def test_entries_carry_labels_not_codes_and_never_a_literal_none():
    events = load(
        io.StringIO(
            "id,date,end_date,title,actors,event_type,status,source_url\n"
            "a,2020-10-27,2020-10-31,Talks,Iran;Turkey,negotiation,,https://example.org/a\n"
        ),
        name="one.csv",
    ).events
    (entry,) = chronology.entries(events)
    assert entry.when == "27–31 Oct 2020"
    assert entry.actors == ("Iran", "Turkey")
    assert entry.event_type == "Negotiations / talks"
    assert entry.status == "Not stated"
    assert entry.description == ""
    assert "None" not in repr([entry.description, entry.status, entry.sources])


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (25, 1), (26, 2), (1000, 40)])
def test_pages_hold_page_size_entries(count, pages):
    assert chronology.pages(count, 25) == pages


def test_an_entry_is_found_on_its_page():
    assert [chronology.page_of(position, 25) for position in (0, 24, 25, 60)] == [1, 1, 2, 3]
