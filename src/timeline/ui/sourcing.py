"""An event's sourcing as the card shows it: how strongly it is sourced, and each source's kind."""

from __future__ import annotations

import streamlit as st

from timeline import safe, schema, sources
from timeline.dataset import Dataset


def strength_line(dataset: Dataset, position: int) -> None:
    """The event's source strength, e.g. "Sourcing Strong" (rated from the registry)."""
    strength = str(dataset.source_strength.iloc[position])
    st.markdown(f"**Sourcing** {safe.markdown(schema.strength_label(strength))}")


def kinds(dataset: Dataset, position: int) -> dict[str, str]:
    """Each of the event's source URLs and its outlet's kind, in words."""
    found = sources.citations(dataset.events.iloc[[position]], dataset.source_registry)
    return {
        str(url): schema.source_kind_label(str(kind))
        for url, kind in zip(found["url"], found["kind"], strict=False)
    }
