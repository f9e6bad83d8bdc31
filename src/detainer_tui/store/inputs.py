"""Deciding what to open: command-line paths, or the library, or the bundled samples.

``resolve_open`` turns what a user gave into an ``OpenRequest``: one ``Input`` per PDF or
export file, in a stable order, with the header label that says where they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from detainer_tui import files, paths
from detainer_tui.errors import DetainerError
from detainer_tui.formats import format_from_suffix
from detainer_tui.store.library import Library, LibraryEntry, LibraryError

PDF = "pdf"
EXPORT = "export"


class MissingInput(DetainerError):
    """A path given to open that doesn't exist, or a folder without PDFs."""


@dataclass(frozen=True)
class Input:
    """One thing to open: a PDF or an export file, possibly from a library entry."""

    path: Path
    kind: str  # PDF or EXPORT
    library_entry: LibraryEntry | None = None


@dataclass(frozen=True)
class OpenRequest:
    """What to open, as decided by ``resolve_open``."""

    inputs: tuple[Input, ...]
    origin: str  # header label, e.g. "3 files", "library (5 reports)"
    use_cache: bool = True
    remember: bool = True  # add opened PDFs to the library
    tell_remembered: bool = False  # say (``LibraryAdded``) when that adds files to it
    samples: bool = False  # the bundled samples, shown because the library is empty
    notices: tuple[DetainerError, ...] = ()  # found while deciding (a damaged library set aside)


def resolve_open(
    paths_: Sequence[Path], *, use_cache: bool = True, remember: bool = True
) -> OpenRequest:
    """Turn the paths a user gave into an ``OpenRequest``.

    No paths: the library's entries, or the bundled samples while the library is empty (the
    samples are not added to the library). A folder stands for its PDFs, recursively, in a
    stable order. Raises ``MissingInput`` for a path that doesn't exist or a folder without
    PDFs. A library that was damaged (and set aside) or cannot be read is one of the request's
    ``notices``; the samples open instead.
    """
    if not paths_:
        return _resolve_default(use_cache=use_cache, remember=remember)
    inputs: list[Input] = []
    seen: set[Path] = set()
    for given in paths_:
        for item in _inputs_for(Path(given)):
            if item.path not in seen:
                seen.add(item.path)
                inputs.append(item)
    if len(paths_) == 1 and len(inputs) == 1:
        origin = inputs[0].path.name
    else:
        origin = f"{len(inputs)} files"
    return OpenRequest(tuple(inputs), origin, use_cache=use_cache, remember=remember)


def _inputs_for(given: Path) -> list[Input]:
    """What one command-line path stands for; ``MissingInput`` if it can't be opened."""
    try:
        path = given.expanduser().absolute()
        if path.is_dir():
            found = _pdfs_in(path)
            if not found:
                raise MissingInput(f"{given}: folder contains no PDF files")
            return [Input(p, PDF) for p in found]
        if path.is_file():
            return [Input(path, _kind_of(path))]
        if path.exists():
            # A pipe, a device or a socket: reading one would wait or never end (/dev/zero).
            what = files.kind(path.stat().st_mode)
            raise MissingInput(
                f"{given}: is {what}, not a file; save the report to a file and open that"
            )
    except OSError as exc:
        # A name too long, a folder we may not search, ...
        raise MissingInput(f"{given}: cannot be opened ({exc.strerror or exc})") from exc
    except RuntimeError as exc:
        # expanduser() of "~someone" when there is no such user.
        reason = str(exc).rstrip(".") or type(exc).__name__
        raise MissingInput(f"{given}: cannot be opened ({reason})") from exc
    raise MissingInput(f"{given}: no such file or folder")


def _resolve_default(*, use_cache: bool, remember: bool) -> OpenRequest:
    notices: tuple[DetainerError, ...] = ()
    try:
        library = Library.load()
    except LibraryError as exc:
        # A library that cannot be read must not keep the explorer from starting: it opens
        # the samples and says why.
        library, notices = Library([]), (exc,)
    if library.notice is not None:
        notices = (library.notice,)
    if len(library):
        inputs = tuple(Input(entry.path, PDF, entry) for entry in library)
        count = len(inputs)
        origin = f"library ({count} report{'s' if count != 1 else ''})"
        return OpenRequest(inputs, origin, use_cache=use_cache, remember=remember, notices=notices)
    samples = _pdfs_in(paths.sample_reports_dir())
    if not samples:
        raise MissingInput(
            f"{paths.sample_reports_dir()}: your library is empty and the bundled samples are "
            "missing; give a PDF or folder to open"
        )
    return OpenRequest(
        tuple(Input(p, PDF) for p in samples),
        "bundled samples (library empty)",
        use_cache=use_cache,
        remember=False,
        samples=True,
        notices=notices,
    )


def _pdfs_in(folder: Path) -> list[Path]:
    """PDFs under ``folder``, recursively, sorted by their path relative to it."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _kind_of(path: Path) -> str:
    if format_from_suffix(path) is not None:
        return EXPORT
    if path.suffix.lower() != ".pdf":
        # An unfamiliar suffix: Parquet announces itself; anything else goes to the parser,
        # which says clearly why it is not a report.
        try:
            with files.open_regular(path) as handle:
                if handle.read(4) == b"PAR1":
                    return EXPORT
        except OSError:
            pass
    return PDF
