"""Damaged copies of a fixture, made the ways real files get damaged (with pypdf).

Each function reads ``source`` and writes a copy to ``target`` that differs in one way: a page
dropped from the page tree, a page's text gone, a page's content stream cut short or with
bytes flipped. Only the named page changes.
"""

from __future__ import annotations

import random
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


MUTATIONS = (
    "bytes flipped",
    "truncated",
    "page dropped",
    "stream emptied",
    "stream cut short",
)
"""The ways ``mutant`` damages a file: what disks, downloads and careless tools do."""


def mutant(source: Path, target: Path, kind: str, rng: random.Random) -> Path:
    """A copy of ``source`` damaged as ``kind`` (one of ``MUTATIONS``), at places drawn from
    ``rng``: a few bits flipped anywhere; the file cut short anywhere; one page dropped from
    the page tree; one page's content stream emptied; one cut short."""
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
    page = rng.randint(1, len(PdfReader(source).pages))
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
