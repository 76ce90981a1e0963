"""The actor registry: reading it, rejecting a malformed one, aliases and affiliations."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from timeline import DataFileError, actors

REGISTRY_HEADER = "name,kind,affiliation,aliases"


def registry_from(*rows: str) -> pd.DataFrame:
    return actors.load_registry(
        io.StringIO("\n".join([REGISTRY_HEADER, *rows]) + "\n"), name="actors.csv"
    )


def test_registry_reads_every_column_as_trimmed_text():
    registry = registry_from(" Iran , state ,, IRI ")
    assert registry.to_dict("records") == [
        {"name": "Iran", "kind": "state", "affiliation": "", "aliases": "IRI"}
    ]


def test_registry_without_optional_columns_gets_them_empty():
    registry = actors.load_registry(io.StringIO("name,kind\nIran,state\n"), name="actors.csv")
    assert list(registry.columns) == ["name", "kind", "affiliation", "aliases"]
    assert registry.loc[0, "aliases"] == ""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["Iran,country,,"], "actors.csv:2: kind: 'country' is not one of state, organisation"),
        ([",state,,"], "actors.csv:2: name: empty"),
        (["Iran,state,,", "Iran,state,,"], "actors.csv:3: name: 'Iran' is listed twice"),
        (
            ["Velayati,official,Persia,"],
            "actors.csv:2: affiliation: 'Persia' is not a name in the registry",
        ),
    ],
)
def test_malformed_registry_is_rejected_naming_row_and_column(rows, message):
    with pytest.raises(DataFileError, match=message):
        registry_from(*rows)


def test_malformed_registry_reports_every_problem_at_once():
    with pytest.raises(DataFileError) as error:
        registry_from("Iran,country,,", ",state,,")
    assert len(str(error.value).splitlines()) == 2


def test_registry_missing_the_kind_column_is_rejected():
    with pytest.raises(DataFileError, match=r"actors\.csv: row 1: missing column\(s\) kind"):
        actors.load_registry(io.StringIO("name,aliases\nIran,\n"), name="actors.csv")


def test_missing_bundled_registry_gives_an_empty_one(monkeypatch, tmp_path):
    monkeypatch.setattr(actors, "BUNDLED_REGISTRY", tmp_path / "absent.csv")
    registry = actors.load_registry()
    assert registry.empty and list(registry.columns) == ["name", "kind", "affiliation", "aliases"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("iran", "Iran"),
        ("IRI", "Iran"),
        ("islamic republic of iran", "Iran"),
        ("VELAYATI", "Ali Akbar Velayati"),
    ],
)
def test_alias_map_finds_the_canonical_name_of_any_casing(registry, written, canonical):
    assert actors.alias_map(registry)[written.casefold()] == canonical


def test_canonical_name_wins_over_another_actors_alias():
    registry = registry_from("Georgia,state,,", "Georgia (US state),group,,Georgia")
    assert actors.alias_map(registry)["georgia"] == "Georgia"


def test_affiliates_follow_a_chain_of_affiliations():
    registry = registry_from(
        "Iran,state,,",
        "IRGC,armed group,Iran,",
        "Quds Force,armed group,IRGC,",
        "Armenia,state,,",
    )
    assert sorted(actors.affiliates(registry, ["Iran"])) == ["IRGC", "Quds Force"]


def test_affiliates_leave_out_actors_already_chosen_and_survive_cycles():
    registry = registry_from("A,group,B,", "B,group,A,", "C,group,A,")
    assert sorted(actors.affiliates(registry, ["A", "C"])) == ["B"]
