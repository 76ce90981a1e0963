"""An event's sources as the card lists them: how strongly it is sourced, and each source's kind."""

from __future__ import annotations

import streamlit as st

from timeline import display, safe, schema, sources
from timeline.dataset import Dataset


def sources_list(dataset: Dataset, position: int) -> None:
    """The strength badge, then every source as a numbered link with its outlet's kind."""
    event = dataset.events.iloc[position]
    strength = str(dataset.source_strength.iloc[position])
    st.markdown(f"**Sourcing** {safe.markdown(schema.strength_label(strength))}")
    kinds = sources.citations(dataset.events.iloc[[position]], dataset.source_registry)
    kind_of = dict(zip(kinds["url"].astype("str"), kinds["kind"].astype("str"), strict=False))
    for number, (outlet, url) in enumerate(display.sources(event), start=1):
        kind = schema.source_kind_label(kind_of.get(url, ""))
        st.markdown(
            f"{number}. [{safe.markdown(outlet)}]({safe.link_target(url)}) · {safe.markdown(kind)}"
        )
