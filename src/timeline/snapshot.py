"""A chart as a PNG, drawn on the server by Plotly's image export (kaleido) in the system Chromium.

Never raises: where no browser can draw it, the caller gets the reason to print instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

#: The browser kaleido drives; kaleido cannot download one here, so the system's is named.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WIDTH = 1400  # pixels; a brief's page is about 6.5 inches wide, so this prints at ~215 dpi
TIMEOUT = 60  # seconds for the browser to draw one chart


@dataclass(frozen=True)
class Snapshot:
    """The chart as PNG bytes, or None with the reason it could not be drawn."""

    png: bytes | None
    reason: str = ""


def chart_png(figure: go.Figure, *, browser: Path | None = None) -> Snapshot:
    """`figure` drawn as a PNG at WIDTH pixels and its own height; offline (no MathJax, no CDN)."""
    browser = browser or CHROMIUM
    if not browser.is_file():
        return Snapshot(None, f"no Chromium at {browser} to draw it")
    try:
        import kaleido
    except ImportError:
        return Snapshot(None, "Plotly's image export (kaleido) is not installed")
    height = int(figure.layout.height or 600)
    try:
        png = kaleido.calc_fig_sync(
            figure,
            opts={"format": "png", "width": WIDTH, "height": height},
            kopts={"path": str(browser), "mathjax": False, "timeout": TIMEOUT},
        )
    except Exception as error:  # any failure of the browser or the export: the brief goes on
        said = " ".join(str(error).split())[:160]  # browser logs can run to pages
        return Snapshot(None, f"the browser could not draw it ({type(error).__name__}: {said})")
    if not isinstance(png, bytes) or not png.startswith(b"\x89PNG"):
        return Snapshot(None, "the browser returned no image")
    return Snapshot(png)
