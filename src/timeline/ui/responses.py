"""Who answers whom: response speed in the actor profile, the responder matrix in co-occurrence.

Both read the `responds_to` links among the events in view (`links.response_speed`,
`links.response_matrix`); with "Include affiliated officials" an official's response counts
as his state's, so Zarif's answer is Iran's.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from timeline import compare, filters, links, safe
from timeline.actors import principals
from timeline.dataset import Dataset
from timeline.figures import response_figure
from timeline.view import View

MATRIX_ACTORS = 12


def counted_as(dataset: Dataset, view: View) -> dict[str, str] | None:
    """Official -> the state (top of its affiliation chain) it counts as, when asked for."""
    return principals(dataset.actors) if view.affiliates else None


def responders(actor: str, shown: filters.Shown, dataset: Dataset, view: View) -> None:
    """Who responds to `actor`'s events in view, how often, and the median days it takes."""
    pairs = compare.pairs_in_view(shown.events, dataset.event_actors)
    speed = links.response_speed(
        actor, shown.events, pairs, dataset.links, counted_as=counted_as(dataset, view)
    )
    st.markdown(f"**Who responds to {safe.markdown(actor)}, and how fast**")
    if speed.empty:
        st.caption(
            "No event in view is recorded as responding to this actor's events "
            "(a `responds_to` link between two events in view)."
        )
        return
    listed, explained = st.columns([3, 2])
    listed.dataframe(
        pd.DataFrame(
            {
                "Responder": speed["responder"],
                "Responses": speed["responses"],
                "Median days": speed["median_days"].round(1),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    explained.caption(
        f"Events in view recorded as responding to {safe.markdown(actor)}'s events, by "
        "responder: how many, and the median days from the event to the response (start to "
        "start). An official's response counts as his state's when affiliated officials are "
        "included."
    )


def matrix(shown: filters.Shown, dataset: Dataset, view: View) -> None:
    """Responder by responded-to: how many responses each actor made to each actor's events."""
    pairs = compare.pairs_in_view(shown.events, dataset.event_actors)
    found = links.response_matrix(
        shown.events,
        pairs,
        dataset.links,
        top=MATRIX_ACTORS,
        counted_as=counted_as(dataset, view),
    )
    st.markdown("**Who responds to whom**")
    if found.empty or not found.to_numpy().any():
        st.caption("No `responds_to` link joins two events in view.")
        return
    st.plotly_chart(response_figure(found), key="response_chart")
    st.caption(
        f"Responses (rows) to each actor's events (columns) among the events in view, for the "
        f"{MATRIX_ACTORS} actors most involved; an actor answering its own event is not counted."
    )
