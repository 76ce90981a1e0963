"""The actor registry: canonical names, kinds, affiliations and aliases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from timeline import schema
from timeline.read import DataFileError, Source, read_table

BUNDLED_REGISTRY = Path(__file__).resolve().parents[2] / "data" / "actors.csv"


def load_registry(source: Source | None = None, *, name: str | None = None) -> pd.DataFrame:
    """Read an actor registry; the bundled `data/actors.csv` when no source is given.

    A missing bundled registry gives an empty one (every actor then warns as unregistered);
    a malformed registry raises DataFileError naming the file, row and column.
    """
    if source is None:
        if not BUNDLED_REGISTRY.exists():
            return empty_registry()
        source = BUNDLED_REGISTRY
    name = name or str(source)
    table = read_table(source, name)
    missing = [
        column for column in (schema.ACTOR_NAME, schema.ACTOR_KIND) if column not in table.cells
    ]
    if missing:
        raise DataFileError(f"{name}: row 1: missing column(s) {', '.join(missing)}")
    registry = table.cells.reindex(columns=list(schema.ACTOR_COLUMNS), fill_value="")
    registry = registry.apply(lambda column: column.str.strip())
    problems = []
    for position, row in zip(registry.index, table.rows, strict=True):
        actor = registry.loc[position]
        if not actor[schema.ACTOR_NAME]:
            problems.append(f"{name}:{row}: name: empty")
        if actor[schema.ACTOR_KIND] not in schema.ACTOR_KINDS:
            kinds = ", ".join(schema.ACTOR_KINDS)
            problems.append(
                f"{name}:{row}: kind: '{actor[schema.ACTOR_KIND]}' is not one of {kinds}"
            )
    duplicated = registry[schema.ACTOR_NAME].duplicated()
    problems += [
        f"{name}:{row}: name: '{actor}' is listed twice"
        for actor, row in zip(
            registry[schema.ACTOR_NAME][duplicated], table.rows[duplicated], strict=True
        )
    ]
    known = set(registry[schema.ACTOR_NAME])
    affiliated = registry[schema.ACTOR_AFFILIATION]
    problems += [
        f"{name}:{row}: affiliation: '{value}' is not a name in the registry"
        for value, row in zip(affiliated, table.rows, strict=True)
        if value and value not in known
    ]
    if problems:
        raise DataFileError("\n".join(problems))
    return registry.reset_index(drop=True)


def empty_registry() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in schema.ACTOR_COLUMNS})


def alias_map(registry: pd.DataFrame) -> dict[str, str]:
    """Map every casefolded name and alias to its canonical name."""
    lookup: dict[str, str] = {}
    for name, aliases in zip(
        registry[schema.ACTOR_NAME], registry[schema.ACTOR_ALIASES], strict=True
    ):
        for alias in str(aliases).split(schema.LIST_SEPARATOR):
            if alias.strip():
                lookup.setdefault(alias.strip().casefold(), name)
    for name in registry[schema.ACTOR_NAME]:
        lookup[name.casefold()] = name  # a canonical name always wins over someone's alias
    return lookup


def affiliates(registry: pd.DataFrame, actors: list[str]) -> list[str]:
    """Actors affiliated with any of `actors`, directly or via a chain (unit -> state)."""
    parents = dict(
        zip(registry[schema.ACTOR_NAME], registry[schema.ACTOR_AFFILIATION], strict=True)
    )
    chosen = set(actors)
    found: list[str] = []
    for name in parents:
        seen = {name}
        parent = parents.get(name, "")
        while parent and parent not in seen:
            if parent in chosen:
                if name not in chosen:
                    found.append(name)
                break
            seen.add(parent)
            parent = parents.get(parent, "")
    return found


def principals(registry: pd.DataFrame) -> dict[str, str]:
    """Each affiliated actor's principal: the end of its affiliation chain (official -> state).

    Actors without an affiliation are their own principal and are left out; a chain that loops
    back stops before the loop.
    """
    parents = dict(
        zip(registry[schema.ACTOR_NAME], registry[schema.ACTOR_AFFILIATION], strict=True)
    )
    found: dict[str, str] = {}
    for name in parents:
        top, seen = name, {name}
        while parents.get(top) and parents[top] not in seen:
            top = parents[top]
            seen.add(top)
        if top != name:
            found[name] = top
    return found
