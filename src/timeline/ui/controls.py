"""The sidebar's filters: widgets whose session-state keys are the view's field names.

The URL sets them on a session's first run and follows every change; `timeline.view.FIELDS`
says how each field reads from and writes to a link.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import streamlit as st

from timeline import actors, safe, schema, search, urlstate
from timeline.dataset import Dataset
from timeline.ui import scripts
from timeline.view import FIELDS, MATCH_ALL, MATCH_ANY, Offered, View

DATES = "dates"  # the one control for the `start` and `end` fields
_DATES_OF = "dates_of"  # which data the date range was chosen on
_URL_READ, _URL_NOTICES = "url_read", "url_notices"
_AFFILIATES_SET = "affiliates_set"  # the analyst ticked or unticked the box: no more defaults
#: Fields that say where the analyst is, not what is filtered: Reset filters keeps them.
PLACE = ("tab", "profiled", "upload_name")
CARD_OPEN = "card_open"  # the selected event's card shows until closed (ui.card)


def offered(dataset: Dataset) -> Offered:
    """What this dataset offers the controls; a linked event id is looked up, not indexed."""
    ids = dataset.events[schema.ID]
    return Offered(**dataset.options, has_event=lambda event_id: bool((ids == event_id).any()))


def controls(dataset: Dataset, choices: Offered | None = None) -> View:
    """The View the sidebar's filters hold (set from the URL on first load); the URL follows.

    The widgets themselves are drawn by `sidebar`, later in the run: their values are in the
    session state already, and the chart, sent first, is drawn first. `choices`: what an
    engine offers (ui.engine_page passes its own facts for `dataset`), else the dataset's.
    """
    choices = choices or offered(dataset)
    if _URL_READ not in st.session_state:
        _from_url(dataset, choices)
    _follow_upload(dataset)
    for notice in st.session_state.get(_URL_NOTICES, []):
        st.warning(safe.markdown(notice))
    _fit_to(dataset, choices)
    view = _view(dataset)
    keep_url(view, dataset)
    if view.text and "search_text" not in vars(dataset):  # folded once per dataset, on demand
        with st.spinner(f"Preparing the search of {len(dataset.events):,} events (once) …"):
            dataset.search_text  # noqa: B018  (the cached property is the work)
    return view


def keep_url(view: View, dataset: Dataset) -> None:
    """Make the page's URL say `view` (a later section may refine the view, e.g. the profile)."""
    query = urlstate.to_query(linked(view, dataset))
    if query != {key: st.query_params.get_all(key) for key in st.query_params}:
        st.query_params.from_dict(query)


def follow(view: View, dataset: Dataset, **changes) -> View:
    """`view` with `changes` made in the controls' state and the URL."""
    for name, value in changes.items():
        st.session_state[name] = value
    changed = dataclasses.replace(view, **changes)
    keep_url(changed, dataset)
    return changed


def _follow_upload(dataset: Dataset) -> None:
    """The URL names the uploaded file the view is of; a link or reload without it says so."""
    state = st.session_state
    uploaded = state.get("uploaded")
    current = uploaded[1].report.name if uploaded else ""
    linked = state.get("upload_name", "")
    if linked and linked != current and not state.get("upload_noticed"):
        state["upload_noticed"] = True
        state.setdefault(_URL_NOTICES, []).append(
            f"This view was made on an uploaded file, {linked}, which stays in the browser "
            f"session it was uploaded in (a reload or a link does not bring it): you are seeing "
            f"{Path(dataset.report.name).name}. Upload {linked} under "
            "Your own data to see that view."
        )
    state["upload_name"] = current


def sidebar(dataset: Dataset) -> None:
    """The filters' widgets; every run must draw them, or Streamlit forgets their values."""
    with st.sidebar:
        _widgets(dataset)


def default_dates(dataset: Dataset) -> tuple[dt.date, dt.date]:
    """The days the page opens on: the story's period when the data has one, else every day."""
    return dataset.story_period or dataset.span


def days_shown(view: View, dataset: Dataset) -> tuple[dt.date, dt.date]:
    """The first and last day `view` shows: the chart's window and the counts' range."""
    first, last = dataset.span
    return view.start or first, view.end or last


def linked(view: View, dataset: Dataset) -> View:
    """`view` as a link writes it: no dates for the default ones, both dates for any other.

    A link without dates opens on the story's period, so "every day" must be written out.
    """
    shown = days_shown(view, dataset)
    if shown == default_dates(dataset):
        return dataclasses.replace(view, start=None, end=None)
    if dataset.story_period:
        return dataclasses.replace(view, start=shown[0], end=shown[1])
    return view


def select(event_id: str) -> None:
    """Make `event_id` the selected event ('' for none); the URL follows on the next run."""
    st.session_state["event"] = event_id


def _widgets(dataset: Dataset) -> None:
    options = dataset.options
    first, last = dataset.span
    st.header("Filters")
    st.multiselect(
        "Actors",
        options["actors"],
        key="actors",
        placeholder="All actors",
        filter_mode="contains",
        select_all=False,  # Enter must choose the actor typed, not every name containing it
        help="Canonical names; aliases in the data are resolved to these.",
        on_change=_actors_chosen,
        args=(dataset,),
    )
    st.radio(
        "Match",
        [MATCH_ANY, MATCH_ALL],
        key="match",
        horizontal=True,
        format_func={MATCH_ANY: "any of them", MATCH_ALL: "all of them"}.get,
    )
    st.checkbox(
        "Include affiliated officials",
        key="affiliates",
        on_change=lambda: st.session_state.update({_AFFILIATES_SET: True}),
        help="Choosing a state also brings in its officials (e.g. Iran → Velayati, Rouhani), "
        "and the Actor profile and Co-occurrence count officials under their state. On by "
        "default when you choose a state with officials; untick it to count the state alone.",
    )
    st.multiselect(
        "Event type",
        options["types"],
        key="types",
        format_func=schema.event_type_label,
        placeholder="All types",
        select_all=False,
    )
    st.multiselect(
        "Status",
        options["statuses"],
        key="statuses",
        format_func=schema.status_label,
        placeholder="Any status",
        select_all=False,
    )
    if "strengths" in options:  # engines do not rate sources: no control for it there
        st.multiselect(
            "Source strength",
            options["strengths"],
            key="strengths",
            format_func=schema.strength_label,
            placeholder="Any sourcing",
            select_all=False,
            help="Strong: a primary source or two independent ones; single: one independent "
            "source. Leave out 'state media only' to hide events only state media report.",
        )
    st.selectbox(
        "Theatre",
        ["", *options["theatres"]],
        key="theatre",
        format_func=lambda theatre: theatre or "All theatres",
    )
    story = dataset.story_period
    explained = (
        "Type the dates (YYYY-MM-DD) and press Enter or Tab, or pick them in the calendar. "
        "The chart shows exactly these days; the counts, table and exports hold its events."
    )
    if story:
        explained += " The page opens on the story's period: its wars and truces, with a margin."
    st.date_input(
        "Dates",
        key=DATES,
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        help=explained,
    )
    scripts.dates_apply_on_keys()
    if story and tuple(st.session_state.get(DATES) or ()) != (first, last):
        st.button("Show every date", on_click=_every_date, args=(dataset,), width="stretch")
    st.text_input(
        "Search",
        key="text",
        placeholder="Words in any order",
        help="Finds events holding every word, in any order, in the title, description, "
        "actors, tags or location; capitals and accents do not matter (Erdogan finds "
        'Erdoğan). Put a phrase in "quotes" to find it as written.',
    )
    notice = search.parse(st.session_state.get("text", "")).notice
    if notice:
        st.warning(safe.markdown(notice))
    st.button("Reset filters", on_click=_reset, args=(dataset,), width="stretch")


def _actors_chosen(dataset: Dataset) -> None:
    """Roll-up is the default once a state with officials is chosen, until the box is used."""
    state = st.session_state
    if state.get(_AFFILIATES_SET):
        return
    principals = set(actors.principals(dataset.actors).values())
    state["affiliates"] = any(actor in principals for actor in state.get("actors", []))


def _reset(dataset: Dataset) -> None:
    """Every filter back to its default; the open tab and the profiled actor stay."""
    state = st.session_state
    kept = {name: state[name] for name in PLACE if name in state}
    _to_state(View(**kept), dataset)
    state.pop(_AFFILIATES_SET, None)


def _every_date(dataset: Dataset) -> None:
    st.session_state[DATES] = dataset.span


def _from_url(dataset: Dataset, choices: Offered) -> None:
    """On a session's first run, set the controls from the link it was opened with."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    view, notices = urlstate.from_query(query, choices)
    _to_state(view, dataset)
    st.session_state[CARD_OPEN] = bool(view.event)  # a link to an event opens its card
    st.session_state[_URL_NOTICES] = notices
    st.session_state[_URL_READ] = True


def _to_state(view: View, dataset: Dataset) -> None:
    """Set every control to show `view`: its dates clamped to the data's, or the default ones."""
    state = st.session_state
    for field in FIELDS:
        if not field.widget:
            value = getattr(view, field.name)
            state[field.name] = list(value) if isinstance(value, tuple) else value
    first, last = dataset.span
    if view.start is None and view.end is None:
        state[DATES] = default_dates(dataset)
    else:
        state[DATES] = (max(view.start or first, first), min(view.end or last, last))
    state[_DATES_OF] = _identity(dataset)


def _view(dataset: Dataset) -> View:
    """The View the controls show; dates at the data's bounds are no choice (None)."""
    state = st.session_state
    chosen = {}
    for field in FIELDS:
        if not field.widget:
            value = state.get(field.name, field.default)
            chosen[field.name] = tuple(value) if isinstance(field.default, tuple) else value
    first, last = dataset.span
    dates = state.get(DATES) or ()
    start, end = (dates[0], dates[1]) if len(dates) == 2 else (first, last)
    chosen["text"] = chosen["text"].strip()
    return View(**chosen, start=None if start <= first else start, end=None if end >= last else end)


def _identity(dataset: Dataset) -> tuple:
    """What tells one dataset (or one version of a file) from another, cheaply."""
    return (dataset.report.name, dataset.report.rows_read, *dataset.span)


def _fit_to(dataset: Dataset, choices: Offered) -> None:
    """Keep the controls' values within what this dataset offers (it may have just changed).

    The controls' view is checked as a link to it would be, so every field keeps only values
    the data offers (an actor of another upload, a selected event no longer there).
    """
    state = st.session_state
    current = _view(dataset)
    fitted, _ = urlstate.from_query(urlstate.to_query(current), choices)
    for field in FIELDS:
        value = getattr(fitted, field.name)
        if not field.widget and value != getattr(current, field.name):
            state[field.name] = list(value) if isinstance(value, tuple) else value
    first, last = dataset.span
    dates = state.get(DATES) or default_dates(dataset)
    if state.get(_DATES_OF) != _identity(dataset):
        # Other data than the range was chosen on (an upload, a changed file): open on its
        # default dates. Keyed to the data, not to the old range, because the browser may send
        # a stale range, clamped to the new bounds, when one upload quickly replaces another.
        dates = default_dates(dataset)
    if len(dates) == 2:  # one date is a range being picked: left as it is
        state[DATES] = tuple(min(max(day, first), last) for day in dates)
    state[_DATES_OF] = _identity(dataset)
