"""The `links` column: every validation rule, what loads, and how links survive files and exports."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

import timeline
from timeline import dates, export, links, schema

HEADER = "id,date,title,actors,status,links\n"
ROWS = """truce,2020-10-10,Moscow truce,Armenia,confirmed,
strike,2020-10-11,Strike,Azerbaijan,claimed,violates:truce
"""


def load(extra: str = "", *, registry, rows: str = ROWS):
    return timeline.load(io.StringIO(HEADER + rows + extra), registry=registry)


def link_problems(dataset) -> list[tuple[int, str, str, str, str]]:
    problems = dataset.report.problems
    problems = problems[problems["rule"].str.startswith(("link-", "scheduled-"))]
    return [
        (p.row, p.column, p.value, p.rule, p.severity) for p in problems.itertuples(index=False)
    ]


@pytest.mark.parametrize(
    ("cell", "rule", "severity", "value"),
    [
        ("responds_to", "link-malformed", "error", "responds_to"),
        ("responds_to:", "link-malformed", "error", "responds_to:"),
        (":truce", "link-malformed", "error", ":truce"),
        ("supports:truce", "link-relation", "error", "supports:truce"),
        ("responds_to:no-such-event", "link-target", "error", "responds_to:no-such-event"),
        ("responds_to:late", "link-self", "error", "responds_to:late"),
        ("violates:truce;violates:truce", "link-duplicate", "warning", "violates:truce"),
        ("responds_to:later", "link-order", "warning", "responds_to:later"),
    ],
)
def test_each_links_rule_names_the_links_column_and_the_entry(
    registry, cell, rule, severity, value
):
    dataset = load(
        f"late,2020-10-12,Late,Iran,,{cell}\nlater,2020-10-20,Later,Iran,,\n", registry=registry
    )
    assert link_problems(dataset) == [(4, "links", value, rule, severity)]


@pytest.mark.parametrize("relation", schema.RELATIONS_TO_EARLIER)
def test_a_link_to_a_later_event_is_warned_for_every_relation_that_looks_back(registry, relation):
    dataset = load(f"early,2020-10-01,Early,Iran,,{relation}:truce\n", registry=registry)
    assert [p[3] for p in link_problems(dataset)] == ["link-order"]


@pytest.mark.parametrize("relation", ["replaces", "disputes"])
def test_replaces_and_disputes_may_point_forwards(registry, relation):
    dataset = load(f"early,2020-10-01,Early,Iran,,{relation}:truce\n", registry=registry)
    assert link_problems(dataset) == []


@pytest.mark.parametrize(
    ("date", "target_date", "warned"),
    [
        ("2020-10-11", "2020-10-11", False),  # the same day: a same-day response
        ("2020-10", "2020-10-20", False),  # a month that covers the target's day
        ("2020-10-11", "2020-10-12", True),
        ("2020", "2021-01-01", True),
    ],
)
def test_later_means_after_the_whole_of_the_rows_date(registry, date, target_date, warned):
    rows = f"a,{date},A,Iran,,responds_to:b\nb,{target_date},B,Iran,,\n"
    dataset = load(registry=registry, rows=rows)
    assert bool(link_problems(dataset)) is warned


def test_ending_a_deadline_before_it_falls_due_is_not_warned(registry):
    rows = (
        "deal,2020-11-09,Deal,Russia,,\n"
        "term,2025-11,Term due,Russia,confirmed,scheduled_by:deal\n"
        "withdrawal,2024-04-17,Withdrawal,Russia,,ends:term\n"
        "ending-later,2024-04-17,Ends a later non-deadline,Russia,,ends:other\n"
        "other,2024-05-01,Other,Russia,,\n"
    )
    dataset = load(registry=registry, rows=rows)
    assert [(p[0], p[3]) for p in link_problems(dataset)] == [(5, "link-order")]


def test_a_link_to_a_rejected_row_is_an_error_naming_that_row(registry):
    dataset = load(
        "bad,2020-02-30,Bad date,Iran,,\nlate,2020-10-12,L,Iran,,ends:bad\n", registry=registry
    )
    problems = dataset.report.problems
    message = problems[problems["rule"] == "link-target"]["message"].tolist()
    assert message == ["the event 'bad' (row 4) was rejected, so it cannot be linked"]


def test_a_bad_link_keeps_the_row_and_drops_only_that_entry(registry):
    dataset = load(
        "late,2020-10-12,Late,Iran,,Responds to : truce; supports:truce ;violates:strike\n",
        registry=registry,
    )
    late = dataset.events.set_index("id").loc["late"]
    assert dataset.report.rows_rejected == 0
    assert late["links"] == "responds_to:truce;violates:strike"
    assert dataset.report.errors["rule"].tolist() == ["link-relation"]


def test_a_repeated_id_links_to_its_first_row(registry):
    rows = ROWS + "truce,2020-12-01,Repeat,Iran,,\nlate,2020-10-12,Late,Iran,,responds_to:truce\n"
    dataset = load(registry=registry, rows=rows)
    assert link_problems(dataset) == []
    assert "responds_to:truce" in dataset.events["links"].tolist()


def test_a_file_without_a_links_column_loads_with_empty_links(registry):
    dataset = timeline.load(io.StringIO("date,title,actors\n2020,A,Iran\n"), registry=registry)
    assert dataset.events["links"].tolist() == [""]


def test_the_links_column_is_listed_after_theatre():
    assert schema.COLUMNS[-2:] == (schema.THEATRE, schema.LINKS)


@pytest.mark.parametrize(
    ("date", "today", "warned"),
    [
        ("2030", dt.date(2026, 12, 2), False),
        ("2026-12", dt.date(2026, 12, 2), False),  # December is not over yet
        ("2026-12-01", dt.date(2026, 12, 2), True),
        ("2026-11", dt.date(2026, 12, 1), True),
    ],
)
def test_scheduled_on_a_past_date_is_warned_on_the_status_column(date, today, warned):
    parsed = dates.parse(pd.Series([date], dtype="str"))
    events = pd.DataFrame(
        {
            "id": ["due"],
            "links": [""],
            "date": [date],
            "start": parsed["start"],
            "precision": parsed["precision"],
            "status": ["scheduled"],
            "row": [2],
        }
    )
    _, problems = links.check(events, np.array([True]), today=today)
    expected = [("status", "scheduled-past", "warning")] if warned else []
    found = problems[["column", "rule", "severity"]].itertuples(index=False, name=None)
    assert list(found) == expected


def test_scheduled_is_a_status_with_a_label():
    assert schema.status_label("scheduled") == "Scheduled (due, not yet happened)"


def test_every_relation_has_a_label_each_way():
    for relation, (forwards, backwards) in schema.RELATIONS.items():
        assert schema.relation_label(relation) == forwards
        assert schema.relation_label(relation, inverse=True) == backwards
    assert schema.relation_label("scheduled_by", inverse=True) == "sets the date of"


LINKED = HEADER + ROWS + "late,2020-10-12,Late,Iran,,responds_to:truce;violates:strike\n"


def _xlsx(text: str) -> bytes:
    book = openpyxl.Workbook()
    for record in pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False).itertuples(
        index=False
    ):
        book.active.append(list(record))
    book.active.insert_rows(1)
    for column, name in enumerate(text.splitlines()[0].split(","), start=1):
        book.active.cell(row=1, column=column, value=name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _parquet(text: str) -> bytes:
    out = io.BytesIO()
    pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False).to_parquet(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: io.StringIO(LINKED), id="csv"),
        pytest.param(lambda: io.BytesIO(_xlsx(LINKED)), id="xlsx"),
        pytest.param(lambda: io.BytesIO(_parquet(LINKED)), id="parquet"),
    ],
)
def test_links_are_read_from_every_format(registry, source):
    dataset = timeline.load(source(), registry=registry)
    assert dataset.events.set_index("id")["links"].to_dict() == {
        "truce": "",
        "strike": "violates:truce",
        "late": "responds_to:truce;violates:strike",
    }


def test_links_survive_the_csv_export_and_load_back_the_same(registry):
    first = timeline.load(io.StringIO(LINKED), registry=registry)
    again = timeline.load(io.BytesIO(export.events_csv(first.events)), registry=registry)
    assert again.events["links"].tolist() == first.events["links"].tolist()
    assert again.links.equals(first.links)


def test_links_survive_convert_to_parquet(registry, tmp_path):
    from timeline.cli import main

    source = tmp_path / "events.csv"
    source.write_text(LINKED, encoding="utf-8")
    target = tmp_path / "events.parquet"
    main(["convert", str(source), str(target)])
    assert pd.read_parquet(target)["links"].tolist()[-1] == "responds_to:truce;violates:strike"


def test_validate_exits_1_on_a_bad_link_although_no_row_is_rejected(tmp_path, capsys):
    from timeline.cli import main

    source = tmp_path / "events.csv"
    source.write_text(HEADER + ROWS + "x,2020-10-12,X,Iran,,ends:nowhere\n", encoding="utf-8")
    assert main(["validate", str(source)]) == 1
    output = capsys.readouterr().out
    assert (
        f"{source}:4: links: no event has the id 'nowhere'; the link is kept as written, not drawn (error)"
        in output
    )
    assert "3 rows read, 3 loaded, 0 rejected" in output


def test_a_link_to_an_event_outside_the_file_is_kept_in_its_cell_but_not_resolved(registry):
    dataset = load("x,2020-10-12,X,Iran,,ends:elsewhere;violates:truce\n", registry=registry)
    cell = dataset.events.loc[dataset.events["id"] == "x", "links"].item()
    assert cell == "ends:elsewhere;violates:truce"
    assert ("link-target", "error") in [(p[3], p[4]) for p in link_problems(dataset)]
    targets = dataset.events.loc[dataset.links["target"], "id"].tolist()
    assert "elsewhere" not in targets and targets.count("truce") == 2
