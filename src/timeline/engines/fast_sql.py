"""The view as DuckDB SQL over the index's tables (`index`): conditions and the events in view.

`fast.FastSession` asks its questions of `v`, the events in view, and of their (event, actor)
pairs; both are written here from the view, the actor groups it names and the index's codes.
Values the analyst typed travel as `$n` parameters; the codes written inline are integers.
"""

from __future__ import annotations

import datetime as dt

from timeline import schema, search
from timeline.filters import MATCH_ALL, View

# {pos}: where the event's position is selected, when the question needs it
UNNESTED = "SELECT {pos}unnest(codes) AS code, day, month FROM v WHERE NOT era"
_COLUMNS = 'pos, start, "end", day, month, era, placed, mask, codes'  # what questions read
SEARCHED = "timeline_text"  # the temporary table of the search's matches (`FastSession._text`)


def conditions(view: View, params: list, values: dict | None = None) -> list[str]:
    """Type, status, theatre and dates as conditions ($n parameters); with `values` (the
    index's code of each type, status and theatre), on the narrow rows' integer codes."""

    def bind(value) -> str:
        params.append(value)
        return f"${len(params)}"

    found = []
    chosen = ((schema.EVENT_TYPE, view.types), (schema.STATUS, view.statuses),
              (schema.THEATRE, (view.theatre,) if view.theatre else ()))  # fmt: skip
    for name, chosen_values in chosen:
        if chosen_values and values is not None:
            known = values[name]
            listed = ", ".join(str(known[v]) for v in chosen_values if v in known) or "NULL"
            found.append(f"{name}_code IN ({listed})")
        elif chosen_values:
            found.append(f"{name} IN ({', '.join(bind(v) for v in chosen_values)})")
    if view.start:
        found.append(f'"end" > {bind(dt.datetime.combine(view.start, dt.time()))}')
    if view.end:
        day = view.end + dt.timedelta(days=1)
        found.append(f"start < {bind(dt.datetime.combine(day, dt.time()))}")
    return found


def source(
    view: View, groups: list[list[str]], values: dict, codes: dict[str, int]
) -> tuple[str, str, list]:
    """The events in view as `WITH v AS (…)` (one row each), their non-era (event, actor)
    pairs as a query of (pos, code, start, day, month), and the parameters of both.

    `groups`: the actor groups the view names (`filters.actor_groups`); a searched view reads
    its matches from the `SEARCHED` table, which must hold them.
    """
    params: list = []
    found = conditions(view, params, values)
    if view.text.strip():
        found.append(f"pos IN (SELECT pos FROM {SEARCHED})")
        if not groups:  # the matching events' lists: a semi-join of every pair costs more
            return _events("narrow", " AND ".join(found)), UNNESTED, params
    if not groups:
        where = " AND ".join(found) or "true"
        # The pairs are by_actor's rows themselves: no list to unnest.
        pairs = f"SELECT {{pos}}actor AS code, day, month FROM by_actor WHERE NOT era AND {where}"
        return _events("narrow", where), pairs, params
    coded = [[codes[a] for a in g if a in codes] for g in groups]
    if view.match == MATCH_ALL:
        first, others = (coded[0] if all(coded) else []), coded[1:]
    else:
        first, others = sorted({c for group in coded for c in group}), []
    if not first:
        found.append("false")
    else:
        found.append(f"actor IN ({', '.join(str(c) for c in first)})")
        if len(first) > 1:  # an event naming two of them is counted once, by the first
            found.append(f"actor = list_min(list_intersect(codes, {_codes_sql(first)}))")
        found += [_naming(group) for group in others]
    return _events("by_actor", " AND ".join(found)), UNNESTED, params


def searched(view: View, values: dict) -> tuple[str, list]:
    """The statement (and its parameters) that fills `SEARCHED` with the positions of the
    events holding every term of the view's search (`search.parse`, over the index's `texts`,
    folded as in memory) that its types, statuses, theatre and dates keep."""
    params: list = []
    narrowed = View(types=view.types, statuses=view.statuses, theatre=view.theatre,
                    start=view.start, end=view.end)  # fmt: skip
    found = conditions(narrowed, params, values)
    # The other filters read narrow's small columns; only the rows they keep are searched.
    joined = " JOIN narrow USING (pos)" if found else ""
    # The longest term first: likely the rarest, so the later ones test fewer rows.
    for term in sorted(search.parse(view.text).terms, key=len, reverse=True):
        params.append(term)
        found.append(f"contains(t.text, ${len(params)})")
    where = " AND ".join(found) or "true"
    return (
        f"CREATE OR REPLACE TEMP TABLE {SEARCHED} AS SELECT pos FROM texts t{joined} WHERE {where}",
        params,
    )


def _codes_sql(codes: list[int]) -> str:
    """A DuckDB list literal of actor codes (integers only, so nothing to escape)."""
    return f"[{', '.join(str(int(c)) for c in codes)}]::SMALLINT[]"


def _naming(group: list[int]) -> str:
    """The event names one of these actors (list_contains: list_has_any is far slower)."""
    return "(" + " OR ".join(f"list_contains(codes, {int(c)}::SMALLINT)" for c in group) + ")"


def _events(table: str, where: str) -> str:
    # NOT MATERIALIZED: DuckDB would otherwise copy a CTE read twice (lists and all) first.
    return f"WITH v AS NOT MATERIALIZED (SELECT {_COLUMNS} FROM {table} WHERE {where})"
