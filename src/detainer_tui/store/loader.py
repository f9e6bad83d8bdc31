"""Loading what was asked for: cache first, the parser only for what the cache lacks.

``iter_load`` yields each ``Report`` as soon as it is ready, cached ones first, so the explorer
can paint before any parse finishes; ``load`` collects everything it yields;
``iter_load_in_parts`` gives the same in two parts, what needs no parse and the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from detainer_tui import schema
from detainer_tui.errors import DetainerError, UnreadableReport
from detainer_tui.report import Diagnostic, Report
from detainer_tui.store.cache import CacheUnavailable, ReportCache, file_sha256
from detainer_tui.store.exports import read_export
from detainer_tui.store.inputs import EXPORT, Input, OpenRequest
from detainer_tui.store.library import LibraryAdded, LibraryError, LibraryUnavailable, editing

# Log lines are at INFO: without logging configured Python prints WARNING and above to stderr,
# which would garble the explorer's screen. Whatever the user must know is yielded instead.
log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
"""Called with (fraction done, what is happening) as loading goes on."""


def is_warning(problem: DetainerError) -> bool:
    """Whether a problem from ``iter_load`` is a warning (everything still loaded)."""
    return problem.warning


@dataclass
class LoadResult:
    """Everything ``iter_load`` produced, collected."""

    reports: list[Report] = field(default_factory=list)
    problems: list[DetainerError] = field(default_factory=list)


@dataclass
class _Pending:
    """A PDF input once hashed: what to load it from and what to tell the user about it."""

    item: Input
    sha256: str
    notes: list[Diagnostic] = field(default_factory=list)
    from_cache_only: bool = False  # a moved library file: the cache is all there is


def iter_load(
    request: OpenRequest, progress: Progress | None = None
) -> Iterator[Report | DetainerError]:
    """Load every input, yielding each ``Report`` as it becomes ready (cached ones first).

    Yields first the request's ``notices``, then a ``DetainerError`` for each input that can't
    be read (the others still load), and at most one ``CacheUnavailable`` and one
    ``LibraryUnavailable`` (or ``LibraryRecovered``) — warnings, see ``is_warning`` — and,
    when opening added files to the library and the request asks to be told
    (``tell_remembered``), one ``LibraryAdded`` (a note: ``note``). A
    library file that moved is loaded from the cache; one that changed is re-read; both carry
    a ``Diagnostic`` saying so. Reports covering the same period with
    different content are flagged as revisions of each other on every report concerned
    (a report already yielded gains that diagnostic in place). ``progress(fraction, message)``
    is called from the loading thread.
    """
    cached, rest = iter_load_in_parts(request, progress)
    yield from cached
    yield from rest


def iter_load_in_parts(
    request: OpenRequest,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> tuple[Iterator[Report | DetainerError], Iterator[Report | DetainerError]]:
    """``iter_load`` in two parts: first what needs no parse (the notices, the files hashed,
    the reports the cache has), then the rest (exports read, the other files parsed, the
    library updated). The explorer reads the first before its first paint, the second in the
    background. The second begins with whatever of the first was not taken. Once ``stop``
    says so (the explorer quits), the files being parsed are given up within half a second
    and nothing more is read.
    """
    loader = _Loader(request, progress, stop)
    cached = loader.cached()

    def rest() -> Iterator[Report | DetainerError]:
        yield from cached
        yield from loader.rest()

    return cached, rest()


def load(request: OpenRequest, progress: Progress | None = None) -> LoadResult:
    """Load everything ``iter_load`` yields, collected into reports and problems."""
    result = LoadResult()
    for item in iter_load(request, progress):
        if isinstance(item, Report):
            result.reports.append(item)
        else:
            result.problems.append(item)
    return result


class _Loader:
    def __init__(
        self,
        request: OpenRequest,
        progress: Progress | None,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self.request = request
        self.stop = stop
        self.progress = progress or (lambda _fraction, _message: None)
        self.cache = ReportCache() if request.use_cache else None
        self.cache_writable = True
        self.loaded: list[Report] = []
        self.pdf_hashes: set[str] = set()  # PDF-derived reports: the ones that can be revisions
        self.to_remember: list[tuple[Path, str, date | None, date | None]] = []
        self.done = 0
        self.total = max(len(request.inputs), 1)
        self.exports: list[Input] = []
        self.misses: list[_Pending] = []
        """What ``cached`` leaves to ``rest``: exports to read, files the cache lacks."""

    def step(self, message: str, within: float = 0.0) -> None:
        self.progress(min((self.done + within) / self.total, 1.0), message)

    def cached(self) -> Iterator[Report | DetainerError]:
        """The notices, the inputs that cannot be read, and the reports the cache has; what
        is left (exports, files to parse) is kept for ``rest``."""
        pending: list[_Pending] = []
        exports = self.exports
        by_hash: dict[str, _Pending] = {}
        yield from self.request.notices
        self.step("checking files")
        for item in self.request.inputs:
            if item.kind == EXPORT:
                exports.append(item)
                continue
            outcome = self._hash(item)
            if isinstance(outcome, DetainerError):
                self.done += 1
                yield outcome
                continue
            if outcome.sha256 in by_hash:
                # The same bytes twice: load once, and say where else the file is.
                first = by_hash[outcome.sha256]
                first.notes.append(Diagnostic(f"the same file is also at {item.path}"))
                self.done += 1
                continue
            by_hash[outcome.sha256] = outcome
            pending.append(outcome)

        # Cheap first: cache hits, so the first paint needs no parse.
        misses = self.misses
        for entry in pending:
            report = self._from_cache(entry)
            if report is None:
                if entry.from_cache_only:
                    self.done += 1
                    where = "is not in the cache" if self.cache else "the cache is not in use"
                    yield UnreadableReport(
                        entry.item.path,
                        f"file has moved or been deleted and {where}; "
                        "open it from its new location to update the library",
                    )
                else:
                    if not misses:
                        _prepare_parsing()
                    misses.append(entry)
                continue
            self.done += 1
            self.step(f"{entry.item.path.name}: from cache")
            yield self._finish(entry, report)

    def rest(self) -> Iterator[Report | DetainerError]:
        """What ``cached`` left: the exports read, the other files parsed, the library
        updated."""
        for item in self.exports:
            self.step(f"{item.path.name}: reading export")
            try:
                reports = read_export(item.path)
            except DetainerError as exc:
                self.done += 1
                yield exc
                continue
            self.done += 1
            for report in reports:
                self.loaded.append(report)
                yield report

        for entry, outcome in self._parse_all(self.misses):
            self.done += 1
            if isinstance(outcome, DetainerError):
                yield outcome
                continue
            if self.cache is not None and self.cache_writable:
                try:
                    self.cache.put(outcome)
                except OSError as exc:
                    self.cache_writable = False
                    log.info("cache not writable: %s", exc)
                    yield CacheUnavailable(self.cache.root, exc.strerror or str(exc))
            yield self._finish(entry, outcome)

        self.step("done", 0.0)
        yield from self._remember()

    def _hash(self, item: Input) -> _Pending | DetainerError:
        recorded = item.library_entry
        try:
            sha256 = file_sha256(item.path)
        except OSError as exc:
            if recorded is None:
                return UnreadableReport(item.path, f"cannot read the file ({exc.strerror or exc})")
            pending = _Pending(item, recorded.sha256, from_cache_only=True)
            pending.notes.append(
                Diagnostic(
                    f"file not found at {item.path} (moved or deleted since it was added "
                    f"on {recorded.added.date().isoformat()}); shown from the cache"
                )
            )
            return pending
        pending = _Pending(item, sha256)
        if recorded is not None and recorded.sha256 != sha256:
            pending.notes.append(
                Diagnostic(
                    f"file changed since it was added to the library on "
                    f"{recorded.added.date().isoformat()}; read again"
                )
            )
        return pending

    def _from_cache(self, entry: _Pending) -> Report | None:
        if self.cache is None:
            return None
        return self.cache.get(entry.sha256, source_file=_source_name(entry.item.path))

    def _parse_all(
        self, misses: list[_Pending]
    ) -> Iterator[tuple[_Pending, Report | DetainerError]]:
        """Each PDF the cache lacks, parsed, as each is ready (not in the order given).

        Each is read in a process of its own, within time and memory limits, so a hostile
        file can neither stall the other inputs nor exhaust the machine; one process per
        core read at once, so a first run costs about the slowest file, not their sum.
        """
        if not misses:
            return
        # Imported here: pdfplumber is slow to import and a fully cached open never needs it.
        from detainer_tui.ingest import parse_bounded_many

        within: dict[int, float] = {}

        def progress(index: int, pages: int, of: int) -> None:
            within[index] = pages / of if of else 0.0
            name = misses[index].item.path.name
            self.step(f"{name}: page {pages} of {of}", sum(within.values()))

        self.step(
            f"parsing {misses[0].item.path.name}"
            if len(misses) == 1
            else f"parsing {len(misses)} reports"
        )
        paths = [entry.item.path for entry in misses]
        answered: set[int] = set()
        try:
            for index, outcome in parse_bounded_many(paths, progress=progress, stop=self.stop):
                within.pop(index, None)
                answered.add(index)
                # The parser names the report ``path.name``, as _source_name does for a hit.
                yield misses[index], outcome
        except Exception as exc:
            # A reader bug must not hide the files it did not reach; say it happened.
            log.info("unexpected error parsing", exc_info=True)
            for index, entry in enumerate(misses):
                if index not in answered:
                    yield (
                        entry,
                        UnreadableReport(
                            entry.item.path, f"could not be read ({type(exc).__name__}: {exc})"
                        ),
                    )

    def _finish(self, entry: _Pending, report: Report) -> Report:
        report.diagnostics.extend(entry.notes)
        start, end = _period(report)
        if start is not None and end is not None:
            for other in self.loaded:
                if (
                    other.sha256 in self.pdf_hashes
                    and other.sha256 != report.sha256
                    and _period(other) == (start, end)
                ):
                    report.diagnostics.append(
                        Diagnostic(f"revision: {other.source_file} covers the same period")
                    )
                    other.diagnostics.append(
                        Diagnostic(f"revision: {report.source_file} covers the same period")
                    )
        self.loaded.append(report)
        self.pdf_hashes.add(report.sha256)
        if self.request.remember and not entry.from_cache_only:
            self.to_remember.append((entry.item.path, report.sha256, start, end))
        return report

    def _remember(self) -> list[LibraryError | LibraryAdded]:
        """Record what was opened in the library: the warnings that came of it."""
        if not self.to_remember:
            return []
        found: list[LibraryError | LibraryAdded] = []
        added = 0
        try:
            with editing() as library:
                if library.notice is not None:  # a damaged library, set aside first
                    found.append(library.notice)
                for path, sha256, start, end in self.to_remember:
                    new = library.by_sha256(sha256) is None and library.by_path(path) is None
                    library.record(path, sha256, start, end)
                    added += new
        except LibraryError as exc:
            log.info("%s", exc)
            found.append(
                exc if isinstance(exc, LibraryUnavailable) else LibraryUnavailable(str(exc))
            )
            return found
        if added and self.request.tell_remembered:
            # Said once: a later start without arguments shows them, and how to undo it.
            found.append(LibraryAdded(added))
        return found


def _prepare_parsing() -> None:
    """Start in the background what parsing will need (a fork server importing the parser,
    where one is used), while the cached reports are loaded and shown."""
    # Imported here, and light: it imports no PDF library.
    from detainer_tui.ingest.bounded import prepare

    prepare()


def _source_name(path: Path) -> str:
    """What a report's ``source_file`` says: the file name only, as the parser writes it, so
    no local folder names leak into exported tables (the library keeps full paths)."""
    return path.name


def _period(report: Report) -> tuple[date | None, date | None]:
    frame = report.reports
    if frame.height == 0:
        return None, None
    return frame.item(0, schema.REPORT_START), frame.item(0, schema.REPORT_END)
