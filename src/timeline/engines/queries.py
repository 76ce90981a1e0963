"""A session on a SQL engine: runs the `sql` expressions and shapes answers as memory does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa

from timeline import compare, schema
from timeline.engines import answers, layout, sql
from timeline.engines.answers import NO_REGISTRY, days, ms, offered, stamp, zero_filled
from timeline.engines.base import Session, Timeline, hidden_note, lanes_of
from timeline.figures.counts import bucketing, count_grid
from timeline.filters import View, actor_groups

EVENTS = ibis.table(ibis.Schema.from_pyarrow(layout.EVENT_SCHEMA), name=layout.EVENTS)
PAIRS = ibis.table(ibis.Schema.from_pyarrow(layout.PAIR_SCHEMA), name=layout.PAIRS)
ACTORS = ibis.table(ibis.Schema.from_pyarrow(layout.ACTOR_SCHEMA), name=layout.ACTORS)
_PROFILE_COLUMNS = [
    layout.POS, schema.ROW, schema.ID, schema.DATE, schema.END_DATE, schema.START, schema.END,
    schema.EVENT_TYPE, schema.STATUS,
]  # fmt: skip


SCOPE = ibis.table({layout.POS: "int64"}, name="timeline_view")
SCOPE_PAIRS = ibis.table(ibis.Schema.from_pyarrow(layout.PAIR_SCHEMA), name="timeline_view_pairs")


class SqlSession(Session):
    """Queries through one Ibis backend (a DuckDB cursor, a PostgreSQL connection).

    `scratch`: the backend is this session's own connection, so the positions of a view that
    needs a semi-join or a text search are computed once into a temporary table (`SCOPE`) and
    every question about that view reads them, instead of repeating the search per query.
    `searched`: writes that table itself for a view with search text (DuckDB's index searches
    as the page does; `sql.text_match` is a plain substring of title and description).
    """

    def __init__(
        self,
        backend,
        key: str,
        *,
        close: Callable[[], None],
        scratch: bool = False,
        searched: Callable[[View], None] | None = None,
    ) -> None:
        super().__init__(key)
        self.backend = backend
        self._release = close
        self._registry: pd.DataFrame | None = None
        self._scratch = scratch
        self._searched = searched
        self._scoped: View | None = None
        self._scoped_pairs: View | None = None

    def _scope(self, view: View, groups: list[list[str]]):
        """The temporary table of the view's positions (DuckDB), or None: filter in each query."""
        if not self._scratch or not (groups or view.text.strip()):
            return None
        if self._scoped != view:
            self._scoped = None
            if self._searched is not None and view.text.strip():
                self._searched(view)
            else:
                query = self.backend.compile(sql.positions(EVENTS, PAIRS, view, groups))
                # Raw SQL: Ibis' create_table(temp=True) needs a bound expression; ours are
                # unbound so that one definition compiles for every backend.
                self.backend.raw_sql(f"CREATE OR REPLACE TEMP TABLE timeline_view AS {query}")
            self._scoped = view
        return SCOPE

    def _pair_scope(self, view: View, groups: list[list[str]]):
        """The view's pairs in a temporary table (DuckDB), read by the lanes, the count grid and
        co-occurrence instead of scanning every pair again; None for the unfiltered view (all
        pairs: nothing to save) and on PostgreSQL."""
        if not self._scratch or view == View() or view == View(match=view.match):
            return self._scope(view, groups)
        if self._scoped_pairs != view:
            self._scoped_pairs = None
            chosen = sql.pairs_in_view(EVENTS, PAIRS, view, groups, self._scope(view, groups))
            query = self.backend.compile(chosen)
            self.backend.raw_sql(f"CREATE OR REPLACE TEMP TABLE timeline_view_pairs AS {query}")
            self._scoped_pairs = view
        return SCOPE_PAIRS

    def close(self) -> None:
        self._release()

    def _arrow(self, expr) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def _scalar(self, expr):
        return self.backend.to_pyarrow(expr).as_py()

    def _groups(self, view: View) -> list[list[str]]:
        if not view.actors:
            return []
        if view.affiliates and self._registry is None:
            self._registry = self._arrow(ACTORS).to_pandas().astype("str")
        return actor_groups(view, self._registry if self._registry is not None else NO_REGISTRY)

    def _options(self) -> dict[str, list[str]]:
        counts = self._arrow(PAIRS.group_by(layout.ACTOR).agg(n=PAIRS.count())).to_pylist()
        types = self._arrow(EVENTS.select(schema.EVENT_TYPE).distinct()).column(0).to_pylist()
        theatres = self._arrow(EVENTS.select(schema.THEATRE).distinct()).column(0).to_pylist()
        return offered({row[layout.ACTOR]: row["n"] for row in counts}, types, theatres)

    def _actor_registry(self) -> pd.DataFrame:
        return self._arrow(ACTORS).to_pandas().astype("str")

    def _span(self) -> tuple[dt.date, dt.date] | None:
        row = self._arrow(EVENTS.agg(low=EVENTS.start.min(), high=EVENTS.end.max())).to_pylist()[0]
        return days(row["low"], row["high"])

    def _count(self, view: View) -> int:
        groups = self._groups(view)
        scope = self._scope(view, groups)
        return int(self._scalar(sql.count(EVENTS, PAIRS, view, groups, scope)))

    def _timeline(self, view: View, budget: int, max_lanes: int) -> Timeline:
        groups = self._groups(view)
        scope = self._scope(view, groups)
        chosen = sql.in_view(EVENTS, PAIRS, view, groups, scope)
        summary = self._arrow(
            chosen.agg(n=chosen.count(), first=chosen.start.min(), last=chosen.end.max())
        ).to_pylist()[0]
        pair_scope = self._pair_scope(view, groups)
        counts = self._arrow(sql.lane_activity(EVENTS, PAIRS, view, groups, pair_scope))
        counts = counts.to_pylist()
        activity = {row[layout.ACTOR]: row["n"] for row in counts}
        lanes, hidden, active = lanes_of(view, activity, max_lanes)
        common = dict(
            count=int(summary["n"]),
            first=stamp(summary["first"]),
            last=stamp(summary["last"]),
            lanes=lanes,
            hidden_lanes=hidden,
            actor_count=active,
            notes=hidden_note(hidden),
        )
        placed = sql.placements(EVENTS, PAIRS, view, groups, lanes, pair_scope)
        lane_code = {name: code for code, name in enumerate(lanes)}
        if sum(activity[name] for name in lanes) > budget:
            bounds = self._arrow(sql.span(placed)).to_pylist()[0]
            low, high = ms(bounds["low"]), ms(bounds["high"])
            unit = bucketing(low, high)[0]
            cells = self._arrow(sql.bucket_counts(placed, unit)).to_pandas()
            lane = cells[layout.ACTOR].map(lane_code).to_numpy().astype("int64")
            start = cells["bucket"].to_numpy().astype("datetime64[ms]").astype("int64")
            grid = count_grid(
                lane, start, cells["n"].to_numpy(), len(lanes), int(bounds["shown"]),
                span=(low, high), unit=unit,
            )  # fmt: skip
            return Timeline(**common, grid=grid)
        pairs = self._arrow(placed.select(layout.POS, layout.ACTOR)).to_pandas()
        lane = pairs[layout.ACTOR].map(lane_code).to_numpy().astype("int64")
        used, placements = answers.placements(pairs[layout.POS].to_numpy(), lane, lanes)
        drawn = self._events_at(used, layout.DRAWN_COLUMNS)
        return Timeline(**common, events=drawn, placements=placements)

    def _events_at(self, positions: np.ndarray, names=layout.EVENT_COLUMNS) -> pd.DataFrame:
        if not len(positions):
            empty = pa.Table.from_pylist([], layout.EVENT_SCHEMA).to_pandas()
            return layout.canonical(empty, names)
        low, high = int(positions.min()), int(positions.max())
        # The bounds let the engine skip row groups: events are stored in order of `pos`.
        found = EVENTS.filter(
            EVENTS.pos.between(low, high), EVENTS.pos.isin([int(p) for p in positions])
        )
        return layout.from_arrow(self._arrow(found.select(*names).order_by(layout.POS)), names)

    def _eras(self, view: View) -> pd.DataFrame:
        drawn = layout.DRAWN_COLUMNS
        return layout.from_arrow(self._arrow(sql.eras(EVENTS, view).select(*drawn)), drawn)

    def _focus(self, view: View) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        periods = self.eras(view)
        groups = self._groups(view)
        chosen = sql.in_view(EVENTS, PAIRS, view, groups, self._scope(view, groups))
        stats = self._arrow(
            chosen.agg(n=chosen.count(), low=chosen.start.min(), high=chosen.end.max())
        )
        stats = stats.to_pylist()[0]
        if periods.empty or not stats["n"]:
            return None
        first, last = periods[schema.START].min(), periods[schema.END].max()
        margin = max((last - first) * 0.25, pd.Timedelta(days=7))
        start, end = first - margin, last + margin
        inside_expr = chosen.filter(
            chosen.end > start.to_pydatetime(), chosen.start < end.to_pydatetime()
        )
        inside = self._scalar(inside_expr.count()) / stats["n"]
        whole = pd.Timestamp(stats["high"]) - pd.Timestamp(stats["low"])
        if inside < 0.5 or (end - start) >= whole:
            return None
        return start, end

    def _positions(self, view: View):
        """The positions of the events in view: the scope table, else the query for them."""
        groups = self._groups(view)
        scope = self._scope(view, groups)
        return scope if scope is not None else sql.positions(EVENTS, PAIRS, view, groups)

    def _rows(self, view: View, offset: int, limit: int, newest_first: bool) -> pd.DataFrame:
        narrow = self._positions(view)
        key = ibis.desc(layout.POS) if newest_first else layout.POS
        # Positions first (a narrow read), then the page's rows by position: the wide columns
        # of the other events in view are never read.
        page = self._arrow(narrow.order_by(key).limit(limit, offset=offset)).column(0)
        rows = self._events_at(np.asarray(page.to_numpy(zero_copy_only=False), dtype="int64"))
        return rows.iloc[::-1].reset_index(drop=True) if newest_first else rows

    def _place(self, view: View, at: int) -> int | None:
        narrow = self._positions(view)
        pos = narrow[layout.POS]
        counts = narrow.aggregate(before=(pos < at).sum(), inside=(pos == at).sum())
        row = self._arrow(counts).to_pylist()[0]
        return int(row["before"] or 0) if row["inside"] else None

    def _pairs_view(self, view: View):
        groups = self._groups(view)
        return sql.pairs_in_view(EVENTS, PAIRS, view, groups, self._pair_scope(view, groups))

    def _cooc(self, view: View, top: int) -> pd.DataFrame:
        pairs = self._pairs_view(view)
        counts = self._arrow(pairs.group_by(layout.ACTOR).agg(n=pairs.count())).to_pylist()
        ranked = sorted(counts, key=lambda row: (-row["n"], row[layout.ACTOR]))[:top]
        chosen = [row[layout.ACTOR] for row in ranked]
        size = len(chosen)
        matrix = np.zeros((size, size), dtype="int64")
        if size:
            rank = {name: i for i, name in enumerate(chosen)}
            for row in self._arrow(sql.together(pairs, chosen)).to_pylist():
                matrix[rank[row["a"]], rank[row["b"]]] = row["n"]
        order = compare.seriate(matrix)
        labels = pd.Index([chosen[i] for i in order], name="actor", dtype="str")
        return pd.DataFrame(matrix[np.ix_(order, order)], index=labels, columns=labels)

    def _profile(self, view: View, actor: str) -> compare.ActorProfile:
        groups = self._groups(view)
        mine = PAIRS.filter(PAIRS.actor == actor).select(layout.POS)
        chosen = sql.in_view(EVENTS, PAIRS, view, groups, self._scope(view, groups))
        own = chosen.filter(chosen.pos.isin(mine.pos)).select(*_PROFILE_COLUMNS)
        events = self._arrow(own.order_by(layout.POS)).to_pandas().set_index(layout.POS)
        if events.empty:
            return compare.ActorProfile(actor)
        events = events.astype({schema.START: "datetime64[ms]", schema.END: "datetime64[ms]"})
        pairs = PAIRS.filter(PAIRS.pos.isin(own.pos)).select(event=PAIRS.pos, actor=PAIRS.actor)
        return compare.profile(actor, events, self._arrow(pairs).to_pandas())

    def _activity(self, view: View, freq: str) -> tuple[pd.DataFrame, int]:
        groups = self._groups(view)
        chosen = sql.in_view(EVENTS, PAIRS, view, groups, self._scope(view, groups))
        cells = self._arrow(sql.activity(chosen, freq)).to_pandas()
        coarser = ["year"] if freq == "M" else ["month", "year"]
        coarse = self._scalar(chosen.filter(chosen.precision.isin(coarser)).count())
        return zero_filled(cells, freq), int(coarse)

    def _with_ids(self, ids: tuple[str, ...]) -> pd.DataFrame:
        if not ids:
            return self._events_at(np.array([], dtype="int64"))
        found = EVENTS.filter(EVENTS.id.isin(list(ids))).order_by(layout.POS)
        return layout.from_arrow(self._arrow(found))

    def _event(self, event_id: str) -> pd.DataFrame:
        found = EVENTS.filter(EVENTS.id == event_id).order_by(layout.POS).limit(1)
        return layout.from_arrow(self._arrow(found))
