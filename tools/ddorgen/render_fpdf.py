"""Render a ``ReportSpec`` with fpdf2 (the second, independent renderer).

Its geometry differs from the reportlab renderer on purpose: 36 pt margins, tighter horizontal
padding, header text sitting on the bottom of the header band, counts centred, rules drawn as
rectangles (cell outlines for a grid, thin filled bars under rows), its own greedy word wrap,
and Sections III and IV flowing on from the previous section instead of starting a new page.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from fpdf import FPDF

from ddorgen import text
from ddorgen.model import Rendered, ReportSpec

FAMILY = {"Helvetica": "helvetica", "Times-Roman": "times", "Courier": "courier"}
MARGIN = 36.0
TOP = 46.0
BOTTOM = 40.0
# Fixed so that re-rendering yields identical bytes.
CREATION_DATE = dt.datetime(2017, 3, 20, 12, 0, tzinfo=dt.UTC)


class _Document:
    def __init__(self, spec: ReportSpec) -> None:
        self.spec = spec
        self.layout = spec.layout
        orientation = "L" if self.layout.orientation == "landscape" else "P"
        pdf = FPDF(orientation=orientation, unit="pt", format="letter")
        # Core fonts cover Windows-1252, which holds the en dash, section sign and "ñ".
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_auto_page_break(False)
        pdf.set_creation_date(CREATION_DATE)
        pdf.set_compression(True)
        self.pdf = pdf
        self.family = FAMILY[self.layout.font]
        self.size = self.layout.font_size
        # A touch more leading than requested, so line positions differ from reportlab's.
        self.leading = self.size * self.layout.line_spacing + 0.4
        self.hpad = self.layout.padding * 0.75
        # Without vertical rules only whitespace separates columns: keep a gap of at least
        # about one em so that neighbouring cells never read as one word.
        if self.layout.ruling != "grid":
            self.hpad = max(self.hpad, 0.55 * self.size)
        self.vpad = self.layout.padding + 0.5
        self.text_width = pdf.w - 2 * MARGIN
        self.page = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        """Start a page with its running header and number."""
        self.pdf.add_page()
        self.page += 1
        self.y = TOP
        if self.spec.running_header:
            self.pdf.set_font(self.family, "I" if self.family != "courier" else "", 6.5)
            self.pdf.text(MARGIN, 26, self.spec.running_header)
        if self.spec.page_numbers:
            self.pdf.set_font(self.family, "", 7.5)
            label = str(self.page)
            self.pdf.text(
                self.pdf.w - MARGIN - self.pdf.get_string_width(label), self.pdf.h - 20, label
            )

    def room(self) -> float:
        """Vertical space left above the bottom margin."""
        return self.pdf.h - BOTTOM - self.y

    def heading(self, content: str) -> None:
        """A bold section heading, kept on the same page as what follows it."""
        if self.room() < self.size * 9:
            self.new_page()
        self.paragraph(content, style="B", size=self.size + 2, after=6)

    def wrap(self, content: str, width: float, *, strict: bool = True) -> list[str]:
        """Greedy word wrap on spaces with the current font."""
        lines: list[str] = []
        current = ""
        for word in content.split(" ") if content else []:
            if strict and self.pdf.get_string_width(word) > width:
                raise ValueError(f"word {word!r} does not fit a {width:.0f} pt column")
            candidate = f"{current} {word}" if current else word
            if current and self.pdf.get_string_width(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def paragraph(
        self,
        content: str,
        *,
        style: str = "",
        size: float | None = None,
        indent: float = 0.0,
        bullet: str | None = None,
        align: str = "L",
        after: float = 5.0,
    ) -> None:
        """Draw wrapped prose, breaking pages between lines."""
        size = size or self.size
        self.pdf.set_font(self.family, style, size)
        leading = size * 1.3
        for n, line in enumerate(self.wrap(content, self.text_width - indent, strict=False)):
            if self.room() < leading:
                self.new_page()
                self.pdf.set_font(self.family, style, size)
            self.y += leading
            x = MARGIN + indent
            if align == "C":
                x = (self.pdf.w - self.pdf.get_string_width(line)) / 2
            self.pdf.text(x, self.y - leading * 0.25, line)
            if bullet and n == 0:
                self.pdf.text(MARGIN + indent - 9, self.y - leading * 0.25, bullet)
        self.y += after

    def table(
        self, name: str, header: list[str], rows: list[list[str]]
    ) -> tuple[list[int], list[int]]:
        """Draw a table; return the start page of each row and the indices of split rows."""
        fractions = self.layout.widths.get(name) or tuple(1.0 for _ in header)
        total = sum(fractions)
        widths = [self.text_width * f / total for f in fractions]
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        self.pdf.set_font(self.family, "B", self.size)
        header_cells = []
        for title, w in zip(header, widths, strict=True):
            lines: list[str] = []
            for part in text.header_lines(title, self.layout):
                lines.extend(self.wrap(part, w - 2 * self.hpad))
            header_cells.append(lines)
        self.pdf.set_font(self.family, "", self.size)
        wrapped = [
            [self.wrap(cell, w - 2 * self.hpad) for cell, w in zip(row, widths, strict=True)]
            for row in rows
        ]
        header_h = max(len(c) for c in header_cells) * self.leading + 2 * self.vpad
        first_h = (
            (max(max(len(c) for c in wrapped[0]), 1) * self.leading + 2 * self.vpad) if rows else 0
        )
        if self.room() < header_h + first_h:
            self.new_page()
        self._header(header_cells, xs, header_h)
        starts: list[int] = []
        splits: list[int] = []
        for index, cells in enumerate(wrapped):
            start_page = self.page
            lines_left = [list(c) for c in cells]
            # The first two cells must end on the row's first page, so that a continuation
            # always begins with empty leading cells.
            keep = max(len(lines_left[0]), len(lines_left[1]), 1)
            began = False
            while lines_left:
                n = max(max(len(c) for c in lines_left), 1)
                fits = int((self.room() - 2 * self.vpad) // self.leading)
                if fits >= n:
                    start_page = start_page if began else self.page
                    self._row(lines_left, xs, n, name)
                    lines_left = []
                    continue
                if (
                    fits >= (1 if began else keep)
                    and (began or n >= self.layout.min_split_lines)
                    and fits >= 1
                ):
                    if not began:
                        start_page = self.page
                        splits.append(index)
                        began = True
                    self._row([c[:fits] for c in lines_left], xs, fits, name)
                    lines_left = [c[fits:] for c in lines_left]
                self.new_page()
                if self.layout.repeat_headers:
                    self._header(header_cells, xs, header_h)
            starts.append(start_page)
        self.y += 12
        return starts, splits

    def _rules(self, xs: list[float], top: float, height: float) -> None:
        pdf = self.pdf
        pdf.set_line_width(0.4)
        if self.layout.ruling == "grid":
            for left, right in itertools.pairwise(xs):
                pdf.rect(left, top, right - left, height)
        elif self.layout.ruling == "rows":
            pdf.set_fill_color(0)
            pdf.rect(xs[0], top + height - 0.3, xs[-1] - xs[0], 0.6, style="F")

    def _header(self, cells: list[list[str]], xs: list[float], height: float) -> None:
        self._rules(xs, self.y, height)
        self.pdf.set_font(self.family, "B", self.size)
        for lines, x in zip(cells, xs, strict=False):
            # Header text sits on the bottom of the band.
            y = self.y + height - self.vpad - (len(lines) - 1) * self.leading - self.leading * 0.25
            for line in lines:
                self.pdf.text(x + self.hpad, y, line)
                y += self.leading
        self.y += height

    def _row(self, cells: list[list[str]], xs: list[float], n: int, name: str) -> None:
        height = n * self.leading + 2 * self.vpad
        self.pdf.set_font(self.family, "", self.size)
        for col, lines in enumerate(cells):
            y = self.y + self.vpad + self.size
            for line in lines:
                x = xs[col] + self.hpad
                if name == "rankings" and col == len(cells) - 1:  # the count
                    width = xs[col + 1] - xs[col]
                    x = xs[col] + (width - self.pdf.get_string_width(line)) / 2
                self.pdf.text(x, y, line)
                y += self.leading
        self._rules(xs, self.y, height)
        self.y += height


def render(spec: ReportSpec, path: Path) -> Rendered:
    """Render ``spec`` to ``path`` with fpdf2; report pages and row start pages."""
    doc = _Document(spec)
    pdf = doc.pdf
    base = spec.layout.font_size
    pdf.set_title(f"Weekly Declined Detainer Outcome Report, {spec.period_text} (synthetic)")
    pdf.set_subject("SYNTHETIC sample for software testing; not an ICE publication")
    pdf.set_keywords("SYNTHETIC, sample, not an ICE publication, DDOR, test fixture")
    pdf.set_author("detainer-tui sample generator")
    pdf.set_creator("detainer-tui ddorgen (fpdf2)")
    pdf.set_producer("fpdf2")
    for line in spec.title_lines:
        doc.paragraph(line, style="B", size=base + 5, align="C", after=1)
    doc.paragraph(f"For Recorded Declined Detainers {spec.period_text}", style="B",
                  size=base + 2, align="C", after=3)  # fmt: skip
    doc.paragraph(text.SYNTHETIC_NOTICE, style="I", size=base, align="C", after=16)
    doc.paragraph(spec.summary_paragraph, after=5)
    for bullet in spec.summary_bullets:
        glyph = "•" if spec.layout.bullet_glyph else None
        doc.paragraph(bullet, indent=30, bullet=glyph, after=1.5)
    doc.y += 16
    doc.heading(spec.headings[0])
    doc.paragraph(text.section_i_text(spec), after=6)
    doc.table("rankings", text.headers(spec, "rankings"), text.ranking_cells(spec))
    doc.new_page()
    doc.heading(spec.headings[1])
    record_pages, split_records = doc.table(
        "records", text.headers(spec, "records"), text.record_cells(spec)
    )
    doc.y += 8
    doc.heading(spec.headings[2])
    policy_pages, split_policies = doc.table(
        "policies", text.headers(spec, "policies"), text.policy_cells(spec)
    )
    doc.y += 8
    doc.heading(spec.headings[3])
    for paragraph in spec.scope_paragraphs:
        doc.paragraph(paragraph, after=5)
    path.write_bytes(bytes(pdf.output()))
    return Rendered(
        path=str(path),
        pages=doc.page,
        record_pages=tuple(record_pages),
        policy_pages=tuple(policy_pages),
        split_records=tuple(split_records),
        split_policies=tuple(split_policies),
        engine="fpdf",
    )
