"""Give events their place: apply a curated coordinates file to data/events.csv, idempotently.

    uv run python scripts/apply_coordinates.py docs/curation/coordinates.csv [data/events.csv]

The coordinates file has the columns id, location, latitude, longitude, justification (where the
place is named in the event's sources, and which gazetteer gave its coordinates). For each row the
event with that id gets the latitude and longitude, and the location where it has none; a
location already written is kept. An event that already has other coordinates is a conflict: it
is reported and left as it is unless --replace is given. Running it twice changes nothing the
second time. Every problem names the file, row and column, and nothing is written if any row of
the coordinates file is bad or names an event that is not in the events file.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "data" / "events.csv"
COLUMNS = ("id", "location", "latitude", "longitude", "justification")
LIMITS = {"latitude": 90.0, "longitude": 180.0}


@dataclass
class Outcome:
    """What applying did: events changed, already right, left alone; and the problems found."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_coordinates(path: Path, outcome: Outcome) -> dict[str, dict[str, str]]:
    """The rows of the coordinates file by id, each checked; problems go to `outcome`."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            outcome.problems.append(f"{path}:1: missing columns {', '.join(missing)}")
            return {}
        rows: dict[str, dict[str, str]] = {}
        for number, row in enumerate(reader, start=2):
            rows.update(_checked(path, number, row, rows, outcome))
    return rows


def _checked(
    path: Path, number: int, row: dict, seen: dict, outcome: Outcome
) -> dict[str, dict[str, str]]:
    event_id = (row.get("id") or "").strip()
    where = f"{path}:{number}"
    bad = []
    if not event_id:
        bad.append(f"{where}: id: empty")
    elif event_id in seen:
        bad.append(f"{where}: id: {event_id!r} appears twice")
    for column, limit in LIMITS.items():
        text = (row.get(column) or "").strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not -limit <= value <= limit:  # NaN fails too
            bad.append(f"{where}: {column}: {text!r} is not a number from -{limit:g} to {limit:g}")
    if not (row.get("justification") or "").strip():
        bad.append(f"{where}: justification: empty (say where the place and coordinates come from)")
    outcome.problems += bad
    if bad:
        return {}
    clean = {column: (row.get(column) or "").strip() for column in COLUMNS}
    return {event_id: clean}


def apply(coordinates: Path, events: Path, *, replace: bool = False) -> Outcome:
    """Apply `coordinates` to `events` in place; nothing is written when a problem is found."""
    outcome = Outcome()
    places = read_coordinates(coordinates, outcome)
    with events.open(encoding="utf-8", newline="") as handle:  # keeps the file's line ends
        raw = handle.read()
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header, body = rows[0], rows[1:]
    index = {name: header.index(name) for name in ("id", "location", "latitude", "longitude")}
    by_id = {row[index["id"]]: row for row in body if row}
    for event_id in places:
        if event_id not in by_id:
            outcome.problems.append(f"{coordinates}: id: {event_id!r} is not an event in {events}")
    if outcome.problems:
        return outcome
    for event_id, place in places.items():
        _place(by_id[event_id], place, index, replace, outcome, event_id)
    if outcome.changed:
        newline = "\r\n" if "\r\n" in raw else "\n"
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=newline).writerows(rows)
        events.write_text(out.getvalue(), encoding="utf-8", newline="")
    return outcome


def _place(
    row: list[str], place: dict, index: dict, replace: bool, outcome: Outcome, event_id: str
) -> None:
    """Set one event's coordinates (and an empty location) unless it has other coordinates."""
    old = (row[index["latitude"]].strip(), row[index["longitude"]].strip())
    new = (place["latitude"], place["longitude"])
    same = all(o and float(o) == float(n) for o, n in zip(old, new, strict=True))
    if any(old) and not same and not replace:
        outcome.conflicts.append(
            f"{event_id}: has {old[0]}, {old[1]}, the file gives {new[0]}, {new[1]}; kept"
        )
        return
    before = list(row)
    if not same:
        row[index["latitude"]], row[index["longitude"]] = new
    if not row[index["location"]].strip() and place["location"]:
        row[index["location"]] = place["location"]
    (outcome.changed if row != before else outcome.unchanged).append(event_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("coordinates", type=Path, help="columns: " + ",".join(COLUMNS))
    parser.add_argument("events", type=Path, nargs="?", default=EVENTS)
    parser.add_argument("--replace", action="store_true", help="overwrite other coordinates")
    arguments = parser.parse_args(argv)
    for path in (arguments.coordinates, arguments.events):
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 1
    outcome = apply(arguments.coordinates, arguments.events, replace=arguments.replace)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    if outcome.problems:
        print(f"nothing written to {arguments.events}", file=sys.stderr)
        return 1
    for conflict in outcome.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    print(
        f"{arguments.events}: {len(outcome.changed)} events placed, "
        f"{len(outcome.unchanged)} already placed, "
        f"{len(outcome.conflicts)} conflicts left as they were"
    )
    return 2 if outcome.conflicts else 0


if __name__ == "__main__":
    sys.exit(main())
