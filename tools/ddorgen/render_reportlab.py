"""Render a ``ReportSpec`` with reportlab's canvas (one of two independent renderers).

Geometry here is deliberately this renderer's own: 45 pt side margins, header row text
vertically centred on a grey band, counts right-aligned, rules drawn as individual lines, and
wrapping by ``reportlab.lib.utils.simpleSplit``.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ddorgen import text
from ddorgen.model import Rendered, ReportSpec

BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
# How much larger (pt) the first word of a cell is drawn when a layout mixes fonts and sizes.
MIXED_STEP = 1.0


class _Document:
    """A canvas with a top-down cursor, page furniture and table flow."""

    def __init__(self, spec: ReportSpec, path: Path) -> None:
        self.spec = spec
        self.layout = spec.layout
        size = landscape(letter) if self.layout.orientation == "landscape" else letter
        self.width, self.height = size
        self.canvas = Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
        self.font = self.layout.font
        self.bold = BOLD[self.font]
        self.size = self.layout.font_size
        self.leading = self.size * self.layout.line_spacing
        self.page = 0
        self.y = 0.0
        self.rows_drawn = 0
        self.margin_x, self.margin_top, self.margin_bottom = self.layout.margins
        self.text_width = self.width - 2 * self.margin_x
        # Without vertical rules only whitespace separates columns: keep the gap at least
        # about one em so that neighbouring cells never read as one word.
        self.hpad = self.layout.padding
        if self.layout.ruling != "grid":
            self.hpad = max(self.hpad, 0.6 * self.size)
        self._start_page()

    # -- pages -----------------------------------------------------------------------------
    def _start_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.y = self.height - self.margin_top
        if self.spec.running_header:
            self.canvas.setFont(self.font, 6.5)
            self.canvas.drawString(self.margin_x, self.height - 24, self.spec.running_header)
        if self.spec.page_numbers:
            self.canvas.setFont(self.font, 7)
            self.canvas.drawCentredString(self.width / 2, 24, f"Page {self.page}")

    def new_page(self) -> None:
        """Finish the current page and start the next."""
        self._start_page()

    def room(self) -> float:
        """Vertical space left above the bottom margin."""
        return self.y - self.margin_bottom

    # -- prose -----------------------------------------------------------------------------
    def paragraph(
        self,
        content: str,
        *,
        bold: bool = False,
        size: float | None = None,
        indent: float = 0.0,
        bullet: str | None = None,
        centred: bool = False,
        after: float = 6.0,
    ) -> None:
        """Draw wrapped prose, breaking pages between lines."""
        font = self.bold if bold else self.font
        size = size or self.size
        leading = size * 1.25
        width = self.text_width - indent
        for n, line in enumerate(simpleSplit(content, font, size, width)):
            if self.room() < leading:
                self.new_page()
            self.y -= leading
            self.canvas.setFont(font, size)
            if centred:
                self.canvas.drawCentredString(self.width / 2, self.y + leading - size, line)
            else:
                self.canvas.drawString(self.margin_x + indent, self.y + leading - size, line)
            if bullet and n == 0:
                self.canvas.drawString(self.margin_x + indent - 10, self.y + leading - size, bullet)
        self.y -= after

    def heading(self, content: str) -> None:
        """A bold section heading, kept on the same page as what follows it."""
        if self.room() < 70:
            self.new_page()
        self.paragraph(content, bold=True, size=self.size + 3, after=8)

    # -- tables ----------------------------------------------------------------------------
    def _width(self, text: str, font: str) -> float:
        # Mixed cells are measured as if every word were their larger first word's size.
        size = self.size + MIXED_STEP if self.layout.mixed_fonts else self.size
        return stringWidth(text, font, size) + self.layout.char_space * len(text)

    def _wrap(self, content: str, font: str, width: float, *, header: bool = False) -> list[str]:
        layout = self.layout
        if not (layout.char_space or layout.mixed_fonts or (header and layout.break_header_words)):
            for word in content.split(" "):
                if stringWidth(word, font, self.size) > width:
                    raise ValueError(f"word {word!r} does not fit a {width:.0f} pt column")
            return simpleSplit(content, font, self.size, width) if content else []
        # Greedy wrap that counts character spacing, breaking header words that cannot fit.
        lines: list[str] = []
        current = ""
        for word in content.split(" ") if content else []:
            pieces = [word]
            if self._width(word, font) > width:
                if not (header and self.layout.break_header_words):
                    raise ValueError(f"word {word!r} does not fit a {width:.0f} pt column")
                pieces = self._break_word(word, font, width)
            for n, piece in enumerate(pieces):
                candidate = f"{current} {piece}" if current and n == 0 else current + piece
                if current and (n > 0 or self._width(candidate, font) > width):
                    lines.append(current)
                    current = piece
                else:
                    current = candidate
        if current:
            lines.append(current)
        return lines

    def _break_word(self, word: str, font: str, width: float) -> list[str]:
        pieces = [""]
        for ch in word:
            if pieces[-1] and self._width(pieces[-1] + ch, font) > width:
                pieces.append("")
            pieces[-1] += ch
        return pieces

    def _text(self, x: float, y: float, text: str, font: str, *, right: bool = False) -> None:
        """Table text at (x, y), honouring character spacing, glyph-by-glyph placement and
        mixed fonts; the plain path draws exactly as ``drawString`` always did."""
        layout = self.layout
        if not (layout.char_space or layout.glyph_by_glyph or layout.mixed_fonts):
            # The caller has set ``font``.
            if right:
                self.canvas.drawRightString(x, y, text)
            else:
                self.canvas.drawString(x, y, text)
            return
        if right:
            x -= self._width(text, font) - layout.char_space
        runs = [(text, font, self.size)]
        if layout.mixed_fonts and font == self.font and " " in text:
            first, rest = text.split(" ", 1)
            runs = [(first + " ", self.bold, self.size + MIXED_STEP), (rest, font, self.size)]
        for run, face, size in runs:
            if layout.glyph_by_glyph:
                for ch in run:
                    self.canvas.setFont(face, size)
                    self.canvas.drawString(x, y, ch)
                    x += stringWidth(ch, face, size) + layout.char_space
                continue
            obj = self.canvas.beginText(x, y)
            obj.setFont(face, size)
            obj.setCharSpace(layout.char_space)
            obj.textOut(run)
            self.canvas.drawText(obj)
            x += stringWidth(run, face, size) + layout.char_space * len(run)

    def table(
        self, name: str, header: list[str], rows: list[list[str]]
    ) -> tuple[list[int], list[int]]:
        """Draw a table; return the start page of each row and the indices of split rows."""
        fractions = self.layout.widths.get(name) or tuple(1.0 for _ in header)
        total = sum(fractions)
        widths = [self.text_width * f / total for f in fractions]
        xs = [self.margin_x]
        for w in widths:
            xs.append(xs[-1] + w)
        pad = self.layout.padding
        header_cells: list[list[str]] = []
        for title, w in zip(header, widths, strict=True):
            lines: list[str] = []
            for part in text.header_lines(title, self.layout):
                lines.extend(self._wrap(part, self.bold, w - 2 * self.hpad, header=True))
            header_cells.append(lines)
        wrapped = [
            [
                # Measured in bold when the first word is drawn bold, so it never overflows.
                self._wrap(
                    cell, self.bold if self.layout.mixed_fonts else self.font, w - 2 * self.hpad
                )
                for cell, w in zip(row, widths, strict=True)
            ]
            for row in rows
        ]
        header_h = max(len(c) for c in header_cells) * self.leading + 2 * pad
        first_h = (max(max(len(c) for c in wrapped[0]), 1) * self.leading + 2 * pad) if rows else 0
        if self.room() < header_h + first_h:
            self.new_page()
        self._header(header_cells, xs, header_h)
        starts: list[int] = []
        splits: list[int] = []
        for index, cells in enumerate(wrapped):
            remaining = [list(c) for c in cells]
            first = True
            must_finish = max(len(remaining[0]), len(remaining[1]), 1)
            while True:
                n = max(max(len(c) for c in remaining), 1)
                capacity = int((self.room() - 2 * pad) // self.leading)
                if n <= capacity:
                    if first:
                        starts.append(self.page)
                    self._row(remaining, xs, n, name)
                    break
                splittable = (n >= self.layout.min_split_lines or not first) and capacity >= (
                    must_finish if first else 1
                )
                if splittable and capacity >= 1:
                    if first:
                        starts.append(self.page)
                        splits.append(index)
                    self._row([c[:capacity] for c in remaining], xs, capacity, name)
                    remaining = [c[capacity:] for c in remaining]
                    first = False
                self.new_page()
                if self.layout.repeat_headers:
                    self._header(header_cells, xs, header_h)
        self.y -= 10
        return starts, splits

    def _rules(self, xs: list[float], top: float, bottom: float) -> None:
        c = self.canvas
        c.setLineWidth(0.5)
        if self.layout.ruling == "grid":
            c.line(xs[0], top, xs[-1], top)
            c.line(xs[0], bottom, xs[-1], bottom)
            for x in xs:
                c.line(x, top, x, bottom)
        elif self.layout.ruling == "rows":
            c.line(xs[0], bottom, xs[-1], bottom)

    def _header(self, cells: list[list[str]], xs: list[float], height: float) -> None:
        top = self.y
        bottom = top - height
        if self.layout.ruling == "grid":
            self.canvas.setFillGray(0.85)
            self.canvas.rect(xs[0], bottom, xs[-1] - xs[0], height, stroke=0, fill=1)
            self.canvas.setFillGray(0)
        self._rules(xs, top, bottom)
        self.canvas.setFont(self.bold, self.size)
        for lines, x in zip(cells, xs, strict=False):
            # Centre the block of header lines vertically within the header band.
            block = len(lines) * self.leading
            y = top - (height - block) / 2 - self.size
            for line in lines:
                self._text(x + self.hpad, y, line, self.bold)
                y -= self.leading
        self.y = bottom

    def _row(self, cells: list[list[str]], xs: list[float], n: int, name: str) -> None:
        pad = self.layout.padding
        top = self.y
        bottom = top - n * self.leading - 2 * pad
        self.rows_drawn += 1
        if self.layout.fills == "zebra" and self.rows_drawn % 2 == 0:
            self.canvas.setFillGray(0.9)
            self.canvas.rect(xs[0], bottom, xs[-1] - xs[0], top - bottom, stroke=0, fill=1)
            self.canvas.setFillGray(0)
        self.canvas.setFont(self.font, self.size)
        for col, (lines, x) in enumerate(zip(cells, xs, strict=False)):
            # Lines a cell leaves empty in its row go below it (top), above it (bottom) or
            # half each way (middle).
            spare = (n - len(lines)) * self.leading
            shift = {"top": 0.0, "middle": spare / 2, "bottom": spare}[self.layout.valign]
            y = top - pad - self.size - shift
            right = name == "rankings" and col == len(cells) - 1  # the count
            for line in lines:
                if right:
                    self._text(xs[col + 1] - self.hpad, y, line, self.font, right=True)
                else:
                    self._text(x + self.hpad, y, line, self.font)
                y -= self.leading
        self._rules(xs, top, bottom)
        self.y = bottom

    def save(self, spec: ReportSpec) -> None:
        """Set metadata and write the file."""
        c = self.canvas
        c.setTitle(f"Weekly Declined Detainer Outcome Report, {spec.period_text} (synthetic)")
        c.setSubject("SYNTHETIC sample for software testing; not an ICE publication")
        c.setKeywords("SYNTHETIC, sample, not an ICE publication, DDOR, test fixture")
        c.setAuthor("detainer-tui sample generator")
        c.setCreator("detainer-tui ddorgen (reportlab)")
        c.save()


def render(spec: ReportSpec, path: Path) -> Rendered:
    """Render ``spec`` to ``path`` with reportlab; report pages and row start pages."""
    doc = _Document(spec, path)
    base = spec.layout.font_size
    for line in spec.title_lines:
        doc.paragraph(line, bold=True, size=base + 4, centred=True, after=2)
    doc.paragraph(text.SYNTHETIC_NOTICE, size=base, centred=True, after=4)
    doc.paragraph(f"For Recorded Declined Detainers {spec.period_text}", bold=True, size=base + 2,
                  centred=True, after=14)  # fmt: skip
    doc.paragraph(spec.summary_paragraph, after=6)
    for bullet in spec.summary_bullets:
        doc.paragraph(bullet, indent=24, bullet="•" if spec.layout.bullet_glyph else None, after=2)
    doc.y -= 14
    doc.heading(spec.headings[0])
    doc.paragraph(text.section_i_text(spec), after=8)
    doc.table("rankings", text.headers(spec, "rankings"), text.ranking_cells(spec))
    doc.new_page()
    doc.heading(spec.headings[1])
    record_pages, split_records = doc.table(
        "records", text.headers(spec, "records"), text.record_cells(spec)
    )
    doc.new_page()
    doc.heading(spec.headings[2])
    policy_pages, split_policies = doc.table(
        "policies", text.headers(spec, "policies"), text.policy_cells(spec)
    )
    doc.y -= 10
    doc.heading(spec.headings[3])
    for paragraph in spec.scope_paragraphs:
        doc.paragraph(paragraph, after=6)
    doc.save(spec)
    return Rendered(
        path=str(path),
        pages=doc.page,
        record_pages=tuple(record_pages),
        policy_pages=tuple(policy_pages),
        split_records=tuple(split_records),
        split_policies=tuple(split_policies),
        engine="reportlab",
    )
