"""The page's header and its notices: what was loaded, and every problem found in it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from timeline import display, export, safe, schema
from timeline.dataset import Dataset

TABLE_ROWS = 2_000  # rows sent to the browser table; the rest are counted, not shipped


def header(dataset: Dataset) -> None:
    st.title("Timeline")
    events = len(dataset.events)
    span = display.day_span(*dataset.span) if events else "no dates"
    theatres = len(dataset.options["theatres"])
    sourced = int((dataset.events[schema.SOURCE_URL] != "").sum())
    if sourced == events:
        what = display.count(events, "sourced event")
        sources = "Every event carries its sources"
    else:
        what = display.count(events, "event")
        sources = f"{sourced:,} of them carry sources, {events - sourced:,} none"
    where = f", in {display.count(theatres, 'theatre')}" if theatres else ""
    st.caption(
        f"{what} from {safe.markdown(Path(dataset.report.name).name)}, {span}{where}. "
        f"{sources}; dates are as precise as the sources allow."
    )


def problems_notice(dataset: Dataset) -> None:
    """A compact notice of rejected rows and warnings, with the full list in an expander."""
    report = dataset.report
    for notice in report.notices:
        st.warning(safe.markdown(notice))
    if not len(report.problems):
        return
    warnings = len(report.warnings)
    raised = f"{display.count(warnings, 'warning')} {'was' if warnings == 1 else 'were'} raised"
    message = (
        f"{report.rows_rejected:,} of {report.rows_read:,} rows were rejected and {raised} in "
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
        .assign(errors_first=lambda rules: rules[schema.SEVERITY] != schema.ERROR)
        .sort_values(["errors_first", "rows"], ascending=[True, False])
        .drop(columns="errors_first")
    )
    st.caption("By rule, errors (rejected rows) first")
    st.dataframe(by_rule, hide_index=True, width="stretch")
    shown = display.problem_list(report.problems)
    st.caption(
        "Errors first, then warnings; a warning repeated on many rows is listed for its first "
        f"{display.REPEATS_LISTED} rows and summarised"
        + (f" (the first {TABLE_ROWS:,} lines)" if len(shown) > TABLE_ROWS else "")
        + ". The download holds every problem."
    )
    st.dataframe(shown.head(TABLE_ROWS), hide_index=True, width="stretch", placeholder="")
    st.download_button(
        "Download the full problem report (CSV)",
        data=lambda: export.table_csv(report.problems),
        file_name=f"{export.file_stem(Path(report.name).stem + ' problems')}.csv",
        mime="text/csv",
        on_click="ignore",
    )
