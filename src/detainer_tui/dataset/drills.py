"""Drill-downs: from a ranking row to the records behind it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from detainer_tui import schema
from detainer_tui.dataset.columns import NONE_LISTED, OFFENCE, REPORT, key_column
from detainer_tui.dataset.rankings import RankingSource
from detainer_tui.dataset.table import Drill


def records_drill(
    source: RankingSource, row: dict[str, Any], report: int | None, labels: Sequence[str]
) -> Drill:
    """The records behind a ranking row (report ``report``'s, or every report's if None).

    Its conditions name the Records pane's own columns (offences, the report by its label),
    so that they read as filters of its chain: ``Jurisdiction = Travis County › State = TX``.
    """
    keys = source.keys or (schema.JURISDICTION, schema.STATE)
    conditions: list[tuple[str, Any]] = []
    shown: list[str] = []
    for key in keys:
        value = row.get(key_column(key), row.get(key))
        if key == OFFENCE:
            conditions.append((schema.CRIMINAL_ACTIVITY, value))
            shown.append(value if value is not None else NONE_LISTED)
        else:
            conditions.append((key, value))
            shown.append(value if value is not None else "(blank)")
    if report is not None:
        conditions.append((REPORT, labels[report]))
        shown.append(labels[report])
    return Drill(tuple(conditions), ", ".join(shown))
