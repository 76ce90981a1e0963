"""Text from data made inert for each destination: markdown, links, Plotly, terminal, sheets."""

import html

import pandas as pd
import pytest

from timeline import safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain words", "plain words"),
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("$x^2$", r"\$x^2\$"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escapes_every_markup_character(text: str, shown: str) -> None:
    assert safe.markdown(text) == shown


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/x(1)", "http://example.org/x%281%29"),
        ("https://example.org/<a b>", "https://example.org/%3Ca%20b%3E"),
        ("javascript:alert(1)", "#"),
        ("ftp://example.org/", "#"),
    ],
)
def test_link_targets_are_http_only_and_cannot_close_the_link(url: str, target: str) -> None:
    assert safe.link_target(url) == target


@pytest.mark.parametrize("text", ["a & b", "<script>", "\"quoted\" 'single'", "plain"])
def test_plotly_text_matches_html_escape_with_numeric_quotes(text: str) -> None:
    expected = html.escape(text).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
    assert safe.plotly(text) == expected
    assert safe.plotly_column(pd.Series([text], dtype="str")).tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("ok", "ok"),
        ("\x1b[31mred", "\ufffd[31mred"),
        ("forged\nline", "forged\ufffdline"),
        ("\u202eevil", "\ufffdevil"),
    ],
)
def test_terminal_text_has_no_controls(text: str, printed: str) -> None:
    assert safe.terminal(text) == printed
    assert safe.terminal_column(pd.Series([text], dtype="str")).tolist() == [printed]


def test_terminal_text_keeps_both_ends_of_a_long_message() -> None:
    printed = safe.terminal("a" * 300 + "b" * 300, limit=100)
    assert printed.startswith("a" * 50) and printed.endswith("b" * 50)
    assert "500 characters not shown" in printed


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("@cmd", "'@cmd"),
        ("-12.5", "-12.5"),
        ("+3e5", "+3e5"),
        ("plain", "plain"),
    ],
)
def test_spreadsheet_cells_that_would_run_get_a_quote(cell: str, written: str) -> None:
    assert safe.spreadsheet(pd.Series([cell], dtype="str")).tolist() == [written]
