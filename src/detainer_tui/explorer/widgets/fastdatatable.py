"""The one place that reaches inside textual-fastdatatable's ``DataTable``.

The library's public API builds a table once; to show other rows it says to mount a new
table. Over a slow link that would mean a remount (and lost focus and cursor) for every key
typed in a search, so the explorer swaps the table's backend in place instead, which needs the
private attributes below. The library is pinned to one release in ``pyproject.toml`` and
``tests/test_frame_table.py`` fails if a new release changes what this relies on.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual_fastdatatable import DataTableBackend
from textual_fastdatatable.data_table import DataTable

PRIVATE_ATTRIBUTES = (
    "_column_labels",
    "_column_widths",
    "_ordered_columns",
    "_update_count",
    "_clear_caches",
    "_update_dimensions",
    "_get_row_style",
)
"""What ``replace_contents`` touches, and the row style ``FrameTable`` adds its cursor row to:
checked by the tests against the installed release."""


def replace_contents(
    table: DataTable, backend: DataTableBackend, labels: Sequence[str], widths: Sequence[int]
) -> None:
    """Show ``backend``'s rows in ``table`` under ``labels``, columns ``widths`` cells wide.

    The cursor is left where it was (the caller moves it); the table is redrawn.
    """
    table.backend = backend
    table._column_labels = list(labels)
    table._column_widths = [max(1, width) for width in widths]
    # Columns are rebuilt from the labels and widths on next use; cached rows are stale.
    table._ordered_columns = None
    table._update_count += 1
    table._clear_caches()
    table._update_dimensions([])
