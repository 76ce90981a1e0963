"""A data file the dashboard cannot read gives the analyst a clear message, not a traceback."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_file_without_the_required_columns_shows_a_clear_error(
    broken_app, open_dashboard
) -> None:
    tab = open_dashboard(broken_app)
    error = tab.page.get_by_test_id("stAlert")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("The data file cannot be read.")
    expect(error).to_contain_text("missing required column(s) date, title, actors")
    assert tab.exceptions() == []
    expect(tab.page.get_by_test_id("stMetric")).to_have_count(0)
    assert tab.page_errors == []
    assert tab.console_errors == []
