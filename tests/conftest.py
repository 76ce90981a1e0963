"""Shared fixtures: a small actor registry, so tests never depend on the shipped data/actors.csv."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest
from registry_data import REGISTRY_CSV

from timeline.actors import load_registry

# AppTest runs no browser, so nothing would ask for the rest of a chart-first page: in-process
# tests see whole pages from the first run. The browser tests' servers turn it back on.
os.environ["TIMELINE_PROGRESSIVE"] = "0"


@pytest.fixture
def registry() -> pd.DataFrame:
    """A five-actor registry: states, one official affiliated with Iran, a few aliases."""
    return load_registry(io.StringIO(REGISTRY_CSV), name="actors.csv")


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    """The same registry written as an actors.csv file."""
    path = tmp_path / "actors.csv"
    path.write_text(REGISTRY_CSV, encoding="utf-8")
    return path
