"""The `links` column: split into entries, checked row by row, cleaned of entries that break a rule.

A bad entry never rejects its row: the event loads, the entry is reported as an error naming the
`links` column and left out of the loaded cell. Rejecting the row would lose a sourced event for
a typo in one link, and would cascade, since every link to that event would then dangle.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema

# An entry is `relation:target`; the target (an id) may itself hold a colon, so only the first
# one separates.
_ENTRY = rf"^(?P<relation>[^{schema.LINK_SEPARATOR}]*){schema.LINK_SEPARATOR}(?P<target>.*)$"
_EXAMPLE = "responds_to:2020-10-10-moscow-truce"

#: Errors that drop one entry of a `links` cell and leave its row loaded (all other errors reject
#: the row): a report's rejected rows are the rows of its errors under any other rule.
ENTRY_ERRORS: frozenset[str] = frozenset(
    {"link-malformed", "link-relation", "link-target", "link-self"}
)
_DAY, _MONTH, _YEAR = (np.timedelta64(1, unit) for unit in ("D", "M", "Y"))


def entries(cells: pd.Series) -> pd.DataFrame:
    """Every non-empty entry of a `links` column, one row each, in cell order.

    Columns: `record` (position of the cell in `cells`), `entry` (as written, trimmed),
    `relation` (lowercased, spaces and hyphens read as `_`; "" when malformed) and `target`
    (the id; "" when malformed). Empty entries (`a;;b`, a trailing `;`) are not entries.
    """
    text = _arrow(cells)
    if not (pc.max(pc.binary_length(text)).as_py() or 0):  # no cell holds anything: no lists
        text = text.slice(0, 0)
    lists = pc.split_pattern(text, schema.LIST_SEPARATOR)
    record = pc.list_parent_indices(lists).to_numpy()
    written = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    present = pc.not_equal(written, "").to_numpy(zero_copy_only=False)
    written = written.filter(pa.array(present))
    parts = pc.extract_regex(written, _ENTRY)
    relation = pc.utf8_trim_whitespace(pc.struct_field(parts, "relation").fill_null(""))
    relation = pc.replace_substring_regex(pc.utf8_lower(relation), r"[ \-]+", "_")
    target = pc.utf8_trim_whitespace(pc.struct_field(parts, "target").fill_null(""))
    return pd.DataFrame(
        {
            "record": record[present].astype("int64"),
            "entry": pd.Series(written, dtype="str"),
            "relation": pd.Series(relation, dtype="str"),
            "target": pd.Series(target, dtype="str"),
        }
    )


def check(
    events: pd.DataFrame, accepted: np.ndarray, *, today: dt.date | None = None
) -> tuple[pd.Series, pd.DataFrame]:
    """Check the `links` of every record; return the cleaned cells and the problems found.

    `events` holds one row per record (before rejected rows are dropped) with the columns id,
    links, date, start, precision, status and row; `accepted` marks the records that will load.
    A link may only point at an accepted record. The cleaned cell keeps each valid entry once,
    written `relation:target` and joined by `;`, and an entry whose target id is not in the file
    (reported, and never resolved), so that a subset exported and loaded back keeps its links.
    Problems are in `schema.PROBLEM_COLUMNS`.
    """
    today = today or dt.date.today()
    found = entries(events[schema.LINKS])
    past = _past_scheduled(events, today)
    if found.empty:  # the usual file: no id lookup, no date arithmetic over every row
        return pd.Series("", index=events.index, dtype="str"), past
    rows = events[schema.ROW].to_numpy()
    # The first record holding the id: a repeated id is rejected, so links go to its first use.
    target = pc.index_in(_arrow(found["target"]), value_set=_arrow(events[schema.ID]))
    known = target.is_valid().to_numpy(zero_copy_only=False)
    target = target.fill_null(-1).to_numpy().astype("int64")
    record = found["record"].to_numpy()

    malformed = ((found["relation"] == "") | (found["target"] == "")).to_numpy()
    unknown_relation = ~malformed & ~found["relation"].isin(list(schema.RELATIONS)).to_numpy()
    unknown_target = ~malformed & ~unknown_relation & ~known
    rejected_target = ~malformed & ~unknown_relation & known & ~accepted[np.maximum(target, 0)]
    itself = ~malformed & ~unknown_relation & known & (target == record)
    bad = malformed | unknown_relation | unknown_target | rejected_target | itself
    repeated = ~bad & found[["record", "relation", "target"]].duplicated().to_numpy()
    good = ~bad & ~repeated

    start = events[schema.START].to_numpy()
    # Ending a deadline before it falls due (a mission withdrawn before its term ran out) is what
    # `ends` is for, so a deadline may be ended from an earlier date.
    deadlines = np.unique(record[good & (found["relation"] == schema.SCHEDULED_BY).to_numpy()])
    ends_deadline = (found["relation"] == schema.ENDS).to_numpy() & np.isin(target, deadlines)
    later = good & found["relation"].isin(schema.RELATIONS_TO_EARLIER).to_numpy() & ~ends_deadline
    later[later] = start[target[later]] >= _date_end(events.iloc[record[later]])
    problems = _Report(found, rows[record])
    problems.add(
        malformed,
        "link-malformed",
        lambda f: "'" + f["entry"] + f"' is not a link; write relation:event-id (e.g. {_EXAMPLE})",
    )
    problems.add(
        unknown_relation,
        "link-relation",
        lambda f: "'" + f["relation"] + "' is not a relation; use one of " + _known(),
    )
    problems.add(
        unknown_target,
        "link-target",
        lambda f: (
            "no event has the id '" + f["target"] + "'; the link is kept as written, not drawn"
        ),
    )
    problems.add(
        rejected_target,
        "link-target",
        lambda f: (
            "the event '"
            + f["target"]
            + "' (row "
            + pd.Series(rows[target[rejected_target]], dtype="str").to_numpy()
            + ") was rejected, so it cannot be linked"
        ),
    )
    problems.add(itself, "link-self", "an event cannot be linked to itself")
    problems.add(
        repeated, "link-duplicate", "repeats a link of this row; kept once", schema.WARNING
    )
    problems.add(
        later,
        "link-order",
        lambda f: (
            "'"
            + f["relation"]
            + "' points to an event dated later ("
            + events[schema.DATE].to_numpy()[target[later]]
            + "); check the direction: the row's event should come after its target"
        ),
        schema.WARNING,
    )
    frame = pd.concat([problems.frame(), past], ignore_index=True)
    # A link to an id not in this file stays in its cell (an export of the events in view keeps
    # its links to events outside the view, and loads back with them), but is never resolved.
    kept = good | (unknown_target & ~repeated)
    return _cleaned(found, kept, len(events), events.index), frame


def _date_end(events: pd.DataFrame) -> np.ndarray:
    """The exclusive end of each record's `date` (not its end_date): start plus one unit."""
    start = events[schema.START].to_numpy().astype("datetime64[D]")
    precision = events[schema.PRECISION].astype("str").to_numpy()
    by_month = (start.astype("datetime64[M]") + _MONTH).astype("datetime64[D]")
    by_year = (start.astype("datetime64[Y]") + _YEAR).astype("datetime64[D]")
    end = np.where(
        precision == "year", by_year, np.where(precision == "month", by_month, start + _DAY)
    )
    return end.astype("datetime64[ms]")


def _past_scheduled(events: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """A `scheduled` event whose date has wholly passed: its outcome should now be recorded."""
    scheduled = events[(events[schema.STATUS] == schema.SCHEDULED).to_numpy(dtype=bool)]
    past = scheduled[_date_end(scheduled) <= np.datetime64(today, "ms")]
    return pd.DataFrame(
        {
            "row": past[schema.ROW].to_numpy().astype("int64"),
            "column": schema.STATUS,
            "value": pd.Series(past[schema.STATUS].to_numpy(), dtype="str"),
            "rule": "scheduled-past",
            "message": pd.Series(
                "status is scheduled but its date "
                + past[schema.DATE].to_numpy()
                + f" has passed (today is {today.isoformat()}); record what happened",
                dtype="str",
            ),
            "severity": schema.WARNING,
        },
        columns=list(schema.PROBLEM_COLUMNS),
    )


class _Report:
    """Problems of link entries, one frame per rule; messages built for flagged entries only."""

    def __init__(self, found: pd.DataFrame, rows: np.ndarray) -> None:
        self._found = found
        self._rows = rows
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray, rule: str, message, severity: str = schema.ERROR) -> None:
        if not mask.any():
            return
        flagged = self._found[mask].reset_index(drop=True)
        text = message(flagged) if callable(message) else message
        self._parts.append(
            pd.DataFrame(
                {
                    "row": self._rows[mask].astype("int64"),
                    "column": schema.LINKS,
                    "value": flagged["entry"],
                    "rule": rule,
                    "message": text,
                    "severity": severity,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=list(schema.PROBLEM_COLUMNS))
        return pd.concat(self._parts, ignore_index=True)


def _cleaned(found: pd.DataFrame, good: np.ndarray, size: int, index: pd.Index) -> pd.Series:
    """One cell per record holding its valid entries as `relation:target`, joined by `;`."""
    kept = found[good]
    written = kept["relation"] + schema.LINK_SEPARATOR + kept["target"]
    offsets = np.zeros(size + 1, dtype="int64")
    np.cumsum(np.bincount(kept["record"].to_numpy(), minlength=size), out=offsets[1:])
    lists = pa.LargeListArray.from_arrays(
        pa.array(offsets), pa.array(written.to_numpy(dtype=object), type=pa.string())
    )
    joined = pc.binary_join(lists, schema.LIST_SEPARATOR)
    return pd.Series(joined, index=index, dtype="str")


def _known() -> str:
    return ", ".join(schema.RELATIONS)


def _arrow(column: pd.Series) -> pa.Array:
    array = pa.array(column, type=pa.large_string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
