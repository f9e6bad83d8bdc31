"""Reading a PDF's pages: the part of parsing that meets the file's bytes.

``read_document`` opens the file and reads its pages, refusing early what cannot be a report.
``parse_bounded`` runs it in a child process of its own, which imports this module and
nothing that builds the tables: not Polars. The pages it returns are built into a report by
``document.report_from_pages``.
"""

from __future__ import annotations

from collections.abc import Callable

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import layout, pdf, refusals, sniff, textless, values
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest.lines import page_lines, text_of

Progress = Callable[[int, int], None]
"""Called with (pages read, pages in all) as pages are read."""


def read_document(path: str, progress: Progress | None = None) -> tuple[bytes, list[pdf.PageData]]:
    """The bytes of the PDF at ``path`` and its pages as read, once it can be a report.

    This is the part of parsing that meets the file's bytes (``parse_bounded`` runs it in a
    process of its own). Raises ``UnreadableReport`` for a file that is not a whole PDF
    (``sniff``), cannot be opened or read, has no text that can be read, or whose first pages
    show it is some other document: those are read first, so a long document that is no
    report is refused without reading the rest.
    """
    data = sniff.read_pdf_bytes(path)
    document = pdf.open_pdf(path, data)
    try:
        total = len(document.pages)
        first = min(total, settings_module.current().first_pages)
        pages = pdf.read_pages(path, document, progress, range(first))
        if first < total and opening_is_a_report(pages) is False:
            raise UnreadableReport(
                path,
                f"not a Declined Detainer Outcome Report (no report title and period on its "
                f"first {first} pages)",
            )
        pages += pdf.read_pages(path, document, progress, range(first, total))
    except (UnreadableReport, MemoryError):
        raise
    except Exception as error:  # pdfminer failing outside any single page
        raise pdf.damaged(path, data) from error
    finally:
        document.close()
    if sum(page.chars for page in pages) == 0:
        # No text at all: a scan, or text this reader cannot get at (textless says which).
        damaged = not pages or any(page.error or page.damage for page in pages)
        why = textless.reason(data, damaged=damaged, images=sum(page.images for page in pages))
        raise UnreadableReport(path, why) if why else pdf.damaged(path, data)
    if refusals.undecodable(pages):
        raise UnreadableReport(
            path, "the PDF's text cannot be decoded (its fonts have no usable Unicode mapping)"
        )
    return data, pages


def opening_is_a_report(pages: list[pdf.PageData]) -> bool | None:
    """Whether the first ``pages`` show a report's title and its period; None when they
    cannot tell (a page is damaged or carries no text, so the title may be lost)."""
    if not pages or any(page.error or page.damage or not page.words for page in pages):
        return None
    text = text_of([line for page in pages for line in page_lines(page)]).casefold()
    return any(marker in text for marker in layout.TITLE_MARKERS) and (
        values.parse_period(text) is not None
    )
