"""Reading Declined Detainer Outcome Report PDFs into ``Report`` objects.

``parse_report(path)`` is the entry point (see ``document.parse_report``); ``parse_bounded``
does the same with the file read in a process of its own, within time and memory ``Limits``.
"""

from __future__ import annotations

from detainer_tui.ingest.bounded import Limits, parse_bounded, parse_bounded_many
from detainer_tui.ingest.document import parse_report
from detainer_tui.ingest.settings import ParserSettings

__all__ = [
    "Limits",
    "ParserSettings",
    "parse_bounded",
    "parse_bounded_many",
    "parse_report",
]
