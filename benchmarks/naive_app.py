"""The naive dashboard the issue compares against: what one writes in an afternoon.

`pd.read_csv` under `st.cache_data`, a multiselect of actors, and `px.scatter` of every filtered
(event, actor) pair, the actors exploded so each event sits on each of its actors' rows. It reads
the same file as the real dashboard ($TIMELINE_DATA) and keys its multiselect "actors", so
benchmarks/bench.py drives both with the same AppTest calls. Not part of the product.
"""

import os

import pandas as pd
import plotly.express as px
import streamlit as st


@st.cache_data
def load(path: str) -> pd.DataFrame:
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    date = events["date"].str.replace(r"[~?%]", "", regex=True)
    events["when"] = pd.to_datetime(date, errors="coerce", format="mixed")
    events["actor"] = events["actors"].str.split(";")
    events = events.explode("actor")
    events["actor"] = events["actor"].str.strip()
    return events


st.set_page_config(page_title="Timeline (naive)", layout="wide")
events = load(os.environ["TIMELINE_DATA"])
chosen = st.multiselect("Actors", sorted(events["actor"].unique()), key="actors")
shown = events[events["actor"].isin(chosen)] if chosen else events
st.metric("Events", f"{shown['id'].nunique():,}")
figure = px.scatter(
    shown,
    x="when",
    y="actor",
    color="event_type",
    hover_data=["title", "date", "status", "source_name"],
)
st.plotly_chart(figure)
