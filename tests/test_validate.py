"""Validation: every rule, its severity, row numbering, row accounting, ids, actors and types."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline import DataFileError, schema

HEADER = "id,date,end_date,title,actors,event_type,status,source_url,latitude,longitude"
GOOD = "e1,2020-10-06,,Talks in Moscow,Armenia;Azerbaijan,negotiation,confirmed,https://a.org,,"
PLAIN = dict(
    zip(
        HEADER.split(","),
        ["e2", "2020", "", "T", "Iran", "visit", "", "https://a.org", "", ""],
        strict=True,
    )
)


def row(**cells: str) -> str:
    """A CSV row that passes every rule, but for the cells given (quote them yourself)."""
    return ",".join({**PLAIN, **cells}.values())


def load_csv(text: str, registry: pd.DataFrame) -> timeline.Dataset:
    return timeline.load(io.StringIO(text), name="events.csv", registry=registry)


def load_rows(registry: pd.DataFrame, *rows: str, header: str = HEADER) -> timeline.Dataset:
    return load_csv("\n".join([header, *rows]) + "\n", registry)


def rules(dataset: timeline.Dataset) -> set[tuple[str, str, str]]:
    problems = dataset.report.problems
    return set(zip(problems["rule"], problems["column"], problems["severity"], strict=True))


def test_good_row_loads_without_problems(registry):
    dataset = load_rows(registry, GOOD)
    assert dataset.report.rows_loaded == 1
    assert dataset.report.problems.empty


# One case per rule that rejects the row: (what the row tries, the row, rule, column).
ERRORS = [
    ("unparseable date", row(date="Oct 2020"), "date", "date"),
    ("impossible date", row(date="2020-02-30"), "date", "date"),
    ("empty date", row(date=""), "date", "date"),
    ("bad end date", row(end_date="2020-13"), "date", "end_date"),
    (
        "end before start",
        row(date="2020-10-06", end_date="2020-10-05"),
        "end-before-start",
        "end_date",
    ),
    ("end year before start", row(date="2020-10", end_date="2019"), "end-before-start", "end_date"),
    ("missing title", row(title=""), "required", "title"),
    ("blank title", row(title="   "), "required", "title"),
    ("missing actors", row(actors=""), "required", "actors"),
    ("only separators", row(actors=" ; ;"), "required", "actors"),
    ("javascript url", row(source_url="javascript:alert(1)"), "url", "source_url"),
    ("ftp url", row(source_url="ftp://a.org/x"), "url", "source_url"),
    ("bare domain", row(source_url="www.a.org"), "url", "source_url"),
    ("one bad of two urls", row(source_url="https://a.org data:text/html"), "url", "source_url"),
    ("comma between urls", row(source_url='"https://a.org,https://b.org"'), "url", "source_url"),
    ("url with user", row(source_url="https://me@a.org"), "url", "source_url"),
    ("empty row", ",,,,,,,,,", "empty-row", ""),
    ("NUL in title", row(title="T\x00T"), "control-character", "title"),
    ("bell in actors", row(actors="Iran\x07"), "control-character", "actors"),
    ("escape in id", row(id="e\x1b2"), "control-character", "id"),
    ("too many fields", row() + ",extra", "record", ""),
    ("too few fields", "e2,2020,,T", "record", ""),
]


@pytest.mark.parametrize(
    ("row", "rule", "column"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS]
)
def test_error_rejects_the_row(registry, row, rule, column):
    dataset = load_rows(registry, GOOD, row)
    assert (rule, column, schema.ERROR) in rules(dataset)
    assert dataset.events[schema.ROW].tolist() == [2]
    assert (dataset.report.rows_read, dataset.report.rows_rejected) == (2, 1)


def test_control_character_is_found_in_any_row_after_an_empty_row(registry):
    dataset = load_rows(registry, ",,,,,,,,,", GOOD, row(title="A\x00B"), row(id="e3"))
    assert dataset.report.errors[["row", "rule"]].values.tolist() == [
        [2, "empty-row"],
        [4, "control-character"],
    ]


def test_duplicate_id_rejects_the_later_row_naming_the_first(registry):
    dataset = load_rows(registry, GOOD, GOOD.replace("Talks", "Other talks"))
    (problem,) = dataset.report.errors.itertuples()
    assert (problem.row, problem.column, problem.rule) == (3, "id", "duplicate-id")
    assert problem.message == "id 'e1' is already used on row 2"
    assert dataset.events[schema.TITLE].tolist() == ["Talks in Moscow"]


# One case per rule that only warns: (what the row tries, the row, rule, column).
WARNINGS = [
    ("unregistered actor", row(actors="Iran;Atlantis"), "unregistered-actor", "actors"),
    ("no source", row(source_url=""), "no-source", "source_url"),
    ("unknown event type", row(event_type="parade"), "unknown-event-type", "event_type"),
    ("no event type", row(event_type=""), "no-event-type", "event_type"),
    ("bad status", row(status="rumoured"), "unknown-status", "status"),
    ("latitude out of range", row(latitude="91", longitude="0"), "coordinate", "latitude"),
    ("longitude out of range", row(latitude="0", longitude="-180.5"), "coordinate", "longitude"),
    ("latitude not a number", row(latitude="north", longitude="0"), "coordinate", "latitude"),
    ("latitude nan", row(latitude="nan", longitude="0"), "coordinate", "latitude"),
    ("generated id", row(id=""), "generated-id", "id"),
    ("period without end", row(event_type="period"), "period-without-end", "end_date"),
    ("formula-like title", row(title="=1+2"), "formula", "title"),
]


@pytest.mark.parametrize(
    ("row", "rule", "column"), [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS]
)
def test_warning_keeps_the_row(registry, row, rule, column):
    dataset = load_rows(registry, GOOD, row)
    assert rules(dataset) == {(rule, column, schema.WARNING)}
    assert sorted(dataset.events[schema.ROW]) == [2, 3]


def test_unknown_column_warns_on_the_header_row(registry):
    dataset = load_rows(registry, GOOD + ",x", header=HEADER + ",notes")
    (problem,) = dataset.report.problems.itertuples()
    assert (problem.row, problem.column, problem.rule, problem.severity) == (
        1,
        "notes",
        "unknown-column",
        schema.WARNING,
    )
    assert dataset.report.rows_loaded == 1


def test_one_pass_reports_every_problem_of_a_row(registry):
    row = "e2,2020-02-30,2019,,,parade,rumoured,javascript:x,95,500"
    problems = load_rows(registry, row).report.problems
    assert set(zip(problems["column"], problems["rule"], strict=True)) == {
        ("date", "date"),
        ("title", "required"),
        ("actors", "required"),
        ("source_url", "url"),
        ("event_type", "unknown-event-type"),
        ("status", "unknown-status"),
        ("latitude", "coordinate"),
        ("longitude", "coordinate"),
    }


def test_problem_table_has_the_documented_columns_and_types(registry):
    problems = load_rows(registry, "e2,bad,,T,Iran,visit,,,,").report.problems
    assert tuple(problems.columns) == schema.PROBLEM_COLUMNS
    assert problems["row"].dtype == "int64"
    assert problems.loc[0, "value"] == "bad"


def test_problems_are_sorted_by_row_then_errors_first(registry):
    problems = load_rows(registry, "e2,2020,,T,Iran,visit,,,,", "e3,bad,,T,Iran,visit,,,,").report
    assert list(zip(problems.problems["row"], problems.problems["severity"], strict=True)) == [
        (2, schema.WARNING),
        (3, schema.ERROR),
        (3, schema.WARNING),
    ]


def test_row_numbers_count_the_header_as_row_one(registry):
    dataset = load_rows(registry, GOOD, "e2,bad,,T,Iran,visit,,https://a.org,,")
    assert dataset.report.errors["row"].tolist() == [3]
    assert dataset.events[schema.ROW].tolist() == [2]


def test_row_numbers_follow_records_not_lines_after_a_quoted_newline(registry):
    first = GOOD.replace("Talks in Moscow", '"Talks\nin\nMoscow"')
    dataset = load_rows(registry, first, "e2,bad,,T,Iran,visit,,https://a.org,,")
    assert dataset.report.errors["row"].tolist() == [3]


def test_huge_cell_is_shown_shortened_in_the_problem(registry):
    dataset = load_rows(registry, f"e2,{'9' * 1_000_000},,T,Iran,visit,,https://a.org,,")
    (value,) = dataset.report.errors["value"]
    assert len(value) == 200


def test_control_character_is_shown_as_a_visible_replacement(registry):
    dataset = load_rows(registry, "e2,2020,,A\x00B,Iran,visit,,https://a.org,,")
    assert dataset.report.errors["value"].tolist() == ["A\ufffdB"]


CORPUS_OF_ROWS = [
    [GOOD],
    [GOOD, GOOD],
    [",,,,,,,,,", GOOD, "x"],
    ["e1,2020,,T,Iran", 'e2,2020,,"T,Iran', "e3,2021,,T,Iran,,,,,"],
    [GOOD, "e2,2020-02-30,,T,Nobody,foo,bar,javascript:x,100,200", ",2021,,T,Iran,,,,,"],
    [f"e{n},20{n:02},,T{n},Iran,visit,,,," for n in range(30)],
]


@pytest.mark.parametrize("rows", CORPUS_OF_ROWS)
def test_rows_read_equal_rows_loaded_plus_rows_rejected(registry, rows):
    report = load_rows(registry, *rows).report
    rejected_rows = set(report.errors["row"]) - {1}
    assert report.rows_read == report.rows_loaded + report.rows_rejected
    assert report.rows_rejected == len(rejected_rows)


@pytest.mark.parametrize(
    ("row", "start", "end"),
    [
        ("e2,2020,,T,Iran,visit,,,,", "2020-01-01", "2021-01-01"),
        ("e2,2020-10,,T,Iran,visit,,,,", "2020-10-01", "2020-11-01"),
        ("e2,2020-10-06~,,T,Iran,visit,,,,", "2020-10-06", "2020-10-07"),
        ("e2,2020-09-27,2020-11-10,T,Iran,visit,,,,", "2020-09-27", "2020-11-11"),
        ("e2,2020-09-27,2020-11,T,Iran,visit,,,,", "2020-09-27", "2020-12-01"),
        ("e2,2020-10-06,2020-10-06,T,Iran,visit,,,,", "2020-10-06", "2020-10-07"),
    ],
)
def test_event_spans_from_start_to_the_exclusive_end_of_its_last_date(registry, row, start, end):
    (event,) = load_rows(registry, row).events.itertuples()
    assert (str(event.start.date()), str(event.end.date())) == (start, end)


@pytest.mark.parametrize(
    ("date", "end_date"), [("2020-05-10", "2020-05"), ("2020-05-10", "2020"), ("2020-05", "2020")]
)
def test_coarser_end_date_that_contains_the_date_is_not_before_it(registry, date, end_date):
    dataset = load_rows(registry, f"e2,{date},{end_date},T,Iran,visit,,https://a.org,,")
    assert dataset.report.problems.empty


@pytest.mark.parametrize(
    ("date", "precision", "approximate", "uncertain"),
    [
        ("2020", "year", False, False),
        ("2020-10~", "month", True, False),
        ("2020-10-06%", "day", True, True),
    ],
)
def test_loaded_event_keeps_the_precision_and_qualifiers_of_its_date(
    registry, date, precision, approximate, uncertain
):
    (event,) = load_rows(registry, f"e2,{date},,T,Iran,visit,,,,").events.itertuples()
    assert (event.precision, event.approximate, event.uncertain) == (
        precision,
        approximate,
        uncertain,
    )
    assert event.date == date


@pytest.mark.parametrize(
    "urls",
    [
        "https://a.org",
        "http://a.org:8080/path?q=1#part",
        "https://a.org/x https://b.org/y",
        '"https://a.org\nhttps://b.org"',
        "HTTPS://A.ORG/Page",
        "https://пример.рф/статья",
        "https://a.org/путь/%D0%BF",
    ],
)
def test_http_urls_separated_by_whitespace_are_accepted(registry, urls):
    dataset = load_rows(registry, f"e2,2020,,T,Iran,visit,,{urls},,")
    assert dataset.report.problems.empty


def test_several_urls_are_stored_separated_by_one_space(registry):
    (event,) = load_rows(
        registry, 'e2,2020,,T,Iran,visit,,"https://a.org\n  https://b.org",,'
    ).events.itertuples()
    assert event.source_url == "https://a.org https://b.org"


@pytest.mark.parametrize(
    ("actors", "canonical"),
    [
        ("Iran", "Iran"),
        ("iran", "Iran"),
        ("IRI", "Iran"),
        ("islamic republic of iran", "Iran"),
        (" Velayati ;Russian Federation", "Ali Akbar Velayati;Russia"),
        ("Iran;IRI;iran", "Iran"),
        ("Atlantis;Iran", "Atlantis;Iran"),
    ],
)
def test_actors_resolve_to_canonical_names_case_insensitively(registry, actors, canonical):
    (event,) = load_rows(
        registry, f"e2,2020,,T,{actors},visit,,https://a.org,,"
    ).events.itertuples()
    assert event.actors == canonical


def test_unregistered_actor_is_named_in_the_warning(registry):
    dataset = load_rows(registry, "e2,2020,,T,Iran;Atlantis;Lemuria,visit,,https://a.org,,")
    (problem,) = dataset.report.warnings.itertuples()
    assert problem.value == "'Atlantis'; 'Lemuria'"
    assert "not in the actor registry" in problem.message


def test_event_actors_index_links_each_event_to_each_canonical_actor(registry):
    dataset = load_rows(
        registry,
        "e2,2021,,Later,IRI;Armenia,visit,,https://a.org,,",
        "e3,2020,,Earlier,iran,visit,,https://a.org,,",
    )
    links = {
        (dataset.events.loc[event, "id"], actor)
        for event, actor in dataset.event_actors.itertuples(index=False)
    }
    assert links == {("e2", "Iran"), ("e2", "Armenia"), ("e3", "Iran")}


def test_rejected_rows_leave_no_entry_in_the_actor_index(registry):
    dataset = load_rows(registry, "e2,bad,,T,Russia,visit,,https://a.org,,", GOOD)
    assert set(dataset.event_actors["actor"]) == {"Armenia", "Azerbaijan"}


@pytest.mark.parametrize(
    ("written", "event_type"),
    [
        ("visit", "visit"),
        ("Visit", "visit"),
        (" MILITARY ", "military"),
        ("Official statement", "statement"),
    ],
)
def test_event_type_accepts_keys_and_labels_in_any_case(registry, written, event_type):
    dataset = load_rows(registry, f"e2,2020,,T,Iran,{written},,https://a.org,,")
    assert dataset.events[schema.EVENT_TYPE].tolist() == [event_type]
    assert dataset.report.problems.empty


@pytest.mark.parametrize(
    ("written", "status"), [("Confirmed", "confirmed"), ("disputed", "disputed"), ("rumoured", "")]
)
def test_status_is_lowercased_and_an_unknown_one_left_empty(registry, written, status):
    dataset = load_rows(registry, f"e2,2020,,T,Iran,visit,{written},https://a.org,,")
    assert dataset.events[schema.STATUS].tolist() == [status]


@pytest.mark.parametrize(
    ("latitude", "kept"), [("40.5", 40.5), ("-90", -90.0), ("91", None), ("x", None)]
)
def test_coordinates_are_numbers_and_bad_ones_left_empty(registry, latitude, kept):
    (event,) = load_rows(
        registry, f"e2,2020,,T,Iran,visit,,https://a.org,{latitude},0"
    ).events.itertuples()
    assert event.latitude == kept or (kept is None and pd.isna(event.latitude))


def test_missing_id_is_generated_from_date_and_title(registry):
    (event,) = load_rows(
        registry, ",2020-10-06~,,Talks in Moscow!,Iran,visit,,,,"
    ).events.itertuples()
    assert event.id == "2020-10-06-talks-in-moscow"


def test_repeated_generated_ids_are_numbered_in_file_order(registry):
    row = ",2020,,Talks,Iran,visit,,,,"
    dataset = load_rows(registry, row, row, row)
    assert dataset.events.sort_values(schema.ROW)["id"].tolist() == [
        "2020-talks",
        "2020-talks-2",
        "2020-talks-3",
    ]


def test_generated_id_never_takes_an_id_written_in_the_file(registry):
    dataset = load_rows(
        registry,
        ",2020,,Talks,Iran,visit,,,,",
        ",2020,,Talks,Iran,visit,,,,",
        "2020-talks-2,2021,,X,Iran,visit,,,,",
    )
    ids = dataset.events["id"]
    assert ids.is_unique and "2020-talks-2" in set(ids)
    assert dataset.report.rows_rejected == 0


def test_generated_id_never_repeats_another_generated_id(registry):
    header = "date,title,actors"
    dataset = load_rows(
        registry, "2020,Talks,Iran", "2020,Talks,Iran", "2020,Talks 2,Iran", header=header
    )
    assert dataset.events["id"].is_unique
    assert dataset.report.rows_rejected == 0


def test_generated_ids_are_the_same_on_every_load(registry):
    text = "\n".join(
        [HEADER, ",2020,,Talks,Iran,,,,,", ",2020,,Talks,Iran,,,,,", ",2021,,Другое,Iran,,,,,"]
    )
    first = load_csv(text, registry).events["id"].tolist()
    assert load_csv(text, registry).events["id"].tolist() == first


def test_file_without_an_id_column_gets_ids_without_warnings(registry):
    dataset = load_rows(registry, "2020,T,Iran", "2020,T,Iran", header="date,title,actors")
    assert dataset.events["id"].tolist() == ["2020-t", "2020-t-2"]
    assert "generated-id" not in set(dataset.report.problems["rule"])


@pytest.mark.parametrize(
    ("header", "missing"),
    [("id,date,title", "actors"), ("date,actors", "title"), ("title,actors,end_date", "date")],
)
def test_missing_required_column_rejects_the_file_naming_it(registry, header, missing):
    with pytest.raises(
        DataFileError, match=rf"^events\.csv: row 1: missing required column\(s\) {missing};"
    ):
        load_rows(registry, header=header)


@pytest.mark.parametrize(("separator", "label"), [(";", "semicolons"), ("\t", "tabs")])
def test_header_with_another_separator_gets_a_hint(registry, separator, label):
    header = separator.join(["id", "date", "title", "actors"])
    with pytest.raises(DataFileError, match=f"separated by {label}"):
        load_rows(registry, header=header)


def test_events_are_ordered_by_start_then_row(registry):
    dataset = load_rows(
        registry,
        "b,2021,,T,Iran,,,,,",
        "a,2020-06,,T,Iran,,,,,",
        "c,2020-06,,T,Iran,,,,,",
    )
    assert dataset.events["id"].tolist() == ["a", "c", "b"]


def test_loaded_events_have_every_contract_column_and_the_derived_ones(registry):
    events = load_rows(registry, "e2,2020,,T,Iran", header="id,date,end_date,title,actors").events
    derived = (
        schema.START,
        schema.END,
        schema.PRECISION,
        schema.APPROXIMATE,
        schema.UNCERTAIN,
        schema.ROW,
    )
    assert set(events.columns) == {*schema.COLUMNS, *derived}


@pytest.mark.parametrize("make", ["xlsx", "parquet"])
def test_excel_and_parquet_are_validated_like_csv(registry, make):
    frame = pd.DataFrame(
        {"date": ["2020", "2020-02-30"], "title": ["A", "B"], "actors": ["IRI", "Iran"]}
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False) if make == "xlsx" else frame.to_parquet(buffer)
    dataset = timeline.load(io.BytesIO(buffer.getvalue()), registry=registry)
    assert (dataset.report.format, dataset.report.rows_loaded, dataset.report.rows_rejected) == (
        make,
        1,
        1,
    )
    assert dataset.report.errors["row"].tolist() == [3]
    assert dataset.events["actors"].tolist() == ["Iran"]


DATA_FORMAT = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"
DOCUMENTED = [
    *schema.EVENT_TYPES,
    *schema.EVENT_TYPES.values(),
    *schema.STATUSES,
    *schema.STATUSES.values(),
    *schema.ACTOR_KINDS,
    *schema.COLUMNS,
    *{rule for _, _, rule, _ in ERRORS + WARNINGS},
    "duplicate-id",
    "unknown-column",
    "formula",
]


@pytest.mark.parametrize("term", DOCUMENTED)
def test_data_format_doc_names_every_column_vocabulary_entry_and_rule(term):
    assert term in DATA_FORMAT.read_text(encoding="utf-8")
