"""The page's header and its notices: what was loaded, and every problem found in it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from timeline import display, export, safe, schema
from timeline.dataset import Dataset

TABLE_ROWS = 2_000  # rows sent to the browser table; the rest are counted, not shipped


def header(dataset: Dataset) -> None:
    st.title("Timeline")
    span = display.day_span(*dataset.span) if len(dataset.events) else "no dates"
    theatres = len(dataset.options["theatres"])
    st.caption(
        f"{display.count(len(dataset.events), 'sourced event')} from "
        f"{safe.markdown(Path(dataset.report.name).name)}, {span}, in "
        f"{display.count(theatres, 'theatre')}. Every event carries its sources; "
        "dates are as precise as the sources allow."
    )


def problems_notice(dataset: Dataset) -> None:
    """A compact notice of rejected rows and warnings, with the full list in an expander."""
    report = dataset.report
    for notice in report.notices:
        st.warning(safe.markdown(notice))
    if not len(report.problems):
        return
    message = (
        f"{report.rows_rejected:,} of {report.rows_read:,} rows were rejected and "
        f"{len(report.warnings):,} warnings were raised in "
        f"{safe.markdown(Path(report.name).name)}."
    )
    (st.error if report.rows_rejected else st.info)(message)
    problems = st.expander(
        f"Show the {len(report.problems):,} problems (row, column, message)",
        key="problems_open",
        on_change="rerun",
    )
    if not problems.open:  # the tables are sent only when asked for, not on every rerun
        return
    with problems:
        _problem_tables(dataset)


def _problem_tables(dataset: Dataset) -> None:
    report = dataset.report
    by_rule = (
        report.problems.groupby(
            [schema.SEVERITY, schema.PROBLEM_RULE, schema.PROBLEM_COLUMN], sort=False
        )
        .size()
        .rename("rows")
        .reset_index()
        .sort_values("rows", ascending=False)
    )
    st.caption("By rule")
    st.dataframe(by_rule, hide_index=True, width="stretch")
    shown = report.problems[
        [
            schema.PROBLEM_ROW,
            schema.PROBLEM_COLUMN,
            schema.SEVERITY,
            schema.PROBLEM_MESSAGE,
            schema.PROBLEM_VALUE,
        ]
    ]
    st.caption(
        "Every problem" if len(shown) <= TABLE_ROWS else f"The first {TABLE_ROWS:,} problems"
    )
    st.dataframe(shown.head(TABLE_ROWS), hide_index=True, width="stretch")
    st.download_button(
        "Download the full problem report (CSV)",
        data=lambda: export.table_csv(report.problems),
        file_name=f"{export.file_stem(Path(report.name).stem + ' problems')}.csv",
        mime="text/csv",
        on_click="ignore",
    )
