"""``detainer-tui cache ...`` and ``detainer-tui library ...``: look after the stored files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from detainer_tui import console
from detainer_tui.errors import DetainerError
from detainer_tui.store import library as library_module
from detainer_tui.text import printable


def main(argv: list[str]) -> int:
    """Run a ``cache`` or ``library`` command. Exit 0 ok, 1 failure.

    Errors are ``DetainerError``s reported by the caller (``cli.main``), like every command's.
    """
    args = _parser().parse_args(argv)
    return args.run(args, sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detainer-tui", description="Manage stored files.")
    groups = parser.add_subparsers(dest="group", required=True)

    cache = groups.add_parser("cache", help="the parsed-report cache")
    cache_commands = cache.add_subparsers(dest="command", required=True)
    info = cache_commands.add_parser("info", help="show where the cache is and what it holds")
    info.set_defaults(run=_cache_info)
    clear = cache_commands.add_parser("clear", help="empty the cache")
    clear.set_defaults(run=_cache_clear)

    library = groups.add_parser("library", help="the reports you have opened")
    library_commands = library.add_subparsers(dest="command", required=True)
    listing = library_commands.add_parser("list", help="list remembered reports")
    listing.set_defaults(run=_library_list)
    add = library_commands.add_parser("add", help="parse and remember PDFs (files or folders)")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument("--no-cache", action="store_true", help="parse again, ignoring the cache")
    add.set_defaults(run=_library_add)
    remove = library_commands.add_parser("remove", help="forget reports (by id or path)")
    remove.add_argument("ids", nargs="+", metavar="ID")
    remove.set_defaults(run=_library_remove)
    return parser


# -- cache --------------------------------------------------------------------------------
def _cache_info(args: argparse.Namespace, out: TextIO) -> int:
    from detainer_tui.store.cache import ReportCache

    info = ReportCache().info()
    stale = f" ({info.stale_entries} from older versions)" if info.stale_entries else ""
    print(f"location: {info.location}", file=out)
    print(f"entries:  {info.entries}{stale}", file=out)
    print(f"size:     {human_size(info.size_bytes)}", file=out)
    if info.problem:
        console.say(
            "warning", f"{info.location}: the cache cannot be read or written ({info.problem})"
        )
    return 0


def _cache_clear(args: argparse.Namespace, out: TextIO) -> int:
    from detainer_tui.store.cache import ReportCache

    cache = ReportCache()
    try:
        removed, freed = cache.clear()
    except OSError as exc:
        raise DetainerError(
            f"{cache.root}: cannot clear the cache ({exc.strerror or exc})"
        ) from exc
    print(f"removed {removed} entries ({human_size(freed)}) from {cache.root}", file=out)
    return 0


# -- library ------------------------------------------------------------------------------
def _library_list(args: argparse.Namespace, out: TextIO) -> int:
    from detainer_tui.store.cache import ReportCache

    library = library_module.Library.load()
    if library.notice is not None:
        console.problem(library.notice)
    if not len(library):
        print(f"the library is empty ({library.file})", file=out)
        return 0
    cached = ReportCache().cached()
    revisions = library.revisions()
    rows = [("ID", "STATUS", "PERIOD", "ADDED", "PATH")]
    notes: list[str] = []
    for entry in library:
        status, _current = library_module.entry_status(entry, cached=entry.sha256 in cached)
        rows.append(
            (
                str(entry.id),
                status,
                entry.period_text(),
                entry.added.date().isoformat(),
                printable(str(entry.path)),
            )
        )
        if entry.id in revisions:
            others = ", ".join(f"#{other.id}" for other in revisions[entry.id])
            notes.append(f"#{entry.id} is a revision of {others} (same period, different file)")
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]), file=out)
    for note in notes:
        print(note, file=out)
    print(f"({library.file})", file=out)
    return 0


def _library_add(args: argparse.Namespace, out: TextIO) -> int:
    from detainer_tui.report import Report
    from detainer_tui.store import EXPORT, iter_load, resolve_open

    request = resolve_open(args.paths, use_cache=not args.no_cache, remember=True)
    status = 0
    for item in request.inputs:
        if item.kind == EXPORT:
            console.say("error", f"{item.path}: an export, not a PDF; not added")
            status = 1
    pdfs = tuple(item for item in request.inputs if item.kind != EXPORT)
    request = type(request)(pdfs, request.origin, use_cache=request.use_cache, remember=True)
    loaded: list[str] = []
    for result in iter_load(request):
        if isinstance(result, Report):
            loaded.append(result.sha256)
        elif isinstance(result, library_module.LibraryAdded):
            continue  # said below, entry by entry
        elif result.warning and not isinstance(result, library_module.LibraryUnavailable):
            # The cache could not be written: the reports were still read and remembered.
            console.problem(result)
        else:
            # Remembering is the point of `library add`: not being able to is a failure.
            console.problem(result, label="error")
            status = 1
    try:
        library = library_module.Library.load()
    except library_module.LibraryError:
        return 1  # already said while adding: the library could not be read or written
    for sha256 in loaded:
        entry = library.by_sha256(sha256)
        if entry is not None:
            print(
                f"added #{entry.id} {printable(str(entry.path))} ({entry.period_text()})", file=out
            )
    return status


def _library_remove(args: argparse.Namespace, out: TextIO) -> int:
    with library_module.editing() as library:
        if library.notice is not None:
            console.problem(library.notice)
        removed = [library.remove(key) for key in args.ids]
    for entry in removed:
        print(f"removed #{entry.id} {printable(str(entry.path))}", file=out)
    return 0


def human_size(size: int) -> str:
    """``1.2 MB`` style sizes (powers of 1024)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
