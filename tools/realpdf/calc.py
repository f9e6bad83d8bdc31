"""LibreOffice Calc's PDF of an XLSX report (written with openpyxl).

One sheet per part (title and Section I; Section II; Sections III and IV), each table's header
row set as the sheet's print titles so it repeats on every page. Prose is written one printed
line per row (spreadsheet text overflows into the empty cells to its right); table cells wrap
and take the vertical alignment asked for.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from realpdf.document import Block
from realpdf.metrics import line_count


@dataclass(frozen=True)
class CalcStyle:
    """How Calc lays the report out."""

    font: str = "Carlito"
    size_pt: float = 9.0
    landscape: bool = False
    borders: bool = True
    # Vertical alignment of data cells per table ("top", "center", "bottom").
    valign: dict[str, str] = field(default_factory=dict)
    # Column widths in characters per table.
    widths: dict[str, tuple[float, ...]] = field(default_factory=dict)
    shaded_header: bool = True
    running_header: str = ""
    prose_width: int = 110


def build_xlsx(blocks: list[Block], style: CalcStyle, out: Path) -> None:
    """Write the report as an XLSX workbook."""
    book = Workbook()
    sheets: list[list[Block]] = [[]]
    for block in blocks:
        # Sections II and III start sheets of their own.
        if block.kind == "heading" and block.text.startswith(("Section II:", "Section III:")):
            sheets.append([])
        sheets[-1].append(block)
    for index, part in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = f"Part {index + 1}"
        _sheet(ws, part, style)
    book.save(str(out))


def _sheet(ws: Worksheet, blocks: list[Block], style: CalcStyle) -> None:
    plain = Font(name=style.font, size=style.size_pt)
    bold = Font(name=style.font, size=style.size_pt, bold=True)
    big = Font(name=style.font, size=style.size_pt + 3, bold=True)
    thin = Side(style="thin", color="333333")
    box = Border(left=thin, right=thin, top=thin, bottom=thin) if style.borders else Border()
    fill = PatternFill("solid", fgColor="D9D9D9")
    row = 1
    for block in blocks:
        if block.kind in ("title", "heading"):
            ws.cell(row, 1, block.text).font = big
            row += 2 if block.kind == "heading" else 1
        elif block.kind in ("para", "bullet"):
            prefix = "• " if block.kind == "bullet" else ""
            for line in textwrap.wrap(prefix + block.text, style.prose_width):
                ws.cell(row, 1, line).font = plain
                row += 1
            row += 1
        else:
            widths = style.widths[block.table]
            for c, width in enumerate(widths, start=1):
                ws.column_dimensions[chr(64 + c)].width = width
            valign = style.valign.get(block.table, "top")
            # Calc keeps the heights a file gives, and openpyxl gives none: each row gets the
            # height of its tallest cell, measured with the font's own metrics (generously,
            # so that no line is ever clipped).
            points = [0.75 * (7 * width + 5) - 7 for width in widths]
            ws.row_dimensions[row].height = _height(block.header, points, style, bold=True)
            for c, text in enumerate(block.header, start=1):
                cell = ws.cell(row, c, text)
                cell.font = bold
                cell.border = box
                cell.alignment = Alignment(wrap_text=True, vertical="bottom")
                if style.shaded_header:
                    cell.fill = fill
            ws.print_title_rows = f"{row}:{row}"
            row += 1
            for values in block.rows:
                ws.row_dimensions[row].height = _height(values, points, style, bold=False)
                for c, text in enumerate(values, start=1):
                    cell = ws.cell(row, c, text)
                    cell.font = plain
                    cell.border = box
                    cell.alignment = Alignment(wrap_text=True, vertical=valign)
                    cell.number_format = "@"
                row += 1
            row += 1
    ws.page_setup.orientation = "landscape" if style.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    if style.running_header:
        ws.oddHeader.left.text = style.running_header
    ws.oddFooter.center.text = "Page &P of &N"


def _height(texts: tuple[str, ...], widths: list[float], style: CalcStyle, *, bold: bool) -> float:
    lines = max(
        line_count(text, style.font, style.size_pt, width, bold=bold)
        for text, width in zip(texts, widths, strict=True)
    )
    return max(lines, 1) * style.size_pt * 1.3 + 4
