"""What a file is, and whether it can be a whole PDF, from cheap looks before any parsing.

A PDF parser given a download that was cut short (and perhaps padded with zeros to its full
size, as a preallocating downloader leaves it) or a huge file searches the whole of it for
something to read, which can take minutes and gigabytes. These checks read the file's first
and last few kilobytes and refuse, in one line, what cannot be a whole report: an empty file,
one of zero bytes, one that is not a PDF (saying what it looks like), a PDF that stops short of
its end-of-file marker or ends in a run of zero bytes, a file far larger than any report.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from detainer_tui import files
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import settings as settings_module

HEAD = 4096
"""Bytes read from the start: the PDF header may follow up to 1 KiB of junk."""
TAIL = 64 * 1024
"""Bytes read from the end at first, for the end-of-file marker and trailing zeros."""
END_WINDOW = 2048
"""The end-of-file marker (or the ``startxref`` before it) lies this close to the end."""
ZERO_SCAN_LIMIT = 16 << 20
"""Trailing zeros are counted up to this many bytes (enough to name the problem)."""
_ZEROS = re.compile(rb"\x00+")
# An indirect object ("12 0 obj <<"): a file that has them is a PDF, whatever its first line.
_PDF_OBJECT = re.compile(rb"(?:^|[\r\n])\s*\d+\s+\d+\s+obj\b")


def size_text(size: int) -> str:
    """``15.9 MB``, ``512 bytes``: a size as people read it (powers of 1024)."""
    if size < 1024:
        return f"{size:,} byte" + ("" if size == 1 else "s")
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def looks_like(head: bytes) -> str:
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
    if b"\x00" in head:  # text has no NUL bytes, whatever its encoding but UTF-16/32
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "it looks like UTF-16 text"
        return "its contents are binary data of an unknown kind"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut by the sample's end
            return "its contents are not recognisable"
    return "it looks like plain text"


def _zeros_at_end(handle: BinaryIO, size: int) -> int:
    """How many zero bytes the file ends in (counted up to ``ZERO_SCAN_LIMIT``)."""
    count = 0
    end = size
    chunk = TAIL
    while end > 0 and count < ZERO_SCAN_LIMIT:
        start = max(0, end - chunk)
        handle.seek(start)
        block = handle.read(end - start)
        stripped = block.rstrip(b"\x00")
        count += len(block) - len(stripped)
        if stripped:
            break
        end = start
        chunk = min(chunk * 4, 1 << 20)
    return count


def read_pdf_bytes(path: str | Path) -> bytes:
    """The bytes of the file at ``path``, once cheap checks say it can be a whole PDF.

    Raises ``UnreadableReport`` with the reason otherwise: not a regular file (a folder, a
    pipe or a device, which is never waited on), empty, only zero bytes, not a PDF (and what
    it looks like), larger than ``ParserSettings.max_file_mb``, cut short (no end-of-file
    marker near its end), padded with zero bytes at its end or with a long run of them inside.
    """
    tuning = settings_module.current()
    try:
        handle = files.open_regular(path)
    except files.NotAFile as error:
        if error.what == "a folder":
            raise UnreadableReport(path, "this is a folder, not a PDF file") from error
        raise UnreadableReport(
            path, f"this is {error.what}, not a file; save the report to a file first"
        ) from error
    except OSError as error:
        raise UnreadableReport(path, f"cannot be read ({error.strerror or error})") from error
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(HEAD)
            if not head.strip() and size <= len(head):
                raise UnreadableReport(path, "the file is empty (an incomplete download?)")
            if not head.strip(b"\x00"):
                handle.seek(max(0, size - HEAD))
                if not handle.read(HEAD).strip(b"\x00"):
                    raise UnreadableReport(
                        path,
                        f"the file is {size_text(size)} of zero bytes, not a PDF "
                        "(an incomplete or preallocated download?)",
                    )
            if b"%PDF-" not in head[:1024]:
                if _PDF_OBJECT.search(head):
                    raise UnreadableReport(path, "the PDF is damaged: its %PDF- header is missing")
                raise UnreadableReport(path, f"not a PDF: {looks_like(head)}")
            zeros = _zeros_at_end(handle, size)
            handle.seek(max(0, size - zeros - TAIL))
            tail = handle.read(min(TAIL, size - zeros)).rstrip(b" \t\r\n\x00")[-END_WINDOW:]
            whole = b"%%EOF" in tail or b"startxref" in tail
            if zeros > tuning.max_trailing_zeros:
                more = "at least " if zeros >= ZERO_SCAN_LIMIT else ""
                zeros = min(zeros, ZERO_SCAN_LIMIT)
                state = "ends" if whole else "is truncated: it ends"
                raise UnreadableReport(
                    path,
                    f"the PDF {state} in {more}{size_text(zeros)} of zero bytes "
                    "(an incomplete or preallocated download?)",
                )
            if size > tuning.max_file_mb * (1 << 20):
                raise UnreadableReport(
                    path,
                    f"the file is {size_text(size)}, far larger than a report; files over "
                    f"{tuning.max_file_mb:g} MB are not read",
                )
            if not whole:
                raise UnreadableReport(path, "the PDF is truncated (an incomplete download?)")
            handle.seek(0)
            data = handle.read()
        except OSError as error:
            raise UnreadableReport(path, f"cannot be read ({error.strerror or error})") from error
    _check_zero_run(path, data, tuning.zero_run_bytes)
    return data


def _check_zero_run(path: str | Path, data: bytes, run: int) -> None:
    """Refuse a file with ``run`` or more zero bytes in a row: a part of a download that never
    arrived (no report has such a run; its streams are compressed)."""
    start = data.find(b"\x00" * run)
    if start < 0:
        return
    end = _ZEROS.match(data, start).end()  # type: ignore[union-attr]
    raise UnreadableReport(
        path,
        f"the PDF has {size_text(end - start)} of zero bytes from byte {start:,} on: part of "
        "it is missing (an incomplete download?)",
    )
