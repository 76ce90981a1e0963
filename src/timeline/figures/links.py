"""Links between events on the lanes: thin arrows by relation family, and deadline flags.

An arrow runs from the earlier end of a link (its target: the truce, the resolution) to the
event holding it (the strike that violates it, the date it set), so time and consequence both
read left to right. Arrows are drawn beneath the markers, thin and translucent, and point at a
marker's edge, not its centre, so they never hide an event. A deadline (an event with a
`scheduled_by` link) gets a flag just above its top mark, whatever the toggle for arrows says.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from timeline import links as event_links
from timeline import schema
from timeline.figures.text import _ms, escape, escape_text
from timeline.links.graph import EVENT, RELATION, TARGET

#: Relation -> family; a family is one trace, one style and one entry in the key.
RELATION_FAMILY: dict[str, str] = {
    "responds_to": "response",
    "implements": "response",
    "violates": "breach",
    "disputes": "breach",
    "ends": "succession",
    "replaces": "succession",
    "scheduled_by": "schedule",
}
#: Family -> (key name, colour, dash). Muted colours, apart from the type colours of markers.
FAMILY_STYLE: dict[str, tuple[str, str, str]] = {
    "response": ("Responds to, implements", "#4a6f8a", "solid"),
    "breach": ("Violates, disputes", "#b2182b", "dot"),
    "succession": ("Ends, replaces", "#5b5b5b", "dashdot"),
    "schedule": ("Sets the date of", "#8a6d1e", "dash"),
}
#: Deadline outcome (a key of schema.DEADLINE_OUTCOMES) -> (symbol, colour, key name).
DEADLINE_MARKS: dict[str, tuple[str, str, str]] = {
    "confirmed": ("triangle-down", "#333333", "Due date: happened"),
    "disputed": ("triangle-down-open", "#b2182b", "Due date: disputed"),
    "claimed": ("triangle-down-open", "#b2182b", "Due date: claimed"),
    "ended-early": ("triangle-down-open", "#777777", "Due date: ended early"),
    "upcoming": ("triangle-down-open", "#1b6ca8", "Due date: upcoming"),
    "overdue": ("triangle-down-open", "#e76300", "Due date: passed, not recorded"),
    "": ("triangle-down-open", "#777777", "Due date: outcome not stated"),
}
MAX_ARROWS = 1500  # beyond this many links in view, arrows would be a hairball: a note instead
BOW = 0.45  # lanes an arrow between two marks on one lane bows away from it, to clear them
FLAG_ABOVE = 0.42  # lanes a deadline flag sits above its mark
ARROW_PX, STANDOFF_PX = 9, 6  # arrowhead size; the tip stops at the edge of a 10 px marker
_KEY_RANK = 1100  # after the event types and status symbols in the key


def relation_traces(
    events: pd.DataFrame,
    positions: np.ndarray,
    lane: np.ndarray,
    links: pd.DataFrame,
    *,
    arrows: bool = True,
    today: dt.date | None = None,
) -> tuple[list[dict], list[dict], str]:
    """(arrows to draw beneath the markers, deadline flags to draw above them, a note or "").

    `positions` are the placed events (rows of `events`), `lane` their lanes' numbers;
    `links` is the link table of `events` (`links.table`). Only links whose two ends are both
    placed are drawn; an event on several lanes is joined by its closest pair of lanes.
    """
    if links is None or links.empty or not len(positions):
        return [], [], ""
    ends = _placed_ends(events, positions, lane, links)
    below, note = [], ""
    if arrows and len(ends) > MAX_ARROWS:
        note = f"{len(ends):,} links in view are not drawn; narrow the filters to see them"
    elif arrows:
        below = _arrow_traces(events, ends, int(lane.max()) + 1)
    return below, _deadline_traces(events, positions, lane, links, today), note


def _middles(events: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """The middle of the time of the events at `rows` (epoch ms), where their marks are drawn."""
    start, end = _ms(events[schema.START].take(rows)), _ms(events[schema.END].take(rows))
    return (start + (end - start) // 2).astype("float64")


def _placed_ends(
    events: pd.DataFrame, positions: np.ndarray, lane: np.ndarray, links: pd.DataFrame
) -> pd.DataFrame:
    """Per link with both ends placed: its rows in `events` and the closest pair of their lanes."""
    rows = pd.DataFrame({"row": positions.astype("int64"), "lane": lane.astype("int64")})
    links = event_links.in_view(links, events.index[np.unique(positions)])  # before any copy
    where = events.index.get_indexer
    table = pd.DataFrame(
        {
            "link": np.arange(len(links)),
            "event": where(links[EVENT]),
            "relation": links[RELATION].astype("str").to_numpy(),
            "target": where(links[TARGET]),
        }
    )
    table = table.merge(rows.rename(columns={"row": "event", "lane": "event_lane"}), on="event")
    table = table.merge(rows.rename(columns={"row": "target", "lane": "target_lane"}), on="target")
    table["apart"] = (table["event_lane"] - table["target_lane"]).abs()
    closest = table.sort_values(["link", "apart", "target_lane"], kind="stable")
    return closest.drop_duplicates("link").reset_index(drop=True)


def _arrow_traces(events: pd.DataFrame, ends: pd.DataFrame, lanes: int) -> list[dict]:
    """Per relation family: one line trace of arrows (None between them) and a hover trace."""
    # Only the linked events' times and titles are read: the frame is the whole dataset.
    rows, at = np.unique(ends[["target", "event"]].to_numpy(), return_inverse=True)
    ends = ends.assign(target=at.reshape(-1, 2)[:, 0], event=at.reshape(-1, 2)[:, 1])
    middle = _middles(events, rows)
    titles = escape(events[schema.TITLE].take(rows)).to_numpy(dtype=object)
    dates = escape(events[schema.DATE].take(rows)).to_numpy(dtype=object)
    family = ends["relation"].map(RELATION_FAMILY).to_numpy(dtype=object)
    traces = []
    for name in FAMILY_STYLE:
        chosen = ends[family == name]
        if chosen.empty:
            continue
        key, colour, dash = FAMILY_STYLE[name]
        source, target = chosen["target"].to_numpy(), chosen["event"].to_numpy()
        x0, x1 = middle[source], middle[target]
        y0 = chosen["target_lane"].to_numpy().astype("float64")
        y1 = chosen["event_lane"].to_numpy().astype("float64")
        mid_x = x0 + (x1 - x0) / 2
        count = len(chosen)
        # On one lane, bow into the gap below it (above it on the bottom lane), clear of marks.
        bow = np.where(y0 >= lanes - 1, -BOW, BOW) if lanes > 1 else np.full(count, -BOW)
        mid_y = np.where(y0 == y1, y0 + bow, y0 + (y1 - y0) / 2)
        x = np.column_stack([x0, mid_x, x1, np.full(count, np.nan)]).ravel()
        y = np.column_stack([y0, mid_y, y1, np.full(count, np.nan)]).ravel()
        size = np.tile([0, 0, ARROW_PX, 0], count)
        traces.append(
            dict(
                type="scatter",
                x=_with_gaps(x),
                y=_with_gaps(y),
                mode="lines+markers",
                line={"color": colour, "width": 1.3, "dash": dash, "shape": "spline"},
                marker={
                    "symbol": "arrow",
                    "angleref": "previous",
                    "size": size,
                    "standoff": STANDOFF_PX,
                    "color": colour,
                },
                opacity=0.75,
                name=key,
                legendgroup=f"links-{name}",
                legendrank=_KEY_RANK,
                hoverinfo="skip",
            )
        )
        labels = [schema.relation_label(relation) for relation in chosen["relation"].astype("str")]
        text = [
            f"{titles[later]} ({dates[later]})<br><i>{escape_text(label)}</i><br>"
            f"{titles[earlier]} ({dates[earlier]})"
            for later, label, earlier in zip(target, labels, source, strict=True)
        ]
        traces.append(
            dict(
                type="scatter",
                x=mid_x,
                y=mid_y,
                mode="markers",
                marker={"size": 8, "color": colour, "opacity": 0},
                text=text,
                hovertemplate="%{text}<extra>link</extra>",
                name=key,
                legendgroup=f"links-{name}",
                showlegend=False,
            )
        )
    return traces


def _with_gaps(values: np.ndarray) -> list:
    """Coordinates with None where a NaN breaks the line between two arrows."""
    return [None if np.isnan(value) else float(value) for value in values]


def _deadline_traces(
    events: pd.DataFrame,
    positions: np.ndarray,
    lane: np.ndarray,
    links: pd.DataFrame,
    today: dt.date | None,
) -> list[dict]:
    """A flag above each placed deadline's marks, one trace per outcome, hovering its terms."""
    placed = events.index[np.unique(positions)]
    due = event_links.deadlines(events, event_links.deadline_links(links, placed), today=today)
    if due.empty:
        return []
    rows = events.index.get_indexer(due["deadline"])
    placed = np.isin(positions, rows)
    if not placed.any():
        return []
    by_row = due.assign(row=rows).drop_duplicates("row").set_index("row")
    # One flag per deadline, above its top mark: its marks on other lanes are joined below it.
    top = (
        pd.DataFrame({"row": positions[placed], "lane": lane[placed]})
        .groupby("row", sort=True)["lane"]
        .min()
    )
    at = top.index.to_numpy()
    terms = by_row.loc[at]
    middle = _middles(events, at)
    flags = pd.DataFrame(
        {"x": middle, "y": top.to_numpy().astype("float64") - FLAG_ABOVE, "row": at}
    ).assign(
        outcome=terms["outcome"].to_numpy(),
        text=_flag_text(terms),
    )
    traces = []
    for outcome, (symbol, colour, key) in DEADLINE_MARKS.items():
        chosen = flags[flags["outcome"] == outcome]
        if chosen.empty:
            continue
        traces.append(
            dict(
                type="scatter",
                x=chosen["x"].to_numpy(),
                y=chosen["y"].to_numpy(),
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 11,
                    "color": colour,
                    "line": {"width": 1.8, "color": colour},
                },
                text=chosen["text"].tolist(),
                hovertemplate="%{text}<extra>deadline</extra>",
                name=key,
                legendgroup="deadlines",
                legendrank=_KEY_RANK + 1,
            )
        )
    return traces


def _flag_text(terms: pd.DataFrame) -> list[str]:
    """Hover of a deadline flag: what was due, when and by whom it was set, what became of it."""
    title, due = escape(terms["title"]), escape(terms["due"])
    setter, set_on = escape(terms["set_by_title"]), escape(terms["set_on"])
    outcome = escape(terms["outcome_label"])
    lead = terms["lead_days"].to_numpy()
    return [
        f"<b>Due {d}</b>: {t}<br>Set by {s} ({o}), {n:,} days ahead<br>Outcome: {r}"
        for t, d, s, o, n, r in zip(title, due, setter, set_on, lead, outcome, strict=True)
    ]
