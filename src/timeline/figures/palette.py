"""Colours: one per event type from a published colour-blind-safe sequence, and the era fills.

Petroff's ten-colour sequence (M. A. Petroff, "Accessible Color Sequences for Data
Visualization", arXiv:2107.02270; Matplotlib's `petroff10`) was chosen by minimising how alike
any two colours look under simulated protan, deutan and tritan vision. Ten event types need ten
colours: Okabe-Ito and Paul Tol's schemes stop at eight or nine, and Tol's "muted" put military,
incident and decision (wine, rose, purple) and statement and report (indigo, dark grey) too
close at marker size. tests/test_palette.py checks the minimum pairwise CIEDE2000 distance.
"""

from __future__ import annotations

PETROFF_10: tuple[str, ...] = (
    "#3f90da",  # blue
    "#ffa90e",  # yellow
    "#bd1f01",  # red
    "#94a4a2",  # grey
    "#832db6",  # violet
    "#a96b59",  # brown
    "#e76300",  # orange
    "#b9ac70",  # green (khaki)
    "#717581",  # ash
    "#92dadd",  # cyan
)

#: Event type -> marker colour; the commonest types get the sequence's most distinct colours.
TYPE_COLOURS: dict[str, str] = {
    "statement": PETROFF_10[0],
    "military": PETROFF_10[2],
    "decision": PETROFF_10[4],
    "incident": PETROFF_10[6],
    "sanction": PETROFF_10[8],
    "report": PETROFF_10[3],
    "agreement": PETROFF_10[5],
    "negotiation": PETROFF_10[9],
    "ceasefire": PETROFF_10[7],
    "visit": PETROFF_10[1],
    "period": "#333333",  # a period without an end date: rare as a marker, shaded when ranged
}
OTHER_COLOUR = "#000000"  # event types not in the schema, kept as written

#: Era bands, light enough to sit behind every marker colour; narrow bands also get an outline.
ERA_FILLS: tuple[str, ...] = (
    "rgba(120, 120, 120, 0.12)",
    "rgba(63, 144, 218, 0.12)",
    "rgba(185, 172, 112, 0.22)",
    "rgba(146, 218, 221, 0.25)",
    "rgba(169, 107, 89, 0.12)",
)
ERA_LINE = "rgba(80, 80, 80, 0.55)"
