"""The problem table validation returns: one row per problem, collected rule by rule."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from timeline import safe, schema

VALUE_SHOWN = 200  # characters of a cell repeated in a problem; a 10 MB cell is not echoed whole

# A message or shown value: the same text for every row, one per row, or a function building
# it for the flagged rows only, so a rule that flags ten rows of a million formats ten messages.
Text = str | pd.Series | Callable[[np.ndarray], pd.Series]


class Problems:
    """Collects problems as frames, one per rule, joined once at the end."""

    def __init__(self, cells: pd.DataFrame, rows: np.ndarray) -> None:
        self._cells = cells
        self._rows = rows
        self._parts: list[pd.DataFrame] = []
        self.rejected = np.zeros(len(cells), dtype=bool)  # rows with an error so far

    def reject(
        self, mask: np.ndarray | pd.Series, column: str, rule: str, message: Text, **kwargs
    ) -> None:
        """An error: the rows in `mask` are not loaded."""
        mask = np.asarray(mask, dtype=bool)
        self.rejected |= mask
        self.add(mask, column, rule, message, schema.ERROR, **kwargs)

    def warn(
        self, mask: np.ndarray | pd.Series, column: str, rule: str, message: Text, **kwargs
    ) -> None:
        """A warning: the rows in `mask` are loaded, the problem reported."""
        self.add(mask, column, rule, message, schema.WARNING, **kwargs)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        rule: str,
        message: Text,
        severity: str = schema.ERROR,
        values: Text | None = None,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if values is None:
            values = self._cells.get(column, "")
        shown = _for_rows(values, mask)
        if not isinstance(shown, str):
            shown = pd.Series(shown, dtype="str").str.slice(0, VALUE_SHOWN).to_numpy()
        self._parts.append(
            pd.DataFrame(
                {
                    schema.PROBLEM_ROW: self._rows[mask],
                    schema.PROBLEM_COLUMN: column,
                    schema.PROBLEM_VALUE: shown,
                    schema.PROBLEM_RULE: rule,
                    schema.PROBLEM_MESSAGE: _for_rows(message, mask),
                    schema.SEVERITY: severity,
                }
            )
        )

    def add_frame(self, frame: pd.DataFrame) -> None:
        self._parts.append(frame)

    def narrow(self, keep: np.ndarray) -> None:
        """From now on, masks passed to `add` cover only the rows in `keep`."""
        self._cells = self._cells[keep].reset_index(drop=True)
        self._rows = self._rows[keep]
        self.rejected = self.rejected[keep]

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return empty_problems()
        problems = pd.concat(self._parts, ignore_index=True)
        problems[schema.PROBLEM_ROW] = problems[schema.PROBLEM_ROW].astype("int64")
        for column in schema.PROBLEM_COLUMNS[1:]:
            problems[column] = problems[column].astype("str")
        for column, limit in (
            (schema.PROBLEM_COLUMN, VALUE_SHOWN),
            (schema.PROBLEM_VALUE, VALUE_SHOWN),
            (schema.PROBLEM_MESSAGE, None),
        ):
            problems[column] = safe.terminal_column(problems[column], limit)
        return problems.sort_values(
            [schema.PROBLEM_ROW, schema.SEVERITY], kind="stable", ignore_index=True
        )


def _for_rows(text: Text, mask: np.ndarray) -> str | pd.Series | np.ndarray:
    """The text of the rows in `mask`: as given, picked out, or built for those rows only."""
    if callable(text):
        return np.asarray(text(mask), dtype=object)
    if isinstance(text, pd.Series):
        return text[mask].to_numpy(dtype=object)
    return text


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.PROBLEM_ROW: pd.Series([], dtype="int64"),
            **{column: pd.Series([], dtype="str") for column in schema.PROBLEM_COLUMNS[1:]},
        }
    )
