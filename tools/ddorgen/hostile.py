"""Hostile and damaged files, built the way they arise, for the tests of what the program
refuses and how: downloads cut short and padded with zeros, huge sparse files, streams that
inflate a thousandfold, text a PDF library cannot see (a stream of the wrong length, text only
in form fields), a long document that is no report, a bill that merely mentions declined
detainers.

Everything is built in a fraction of a second: large files are sparse (``truncate``), so
nothing here needs the space or the time its size suggests.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

TITLE = b"Weekly Declined Detainer Outcome Report"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 is the catalog), with a correct
    cross-reference table, so that whatever is wrong with it is only what the objects say."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"", *, length: int | None = None) -> bytes:
    """A stream object's body; ``length`` records a length other than the data's own."""
    recorded = len(data) if length is None else length
    return b"<< /Length %d%s >>\nstream\n" % (recorded, entries) + data + b"\nendstream"


def one_page(contents: bytes, *, resources: bytes | None = None, page: bytes = b"") -> bytes:
    """A one-page PDF whose page draws ``contents`` (a stream object's body) with Helvetica
    as /F1; ``page`` adds entries to the page dictionary (objects 6 on are free for them)."""
    fonts = b"<< /Font << /F1 4 0 R >> >>" if resources is None else resources
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            + fonts
            + b" /Contents 5 0 R"
            + page
            + b" >>",
            HELVETICA,
            contents,
        ]
    )


def _show(text: bytes, y: int = 700) -> bytes:
    return b"BT /F1 12 Tf 72 %d Td (%s) Tj ET" % (y, text)


def wrong_length(path: Path) -> Path:
    """A page whose text every viewer shows, in a stream whose recorded /Length is short:
    pdfminer trusts the length and sees nothing, PDFium and poppler look for ``endstream``."""
    text = (
        _show(TITLE) + b" " + _show(b"For Recorded Declined Detainers Jan. 28 - Feb. 3, 2017", 680)
    )
    path.write_bytes(one_page(stream(text, length=12)))
    return path


def text_in_form_fields(path: Path) -> Path:
    """A page that draws nothing itself; its text is the value of a filled-in form field."""
    appearance = stream(
        b"BT /F1 12 Tf 2 5 Td (" + TITLE + b") Tj ET",
        b" /Type /XObject /Subtype /Form /BBox [0 0 400 20] /Resources << /Font << /F1 4 0 R >> >>",
    )
    field = (
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (title) /V (" + TITLE + b")"
        b" /Rect [72 700 472 720] /AP << /N 7 0 R >> >>"
    )
    document = one_page(stream(b""), page=b" /Annots [6 0 R]")
    # one_page numbers five objects; the field and its appearance follow as 6 and 7.
    path.write_bytes(_with_objects(document, [field, appearance]))
    return path


def _with_objects(document: bytes, extra: list[bytes]) -> bytes:
    """``document`` (made by ``one_page``) rebuilt with ``extra`` objects after its own."""
    objects = []
    for number in range(1, 6):
        start = document.index(b"\n%d 0 obj\n" % number) + len(b"\n%d 0 obj\n" % number)
        objects.append(document[start : document.index(b"\nendobj\n", start)])
    return raw_pdf(objects + extra)


def inflating(megabytes: int) -> bytes:
    """Flate data (zlib) of a few hundred bytes per MB that inflates to ``megabytes`` MB of
    zeros: a full flush makes each MB's compressed block the same, so it is built at once."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return head + block * (megabytes - 1) + final[:-4] + struct.pack(">I", checksum)


def inflating_page(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB."""
    data = inflating(megabytes)
    path.write_bytes(one_page(stream(data, b" /Filter /FlateDecode")))
    return path


def zero_padded(source: Path, target: Path, keep: int, size: int) -> Path:
    """The first ``keep`` bytes of ``source``, then zeros up to ``size`` bytes (sparse): a
    download cut short in a file its downloader had already made full size."""
    target.write_bytes(source.read_bytes()[:keep])
    with target.open("r+b") as handle:
        handle.truncate(size)
    return target


def sparse(path: Path, size: int, head: bytes = b"", tail: bytes = b"") -> Path:
    """A file of ``size`` bytes: ``head``, zeros (a hole, taking no space), ``tail``."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size - len(tail))
        handle.seek(size - len(tail))
        handle.write(tail)
    return path


def _canvas(path: Path) -> Canvas:
    return Canvas(str(path), pagesize=letter, invariant=1)


def long_memo(path: Path, pages: int) -> Path:
    """A document of ``pages`` pages of prose that is no report."""
    canvas = _canvas(path)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 11)
        y = 720
        for line in range(40):
            canvas.drawString(
                72, y, f"Minutes of the parking committee, page {number}, item {line}."
            )
            y -= 16
        canvas.showPage()
    canvas.save()
    return path


def bill(path: Path) -> Path:
    """A one-page bill that speaks of declined detainers and has "Section 1." headings, but
    is not a report: no report period, none of the report's tables."""
    canvas = _canvas(path)
    y = 720.0
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(72, y, "A BILL to require the publication of declined detainer reports")
    canvas.setFont("Helvetica", 10)
    for number, text in (
        (1, "Short title. This Act may be cited as the Declined Detainer Transparency Act."),
        (2, "Reports. The Secretary shall publish a weekly declined detainer outcome report."),
        (3, "Section 9(b) of Executive Order 13768 is amended as follows."),
    ):
        y -= 30
        canvas.drawString(72, y, f"Section {number}. {text}")
    canvas.save()
    return path
