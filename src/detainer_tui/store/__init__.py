"""The store: what to open, where it comes from, and what is remembered about it.

One module per concern, all of them reached through this package:

- ``inputs``: command-line paths (or the library, or the bundled samples) -> ``OpenRequest``
- ``loader``: ``iter_load`` / ``iter_load_in_parts`` / ``load`` — cache first, the parser
  only for what the cache lacks
- ``cache``: parsed reports as Parquet, keyed by the file's SHA-256 and the parser version
- ``library``: the reports a user has opened (``library.json``)
- ``exports``: files written by ``export``, opened again as reports
- ``history``: the explorer's query line history (``query_history.json``)
"""

from __future__ import annotations

from detainer_tui.store.cache import CacheInfo, CacheUnavailable, ReportCache, file_sha256
from detainer_tui.store.history import QueryHistory
from detainer_tui.store.inputs import EXPORT, PDF, Input, MissingInput, OpenRequest, resolve_open
from detainer_tui.store.library import (
    Library,
    LibraryAdded,
    LibraryEntry,
    LibraryError,
    LibraryUnavailable,
    UnknownEntry,
)
from detainer_tui.store.loader import (
    LoadResult,
    Progress,
    is_warning,
    iter_load,
    iter_load_in_parts,
    load,
)

__all__ = [
    "EXPORT",
    "PDF",
    "CacheInfo",
    "CacheUnavailable",
    "Input",
    "Library",
    "LibraryAdded",
    "LibraryEntry",
    "LibraryError",
    "LibraryUnavailable",
    "LoadResult",
    "MissingInput",
    "OpenRequest",
    "Progress",
    "QueryHistory",
    "ReportCache",
    "UnknownEntry",
    "file_sha256",
    "is_warning",
    "iter_load",
    "iter_load_in_parts",
    "load",
    "resolve_open",
]
