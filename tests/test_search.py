"""Search: every word, any order, case- and accent-insensitive, over the columns analysts read."""

import io

import numpy as np
import pandas as pd
import pytest

from timeline import filters, load, search
from timeline.filters import View

EVENTS = """id,date,title,description,actors,event_type,source_url,location,tags
erdogan,2020-10-02,Erdoğan backs Baku,Speech in Ankara,Turkey,statement,https://example.org/1,Ankara,speech
lavrov,2020-10-09,Talks in Moscow,Lavrov hosts the foreign ministers,Russia,negotiation,https://example.org/2,Moscow,talks;ceasefire
tabriz,2020-10-20,Shells land near the border,"Rockets fell in villages near Khoda Afarin",Iran,incident,https://example.org/3,Tabriz,border;spillover
velayati,2020-10-26,Adviser warns Ankara,Velayati says Turkey must stay out,Iran;Ali Akbar Velayati,statement,https://example.org/4,Tehran,
quoted,2020-11-01,Peace talks stall,"The talks on peace stalled, sources said",Armenia;Azerbaijan,negotiation,https://example.org/5,Geneva,
"""


@pytest.fixture(scope="module")
def dataset():
    return load(io.StringIO(EVENTS), name="search.csv")


def found(dataset, text: str) -> list[str]:
    return filters.apply(View(text=text), dataset)["id"].tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erdogan", ["erdogan"]),  # no accent typed, accented in the data
        ("ERDOĞAN", ["erdogan"]),  # accent and capitals typed
        ("baku erdogan", ["erdogan"]),  # any order
        ("talks moscow", ["lavrov"]),  # title and location together
        ("velayati ankara", ["velayati"]),  # actors column and title
        ("spillover", ["tabriz"]),  # tags
        ("tabriz", ["tabriz"]),  # location
        ("khoda afarin", ["tabriz"]),  # description
        ("ankara", ["erdogan", "velayati"]),
        ("ankara moscow", []),  # every word must match, not any
        ('"peace talks"', ["quoted"]),  # a quoted phrase matches as written...
        ('"talks peace"', []),  # ...and only so
        ("talks peace", ["quoted"]),
        ("", ["erdogan", "lavrov", "tabriz", "velayati", "quoted"]),
    ],
)
def test_every_word_matches_in_any_order_ignoring_case_and_accents(dataset, text, expected):
    assert found(dataset, text) == expected


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Erdoğan", "erdogan"),
        ("İstanbul", "istanbul"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Ørsted", "orsted"),
        ("Aliyev’s", "aliyev's"),
        ("Cafe\u0301", "cafe"),  # a combining accent, as some files store it
    ],
)
def test_folding_removes_case_and_accents(typed, folded):
    assert search.fold_one(typed) == folded


def test_regular_expression_characters_are_searched_as_written(dataset):
    assert found(dataset, "(border") == []
    assert found(dataset, "rockets.*villages") == []


def test_a_search_within_a_narrowed_view_looks_only_at_the_rows_in_view(dataset):
    positions = filters.select(View(actors=("Iran",), text="ankara"), dataset)
    assert dataset.events["id"].iloc[positions].tolist() == ["velayati"]


def test_a_search_at_the_length_limit_is_used_whole():
    text = "x" * search.MAX_LENGTH
    query = search.parse(text)
    assert query.terms == (text,)
    assert query.notice == ""


def test_a_search_over_the_length_limit_names_the_words_left_out():
    text = ("word " * 40).strip() + " lastword"
    assert len(text) > search.MAX_LENGTH
    query = search.parse(text)
    assert query.terms == ("word",)
    assert "lastword" in query.notice
    assert str(search.MAX_LENGTH) in query.notice


def test_a_cut_never_leaves_a_phrase_open():
    text = 'iran "' + "a " * 120 + '"'
    query = search.parse(text)
    assert query.terms == ("iran",)
    assert query.left_out.startswith('"a')


def test_matches_marks_the_rows_holding_every_term(dataset):
    rows = np.arange(len(dataset.events))
    keep = search.matches(dataset.search_text, rows, search.parse("ankara adviser"))
    assert keep.tolist() == [False, False, False, True, False]


@pytest.mark.parametrize("share", [1.0, 0.5, 0.05])
def test_matches_agrees_with_a_plain_reading_whatever_share_of_rows_is_in_view(share):
    words = ["Erdoğan", "talks", "Baku", "ceasefire", "Tehran", "drone", "ÇAVUŞOĞLU"]
    rng = np.random.default_rng(3)
    titles = [" ".join(rng.choice(words, 3)) for _ in range(400)]
    events = pd.DataFrame({column: [""] * 400 for column in search.COLUMNS}, dtype="str")
    events[search.COLUMNS[0]] = titles
    folded = search.folded_text(events)
    rows = np.flatnonzero(rng.random(400) < share)
    query = search.parse("erdogan cavusoglu")
    expected = [
        "erdogan" in search.fold_one(titles[row]) and "cavusoglu" in search.fold_one(titles[row])
        for row in rows
    ]
    assert search.matches(folded, rows, query).tolist() == expected
    assert any(expected)
