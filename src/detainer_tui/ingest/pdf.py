"""pdfplumber access: open a PDF, say clearly why not, and read each page's words and rules.

Each page is read in one pass (``extract_words`` plus ``lines``/``rects``) into light tuples, so
pages can be read in worker processes and shipped back cheaply. Nothing else in the parser
touches pdfplumber.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, NamedTuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from detainer_tui.errors import UnreadableReport

# Reading pages in worker processes costs a process start and a second parse of the file's
# cross-reference table per worker; below this many pages one process is faster.
PARALLEL_MIN_PAGES = 6
# Characters closer than this (pt) belong to the same word. Smaller than pdfplumber's default so
# that two table cells with little padding between them stay separate words.
X_TOLERANCE = 1.5
Y_TOLERANCE = 2.0
# A rectangle thinner than this (pt) is drawn as a rule, whatever its fill.
RULE_THICKNESS = 2.5


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class HRule(NamedTuple):
    y: float
    x0: float
    x1: float


class VRule(NamedTuple):
    x: float
    top: float
    bottom: float


class PageData(NamedTuple):
    """What the parser needs from one page (``number`` is 1-based)."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    hrules: tuple[HRule, ...]
    vrules: tuple[VRule, ...]
    chars: int
    error: str | None = None


# -- identifying the file -----------------------------------------------------------------


def _looks_like(head: bytes) -> str:
    """A cheap guess at what a non-PDF file is, for the error message."""
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample[:1024]:
        return "it looks like an HTML page (perhaps an error page saved under a .pdf name)"
    if sample.startswith(b"<?xml") or sample.startswith(b"<"):
        return "it looks like an XML or HTML document"
    if head.startswith(b"PK\x03\x04"):
        return "it looks like a ZIP archive or an Office document"
    if head.startswith(b"\x89PNG"):
        return "it looks like a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "it looks like a JPEG image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "it looks like a TIFF image"
    if head.startswith(b"\x1f\x8b"):
        return "it looks like a gzip archive"
    if sample.startswith((b"{", b"[")):
        return "it looks like JSON data"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "its contents are not recognisable"
    return "it looks like plain text"


def check_bytes(path: Path, data: bytes) -> None:
    """Raise ``UnreadableReport`` for an empty file or one that is not a PDF at all."""
    if not data.strip():
        raise UnreadableReport(path, "the file is empty (an incomplete download?)")
    # The PDF header may be preceded by some junk; readers accept it within the first 1 KiB.
    if b"%PDF-" not in data[:1024]:
        raise UnreadableReport(path, f"not a PDF: {_looks_like(data[:4096])}")


def _is_password_error(error: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[Any] = [error]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        stack.extend([item.__cause__, item.__context__, *item.args])
    return False


def _open_error(path: Path, data: bytes, error: BaseException) -> UnreadableReport:
    if _is_password_error(error):
        return UnreadableReport(path, "the PDF is password-protected; save an unprotected copy")
    if b"%%EOF" not in data[-2048:]:
        return UnreadableReport(path, "the PDF is truncated (an incomplete download?)")
    return UnreadableReport(path, "the PDF is damaged and cannot be read")


def open_pdf(path: Path, data: bytes) -> pdfplumber.PDF:
    """Open ``path`` with pdfplumber, mapping every failure to ``UnreadableReport``."""
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # the page tree is parsed lazily; a damaged one fails here
    except UnreadableReport:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        raise _open_error(path, data, error) from error
    return pdf


def damaged(path: Path, data: bytes) -> UnreadableReport:
    """The error for a PDF that opened but whose pages cannot be read."""
    if b"%%EOF" not in data[-2048:]:
        return UnreadableReport(path, "the PDF is truncated (an incomplete download?)")
    return UnreadableReport(path, "the PDF is damaged: none of its pages can be read")


# -- reading pages ------------------------------------------------------------------------


def _rules(page: Any) -> tuple[tuple[HRule, ...], tuple[VRule, ...]]:
    hrules: list[HRule] = []
    vrules: list[VRule] = []
    for line in page.lines:
        x0, x1, top, bottom = line["x0"], line["x1"], line["top"], line["bottom"]
        if bottom - top <= RULE_THICKNESS and x1 - x0 > RULE_THICKNESS:
            hrules.append(HRule((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= RULE_THICKNESS and bottom - top > RULE_THICKNESS:
            vrules.append(VRule((x0 + x1) / 2, top, bottom))
    for rect in page.rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if bottom - top <= RULE_THICKNESS and x1 - x0 > RULE_THICKNESS:
            hrules.append(HRule((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= RULE_THICKNESS and bottom - top > RULE_THICKNESS:
            vrules.append(VRule((x0 + x1) / 2, top, bottom))
        elif rect.get("stroke"):
            # A stroked box is a cell border: its four sides are rules. Filled-only boxes are
            # shading, which says nothing reliable about cell boundaries.
            hrules.extend((HRule(top, x0, x1), HRule(bottom, x0, x1)))
            vrules.extend((VRule(x0, top, bottom), VRule(x1, top, bottom)))
    return tuple(hrules), tuple(vrules)


def read_page(page: Any, number: int) -> PageData:
    """One page's words and rules. A page pdfminer cannot interpret comes back empty."""
    try:
        raw = page.extract_words(
            x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False
        )
        words = tuple(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw)
        hrules, vrules = _rules(page)
        chars = len(page.chars)
        width, height = float(page.width), float(page.height)
    except Exception as error:  # a damaged content stream: report the page, keep the others
        return PageData(number, 0.0, 0.0, (), (), (), 0, f"{type(error).__name__}: {error}")
    finally:
        # Cached layout objects would otherwise accumulate for every page of the document.
        page.close()
    return PageData(number, width, height, words, hrules, vrules, chars)


_WORKER_PDF: Any = None


def _worker_open(path: str) -> None:
    global _WORKER_PDF
    _WORKER_PDF = pdfplumber.open(path)


def _worker_read(indices: Sequence[int]) -> list[PageData]:
    pages = _WORKER_PDF.pages
    return [read_page(pages[i], i + 1) for i in indices]


def _chunks(count: int, size: int) -> Iterable[range]:
    for start in range(0, count, size):
        yield range(start, min(start + size, count))


def _context() -> multiprocessing.context.BaseContext:
    # Forking is the cheapest start, but forking a process that runs other threads (the
    # explorer parses in a background thread) can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def workers_for(pages: int) -> int:
    """How many processes to read ``pages`` pages with (1 = in this process)."""
    if pages < PARALLEL_MIN_PAGES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, pages // (PARALLEL_MIN_PAGES // 2)))


def read_pages(
    path: Path,
    pdf: pdfplumber.PDF,
    progress: Callable[[int, int], None] | None = None,
) -> list[PageData]:
    """Every page of ``pdf`` (opened from ``path``), in order, in parallel when it pays."""
    total = len(pdf.pages)
    workers = workers_for(total)
    if progress:
        progress(0, total)
    if workers == 1:
        result = []
        for index, page in enumerate(pdf.pages):
            result.append(read_page(page, index + 1))
            if progress:
                progress(index + 1, total)
        return result
    # Several chunks per worker keep both busy when pages differ in cost, and give progress.
    size = max(2, math.ceil(total / (workers * 3)))
    by_start: dict[int, list[PageData]] = {}
    done = 0
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_worker_open,
        initargs=(str(path),),
    ) as pool:
        futures = {pool.submit(_worker_read, chunk): chunk for chunk in _chunks(total, size)}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                by_start[chunk.start] = future.result()
            except Exception as error:  # a worker that died: its pages count as unreadable
                reason = f"{type(error).__name__}: {error}"
                by_start[chunk.start] = [
                    PageData(i + 1, 0.0, 0.0, (), (), (), 0, reason) for i in chunk
                ]
            done += len(chunk)
            if progress:
                progress(done, total)
    return [page for start in sorted(by_start) for page in by_start[start]]
