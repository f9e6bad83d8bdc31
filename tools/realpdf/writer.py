"""LibreOffice Writer's PDF of a DOCX report (written with python-docx)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from realpdf.document import Block

VALIGN = {
    "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
    "center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
    "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
}


@dataclass(frozen=True)
class WriterStyle:
    """How Writer lays the report out."""

    font: str = "Liberation Serif"
    size_pt: float = 9.0
    landscape: bool = False
    grid: bool = True
    valign: str = "top"
    justify_policies: bool = False
    running_header: str = ""


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _row_flag(row, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def build_docx(blocks: list[Block], style: WriterStyle, out: Path) -> None:
    """Write the report as a DOCX file."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = style.font
    normal.font.size = Pt(style.size_pt)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), style.font)
    normal.paragraph_format.space_after = Pt(3)
    section = doc.sections[0]
    if style.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Inches(11), Inches(8.5)
    else:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.7))
    if style.running_header:
        section.header.paragraphs[0].text = style.running_header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    usable = section.page_width - section.left_margin - section.right_margin

    for block in blocks:
        if block.kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(block.text)
            run.bold = True
            run.font.size = Pt(style.size_pt + 4)
        elif block.kind == "para":
            doc.add_paragraph(block.text)
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "heading":
            p = doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_before = Pt(10)
            run = p.add_run(block.text)
            run.bold = True
            run.font.size = Pt(style.size_pt + 2)
        else:
            _table(doc, block, style, usable)
    doc.save(str(out))


def _table(doc, block: Block, style: WriterStyle, usable: int) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    if style.grid:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    total = sum(block.widths)
    widths = [int(usable * w / total) for w in block.widths]
    last = len(block.header) - 1
    for r, row in enumerate(table.rows):
        _row_flag(row, "w:cantSplit")
        if r == 0:
            _row_flag(row, "w:tblHeader")
        texts = block.header if r == 0 else block.rows[r - 1]
        for c, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = widths[c]
            cell.vertical_alignment = VALIGN["bottom" if r == 0 else style.valign]
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            if r and style.justify_policies and block.table == "policies" and c == last:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            run = p.add_run(text)
            run.bold = r == 0
    for c, column in enumerate(table.columns):
        column.width = widths[c]
    doc.add_paragraph()


def convert(source: Path, out: Path) -> None:
    """Convert an office document to PDF with LibreOffice (headless, its own profile)."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{scratch}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                scratch,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(Path(scratch) / (source.stem + ".pdf"), out)
