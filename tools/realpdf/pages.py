"""Where each Section II and III row landed in a producer's PDF, found with ``pdftotext``.

The producers decide the page breaks, so the expected ``source_page`` of each row is read
back from the PDF by an independent extractor (poppler's), matching rows in order: a row is
on the first page, from the previous row's page on, whose text holds its signature (the two
dates of a record; the first words of a policy). Rows never split across pages in these
fixtures, so the page holding a row's signature is the page on which it starts.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from ddorgen.model import ReportSpec
from ddorgen.text import date_text


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (NFKC, whitespace collapsed), in page order."""
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout,
        ).group(1)
    )
    texts = []
    for number in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts.append(unicodedata.normalize("NFKC", out))
    return texts


def _locate(texts: list[str], patterns: list[re.Pattern[str]], what: str) -> list[int]:
    pages: list[int] = []
    page, offset = 0, 0
    for k, pattern in enumerate(patterns):
        while page < len(texts):
            found = pattern.search(texts[page], offset)
            if found:
                pages.append(page + 1)
                offset = found.end()
                break
            page, offset = page + 1, 0
        else:
            raise ValueError(f"{what} {k} ({pattern.pattern!r}) not found in the PDF")
    return pages


def record_pages(pdf: Path, spec: ReportSpec, texts: list[str] | None = None) -> list[int]:
    """The page on which each Section II row starts."""
    texts = texts or page_texts(pdf)
    patterns = [
        re.compile(
            re.escape(date_text(r.issued, spec.layout))
            + r"\s+"
            + re.escape(date_text(r.declined, spec.layout))
        )
        for r in spec.records
    ]
    return _locate(texts, patterns, "record")


def policy_pages(pdf: Path, spec: ReportSpec, texts: list[str] | None = None) -> list[int]:
    """The page on which each Section III row starts."""
    texts = texts or page_texts(pdf)
    patterns = [
        re.compile(r"\s+".join(re.escape(w) for w in p.policy.split()[:3])) for p in spec.policies
    ]
    return _locate(texts, patterns, "policy")
