"""A page's words as lines, and the page furniture around a report's tables.

Words sharing a baseline make a ``Line``. Running headers and footers (a line that recurs at
the same height on most pages) and page numbers are furniture: they are dropped before the
tables are read, so that no table takes them for a row.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from detainer_tui.ingest import values
from detainer_tui.ingest.layout import PAGE_NUMBER
from detainer_tui.ingest.pdf import PageData, Word
from detainer_tui.ingest.settings import current as settings


class Line:
    """Words sharing a baseline on one page, left to right."""

    __slots__ = ("bottom", "page", "top", "words")

    def __init__(self, page: int, words: list[Word]) -> None:
        self.page = page
        self.words = sorted(words, key=lambda w: w.x0)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.top:.1f}: {self.text!r})"


def text_of(lines: list[Line]) -> str:
    """The text of ``lines`` as one cleaned-up string."""
    return values.clean_text(" ".join(line.text for line in lines))


def page_lines(page: PageData) -> list[Line]:
    """The page's words grouped into lines, top to bottom.

    A line is the words whose vertical middles lie within ``line_tolerance`` of a word's
    height from its first word's: one baseline. Comparing with the first word, not with the
    line grown so far, keeps apart the lines of neighbouring cells set half a line apart
    (a one-line cell centred beside a two-line one), whose words would otherwise be taken
    as one line and interleaved.
    """
    tolerance = settings().line_tolerance
    lines: list[Line] = []
    current: list[Word] = []
    middle = height = 0.0
    for word in sorted(page.words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        word_middle = (word.top + word.bottom) / 2
        word_height = word.bottom - word.top
        if current and word_middle - middle <= tolerance * min(height, word_height):
            current.append(word)
            continue
        if current:
            lines.append(Line(page.number, current))
        current = [word]
        middle, height = word_middle, word_height
    if current:
        lines.append(Line(page.number, current))
    return lines


# -- page furniture -----------------------------------------------------------------------


def _furniture_key(line: Line) -> tuple[str, int]:
    # Page numbers ("Page 3 of 35") vary; other text, dates included, must repeat exactly.
    text = " ".join("#" if word.text.isdigit() else word.text for word in line.words)
    # Furniture sits at the same height on every page; table text rarely does.
    return text.casefold(), round(line.top / 3)


def strip_furniture(
    pages: list[list[Line]], protect: Callable[[list[Line], int], bool] | None = None
) -> list[list[Line]]:
    """Drop running headers and page-number footers.

    A running header or footer is a top or bottom line whose text (page numbers aside) recurs
    at the same height on at least half of the pages; a bottom line that is just a page number is
    dropped anywhere. A line for which ``protect(lines, index)`` is true (the start of a table's
    header row, which may also recur at the top of every page) is never dropped.
    """
    counts: dict[tuple[str, int], int] = {}
    for lines in pages:
        for line in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            key = _furniture_key(line)
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(settings().furniture_share * len(pages)))

    def furniture(lines: list[Line], index: int) -> bool:
        if counts.get(_furniture_key(lines[index]), 0) < needed:
            return False
        return not (protect and protect(lines, index))

    result = []
    for lines in pages:
        lines = list(lines)
        for _ in range(2):
            if lines and furniture(lines, 0):
                lines.pop(0)
        for _ in range(2):
            if lines and (PAGE_NUMBER.match(lines[-1].text) or furniture(lines, len(lines) - 1)):
                lines.pop()
        result.append(lines)
    return result
