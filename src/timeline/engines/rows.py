"""The rows file of DuckDB's index (`index`): events read by position, one `pread` per run.

Each event is a line of JSON in `pos` order, with each line's byte offset beside it, so an
event's row costs a read of its own bytes, parsed by Arrow's JSON reader.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.json as pajson

from timeline import schema
from timeline.engines import layout

_TIMES = (schema.START, schema.END)  # written as epoch milliseconds
JSON_SCHEMA = pa.schema(
    [pa.field(f.name, pa.int64()) if f.name in _TIMES else f for f in layout.EVENT_SCHEMA]
)


class Rows:
    """The rows file: each fetch reads the offsets and the lines of the events it asks for."""

    def __init__(self, folder: Path) -> None:
        self.lines, self.offsets = folder / "events.ndjson", folder / "offsets.bin"
        self.count = self.offsets.stat().st_size // 8 - 1

    def take(self, positions: np.ndarray, names: tuple[str, ...]) -> pa.Table:
        """The events at `positions` (in that order), with the columns `names`."""
        positions = np.asarray(positions, dtype="int64")
        if not len(positions):
            return JSON_SCHEMA.empty_table().select(list(names)).cast(_shape(names))
        order = np.argsort(positions, kind="stable")
        if positions[order[-1]] >= self.count or positions[order[0]] < 0:
            raise IndexError(f"{self.lines}: no event at position {positions.max()}")
        data = self._read(positions[order])
        block = max(len(data) + 1, 1 << 20)  # one block: a line never straddles two
        table = pajson.read_json(
            pa.BufferReader(data),
            read_options=pajson.ReadOptions(use_threads=False, block_size=block),
            parse_options=pajson.ParseOptions(explicit_schema=JSON_SCHEMA),
        )
        table = table.select(list(names)).cast(_shape(names))
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        return table.take(pa.array(back))

    def _read(self, ordered: np.ndarray) -> bytes:
        """The lines of these (sorted) positions: runs of neighbours are read at once."""
        offsets = os.open(self.offsets, os.O_RDONLY)
        lines = os.open(self.lines, os.O_RDONLY)
        try:
            breaks = np.flatnonzero(np.diff(ordered) != 1) + 1
            chunks = []
            for run in np.split(ordered, breaks):
                first, last = int(run[0]), int(run[-1])
                edges = np.frombuffer(os.pread(offsets, 8 * (last - first + 2), 8 * first), "<i8")
                start, end = int(edges[0]), int(edges[-1])
                chunks.append(os.pread(lines, end - start, start))
            return b"".join(chunks)
        finally:
            os.close(offsets)
            os.close(lines)


def _shape(names: tuple[str, ...]) -> pa.Schema:
    return pa.schema([layout.EVENT_SCHEMA.field(name) for name in names])
