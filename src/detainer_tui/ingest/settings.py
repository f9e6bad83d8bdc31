"""Every tolerance and threshold the parser uses, in one object with its defaults.

Like pdfplumber's table settings: a layout the defaults misread can be tried again with other
values (``parse_report(path, settings=ParserSettings(x_tolerance=2.5))``, or
``detainer-tui debug`` to see what the parser saw). Distances are in PDF points unless a
field says it is a share of something.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ParserSettings:
    """The parser's tolerances and thresholds (see each field's comment)."""

    # -- characters into words (pdf.py) --
    # Characters closer than this belong to the same word. Smaller than pdfplumber's default
    # so that two table cells with little padding between them stay separate words.
    x_tolerance: float = 1.5
    # A character whose top moves by more than this starts a new word (another line).
    y_tolerance: float = 2.0
    # A character drawn again within this distance of itself (simulated bold) is kept once.
    duplicate_distance: float = 1.0
    # A rectangle thinner than this is drawn as a rule, whatever its fill.
    rule_thickness: float = 2.5
    # Below this many pages, pages are read in one process (workers cost a start each).
    parallel_min_pages: int = 6

    # -- words into lines and page furniture (tables.py) --
    # Words whose vertical middles are closer than this share of a word's height share a
    # line (one baseline).
    line_tolerance: float = 0.3
    # A top or bottom line recurring on at least this share of pages is a running header or
    # footer.
    furniture_share: float = 0.5

    # -- header rows --
    # Widest header cell, in stacks of overlapping words, that may form one header wording.
    max_header_group: int = 6
    # Most lines a (wrapped) header row spans: cells centred beside each other put their lines
    # on different baselines, and narrow cells break words onto lines of their own.
    max_header_lines: int = 12
    # A line of more words than this is never the start of a header row (letter-spaced text
    # read one letter per word would otherwise be tried at length).
    max_header_words: int = 40
    # A header band ends where the gap to its next line exceeds this many line heights.
    header_line_gap: float = 1.2
    # Share of a header band's words that may belong to no known wording.
    max_unknown_header_share: float = 0.34
    # Share of an unknown column's values that must read as a state, date or count for the
    # column to be read as one.
    role_inference_share: float = 0.8

    # -- columns and rows --
    # A word reaching this far past a column boundary on both sides straddles it.
    straddle_margin: float = 1.0
    # Running text across the columns has no gap wider than this share of its word height.
    flowing_gap: float = 0.35
    # A horizontal rule separates rows when it covers this share of the table's width.
    row_rule_coverage: float = 0.5
    # Gaps (pt) that must differ for row padding to tell top- from bottom-aligned cells.
    padding_difference: float = 0.5
    # A cell's lines sit where an alignment puts them within this share of a line's height.
    alignment_tolerance: float = 0.3
    # A centred cell's line lies on its row's middle within this share of a line's height.
    centre_tolerance: float = 0.25
    # A wrapped cell's lines follow one another at the line pitch within this share of a
    # line's height; lines further apart in one column belong to different rows.
    wrap_gap_tolerance: float = 0.3
    # A cell's wrapped line lies at most this many line heights below the line before it
    # (the real producers' cells reach 1.4): lines further down under a table's last line of
    # values begin a row of their own, whose values are missing (a page cut short).
    max_wrap_pitch: float = 2.0
    # Most lines a state, date or count is tried broken inside its words over.
    max_broken_lines: int = 4

    # -- what is read at all (sniff.py, document.py) --
    # A file larger than this many MB is refused before it is read: a report is a few MB.
    max_file_mb: float = 200.0
    # More zero bytes than this at the end of a file: a download cut short and padded.
    max_trailing_zeros: int = 1024
    # A run of zero bytes this long inside a file: part of a download is missing.
    zero_run_bytes: int = 1 << 20
    # Pages read before deciding whether a file is a report at all (its title and period).
    first_pages: int = 3


DEFAULT = ParserSettings()

_current: contextvars.ContextVar[ParserSettings] = contextvars.ContextVar(
    "parser_settings", default=DEFAULT
)


def current() -> ParserSettings:
    """The settings in force (``DEFAULT`` unless inside ``use``)."""
    return _current.get()


@contextlib.contextmanager
def use(settings: ParserSettings) -> Iterator[ParserSettings]:
    """Parse with ``settings`` inside the ``with`` block."""
    token = _current.set(settings)
    try:
        yield settings
    finally:
        _current.reset(token)
