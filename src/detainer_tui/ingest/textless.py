"""Why a PDF that opened shows no text: a scan, or text that this reader cannot get at.

pdfminer finds no characters on a page whose text is drawn only by form fields or annotations
(which it does not interpret), nor on one whose content stream it cannot read although other
readers repair it: a stream whose recorded ``/Length`` is wrong is the usual case in damaged
files. Calling such a file a scan would send its user to OCR for nothing. PDFium (pypdfium2,
which pdfplumber itself uses to draw pages) is asked whether the pages carry text, and the
file's streams and annotations say why pdfminer does not see it.
"""

from __future__ import annotations

import re

PAGES_ASKED = 50
"""Pages PDFium is asked about: enough to tell, few enough to stay quick on a long file."""

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_BRACKETS = re.compile(rb"<<|>>")
# Text held by an annotation or a form field (its /Contents or its value /V), drawn by no
# appearance stream of its own: a viewer makes one up, pdfminer sees nothing.
_ANNOTATION_TEXT = re.compile(rb"/(?:Contents|V)\s*(?:\((?!\))|<[0-9A-Fa-f])")
_DICTIONARY_REACH = 1024
"""How far before ``stream`` its dictionary's ``/Length`` is looked for."""


def reason(data: bytes, *, damaged: bool = False, images: int | None = None) -> str | None:
    """Why the PDF in ``data``, where pdfminer found no characters at all, has no text to
    read. ``damaged``: some page could not be interpreted or its content is cut short; then
    None unless there is more to say than that (text PDFium sees, streams of a wrong length).
    ``images``: how many pictures its pages draw (None: not counted); a file with none is
    no scan.
    """
    text, annotated = _pdfium_look(data)
    wrong = wrong_stream_lengths(data)
    lengths = f"{wrong} of its streams {'has' if wrong == 1 else 'have'} a missing or wrong length"
    if text:
        cause = (
            lengths
            if wrong
            else "its page content is damaged"
            if damaged
            else ("its page content cannot be interpreted")
        )
        return (
            f"the PDF has text, but it cannot be extracted ({cause}); saving it again from a "
            "PDF viewer may repair it"
        )
    if wrong:
        return f"the PDF is damaged ({lengths}); saving it again from a PDF viewer may repair it"
    if damaged:
        return None
    if annotated or (images == 0 and _ANNOTATION_TEXT.search(data)):
        return (
            "the PDF's text is only in form fields or annotations, which are not read; "
            "print it to a new PDF first"
        )
    if images == 0:
        return "the PDF's pages show no text and no image: there is nothing to read"
    return "the PDF has no text layer (a scanned image?); it would need OCR first"


def wrong_stream_lengths(data: bytes) -> int:
    """How many streams do not end where their dictionary's ``/Length`` says (no
    ``endstream`` after that many bytes), or give no length at all: readers that trust
    ``/Length`` read them wrong. A length held in another object is not checked."""
    wrong = 0
    for match in _STREAM.finditer(data):
        before = data[max(0, match.start() - _DICTIONARY_REACH) : match.start()]
        dictionary = _dictionary_before(before)
        if dictionary is None:
            continue  # not a stream keyword after a dictionary: some other "stream"
        # Only the stream's own entries: a nested dictionary's /Length is another's.
        lengths = [m for m in _LENGTH.finditer(dictionary) if _depth(dictionary, m.start()) == 1]
        if lengths and lengths[-1].group(2):  # the length is held in another object
            continue
        end = match.end() + int(lengths[-1].group(1)) if lengths else -1
        if end < 0 or not data[end : end + 32].lstrip(b"\r\n \t\x00").startswith(b"endstream"):
            wrong += 1
    return wrong


def _dictionary_before(before: bytes) -> bytes | None:
    """The dictionary that ``before`` ends with (nested ones inside it), or None."""
    if not before.rstrip().endswith(b">>"):
        return None
    depth = 0
    for bracket in reversed(list(_BRACKETS.finditer(before))):
        depth += 1 if bracket.group() == b">>" else -1
        if depth == 0:
            return before[bracket.start() :]
    return None


def _depth(dictionary: bytes, position: int) -> int:
    """How deep inside nested dictionaries ``position`` lies (1: the outer one's entries)."""
    depth = 0
    for bracket in _BRACKETS.finditer(dictionary, 0, position):
        depth += 1 if bracket.group() == b"<<" else -1
    return depth


def _pdfium_look(data: bytes) -> tuple[int, int]:
    """(characters PDFium finds on the first pages, form fields and text annotations with an
    appearance); (0, 0) when PDFium cannot open the file either."""
    try:
        import pypdfium2
        import pypdfium2.raw as pdfium_c
    except ImportError:  # pragma: no cover - pdfplumber depends on it
        return 0, 0
    text = annotated = 0
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # PDFium refuses the file: nothing more to learn
        return 0, 0
    try:
        for index in range(min(len(document), PAGES_ASKED)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text += max(0, textpage.count_chars())
                textpage.close()
                for number in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
                    annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, number)
                    if annotation:
                        kind = pdfium_c.FPDFAnnot_GetSubtype(annotation)
                        if kind in (pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT):
                            annotated += bool(pdfium_c.FPDFAnnot_HasKey(annotation, b"AP"))
                        pdfium_c.FPDFPage_CloseAnnot(annotation)
            finally:
                page.close()
    except Exception:  # a page PDFium cannot read: go by what was counted
        pass
    finally:
        document.close()
    return text, annotated
