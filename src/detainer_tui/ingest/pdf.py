"""pdfplumber access: open a PDF, say clearly why not, and read each page's words and rules.

Each page is read in one pass over its layout objects into light tuples (words and rules), so
pages can be read in worker processes and shipped back cheaply. Nothing else in the parser
touches pdfplumber or pdfminer.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import multiprocessing
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, NamedTuple

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest import streams
from detainer_tui.ingest.settings import ParserSettings

# pdfminer logs every oddity of a damaged file as a warning on stderr; what matters to the user
# reaches them as a diagnostic or an ``UnreadableReport`` instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


# Compatibility characters that browsers and office suites write for what is printed as plain
# letters: the Latin ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) and the fullwidth ASCII forms. Only these are
# unfolded; real letters (Doña, Côte d'Ivoire) are left alone, merely composed (NFC).
_COMPATIBILITY = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0xFB00, 0xFB07), *range(0xFF01, 0xFF5F))
}


def normalise_text(text: str) -> str:
    """Ligatures and fullwidth forms unfolded, combining marks composed (NFC)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.translate(_COMPATIBILITY))


class Word(NamedTuple):
    """A word and its box, in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class HRule(NamedTuple):
    """A horizontal rule (line, thin rectangle or box side)."""

    y: float
    x0: float
    x1: float


class VRule(NamedTuple):
    """A vertical rule."""

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
    error: str | None = None  # the page could not be interpreted at all
    images: int = 0  # pictures drawn on the page (a scan is one picture and no text)
    damage: str | None = None  # a content stream that is cut short or corrupt
    digest: str | None = None  # a fingerprint of the decoded content (``streams.Contents``)
    empty: bool = False  # its content streams hold nothing at all


# -- identifying the file -----------------------------------------------------------------


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


_ENCRYPT = re.compile(rb"/Encrypt\s*(<<|(\d+)\s+(\d+)\s+R)")


def _encrypt_is_a_dictionary(data: bytes) -> bool:
    """Whether the file's last ``/Encrypt`` entry is a dictionary (given in place, or an
    object that is one): else the entry is damage, not a password."""
    found = list(_ENCRYPT.finditer(data))
    if not found:
        return False
    last = found[-1]
    if last.group(1) == b"<<":
        return True
    number, generation = last.group(2), last.group(3)
    return re.search(rb"\b%s\s+%s\s+obj\s*<<" % (number, generation), data) is not None


def _open_error(path: str | Path, data: bytes, error: BaseException) -> UnreadableReport:
    if _is_password_error(error):
        if not _encrypt_is_a_dictionary(data):
            return UnreadableReport(
                path, "the PDF is damaged: its encryption entry is not a dictionary"
            )
        return UnreadableReport(path, "the PDF is password-protected; save an unprotected copy")
    if b"%%EOF" not in data[-2048:]:
        return UnreadableReport(path, "the PDF is truncated (an incomplete download?)")
    return UnreadableReport(path, "the PDF is damaged and cannot be read")


def open_pdf(path: str | Path, data: bytes) -> pdfplumber.PDF:
    """Open ``path`` with pdfplumber, mapping every failure to ``UnreadableReport``."""
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # the page tree is parsed lazily; a damaged one fails here
    except (UnreadableReport, MemoryError):  # MemoryError: too big to read within the limits
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        raise _open_error(path, data, error) from error
    return pdf


def damaged(path: str | Path, data: bytes) -> UnreadableReport:
    """The error for a PDF that opened but whose pages cannot be read."""
    if b"%%EOF" not in data[-2048:]:
        return UnreadableReport(path, "the PDF is truncated (an incomplete download?)")
    return UnreadableReport(path, "the PDF is damaged: none of its pages can be read")


# -- reading pages ------------------------------------------------------------------------


def _add_rule(
    hrules: list[HRule], vrules: list[VRule], x0: float, x1: float, top: float, bottom: float
) -> bool:
    """Record a thin shape as a rule; False if it is not thin in either direction."""
    thickness = settings_module.current().rule_thickness
    if bottom - top <= thickness and x1 - x0 > thickness:
        hrules.append(HRule((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= thickness and bottom - top > thickness:
        vrules.append(VRule((x0 + x1) / 2, top, bottom))
    else:
        return False
    return True


def _words(
    chars: list[tuple[str, float, float, float, float]], vrules: list[VRule]
) -> tuple[Word, ...]:
    """Characters (in drawing order) joined into words.

    A word ends at a space, at a gap wider than ``x_tolerance``, where the text jumps back to
    the left, where the baseline moves, or at a vertical rule (cell text touching its border).
    Text drawn twice over itself (simulated bold) is kept once.
    """
    by_x = sorted(vrules)
    xs = [rule.x for rule in by_x]

    def ruled(left: float, right: float, top: float, bottom: float) -> bool:
        """Whether a vertical rule runs between ``left`` and ``right`` over the whole height."""
        index = bisect.bisect_left(xs, left - 0.5)
        while index < len(xs) and xs[index] <= right + 0.5:
            rule = by_x[index]
            if rule.top <= top and rule.bottom >= bottom:
                return True
            index += 1
        return False

    tuning = settings_module.current()
    x_tolerance, y_tolerance = tuning.x_tolerance, tuning.y_tolerance
    twice = tuning.duplicate_distance
    words: list[Word] = []
    seen: dict[tuple[str, int], list[float]] = {}

    def finish(text: list[str], x0: float, x1: float, top: float, bottom: float) -> None:
        word = normalise_text("".join(text))
        places = seen.setdefault((word, round(top)), [])
        if any(abs(x - x0) < twice for x in places):
            return
        places.append(x0)
        words.append(Word(word, x0, x1, top, bottom))

    text: list[str] = []
    x0 = x1 = top = bottom = 0.0
    last = ("", -1.0, -1.0)
    for ch, c0, c1, ctop, cbottom in chars:
        if (
            ch == last[0]
            and abs(c0 - last[1]) < twice
            and abs(ctop - last[2]) < twice
            and c1 - c0 >= twice
        ):
            # The same character drawn again over itself. Not a character without width: a
            # damaged font (its widths lost) sets every letter where the one before it is,
            # and the second "r" of "Correctional" would be taken for the first drawn twice.
            continue
        last = (ch, c0, ctop)
        if ch.isspace():
            if text:
                finish(text, x0, x1, top, bottom)
                text = []
            continue
        if text and (
            c0 - x1 > x_tolerance
            or c0 < x1 - 0.5 * (c1 - c0) - 1.0
            or abs(ctop - top) > y_tolerance
            or (by_x and ruled(min(x1, c0), max(x1, c0), ctop, cbottom))
        ):
            finish(text, x0, x1, top, bottom)
            text = []
        if text:
            text.append(ch)
            x1 = max(x1, c1)
            top, bottom = min(top, ctop), max(bottom, cbottom)
        else:
            text = [ch]
            x0, x1, top, bottom = c0, c1, ctop, cbottom
    if text:
        finish(text, x0, x1, top, bottom)
    return tuple(words)


class _PageReader(PDFPageAggregator):
    """pdfminer's layout aggregator, except that characters are kept as plain tuples.

    pdfminer makes a layout object of every character and pdfplumber tags each with its
    marked-content ID; the parser needs only the text and the box, and building those objects
    was a third of the time spent reading a page. The box is computed as ``LTChar`` computes
    it (the font's descent and size, through the text matrix); vertical writing, which the
    reports never use, goes through ``LTChar`` itself. Lines, rectangles, curves, images and
    form XObjects stay pdfminer's layout objects.
    """

    def __init__(self, pdf: pdfplumber.PDF, number: int) -> None:
        super().__init__(pdf.rsrcmgr, pageno=number, laparams=None)
        self.chars: list[tuple[str, float, float, float, float]] = []
        """(text, x0, y0, x1, y1) in PDF space (y upwards), in drawing order."""
        self._glyphs: dict[tuple[Any, int], tuple[str, float]] = {}
        """Each (font, code) drawn: its text and width (a page uses a few hundred)."""

    def render_char(
        self,
        matrix: Any,
        font: Any,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        glyph = self._glyphs.get((font, cid))
        if glyph is None:
            glyph = self._glyphs[font, cid] = self._glyph(font, cid)
        text, textwidth = glyph
        if font.is_vertical():
            char = LTChar(
                matrix, font, fontsize, scaling, rise, text, textwidth, font.char_disp(cid),
                ncs, graphicstate,
            )  # fmt: skip
            self.chars.append((text, *char.bbox))
            return char.adv
        adv = textwidth * fontsize * scaling
        # The corners of (0, low) - (adv, high) through the matrix, as pdfminer's
        # apply_matrix_rect computes them, so the numbers are exactly LTChar's.
        low = font.get_descent() * fontsize + rise
        high = low + fontsize
        a, b, c, d, e, f = matrix
        xs = (
            a * 0 + c * low + e,
            a * adv + c * low + e,
            a * adv + c * high + e,
            a * 0 + c * high + e,
        )
        ys = (
            b * 0 + d * low + f,
            b * adv + d * low + f,
            b * adv + d * high + f,
            b * 0 + d * high + f,
        )
        self.chars.append((text, min(xs), min(ys), max(xs), max(ys)))
        return adv

    def _glyph(self, font: Any, cid: int) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        if not isinstance(text, str):
            raise TypeError(f"character {cid} maps to {type(text).__name__}, not text")
        return text, font.char_width(cid)


def read_page(page: Any, number: int) -> PageData:
    """One page's words and rules, from a single pass over the page's content.

    Characters come from ``_PageReader`` as plain tuples; rules and images from the layout
    objects it leaves. Coordinates are converted exactly as pdfplumber does (top-down, MediaBox
    offset). A page pdfminer cannot interpret comes back empty, with the reason.
    """
    contents = streams.check(page)
    damage = contents.damage
    images = 0
    try:
        height = float(page.height)
        mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
        reader = _PageReader(page.pdf, page.page_number)
        PDFPageInterpreter(page.pdf.rsrcmgr, reader).process_page(page.page_obj)
        chars = [
            (text, x0 + mb_x0, x1 + mb_x0, height - y1 + mb_top, height - y0 + mb_top)
            for text, x0, y0, x1, y1 in reader.chars
        ]
        hrules: list[HRule] = []
        vrules: list[VRule] = []
        stack = [iter(reader.get_result())]
        while stack:
            for obj in stack[-1]:
                if isinstance(obj, LTImage):
                    images += 1
                elif isinstance(obj, LTContainer):
                    stack.append(iter(obj))
                    break
                elif isinstance(obj, LTCurve):
                    _shape_rules(obj, height, mb_x0, mb_top, hrules, vrules)
            else:
                stack.pop()
        words = _words(chars, vrules)
        width = float(page.width)
        if damage is None and _without_widths(chars):
            damage = "its letters have no widths: a damaged font, whose text may be misread"
    except MemoryError:  # the file is too big to read within the limits: say so
        raise
    except Exception as error:  # a damaged content stream: report the page, keep the others
        reason = f"{type(error).__name__}: {error}"
        return PageData(number, 0.0, 0.0, (), (), (), 0, reason, images, damage, contents.digest)
    finally:
        # Cached objects would otherwise accumulate for every page of the document.
        page.close()
    return PageData(
        number, width, height, words, tuple(hrules), tuple(vrules), len(chars), None, images,
        damage, contents.digest, contents.empty,
    )  # fmt: skip


def _without_widths(chars: list[tuple[str, float, float, float, float]]) -> bool:
    """Whether nearly every letter of a page has no width: a font whose widths (and perhaps
    its encoding) were lost, where letters stack up and may decode wrongly. No font that
    prints text gives its letters no advance."""
    letters = [(x0, x1) for text, x0, x1, _top, _bottom in chars if not text.isspace()]
    if len(letters) < 20:
        return False
    flat = sum(1 for x0, x1 in letters if x1 - x0 < 0.01)
    return flat >= 0.9 * len(letters)


def _shape_rules(
    obj: LTCurve,
    height: float,
    mb_x0: float,
    mb_top: float,
    hrules: list[HRule],
    vrules: list[VRule],
) -> None:
    """Rules drawn by a line, rectangle or path (LTLine and LTRect are LTCurves)."""
    x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
    top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
    if _add_rule(hrules, vrules, x0, x1, top, bottom):
        return
    if isinstance(obj, LTRect):
        # A stroked box is a cell border: its four sides are rules. Filled-only boxes are
        # shading, which says nothing reliable about cell boundaries.
        if obj.stroke:
            hrules.extend((HRule(top, x0, x1), HRule(bottom, x0, x1)))
            vrules.extend((VRule(x0, top, bottom), VRule(x1, top, bottom)))
        return
    if isinstance(obj, LTLine) or not obj.stroke:
        return
    # A path of several straight segments (a whole grid drawn as one path).
    points = [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        _add_rule(hrules, vrules, min(ax, bx), max(ax, bx), min(ay, by), max(ay, by))


_WORKER_PDF: Any = None
_WORKER_SETTINGS: ParserSettings = settings_module.DEFAULT


def _worker_open(path: str, tuning: ParserSettings) -> None:
    global _WORKER_PDF, _WORKER_SETTINGS
    _WORKER_PDF = pdfplumber.open(path)
    _WORKER_SETTINGS = tuning


def _worker_read(indices: Sequence[int]) -> list[PageData]:
    pages = _WORKER_PDF.pages
    with settings_module.use(_WORKER_SETTINGS):
        return [read_page(pages[i], i + 1) for i in indices]


def _chunks(indices: range, size: int) -> Iterable[range]:
    for start in range(indices.start, indices.stop, size):
        yield range(start, min(start + size, indices.stop))


def _can_fork() -> bool:
    # Forking is the cheapest start and re-imports nothing. Forking a process that runs other
    # threads (the explorer parses in a background thread) can deadlock the child, and the
    # other start methods re-run the main module, so such callers read pages in-process.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def workers_for(pages: int) -> int:
    """How many processes to read ``pages`` pages with (1 = in this process)."""
    least = settings_module.current().parallel_min_pages
    if pages < least or not _can_fork():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, pages // max(1, least // 2)))


def read_pages(
    path: str | Path,
    pdf: pdfplumber.PDF,
    progress: Callable[[int, int], None] | None = None,
    indices: range | None = None,
) -> list[PageData]:
    """Every page of ``pdf`` (opened from ``path``), in order, in parallel when it pays.

    ``indices`` (0-based) reads only those pages; ``progress`` still counts the document's
    pages (the first call says how far the pages before ``indices`` took it). Pages that
    worker processes could not deliver (a pool that cannot start, a worker that died) are
    read in this process instead, so parallelism never changes the result.
    """
    total = len(pdf.pages)
    wanted = (
        range(total) if indices is None else range(max(0, indices.start), min(total, indices.stop))
    )
    workers = workers_for(len(wanted))
    # Several chunks per worker keep both busy when pages differ in cost, and give progress.
    size = max(2, math.ceil(len(wanted) / (workers * 3))) if workers > 1 else len(wanted) or 1
    chunks = list(_chunks(wanted, size))
    by_start: dict[int, list[PageData]] = {}
    done = wanted.start
    if progress:
        progress(done, total)
    if workers > 1:
        try:
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_open,
                initargs=(str(path), settings_module.current()),
            ) as pool:
                futures = {pool.submit(_worker_read, chunk): chunk for chunk in chunks}
                for future in as_completed(futures):
                    chunk = futures[future]
                    try:
                        by_start[chunk.start] = future.result()
                    except Exception:  # a worker that died: its pages are read below
                        continue
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        except Exception:  # the pool could not start (resource limits, no main guard, ...)
            pass
    for chunk in chunks:
        if chunk.start in by_start:
            continue
        pages = []
        for index in chunk:
            pages.append(read_page(pdf.pages[index], index + 1))
            done += 1
            if progress:
                progress(done, total)
        by_start[chunk.start] = pages
    return [page for start in sorted(by_start) for page in by_start[start]]
