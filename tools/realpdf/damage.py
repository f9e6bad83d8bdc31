"""Damaged copies of a fixture, made the ways real files get damaged (with pypdf, or by
editing the bytes).

Each function reads ``source`` and writes a copy to ``target`` that differs in one way: a page
dropped from the page tree or repeated after itself (a broken merge), a page's text gone, a
page's content stream cut short (its compressed bytes, or its content at any point or right
after an operator, compressed again so that it decodes cleanly) or with bytes flipped, a
font's ``/ToUnicode`` map removed, the cross-reference table or the ``%PDF-`` header lost,
an ``/Encrypt`` entry that is not a dictionary.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject


def _write(writer: PdfWriter, target: Path) -> Path:
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def drop_page(source: Path, target: Path, number: int) -> Path:
    """``source`` without page ``number`` (1-based)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.remove_page(number - 1)
    return _write(writer, target)


def blank_page(source: Path, target: Path, number: int) -> Path:
    """``source`` with page ``number`` drawing nothing (its content stream emptied)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[number - 1]
    empty = StreamObject()
    empty.set_data(b"")
    page[NameObject("/Contents")] = writer._add_object(empty)
    return _write(writer, target)


def _raw_stream(writer: PdfWriter, number: int):
    contents = writer.pages[number - 1]["/Contents"]
    stream = contents.get_object()
    if isinstance(stream, list):  # an array of streams: damage the first
        stream = stream[0].get_object()
    return stream


def truncate_stream(source: Path, target: Path, number: int, keep: float = 0.5) -> Path:
    """``source`` with page ``number``'s (compressed) content stream cut to ``keep`` of it."""
    writer = PdfWriter(clone_from=PdfReader(source))
    stream = _raw_stream(writer, number)
    stream._data = stream._data[: int(len(stream._data) * keep)]
    return _write(writer, target)


def flip_bytes(source: Path, target: Path, number: int, at: float = 0.5) -> Path:
    """``source`` with a few bytes in the middle of page ``number``'s content stream inverted."""
    writer = PdfWriter(clone_from=PdfReader(source))
    stream = _raw_stream(writer, number)
    data = bytearray(stream._data)
    middle = int(len(data) * at)
    for k in range(middle, min(middle + 4, len(data))):
        data[k] ^= 0xFF
    stream._data = bytes(data)
    return _write(writer, target)


# Operators after which a content stream can be cut so that what is left parses cleanly.
_OPERATOR_END = re.compile(rb"(?<=[\s\])>])(?:ET|Q|EMC|S|f|Tj|TJ|re|n|l)(?=\s)")


def _set_content(writer: PdfWriter, number: int, data: bytes) -> None:
    stream = StreamObject()
    stream.set_data(zlib.compress(data))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[number - 1][NameObject("/Contents")] = writer._add_object(stream)


def cut_content(
    source: Path, target: Path, number: int, rng: random.Random, *, at_operator: bool
) -> Path:
    """``source`` with page ``number``'s content cut (compressed again, so that it decodes
    cleanly): right after an operator (``ET``, ``Q``, ``EMC``, a path or text operator) when
    ``at_operator``, else at any byte; the cut falls in the page's last three quarters."""
    writer = PdfWriter(clone_from=PdfReader(source))
    data = writer.pages[number - 1].get_contents().get_data()
    low = len(data) // 4
    if at_operator:
        ends = [m.end() for m in _OPERATOR_END.finditer(data) if low <= m.end() < len(data) - 8]
        if rng.random() < 0.6:  # mostly right after a text object or a saved state ends
            closing = [e for e in ends if data[e - 2 : e] in (b"ET", b" Q", b"\nQ")]
            ends = closing or ends
        cut = rng.choice(ends) if ends else low
    else:
        cut = rng.randrange(low, max(low + 1, len(data) - 1))
    _set_content(writer, number, data[:cut] + b"\n")
    return _write(writer, target)


def duplicate_page(source: Path, target: Path, number: int) -> Path:
    """``source`` with page ``number`` printed twice, the copy right after it."""
    reader = PdfReader(source)
    writer = PdfWriter()
    for index, page in enumerate(reader.pages):
        writer.add_page(page)
        if index == number - 1:
            writer.add_page(page)
    return _write(writer, target)


def drop_to_unicode(source: Path, target: Path, rng: random.Random) -> Path:
    """``source`` with one font's ``/ToUnicode`` map removed (on every page that uses it);
    unchanged if no font has one."""
    writer = PdfWriter(clone_from=PdfReader(source))
    fonts = {}
    for page in writer.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for font in font_dict.get_object().values() if font_dict else []:
            font = font.get_object()
            if "/ToUnicode" in font:
                fonts[id(font)] = font
    if fonts:
        chosen = rng.choice(sorted(fonts.values(), key=lambda f: str(f.get("/BaseFont"))))
        del chosen[NameObject("/ToUnicode")]
    return _write(writer, target)


def drop_xref(source: Path, target: Path) -> Path:
    """``source`` without its (last) cross-reference table: the bytes from ``xref`` to
    ``trailer`` removed, so every offset after them and ``startxref`` point wrong."""
    data = source.read_bytes()
    start = data.rfind(b"\nxref")
    end = data.find(b"trailer", start)
    if start < 0 or end < 0:  # a cross-reference stream: blank its offset instead
        at = data.rfind(b"startxref")
        target.write_bytes(data[:at] + b"startxref\n0\n%%EOF\n")
        return target
    target.write_bytes(data[: start + 1] + data[end:])
    return target


def drop_header(source: Path, target: Path) -> Path:
    """``source`` without its ``%PDF-1.x`` header line."""
    data = source.read_bytes()
    at = data.find(b"%PDF-")
    end = data.find(b"\n", at)
    target.write_bytes(data[:at] + b" " * (end - at) + data[end:])
    return target


def bad_encrypt(source: Path, target: Path) -> Path:
    """``source`` whose trailer says ``/Encrypt 0`` (an entry that is not a dictionary)."""
    data = source.read_bytes()
    at = data.rfind(b"trailer")
    opening = data.find(b"<<", at)
    target.write_bytes(data[: opening + 2] + b" /Encrypt 0 " + data[opening + 2 :])
    return target


MUTATIONS = (
    "bytes flipped",
    "truncated",
    "page dropped",
    "stream emptied",
    "stream cut short",
    "content cut anywhere",
    "content cut at an operator",
    "page duplicated",
    "ToUnicode removed",
    "xref removed",
)
"""The ways ``mutant`` damages a file: what disks, downloads and careless tools do."""

FILE_MUTATIONS = ("header lost", "Encrypt not a dictionary")
"""Damage to the file's structure that ``mutant`` also makes (not drawn at random: each
makes one copy of a file)."""


def mutant(source: Path, target: Path, kind: str, rng: random.Random) -> Path:
    """A copy of ``source`` damaged as ``kind`` (one of ``MUTATIONS``), at places drawn from
    ``rng``: a few bits flipped anywhere; the file cut short anywhere; one page dropped from
    the page tree, or repeated; one page's content stream emptied; one cut short (its bytes,
    or its content anywhere or after an operator); a font's Unicode map removed; the
    cross-reference table removed; and ``FILE_MUTATIONS``."""
    data = source.read_bytes()
    if kind == "bytes flipped":
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(flipped))
        return target
    if kind == "truncated":
        target.write_bytes(data[: rng.randrange(1, len(data))])
        return target
    if kind == "xref removed":
        return drop_xref(source, target)
    if kind == "header lost":
        return drop_header(source, target)
    if kind == "Encrypt not a dictionary":
        return bad_encrypt(source, target)
    if kind == "ToUnicode removed":
        return drop_to_unicode(source, target, rng)
    page = rng.randint(1, len(PdfReader(source).pages))
    if kind == "content cut anywhere":
        return cut_content(source, target, page, rng, at_operator=False)
    if kind == "content cut at an operator":
        return cut_content(source, target, page, rng, at_operator=True)
    if kind == "page duplicated":
        return duplicate_page(source, target, page)
    if kind == "page dropped":
        return drop_page(source, target, page)
    if kind == "stream emptied":
        return blank_page(source, target, page)
    if kind == "stream cut short":
        return truncate_stream(source, target, page, keep=rng.random())
    raise ValueError(f"unknown mutation {kind!r}")


def document_text(path: Path) -> str | None:
    """Every page's text as PDFium (another reader than the parser's) gets it, None if it
    cannot open the file: a damaged copy whose text is unchanged lost nothing."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:
        return None
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def text_values(rows: Iterable[tuple]) -> Counter[str]:
    """The text values of ``rows`` (a multiset of table rows; a list of offences counts
    value by value) four characters or longer, each with how many of the rows hold it."""
    values: Counter[str] = Counter()
    for row in rows:
        held: set[str] = set()
        for value in row:
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str) and len(item.strip()) >= 4:
                    held.add(" ".join(item.split()))
        values.update(held)
    return values


def no_longer_printed(copy: Path, original: Path, values: Counter[str]) -> bool:
    """Whether the damaged ``copy`` itself no longer prints the rows whose text ``values``
    are given (``text_values`` of rows a reading of it lacks), for PDFium too: each value
    the original prints is printed at least as many times fewer as rows lost it, and one
    value at least is. A content stream cut cleanly between two rows makes such a copy: a
    well-formed page with fewer rows, which no reader can tell from a shorter table."""
    theirs, mine = document_text(original), document_text(copy)
    if theirs is None or mine is None:
        return False
    theirs, mine = " ".join(theirs.split()), " ".join(mine.split())
    checked = {value: rows for value, rows in values.items() if value in theirs}
    return bool(checked) and all(
        theirs.count(value) - mine.count(value) >= rows for value, rows in checked.items()
    )
