"""Reading Declined Detainer Outcome Report PDFs into ``Report`` objects.

``parse_report(path)`` is the entry point (see ``document.parse_report``); ``parse_bounded``
does the same with the file read in a process of its own, within time and memory ``Limits``.

The names are imported when first asked for: a start whose reports all come from the cache
reads facts of the layout (``ingest.values``) but never parses, and so never imports
pdfplumber.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "Limits": "bounded",
    "parse_bounded": "bounded",
    "parse_bounded_many": "bounded",
    "parse_report": "document",
    "ParserSettings": "settings",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
