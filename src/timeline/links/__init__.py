"""Links between events: the `links` column's contract and the analyses built on it.

`check` validates the column at load time; `table` turns the loaded column into a table of
positions that `relations`, `chain`, `deadlines` and the response analyses read.
"""

from timeline.links.contract import ENTRY_ERRORS, check, entries
from timeline.links.deadlines import DEADLINE_COLUMNS, deadline_links, deadlines
from timeline.links.graph import (
    CHAIN_DEPTH,
    MAX_CHAIN_DEPTH,
    chain,
    in_view,
    position_of,
    relations,
    table,
)
from timeline.links.responses import response_matrix, response_speed, response_times

__all__ = [
    "CHAIN_DEPTH",
    "DEADLINE_COLUMNS",
    "ENTRY_ERRORS",
    "MAX_CHAIN_DEPTH",
    "chain",
    "check",
    "deadline_links",
    "deadlines",
    "entries",
    "in_view",
    "position_of",
    "relations",
    "response_matrix",
    "response_speed",
    "response_times",
    "table",
]
