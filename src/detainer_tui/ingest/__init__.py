"""Reading Declined Detainer Outcome Report PDFs into ``Report`` objects.

``parse_report(path)`` is the one entry point; see ``document.parse_report``.
"""

from __future__ import annotations

from detainer_tui.ingest.document import parse_report
from detainer_tui.ingest.settings import ParserSettings

__all__ = ["ParserSettings", "parse_report"]
