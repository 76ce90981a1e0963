"""Apply curated link drafts to the bundled data: new actors, new events, then the `links` column.

    uv run python scripts/apply_links.py --links docs/curation/links.csv
    uv run python scripts/apply_links.py --links a.csv --new-events rows.csv --new-actors actors.csv

Drafts: link files with columns id, links, justification (one row per event; entries are added to
the event's `links` cell, each once); an events file in the events.csv columns (rows whose id is
already present are left alone); an actors file in the actors.csv columns (names already present,
in any case, are left alone). Idempotent: a second run changes nothing. All or nothing: if any
draft row cannot be applied (unknown id, malformed link, a new row without an id), nothing is
written and every such problem is listed. The result is then validated like `timeline validate`.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from timeline import links, schema
from timeline.actors import load_registry
from timeline.load import load

ROOT = Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, default=ROOT / "data" / "events.csv")
    parser.add_argument("--actors", type=Path, default=ROOT / "data" / "actors.csv")
    parser.add_argument("--links", type=Path, action="append", metavar="FILE", required=True)
    parser.add_argument("--new-events", type=Path, help="rows to add, in the events.csv columns")
    parser.add_argument("--new-actors", type=Path, help="actors to add, in the actors.csv columns")
    arguments = parser.parse_args(argv)
    link_files = arguments.links

    events_header, events = _read(arguments.events)
    actors_header, actors = _read(arguments.actors)
    problems: list[str] = []
    added_actors = _new_actors(actors, _read_optional(arguments.new_actors), problems)
    added_events = _new_events(events, _read_optional(arguments.new_events), problems)
    if schema.LINKS not in events_header:
        events_header.append(schema.LINKS)
    changed_links = 0
    for path in link_files:
        changed_links += _apply_links(events, path, _read(path)[1], problems)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    _write(arguments.actors, actors_header, actors)
    _write(arguments.events, events_header, events)
    print(
        f"{arguments.events}: {len(added_events)} events added, {changed_links} links cells "
        f"changed; {arguments.actors}: {len(added_actors)} actors added"
    )
    return _validate(arguments.events, arguments.actors)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as source:
        reader = csv.DictReader(source)
        rows = [{key: value or "" for key, value in row.items()} for row in reader]
        return list(reader.fieldnames or []), rows


def _read_optional(path: Path | None) -> tuple[Path | None, list[dict[str, str]]]:
    return path, (_read(path)[1] if path is not None else [])


def _new_actors(actors: list[dict[str, str]], draft, problems: list[str]) -> list[str]:
    path, rows = draft
    known = {row[schema.ACTOR_NAME].strip().casefold() for row in actors}
    added = []
    for number, row in enumerate(rows, start=2):
        name = row.get(schema.ACTOR_NAME, "").strip()
        if not name:
            problems.append(f"{path}:{number}: name is empty")
        elif name.casefold() not in known:
            actors.append({column: row.get(column, "") for column in schema.ACTOR_COLUMNS})
            known.add(name.casefold())
            added.append(name)
    return added


def _new_events(events: list[dict[str, str]], draft, problems: list[str]) -> list[str]:
    path, rows = draft
    known = {row[schema.ID] for row in events}
    added = []
    for number, row in enumerate(rows, start=2):
        event_id = row.get(schema.ID, "").strip()
        if not event_id:
            problems.append(f"{path}:{number}: id is empty; a drafted event needs a stable id")
        elif event_id not in known:
            events.append({column: row.get(column, "") for column in schema.COLUMNS})
            known.add(event_id)
            added.append(event_id)
    return added


def _apply_links(
    events: list[dict[str, str]], path: Path, rows: list[dict[str, str]], problems: list[str]
) -> int:
    """Add each draft row's entries to its event's cell; return how many cells changed."""
    by_id = {row[schema.ID]: row for row in events}
    changed = 0
    for number, row in enumerate(rows, start=2):
        event = by_id.get(row.get(schema.ID, "").strip())
        if event is None:
            problems.append(f"{path}:{number}: id: no event has the id '{row.get(schema.ID)}'")
            continue
        drafted = links.entries(pd.Series([row.get(schema.LINKS, "")], dtype="str"))
        wrong = drafted[
            ~drafted["relation"].isin(list(schema.RELATIONS)) | (drafted["target"] == "")
        ]
        for entry in wrong["entry"]:
            problems.append(
                f"{path}:{number}: links: '{entry}' is not relation:event-id with a relation "
                f"among {', '.join(schema.RELATIONS)}"
            )
        missing = drafted[~drafted["target"].isin(list(by_id))]["target"]
        for target in missing:
            problems.append(f"{path}:{number}: links: no event has the id '{target}'")
        current = event.get(schema.LINKS, "")
        cell = _merged(current, drafted)
        if cell != current:
            event[schema.LINKS] = cell
            changed += 1
    return changed


def _merged(current: str, drafted: pd.DataFrame) -> str:
    """The cell's entries, then the drafted ones not already in it, each once, in order."""
    existing = links.entries(pd.Series([current], dtype="str"))
    written = []
    for frame in (existing, drafted):
        written += [
            f"{relation}{schema.LINK_SEPARATOR}{target}" if relation and target else entry
            for entry, relation, target in zip(
                frame["entry"], frame["relation"], frame["target"], strict=True
            )
        ]
    return schema.LIST_SEPARATOR.join(dict.fromkeys(written))


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _validate(events: Path, actors: Path) -> int:
    """Validate the written file; 1 when any problem remains, as `timeline validate --strict`."""
    dataset = load(events, registry=load_registry(actors))
    for problem in dataset.report.problems.itertuples(index=False):
        print(f"{events}:{problem.row}: {problem.column}: {problem.message} ({problem.severity})")
    print(f"{events}: {dataset.report.summary()}")
    return 1 if len(dataset.report.problems) else 0


if __name__ == "__main__":
    raise SystemExit(main())
