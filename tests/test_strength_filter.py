"""Source strength as a filter: in the view, the URL, the selection and the details card."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import timeline
from timeline import filters, schema, urlstate
from timeline.view import Offered, View

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
DATA = timeline.load(timeline.BUNDLED_EVENTS)


def test_strength_round_trips_through_the_url_and_unknown_values_are_noticed() -> None:
    view = View(strengths=(schema.STRONG, schema.SINGLE))
    query = urlstate.to_query(view)
    assert query == {"strength": ["strong", "single"]}
    offered = Offered(strengths=list(schema.STRENGTHS))
    assert urlstate.from_query(query, offered) == (view, [])
    _, notices = urlstate.from_query({"strength": ["trusted"]}, offered)
    assert notices == ["Link: unknown source strength 'trusted' was ignored."]


def test_the_strength_filter_keeps_only_events_of_the_chosen_strengths() -> None:
    strength = DATA.source_strength
    for chosen in ((schema.STRONG,), (schema.SINGLE,), (schema.STRONG, schema.SINGLE)):
        positions = filters.select(View(strengths=chosen), DATA)
        assert set(strength.take(positions)) <= set(chosen)
        assert len(positions) == int(strength.isin(chosen).sum())


def test_the_strength_filter_combines_with_an_actor() -> None:
    both = filters.select(View(actors=("Iran",), strengths=(schema.SINGLE,)), DATA)
    actor = set(filters.select(View(actors=("Iran",)), DATA))
    assert set(both) == actor & set(filters.select(View(strengths=(schema.SINGLE,)), DATA))


def test_a_link_with_a_strength_sets_the_control_and_the_card_names_kinds() -> None:
    single = DATA.events[(DATA.source_strength == schema.SINGLE).to_numpy()].iloc[0]
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.query_params["strength"] = "single"
    app.query_params["event"] = single[schema.ID]
    app.query_params["from"] = DATA.span[0].isoformat()
    app.query_params["to"] = DATA.span[1].isoformat()
    app.run()
    assert not app.exception
    assert app.multiselect(key="strengths").value == [schema.SINGLE]
    text = " ".join(block.value for block in app.markdown)
    assert "Sourcing" in text and "Single independent source" in text
