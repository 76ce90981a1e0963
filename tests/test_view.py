"""The view's fields are declared once and drive the View, the URL and the description."""

import dataclasses
import datetime as dt

from timeline import figures, schema, urlstate
from timeline.view import FIELDS, Field, Offered, View, choices, describe


def test_view_attributes_are_the_fields_in_order_with_their_defaults() -> None:
    declared = [(f.name, f.default) for f in dataclasses.fields(View)]
    assert declared == [(field.name, field.default) for field in FIELDS]


def test_each_field_has_its_own_url_parameter() -> None:
    params = [field.param for field in FIELDS]
    assert len(set(params)) == len(params)
    assert tuple(params) == urlstate.KNOWN


def test_describe_lists_choices_then_dates() -> None:
    view = View(actors=("Iran",), types=("statement",), start=dt.date(2020, 9, 27), text="truce")
    assert describe(view) == "Iran statement truce 2020-09-27 to …"


def test_a_new_field_entry_round_trips_through_the_url_without_other_edits() -> None:
    # What adding a filter takes: an entry (here a hypothetical 'tag' filter) in a table of fields.
    tag = Field("tags", "tag", (), choices("tag", lambda offered: ["unsc", "truce"]))
    values = tag.parse(tag.param, ["UNSC", "nope"], Offered(), notices := [])
    assert values == ("unsc",)
    assert notices == ["Link: unknown tag 'nope' was ignored."]
    assert tag.to_url(values) == ["unsc"]
    assert tag.to_url(()) == []


def test_every_event_type_has_a_colour() -> None:
    assert set(schema.EVENT_TYPES) <= set(figures.TYPE_COLOURS)
