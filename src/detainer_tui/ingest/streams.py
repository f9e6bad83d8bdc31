"""A page's content streams, checked before they are interpreted: cut short, corrupt, or
ending with drawing state left open.

pdfminer decodes what it can of a cut-short or corrupt stream and says nothing, so a page
could silently lose its last rows. Compressed or encoded data must end where its encoding
says; and a stream cut at an operator boundary (right after an ``ET`` or a ``Q``), which
decodes cleanly, still leaves open what the producer would have closed by the page's end: a
graphics state saved with ``q`` and not restored, a text object (``BT`` without ``ET``), a
marked-content sequence (``BDC``/``BMC`` without ``EMC``).

The decoded content also gives the page a fingerprint (``Contents.digest``): two pages that
draw exactly the same are one page copied twice (a broken merge).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT

_FLATE = (LIT("FlateDecode"), LIT("Fl"))
_ASCII85 = (LIT("ASCII85Decode"), LIT("A85"))
_ASCIIHEX = (LIT("ASCIIHexDecode"), LIT("AHx"))

# The tokens that matter for what a stream leaves open. Strings (one level of nested
# parentheses), hex strings and comments are matched so that an operator-like word inside
# them is skipped; only the operators are captured.
_TOKENS = re.compile(
    rb"%[^\r\n]*"
    rb"|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
    rb"|<[0-9A-Fa-f\s]*>"
    rb"|(?<![^\s\[\]()<>{}])(q|Q|BT|ET|BDC|BMC|EMC)(?=[\s\[\]()<>{}/%]|$)",
    re.DOTALL,
)
# Inline image data is binary: it is set aside before the operators are counted.
_INLINE_IMAGE = re.compile(rb"(?<![^\s])BI(?=\s).*?\sID\s.*?\sEI(?=\s|$)", re.DOTALL)


@dataclass(frozen=True)
class Contents:
    """What the checks found in one page's content streams."""

    damage: str | None = None
    """Why the content is damaged ("cut short", ...), or None."""
    digest: str | None = None
    """A fingerprint of the decoded content (None when it could not be decoded, or is empty)."""
    empty: bool = False
    """The page has content streams, and they hold nothing at all (an emptied page)."""


def _decoded(raw: bytes, filters: list[tuple[Any, Any]]) -> tuple[bytes | None, str | None]:
    """The stream's content through the filters whose end can be checked, or why it is
    damaged; (None, None) for a filter this check does not follow (images, say)."""
    data = raw
    for name, _params in filters:
        if name in _ASCII85:
            if not data.rstrip().endswith(b"~>"):
                return None, "a content stream is cut short"
            data = ascii85decode(data)
        elif name in _ASCIIHEX:
            if not data.rstrip().endswith(b">"):
                return None, "a content stream is cut short"
            data = asciihexdecode(data)
        elif name in _FLATE:
            decoder = zlib.decompressobj()
            try:
                data = decoder.decompress(data)
            except zlib.error:
                return None, "a content stream is corrupt"
            if not decoder.eof:
                return None, "a content stream is cut short"
        else:
            return None, None
    return data, None


def left_open(data: bytes) -> str | None:
    """What ``data`` (a page's whole content) leaves open at its end, or None.

    A ``Q`` with nothing saved, or an ``ET`` with no text object, is ignored: producers
    sometimes write one too many, and that loses nothing.
    """
    if b"BI" in data:
        data = _INLINE_IMAGE.sub(b" ", data)
    saved = text = marked = 0
    for operator in _TOKENS.findall(data):
        if not operator:
            continue
        if operator == b"q":
            saved += 1
        elif operator == b"Q":
            saved = max(0, saved - 1)
        elif operator == b"BT":
            text = 1
        elif operator == b"ET":
            text = 0
        elif operator == b"EMC":
            marked = max(0, marked - 1)
        else:  # BDC, BMC
            marked += 1
    if text:
        return "ends inside a text object"
    if saved:
        return "ends with a graphics state not restored"
    if marked:
        return "ends inside a marked-content sequence"
    return None


def check(page: Any) -> Contents:
    """The checks on ``page``'s (a pdfplumber page) content streams."""
    try:
        streams = resolve1(page.page_obj.attrs.get("Contents"))
        if streams is None:
            return Contents()
        if not isinstance(streams, list):
            streams = [streams]
        parts = []
        for item in streams:
            stream = resolve1(item)
            raw = getattr(stream, "rawdata", None)
            if raw is None or getattr(stream, "decipher", None):
                return Contents()  # already decoded, or encrypted (checked by decryption)
            if not raw.strip():
                parts.append(b"")
                continue
            data, damage = _decoded(raw, stream.get_filters())
            if damage:
                return Contents(damage=damage)
            if data is None:
                return Contents()
            parts.append(data)
        content = b"\n".join(parts)
        if not content.strip():
            return Contents(empty=True)
        opened = left_open(content)
        digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        if opened:
            return Contents(damage=f"its content {opened}", digest=digest)
        return Contents(digest=digest)
    except MemoryError:  # the file is too big to read within the limits: say so
        raise
    except Exception as error:  # the page's dictionary itself is damaged
        return Contents(damage=f"the page's contents cannot be located ({type(error).__name__})")
