"""Text widths in the fixtures' fonts, for producers that need row heights given to them."""

from __future__ import annotations

import functools
import subprocess

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@functools.cache
def _font(family: str, bold: bool) -> str:
    """Register the installed TrueType font for ``family`` with reportlab; its name."""
    pattern = f"{family}:bold" if bold else f"{family}:regular"
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout
    name = f"{family}-{'Bold' if bold else 'Regular'}"
    pdfmetrics.registerFont(TTFont(name, path))
    return name


def line_count(text: str, family: str, size: float, width: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at spaces (and inside words too long for a line)."""
    font = _font(family, bold)
    lines = 0
    current = 0.0
    space = pdfmetrics.stringWidth(" ", font, size)
    for word in text.split():
        w = pdfmetrics.stringWidth(word, font, size)
        if current and current + space + w <= width:
            current += space + w
            continue
        lines += 1
        # A word wider than the line breaks inside itself, onto as many lines as it needs.
        while w > width:
            lines += 1
            w -= width
        current = w
    return max(lines, 1)
