"""The chart drawn on the server for a brief, or the reason it could not be."""

import plotly.graph_objects as go
import pytest

from timeline import snapshot

FIGURE = go.Figure(go.Scatter(x=["2020-10-01", "2020-10-09"], y=["Iran", "Turkey"]))


def test_without_a_browser_the_reason_is_given_not_an_error(tmp_path):
    drawn = snapshot.chart_png(FIGURE, browser=tmp_path / "no-chromium")
    assert drawn.png is None
    assert drawn.reason == f"no Chromium at {tmp_path / 'no-chromium'} to draw it"


def test_a_browser_that_fails_gives_the_reason_not_an_error(tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    drawn = snapshot.chart_png(FIGURE, browser=broken)
    assert drawn.png is None
    assert drawn.reason.startswith("the browser could not draw it")


@pytest.mark.browser
def test_the_system_chromium_draws_the_chart_as_a_png():
    if not snapshot.CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {snapshot.CHROMIUM}")
    drawn = snapshot.chart_png(FIGURE)
    assert drawn.reason == ""
    assert drawn.png.startswith(b"\x89PNG")
    width, height = int.from_bytes(drawn.png[16:20]), int.from_bytes(drawn.png[20:24])
    assert (width, height) == (snapshot.WIDTH, 600)
