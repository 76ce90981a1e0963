"""The view as Ibis expressions over the layout's tables: one definition for every SQL backend.

Nothing here runs a query: each function returns an expression that DuckDB, PostgreSQL or
BigQuery compiles (see `tests/test_engines_bigquery.py` for the BigQuery text). Filters that
every view uses (type, status, theatre, dates, actors) are answered from the pairs table, which
repeats those columns; only text search reads the wide events table.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from timeline import schema
from timeline.engines import layout
from timeline.filters import MATCH_ALL, View

UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def _predicates(table: ir.Table, view: View) -> list[ir.BooleanValue]:
    """The view's choices that the events and the pairs tables both answer."""
    found = []
    if view.types:
        found.append(table[schema.EVENT_TYPE].isin(list(view.types)))
    if view.statuses:
        found.append(table[schema.STATUS].isin(list(view.statuses)))
    if view.theatre:
        found.append(table[schema.THEATRE] == view.theatre)
    if view.start:
        found.append(table[schema.END] > _midnight(view.start))
    if view.end:
        found.append(table[schema.START] < _midnight(view.end + dt.timedelta(days=1)))
    return found


def _midnight(day: dt.date) -> ir.TimestampScalar:
    return ibis.timestamp(dt.datetime(day.year, day.month, day.day))


def text_match(table: ir.Table, text: str) -> ir.BooleanValue:
    """Case-insensitive substring of title or description (filters: `str.contains(case=False)`)."""
    needle = text.lower()
    return table[schema.TITLE].lower().contains(needle) | table[
        schema.DESCRIPTION
    ].lower().contains(needle)


def _filtered(table: ir.Table, predicates: list) -> ir.Table:
    return table.filter(*predicates) if predicates else table


def actor_positions(pairs: ir.Table, view: View, groups: list[list[str]]) -> ir.Table | None:
    """Positions (column `pos`) of the events naming the chosen actors (any or all groups)."""
    if not groups:
        return None
    predicates = _predicates(pairs, view)

    def of(group: list[str]) -> ir.Table:
        return _filtered(pairs, [pairs[layout.ACTOR].isin(group), *predicates]).select(layout.POS)

    # GROUP BY, not .distinct(): Ibis 12 moved a DISTINCT below the projection of `pos` when
    # the result was later ordered and limited (DISTINCT pos, actor: an event listed twice).
    if view.match == MATCH_ALL:
        found = of(groups[0]).group_by(layout.POS).agg()
        for group in groups[1:]:
            found = found.intersect(of(group))
        return found
    return of(sorted({actor for group in groups for actor in group})).group_by(layout.POS).agg()


def in_view(
    events: ir.Table, pairs: ir.Table, view: View, groups: list[list[str]], scope=None
) -> ir.Table:
    """The events in view (every column); `scope`: a table of their positions, if computed."""
    if scope is not None:
        return events.filter(events[layout.POS].isin(scope[layout.POS]))
    predicates = _predicates(events, view)
    chosen = actor_positions(pairs, view, groups)
    if chosen is not None:
        predicates.append(events[layout.POS].isin(chosen[layout.POS]))
    if view.text.strip():
        predicates.append(text_match(events, view.text.strip()))
    return _filtered(events, predicates)


def positions(events: ir.Table, pairs: ir.Table, view: View, groups: list[list[str]]) -> ir.Table:
    """Positions of the events in view; from the pairs alone when no text is searched."""
    if view.text.strip():
        return in_view(events, pairs, view, groups).select(layout.POS)
    chosen = actor_positions(pairs, view, groups)
    if chosen is not None:
        return chosen
    return _filtered(events, _predicates(events, view)).select(layout.POS)


def count(events: ir.Table, pairs: ir.Table, view: View, groups, scope=None) -> ir.Scalar:
    if scope is not None:
        return scope.count()
    if view.text.strip() or not groups:
        return in_view(events, pairs, view, groups).count()
    return actor_positions(pairs, view, groups).count()


def pairs_in_view(
    events: ir.Table, pairs: ir.Table, view: View, groups: list[list[str]], scope=None
) -> ir.Table:
    """Every (event, actor) pair of the events in view (all their actors, not only the chosen).

    `scope`: the view's positions, or (with an actor column) the view's pairs themselves.
    """
    if scope is not None:
        if layout.ACTOR in scope.columns:
            return scope
        return pairs.filter(pairs[layout.POS].isin(scope[layout.POS]))
    predicates = _predicates(pairs, view)
    if groups or view.text.strip():
        predicates.append(
            pairs[layout.POS].isin(positions(events, pairs, view, groups)[layout.POS])
        )
    return _filtered(pairs, predicates)


def lane_activity(events, pairs, view: View, groups, scope=None) -> ir.Table:
    """Events per actor in view, periods drawn as eras left out: what ranks the lanes."""
    placed = pairs_in_view(events, pairs, view, groups, scope)
    placed = placed.filter(~placed[layout.ERA])
    return placed.group_by(layout.ACTOR).agg(n=placed.count())


def placements(events, pairs, view: View, groups, lanes: list[str], scope=None) -> ir.Table:
    placed = pairs_in_view(events, pairs, view, groups, scope)
    return placed.filter(~placed[layout.ERA], placed[layout.ACTOR].isin(lanes))


def bucket_counts(placed: ir.Table, unit: str) -> ir.Table:
    """Placements per lane and first instant of their day, week, month or year."""
    bucket = placed[schema.START].truncate(UNITS[unit]).name("bucket")
    return placed.group_by([placed[layout.ACTOR], bucket]).agg(n=placed.count())


def span(placed: ir.Table) -> ir.Table:
    return placed.agg(
        low=placed[schema.START].min(),
        high=placed[schema.START].max(),
        shown=placed[layout.POS].nunique(),
    )


def eras(events: ir.Table, view: View) -> ir.Table:
    """Ranged periods within the theatre and dates (actors, types and text do not apply)."""
    predicates = [events[schema.EVENT_TYPE] == schema.PERIOD, events[schema.END_DATE] != ""]
    narrowed = View(theatre=view.theatre, start=view.start, end=view.end)
    return events.filter(*predicates, *_predicates(events, narrowed)).order_by(layout.POS)


def activity(chosen: ir.Table, freq: str) -> ir.Table:
    """Events per week (Monday) or month and event type, by their start."""
    period = chosen[schema.START].truncate("W" if freq == "W" else "M").name("period")
    return chosen.group_by([period, chosen[schema.EVENT_TYPE]]).agg(n=chosen.count())


def together(pairs_view: ir.Table, chosen: list[str]) -> ir.Table:
    """Shared events of every two chosen actors (both orders, and each with itself)."""
    mine = pairs_view.filter(pairs_view[layout.ACTOR].isin(chosen)).select(layout.POS, layout.ACTOR)
    joined = mine.join(mine.view(), layout.POS)  # the right side's actor becomes actor_right
    return joined.group_by(a=joined[layout.ACTOR], b=joined[f"{layout.ACTOR}_right"]).agg(
        n=joined.count()
    )
