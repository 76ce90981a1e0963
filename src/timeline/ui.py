"""Streamlit widgets: the one module that imports streamlit; what it shows is computed elsewhere."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import gc
import os
import re
import sys
import urllib.parse
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from timeline import compare, export, filters, schema, urlstate
from timeline.figures import activity_figure, cooccurrence_figure, event_ids, timeline_figure
from timeline.filters import View
from timeline.load import BUNDLED_EVENTS, Dataset, load
from timeline.read import DataFileError

TABLE_ROWS = 2_000  # rows sent to the browser table; the rest are counted, not shipped
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_SELECTED = "selected_event"
_ALL_THEATRES = "All theatres"


def plain(text: object) -> str:
    """Text from data made inert for st.markdown: no links, emphasis, HTML or LaTeX."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def data_path() -> Path:
    """The events file: `-- --data PATH`, else $TIMELINE_DATA, else the bundled data."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    arguments, _ = parser.parse_known_args(sys.argv[1:])
    chosen = arguments.data or os.environ.get("TIMELINE_DATA")
    return Path(chosen) if chosen else BUNDLED_EVENTS


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_load(path: str, version: tuple[int, int]) -> Dataset:
    """One load per file version, shared by every session by reference: never mutate it."""
    del version  # part of the cache key only: a changed file is loaded again
    dataset = load(path)
    _return_freed_memory()
    return dataset


def _return_freed_memory() -> None:
    """Hand back what loading freed and the allocators keep (a 1e6 load: 1.8 -> 0.6 GB)."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


# The last version of each data file that loaded, shared by every session: when the file is
# deleted or broken while the app runs, pages keep showing it (with a warning) instead of stopping.
_LAST_GOOD: dict[str, Dataset] = {}


def load_data(path: Path) -> Dataset:
    """The dataset at `path`; if it has become unreadable, the last version read, with a warning.

    Stops the page with a clear message only when no version of the file was ever read.
    """
    try:
        stat = path.stat()
        with st.spinner(f"Loading {plain(path.name)} …"):
            dataset = _cached_load(str(path), (stat.st_mtime_ns, stat.st_size))
    except OSError as error:
        problem = f"**The data file cannot be opened.** {plain(path)}: {plain(error.strerror)}"
    except DataFileError as error:
        problem = f"**The data file cannot be read.** {plain(error)}"
    else:
        _LAST_GOOD[str(path)] = dataset
        return dataset
    last = _LAST_GOOD.get(str(path))
    if last is None:
        st.error(problem)
        st.stop()
    st.warning(f"{problem} Showing the last version read, from {plain(last.report.name)}.")
    return last


def uploaded_data() -> Dataset | None:
    """An analyst's own file, loaded for this browser session only; None to use the shared data."""
    limit = st.get_option("server.maxUploadSize")
    with st.sidebar:
        upload = st.file_uploader(
            f"Your own data (CSV, XLSX or Parquet, up to {limit} MB)",
            type=["csv", "xlsx", "parquet"],
            key="upload",
            help="Seen only in this browser session; the shared data is never changed. "
            "ACLED exports are recognised by their columns.",
        )
    if upload is None:
        st.session_state.pop("uploaded", None)
        return None
    kept = st.session_state.get("uploaded")
    if kept and kept[0] == upload.file_id:
        return kept[1]
    with st.spinner(f"Checking {plain(upload.name)} …"):
        try:
            dataset = load(upload.getvalue(), name=upload.name)
        except DataFileError as error:
            st.error(f"**Your file cannot be read; showing the bundled data.** {plain(error)}")
            return None
    st.session_state["uploaded"] = (upload.file_id, dataset)
    return dataset


def header(dataset: Dataset) -> None:
    events = dataset.events
    st.title("Timeline")
    if len(events):
        first, last = _span(dataset)
        span = f"{first:%d %b %Y} – {last:%d %b %Y}"
    else:
        span = "no dates"
    theatres = len(filters.options(dataset)["theatres"])  # categories, not a string per row
    st.caption(
        f"{_count(len(events), 'sourced event')} from {plain(Path(dataset.report.name).name)}, "
        f"{span}, in {_count(theatres, 'theatre')}. Every event carries its sources; "
        "dates are as precise as the sources allow."
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def problems_notice(dataset: Dataset) -> None:
    """A compact notice of rejected rows and warnings, with the full list in an expander."""
    report = dataset.report
    for notice in report.notices:
        st.warning(plain(notice))
    if not len(report.problems):
        return
    message = (
        f"{report.rows_rejected:,} of {report.rows_read:,} rows were rejected and "
        f"{len(report.warnings):,} warnings were raised in {plain(Path(report.name).name)}."
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
        by_rule = (
            report.problems.groupby(["severity", "rule", "column"], sort=False)
            .size()
            .rename("rows")
            .reset_index()
            .sort_values("rows", ascending=False)
        )
        st.caption("By rule")
        st.dataframe(by_rule, hide_index=True, width="stretch")
        shown = report.problems[["row", "column", "severity", "message", "value"]]
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


def _defaults(dataset: Dataset) -> dict[str, object]:
    return {
        "actors": [],
        "match": filters.MATCH_ANY,
        "affiliates": False,
        "types": [],
        "statuses": [],
        "theatre": _ALL_THEATRES,
        "dates": _span(dataset),
        "text": "",
    }


def _span(dataset: Dataset) -> tuple[dt.date, dt.date]:
    events = dataset.events
    if not len(events):
        today = dt.date.today()
        return today, today
    last = events[schema.END].max() - pd.Timedelta(days=1)
    return events[schema.START].min().date(), last.date()


def _reset(dataset: Dataset) -> None:
    for key, value in _defaults(dataset).items():
        st.session_state[key] = value
    st.session_state[_SELECTED] = ""


def _from_url(dataset: Dataset, offered: dict[str, list[str]]) -> None:
    """On a session's first run, set the controls from the link it was opened with."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    ids = dataset.events[schema.ID]  # one linked id is looked up; a set of a million is not built
    view, notices = urlstate.from_query(
        query,
        actors=offered["actors"],
        types=offered["types"],
        statuses=offered["statuses"],
        theatres=offered["theatres"],
        event_ids=lambda event_id: bool((ids == event_id).any()),
    )
    first, last = _span(dataset)
    st.session_state.update(
        actors=list(view.actors),
        match=view.match,
        affiliates=view.affiliates,
        types=list(view.types),
        statuses=list(view.statuses),
        theatre=view.theatre or _ALL_THEATRES,
        dates=(max(view.start or first, first), min(view.end or last, last)),
        text=view.text,
    )
    st.session_state[_SELECTED] = view.event
    st.session_state["url_notices"] = notices
    st.session_state[_DATES_OF] = _identity(dataset)


_DATES_OF = "dates_of"  # which data the date range was chosen on


def _identity(dataset: Dataset) -> tuple:
    """What tells one dataset (or one version of a file) from another, cheaply."""
    return (dataset.report.name, dataset.report.rows_read, *_span(dataset))


def _fit_to(dataset: Dataset, offered: dict[str, list[str]]) -> None:
    """Keep the controls' values within what this dataset offers (it may have just changed)."""
    state = st.session_state
    for key, choices in (("actors", "actors"), ("types", "types"), ("statuses", "statuses")):
        state[key] = [value for value in state.get(key, []) if value in set(offered[choices])]
    if state.get("theatre") not in (_ALL_THEATRES, *offered["theatres"]):
        state["theatre"] = _ALL_THEATRES
    first, last = _span(dataset)
    dates = state.get("dates") or (first, last)
    if state.get(_DATES_OF) != _identity(dataset):
        # Other data than the range was chosen on (an upload, a changed file): show all of it.
        # Keyed to the data, not to the old range, because the browser may send a stale range,
        # clamped to the new bounds, when one upload quickly replaces another.
        dates = (first, last)
    if len(dates) == 2:
        start, end = (min(max(day, first), last) for day in dates)
        state["dates"] = (start, end)
    state[_DATES_OF] = _identity(dataset)
    if state.get(_SELECTED) and not (dataset.events[schema.ID] == state[_SELECTED]).any():
        state[_SELECTED] = ""


def controls(dataset: Dataset) -> View:
    """Sidebar filters -> a View; the URL follows every change and sets them on first load."""
    offered = filters.options(dataset)
    if "url_read" not in st.session_state:
        _from_url(dataset, offered)
        st.session_state["url_read"] = True
    for notice in st.session_state.get("url_notices", []):
        st.warning(plain(notice))
    _fit_to(dataset, offered)
    first, last = _span(dataset)
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Actors",
            offered["actors"],
            key="actors",
            placeholder="All actors",
            filter_mode="contains",
            select_all=False,  # Enter must choose the actor typed, not every name containing it
            help="Canonical names; aliases in the data are resolved to these.",
        )
        st.radio(
            "Match",
            [filters.MATCH_ANY, filters.MATCH_ALL],
            key="match",
            horizontal=True,
            format_func={"any": "any of them", "all": "all of them"}.get,
        )
        st.checkbox(
            "Include affiliated officials",
            key="affiliates",
            help="Choosing a state also brings in its officials (e.g. Iran → Velayati, Rouhani).",
        )
        st.multiselect(
            "Event type",
            offered["types"],
            key="types",
            format_func=schema.event_type_label,
            placeholder="All types",
            select_all=False,
        )
        st.multiselect(
            "Status",
            offered["statuses"],
            key="statuses",
            format_func=schema.status_label,
            placeholder="Any status",
            select_all=False,
        )
        st.selectbox("Theatre", [_ALL_THEATRES, *offered["theatres"]], key="theatre")
        st.date_input("Dates", key="dates", min_value=first, max_value=last, format="YYYY-MM-DD")
        st.text_input("Search titles and descriptions", key="text", max_chars=200)
        st.button("Reset filters", on_click=_reset, args=(dataset,), width="stretch")
    dates = st.session_state["dates"]
    start, end = (dates[0], dates[1]) if len(dates) == 2 else (first, last)
    view = View(
        actors=tuple(st.session_state["actors"]),
        match=st.session_state["match"],
        affiliates=st.session_state["affiliates"],
        types=tuple(st.session_state["types"]),
        statuses=tuple(st.session_state["statuses"]),
        theatre="" if st.session_state["theatre"] == _ALL_THEATRES else st.session_state["theatre"],
        start=None if start <= first else start,
        end=None if end >= last else end,
        text=st.session_state["text"].strip(),
        event=st.session_state.get(_SELECTED, ""),
    )
    query = urlstate.to_query(view)
    if query != {key: st.query_params.get_all(key) for key in st.query_params}:
        st.query_params.from_dict(query)
    return view


def metrics(shown: filters.Shown) -> None:
    events = shown.columns(schema.START, schema.END)
    columns = st.columns([1, 1, 2])
    columns[0].metric("Events", f"{len(events):,}")
    columns[1].metric("Actors", f"{shown.actor_count:,}")
    if len(events):
        first = events[schema.START].min()
        last = events[schema.END].max() - pd.Timedelta(days=1)
        columns[2].metric("Date span", f"{first:%d %b %Y} – {last:%d %b %Y}")
    else:
        columns[2].metric("Date span", "—")


def _select_from_chart() -> None:
    chosen = event_ids(st.session_state["chart"].selection.points)
    if chosen:
        st.session_state[_SELECTED] = chosen[0]


def chart(shown: filters.Shown, view: View, eras: pd.DataFrame) -> go.Figure:
    figure = timeline_figure(
        shown.source,  # drawn from the shared frame at the placed rows: no events are copied
        shown.placed_in_source(),
        lanes=shown.lanes,
        eras=eras,
        selected=view.event or None,
    )
    dates = shown.columns(schema.START, schema.END)
    opening = None if view.start or view.end else filters.focus(dates, eras)
    if opening:
        figure.update_xaxes(range=[opening[0].isoformat(), opening[1].isoformat()])
        st.caption(
            f"The chart opens on the periods in view, {opening[0]:%d %b %Y} – "
            f"{opening[1]:%d %b %Y}: press **All** above it to see every event."
        )
    st.plotly_chart(
        figure,
        key="chart",
        on_select=_select_from_chart,
        selection_mode=("points",),
        config={
            "displaylogo": False,
            "toImageButtonOptions": {
                "filename": export.file_stem(filters.describe(view)),
                "format": "png",
                "scale": 2,
            },
        },
    )
    for note in shown.notes:
        st.caption(plain(note))
    return figure


def share_link(view: View) -> str:
    """The address of this page with the view in its query string."""
    here = (st.context.url or "http://localhost:8501/").split("?")[0]
    query = urllib.parse.urlencode(urlstate.to_query(view), doseq=True)
    return f"{here}?{query}" if query else here


def exports(shown: filters.Shown, view: View, figure: go.Figure) -> None:
    """Downloads of what is in view, built only when clicked, and the link to this view."""
    stem = export.file_stem(filters.describe(view))
    columns = st.columns(3)
    columns[0].download_button(
        f"Events in view ({len(shown):,}) as CSV",
        data=lambda: export.events_csv(shown.events),  # copied out only when clicked
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",  # a rerun would drop a file being prepared (seen in Chromium)
        help="UTF-8 for Excel; cells that a spreadsheet would run as formulas are neutralised.",
        width="stretch",
    )
    columns[1].download_button(
        "Chart as offline HTML",
        data=lambda: export.chart_html(
            figure, title=f"Timeline: {filters.describe(view) or 'all events'}"
        ),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        help="Opens in any browser without a network; zoom and hover still work.",
        width="stretch",
    )
    with columns[2].popover("Copy link to this view", width="stretch"):
        st.caption("Anyone with access to this dashboard sees exactly this view.")
        st.code(share_link(view), language=None, wrap_lines=True)


def _table_frame(events: pd.DataFrame) -> pd.DataFrame:
    urls = events[schema.SOURCE_URL].str.split(" ", n=2, expand=True).reindex(columns=range(3))
    return pd.DataFrame(
        {
            "Date": events[schema.DATE]
            + events[schema.END_DATE].where(
                events[schema.END_DATE] == "", " – " + events[schema.END_DATE]
            ),
            "Title": events[schema.TITLE],
            "Actors": events[schema.ACTORS].str.replace(schema.LIST_SEPARATOR, "; ", regex=False),
            "Type": events[schema.EVENT_TYPE].astype("str").map(schema.event_type_label),
            "Status": events[schema.STATUS].astype("str").map(schema.status_label),
            "Outlets": events[schema.SOURCE_NAME].str.replace(
                schema.LIST_SEPARATOR, "; ", regex=False
            ),
            "Source": urls[0].to_numpy(),
            "Source 2": urls[1].to_numpy(),
            "Source 3": urls[2].to_numpy(),
            "id": events[schema.ID],
        }
    )


def _select_from_table(ids: list[str]) -> None:
    rows = st.session_state["table"].selection.rows
    if rows:
        st.session_state[_SELECTED] = ids[rows[0]]


def table(shown: filters.Shown) -> None:
    events = shown.head(TABLE_ROWS)
    if len(shown) > TABLE_ROWS:
        st.caption(
            f"The table lists the first {TABLE_ROWS:,} of {len(shown):,} events in view; "
            "narrow the filters to list the rest."
        )
    frame = _table_frame(events)
    ids = frame["id"].tolist()
    st.dataframe(
        frame,
        key="table",
        hide_index=True,
        width="stretch",
        on_select=lambda: _select_from_table(ids),
        selection_mode="single-row",
        column_order=[column for column in frame.columns if column != "id"],
        column_config=_link_columns(),
    )


def _link_columns() -> dict:
    """Source URLs as links showing their site, e.g. 'reuters.com'."""
    link = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")
    return {"Source": link, "Source 2": link, "Source 3": link}


def details(dataset: Dataset, event_id: str) -> None:
    """A card for the selected event: everything an analyst needs to cite it."""
    if not event_id:
        return
    match = dataset.events[dataset.events[schema.ID] == event_id]
    if not len(match):
        return
    event = match.iloc[0]
    with st.container(border=True):
        st.subheader(plain(event[schema.TITLE]))
        when = event[schema.DATE] + (
            f" – {event[schema.END_DATE]}" if event[schema.END_DATE] else ""
        )
        kind = schema.event_type_label(str(event[schema.EVENT_TYPE]))
        status = schema.status_label(str(event[schema.STATUS]))
        st.markdown(f"**Date** {plain(when)} · **Type** {plain(kind)} · **Status** {plain(status)}")
        st.markdown(f"**Actors** {plain(event[schema.ACTORS].replace(';', '; '))}")
        if event[schema.DESCRIPTION]:
            st.markdown(plain(event[schema.DESCRIPTION]))
        outlets = [name.strip() for name in event[schema.SOURCE_NAME].split(schema.LIST_SEPARATOR)]
        for number, url in enumerate(event[schema.SOURCE_URL].split(), start=1):
            outlet = outlets[number - 1] if number <= len(outlets) and outlets[number - 1] else url
            st.markdown(f"{number}. [{plain(outlet)}]({_link_target(url)})")
        origin = plain(Path(dataset.report.name).name)
        st.caption(f"id {plain(event_id)} · row {event[schema.ROW]} of {origin}")
        if st.button("Close details"):
            st.session_state[_SELECTED] = ""
            st.rerun()


def _link_target(url: str) -> str:
    """An http(s) URL made safe as a markdown link target (validated upstream; brackets escaped)."""
    if not re.match(r"^https?://", url):
        return "#"
    return (
        url.replace("(", "%28")
        .replace(")", "%29")
        .replace(" ", "%20")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


VIEWS = ("Timeline", "Activity", "Co-occurrence", "Actor profile")


def view_tabs() -> dict[str, bool]:
    """The page's views as tabs; only the open one is computed, so a rerun costs one view."""
    tabs = st.tabs(list(VIEWS), key="view_tab", on_change="rerun")
    return {name: tab for name, tab in zip(VIEWS, tabs, strict=True)}


def activity(shown: filters.Shown) -> None:
    freq = (
        st.segmented_control(
            "Count events per",
            ["M", "W"],
            key="activity_freq",
            default="M",
            format_func={"M": "month", "W": "week"}.get,
        )
        or "M"
    )
    counts = compare.activity(shown.events, freq=freq)
    coarse = compare.coarser_than(shown.events, freq=freq)
    st.plotly_chart(activity_figure(counts, freq=freq, coarse=coarse), key="activity_chart")
    st.caption(
        "Stacked by event type; every filter in the sidebar applies. Events count where they start."
    )


def together(shown: filters.Shown, dataset: Dataset) -> None:
    pairs = compare.pairs_in_view(shown.events, dataset.event_actors)
    matrix = compare.cooccurrence(pairs, top=20)
    st.plotly_chart(cooccurrence_figure(matrix), key="cooccurrence_chart")
    st.caption(
        "How many events in view each two of the 20 most active actors share; the diagonal is "
        "each actor's own count. Actors who appear together are placed next to each other."
    )


def profile(shown: filters.Shown, dataset: Dataset, view: View) -> None:
    pairs = compare.pairs_in_view(shown.events, dataset.event_actors)
    choices = shown.lanes or []
    if not choices:
        st.info("No actor has events in view.")
        return
    default = view.actors[0] if view.actors and view.actors[0] in choices else choices[0]
    if st.session_state.get("profile_actor") not in choices:
        st.session_state["profile_actor"] = default
    actor = st.selectbox("Actor", choices, key="profile_actor")
    found = compare.profile(actor, shown.events, pairs)
    columns = st.columns(4)
    columns[0].metric("Events in view", f"{found.count:,}")
    columns[1].metric("First seen", found.first or "—")
    columns[2].metric("Last seen", found.last or "—")
    columns[3].metric(
        "Busiest month", f"{found.busiest_month} ({found.busiest_count})" if found.count else "—"
    )
    left, middle, right = st.columns(3)
    left.markdown("**Most frequent partners**")
    left.dataframe(
        pd.DataFrame(found.partners, columns=["Actor", "Shared events"]),
        hide_index=True,
        width="stretch",
    )
    middle.markdown("**Share by event type**")
    middle.dataframe(
        _shares(found.by_type, schema.event_type_label, "Type"), hide_index=True, width="stretch"
    )
    right.markdown("**Share by status**")
    right.dataframe(
        _shares(found.by_status, schema.status_label, "Status"), hide_index=True, width="stretch"
    )
    st.markdown(f"**Its events in order** ({found.count:,})")
    own = shown.events[shown.events[schema.ID].isin(found.events)]
    st.dataframe(
        _table_frame(own.head(TABLE_ROWS)).drop(columns="id"),
        hide_index=True,
        width="stretch",
        column_config=_link_columns(),
    )


def _shares(shares: dict[str, float], labelled, name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: [labelled(key) for key in shares],
            "Share": [f"{share:.0%}" for share in shares.values()],
        }
    )
