"""Why a PDF that opened is not read as a report, in words true to what the file shows.

A file is called "not a DDOR" unless it shows a report's title or one of its tables; only
then may a missing first page explain what is absent. Text that cannot be decoded (glyphs
with no Unicode mapping, fonts re-encoded by a PostScript round trip) is said to be so rather
than taken for another document; and a text layer made by OCR over scanned pages is named
as such, with the heading it misread ("Section Il").
"""

from __future__ import annotations

import re

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import completeness, layout
from detainer_tui.ingest.headers import header_at
from detainer_tui.ingest.lines import Line
from detainer_tui.ingest.pdf import PageData

CID = "(cid:"
"""pdfminer's placeholder for a glyph whose font gives it no Unicode mapping."""
GARBLED_SHARE = 0.2
"""Share of characters (control characters, private-use code points, U+FFFD) above which a
page's text is taken for text that cannot be decoded."""
# A heading as OCR reads it: "Section Il:", "Sectiom III", "Section 1I." ...
_OCR_HEADING = re.compile(r"^\s*[S5$]\s*e\s*[cC]\s*t\s*[il1|]\s*[o0]\s*[nm]\s+([IVXl1|!]+)\b")
_OCR_NUMERALS = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I"})


def undecodable(pages: list[PageData], share: float = 0.5) -> bool:
    """Whether more than ``share`` of the words are unmapped glyphs or garbled characters."""
    words = [w.text for page in pages for w in page.words]
    if not words:
        return False
    bad = sum(1 for text in words if CID in text or _garbled(text))
    return bad > share * len(words)


def _garbled(text: str) -> bool:
    odd = sum(1 for ch in text if ord(ch) < 32 or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return odd > GARBLED_SHARE * len(text)


def unmapped(text: str) -> bool:
    """Whether a word is made of glyphs with no Unicode mapping ("(cid:1)(cid:2)"); a lone
    one is usually a bullet or a symbol, and says nothing of the text."""
    return text.count(CID) >= 2


def undecodable_pages(pages: list[PageData]) -> list[int]:
    """Pages with words whose glyphs have no Unicode mapping."""
    return [page.number for page in pages if any(unmapped(w.text) for w in page.words)]


def is_ocr(pages: list[PageData]) -> bool:
    """Whether the text lies over scanned images: most pages carrying text also draw an
    image (a report written by an office suite or a browser draws none)."""
    texted = [page for page in pages if page.words]
    return bool(texted) and sum(1 for page in texted if page.images) > 0.5 * len(texted)


def misread_headings(lines: list[Line]) -> dict[int, str]:
    """Section number -> a line that reads as that section's heading misread by OCR."""
    found: dict[int, str] = {}
    for line in lines:
        if layout.SECTION_HEADING.match(line.text):
            continue
        match = _OCR_HEADING.match(line.text)
        if match:
            numeral = match.group(1).translate(_OCR_NUMERALS).upper()
            number = layout.SECTION_NUMERALS.get(numeral)
            if number is not None:
                text = line.text if len(line.text) <= 40 else line.text[:37] + "..."
                found.setdefault(number, text)
    return found


def ocr_reason(number: int, misread: str) -> str:
    """What to say of a section whose heading OCR misread."""
    return (
        f"the text layer is OCR over scanned pages, and it reads {layout.SECTION_NAMES[number]}'s "
        f"heading as {misread!r}"
    )


def shows_a_report(raw: list[list[Line]]) -> bool:
    """Whether any page shows a report's title or one of its table headers."""
    for lines in raw:
        text = " ".join(line.text for line in lines).casefold()
        if any(marker in text for marker in layout.TITLE_MARKERS):
            return True
        if any(header_at(lines, i, layout.TABLE_SPECS) for i in range(len(lines))):
            return True
    return False


def not_a_report(
    path: str, raw: list[list[Line]], pages: list[PageData], missing: str
) -> UnreadableReport:
    """The refusal of a file that does not show a report's structure (``missing`` says what
    it lacks). Its text may be undecodable, or OCR that misread the headings; its first page
    may be damaged, or missing (the first page printed a number above 1) when the rest shows
    a report: that is the reason given."""
    opening = pages[:3]
    if undecodable_pages(opening) or undecodable(opening, GARBLED_SHARE):
        return UnreadableReport(
            path, "the PDF's text cannot be decoded (its fonts have no usable Unicode mapping)"
        )
    if is_ocr(pages):
        misread = misread_headings([line for lines in raw for line in lines])
        if misread:
            number = min(misread)
            return UnreadableReport(path, ocr_reason(number, misread[number]))
    first = pages[0] if pages else None
    if first is not None and (first.error or first.damage or not first.words):
        what = "damaged" if first.error or first.damage else "without text"
        return UnreadableReport(
            path, f"page 1 is {what}, and the rest does not show a report ({missing})"
        )
    printed = completeness.printed_numbers(raw).get(1, (1, None))[0]
    if printed > 1 and shows_a_report(raw):
        return UnreadableReport(
            path,
            f"its first page is numbered {printed}: the pages before it, which show the "
            f"report's title, are missing ({missing})",
        )
    return UnreadableReport(path, f"not a Declined Detainer Outcome Report ({missing})")
