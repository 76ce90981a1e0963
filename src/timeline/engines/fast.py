"""The rerun's questions on DuckDB's index (see `index`), in DuckDB's own SQL.

Why this path leaves Ibis: the index keeps each event's actors as a list of codes (so lanes and
buckets need no join of the pairs with themselves) and one actor's events contiguous in
`by_actor`; those list functions are DuckDB's, and Ibis 12 cannot compile DuckDB's list
lambdas reliably (see pyproject.toml). Compiling an Ibis expression also cost 4-10 ms each.
What a rerun asks (count, lane chart, eras, opening window, table and reading pages) is
answered here; the rest (options, co-occurrence, profiles, activity, ids) stays on the shared
Ibis layer (`queries.SqlSession`) over the Parquet files. The view itself is written as SQL
over the index by `fast_sql`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline import compare, schema
from timeline.engines import answers, cache, fast_sql, layout
from timeline.engines.answers import NO_REGISTRY, days, offered, stamp
from timeline.engines.base import Session, Timeline, hidden_note, lanes_of
from timeline.figures.counts import Grid, bucketing, count_grid
from timeline.filters import View, actor_groups

_DAY_MS = 86_400_000


class FastSession(Session):
    """A DuckDB cursor answering the rerun's questions from the index's narrow tables; the
    rest through the shared Ibis layer on the same cursor, imported on first use (Ibis takes
    most of a second and 40 MB to import, and a rerun does not need it)."""

    folds_search = True

    def __init__(self, cursor, key: str, *, shared) -> None:
        super().__init__(key)
        self.cursor = cursor
        self.shared = shared  # the engine's index: actor codes, rows file, answers memo
        self._registry: pd.DataFrame | None = None
        self._ibis_session = None
        self._texted: tuple | None = None
        # The last views' counts, first and last dates, and events inside their opening window.
        self._summaries: dict = cache.Recent()

    def _fetch(self, query: str, params: list | None = None) -> pa.Table:
        return self.cursor.execute(query, params or []).to_arrow_table()

    @property
    def _portable(self):
        """The Ibis session (`queries.SqlSession`) for the questions a rerun does not ask."""
        if self._ibis_session is None:
            import ibis

            from timeline.engines.queries import SqlSession

            backend = ibis.duckdb.from_connection(self.cursor)
            self._ibis_session = SqlSession(
                backend, self.key, close=lambda: None, scratch=True, searched=self._scope
            )
        return self._ibis_session

    def _cooc(self, view: View, top: int) -> pd.DataFrame:
        return self._portable._cooc(view, top)

    def _profile(self, view: View, actor: str) -> compare.ActorProfile:
        return self._portable._profile(view, actor)

    def _activity(self, view: View, freq: str) -> tuple[pd.DataFrame, int]:
        return self._portable._activity(view, freq)

    def _event(self, event_id: str) -> pd.DataFrame:
        return self._portable._event(event_id)

    def _with_ids(self, ids: tuple[str, ...]) -> pd.DataFrame:
        return self._portable._with_ids(ids)

    def close(self) -> None:
        self.cursor.close()

    def _actor_registry(self) -> pd.DataFrame:
        """The registry the file was converted with (read once per session)."""
        if self._registry is None:
            registry = self._fetch(f"SELECT * FROM {layout.ACTORS}").to_pandas()
            self._registry = registry.astype("str")
        return self._registry

    def _groups(self, view: View) -> list[list[str]]:
        if not view.actors:
            return []
        registry = self._actor_registry() if view.affiliates else NO_REGISTRY
        return actor_groups(view, registry)

    def _filters(self, view: View, params: list, *, coded: bool = False) -> list[str]:
        """Type, status, theatre and dates as conditions (`fast_sql.conditions`)."""
        return fast_sql.conditions(view, params, self.shared.values if coded else None)

    def _source(self, view: View) -> tuple[str, str, list]:
        """The events in view and their non-era pairs as SQL (`fast_sql.source`), the search's
        matches kept in a temporary table first."""
        if view.text.strip():
            self._text(view)
        return fast_sql.source(view, self._groups(view), self.shared.values, self.shared.codes)

    def _text(self, view: View) -> None:
        """The search's matches in `fast_sql.SEARCHED` (`fast_sql.searched`), once per view
        and session."""
        key = (view.text.strip(), view.types, view.statuses, view.theatre, view.start, view.end)
        if self._texted == key:
            return
        self._texted = None
        self.cursor.execute(*fast_sql.searched(view, self.shared.values))
        self._texted = key

    def _scope(self, view: View) -> None:
        """The view's positions as the Ibis layer's scope table (`queries.SqlSession`), so its
        questions about a searched view find what the rerun's find."""
        source, _, params = self._source(view)
        self.cursor.execute(
            f"CREATE OR REPLACE TEMP TABLE timeline_view AS {source} "
            "SELECT pos::BIGINT AS pos FROM v",
            params,
        )

    def _options(self) -> dict[str, list[str]]:
        return self.shared.memo(("options",), self._choices)

    def _choices(self) -> dict[str, list[str]]:
        counts = self._fetch("SELECT actor, count(*) AS n FROM by_actor GROUP BY actor")
        names = self.shared.names
        found = {names[row["actor"]]: row["n"] for row in counts.to_pylist()}
        values = self.shared.values
        return offered(found, list(values[schema.EVENT_TYPE]), list(values[schema.THEATRE]))

    def _span(self) -> tuple[dt.date, dt.date] | None:
        row = self._fetch('SELECT min(start) AS low, max("end") AS high FROM narrow').to_pylist()
        return days(row[0]["low"], row[0]["high"])

    def _count(self, view: View) -> int:
        source, _, params = self._source(view)
        return int(self._fetch(f"{source} SELECT count(*) FROM v", params).column(0)[0].as_py())

    def _place(self, view: View, at: int) -> int | None:
        source, _, params = self._source(view)
        k = len(params) + 1
        before, inside = (
            self._fetch(
                f"{source} SELECT count(*) FILTER (WHERE pos < ${k}),"
                f" count(*) FILTER (WHERE pos = ${k}) FROM v",
                [*params, int(at)],
            )
            .to_pylist()[0]
            .values()
        )
        return int(before) if inside else None

    def _timeline(self, view: View, budget: int, max_lanes: int) -> Timeline:
        if view == View():  # the first view: the same for every session, answered once
            return self.shared.memo(("timeline", budget, max_lanes),
                                    lambda: self._drawn(view, budget, max_lanes))  # fmt: skip
        return self._drawn(view, budget, max_lanes)

    def _drawn(self, view: View, budget: int, max_lanes: int) -> Timeline:
        source, pairs, params = self._source(view)
        # Where the chart would open is asked next (`focus`): count the events inside it now.
        window = self._window(view) or (dt.datetime(1, 1, 1), dt.datetime(1, 1, 1))
        rows = self._fetch(
            f"""{source}
            SELECT NULL::SMALLINT AS code, count(*) AS n, min(start) AS low, max("end") AS high,
                   count(*) FILTER (WHERE placed) AS placed,
                   count(*) FILTER (WHERE "end" > ${len(params) + 1}
                                    AND start < ${len(params) + 2}) AS inside,
                   NULL::INTEGER AS first_day, NULL::INTEGER AS last_day
            FROM v
            UNION ALL
            SELECT code, count(*), NULL, NULL, NULL, NULL, min(day), max(day)
            FROM ({pairs.replace("{pos}", "")}) GROUP BY code""",
            [*params, *window],
        ).to_pylist()
        summary = next(row for row in rows if row["code"] is None)
        self._summaries[view] = (window, summary)
        per_actor = {self.shared.names[row["code"]]: row for row in rows if row["code"] is not None}
        activity = {name: row["n"] for name, row in per_actor.items()}
        lanes, hidden, active = lanes_of(view, activity, max_lanes)
        common = dict(
            count=int(summary["n"]), first=stamp(summary["low"]), last=stamp(summary["high"]),
            lanes=lanes, hidden_lanes=hidden, actor_count=active, notes=hidden_note(hidden),
        )  # fmt: skip
        codes = [self.shared.codes[name] for name in lanes]
        lane_of = np.full(len(self.shared.names), -1, dtype="int64")
        lane_of[codes] = np.arange(len(codes))
        listed = ", ".join(str(c) for c in codes) or "NULL"
        if sum(activity[name] for name in lanes) > budget:
            low = min(per_actor[name]["first_day"] for name in lanes) * _DAY_MS  # starts: days
            high = max(per_actor[name]["last_day"] for name in lanes) * _DAY_MS
            # Every placed event has a lane when no actor is hidden, or when each event in
            # view names a chosen actor and every chosen one has a lane: no need to count.
            chosen = [name for name in dict.fromkeys(view.actors) if activity.get(name, 0)]
            direct = bool(view.actors) and not view.affiliates and set(chosen) <= set(lanes)
            shown = int(summary["placed"]) if hidden == 0 or direct else None
            grid = self._grid((source, pairs, params), codes, lane_of, (low, high), shown)
            return Timeline(**common, grid=grid)
        placed = self._fetch(
            f"{source} SELECT pos, code FROM ({pairs.replace('{pos}', 'pos, ')}) "
            f"WHERE code IN ({listed})",
            params,
        )
        lane = lane_of[placed.column("code").to_numpy().astype("int64")]
        used, placements = answers.placements(placed.column("pos").to_numpy(), lane, lanes)
        drawn = self._events_at(used, layout.DRAWN_COLUMNS)
        return Timeline(**common, events=drawn, placements=placements)

    def _grid(self, scope, codes, lane_of, span, shown: int | None) -> Grid:
        """Placements per lane and bucket; `shown` (distinct events placed) counted if None."""
        source, pairs, params = scope
        unit = bucketing(*span)[0]
        key = "day" if unit in ("day", "week") else "month"  # weeks and years are summed here
        listed = ", ".join(str(c) for c in codes)
        query = f"""{source}
            SELECT code, {key} AS at, count(*) AS n FROM ({pairs.replace("{pos}", "")})
            WHERE code IN ({listed}) GROUP BY ALL"""
        if shown is None:
            query += f"""
            UNION ALL
            SELECT NULL, NULL, count(*) FROM v WHERE placed AND {self.shared.any_of(codes)}"""
        cells = self._fetch(query, params)
        code = cells.column("code").to_numpy(zero_copy_only=False)
        inside = ~pd.isna(code)
        at = cells.column("at").to_numpy(zero_copy_only=False)[inside].astype("int64")
        n = cells.column("n").to_numpy()
        if key == "day":
            start = at * _DAY_MS
        else:
            start = at.astype("datetime64[M]").astype("datetime64[ms]").astype("int64")
        if shown is None:
            shown = int(n[~inside][0])
        lane = lane_of[code[inside].astype("int64")]
        counts = n[inside].astype("float64")
        return count_grid(lane, start, counts, len(codes), shown, span=span, unit=unit)

    def _events_at(self, positions: np.ndarray, names=layout.EVENT_COLUMNS) -> pd.DataFrame:
        return layout.from_arrow(self.shared.rows.take(positions, tuple(names)), tuple(names))

    def _eras(self, view: View) -> pd.DataFrame:
        narrowed = View(theatre=view.theatre, start=view.start, end=view.end)
        if not (view.start or view.end):  # a theatre's eras: the same for every session
            return self.shared.memo(("eras", view.theatre), lambda: self._periods(narrowed))
        return self._periods(narrowed)

    def _periods(self, view: View) -> pd.DataFrame:
        params: list = []
        where = " AND ".join(self._filters(view, params)) or "true"
        found = self._fetch(f"SELECT * FROM eras WHERE {where} ORDER BY pos", params)
        return layout.from_arrow(found, layout.DRAWN_COLUMNS)

    def _window(self, view: View) -> tuple[dt.datetime, dt.datetime] | None:
        """The periods in view with a margin (memory: `opening_window`); None without any."""
        periods = self.eras(view)
        if periods.empty:
            return None
        first, last = periods["start"].min(), periods["end"].max()
        margin = max((last - first) * 0.25, pd.Timedelta(days=7))
        return (first - margin).to_pydatetime(), (last + margin).to_pydatetime()

    def _focus(self, view: View) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        window = self._window(view)
        if window is None:
            return None
        counted, stats = self._summaries.get(view, (None, None))
        if counted != window:
            source, _, params = self._source(view)
            stats = self._fetch(
                f"""{source} SELECT count(*) AS n, min(start) AS low, max("end") AS high,
                count(*) FILTER (WHERE "end" > ${len(params) + 1} AND start < ${len(params) + 2})
                AS inside FROM v""",
                [*params, *window],
            ).to_pylist()[0]
        if not stats["n"]:
            return None
        start, end = (pd.Timestamp(edge) for edge in window)
        whole = pd.Timestamp(stats["high"]) - pd.Timestamp(stats["low"])
        if stats["inside"] / stats["n"] < 0.5 or (end - start) >= whole:
            return None
        return start, end

    def _rows(self, view: View, offset: int, limit: int, newest_first: bool) -> pd.DataFrame:
        source, _, params = self._source(view)
        order = "DESC" if newest_first else ""
        page = self._fetch(
            f"{source} SELECT pos FROM v ORDER BY pos {order} "
            f"LIMIT ${len(params) + 1} OFFSET ${len(params) + 2}",
            [*params, int(limit), int(offset)],
        )
        return self._events_at(page.column(0).to_numpy())
