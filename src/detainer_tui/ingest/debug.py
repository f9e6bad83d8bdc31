"""What the parser saw on one page, in words and as a picture: ``detainer-tui debug``.

For a layout the parser misreads, this shows each step on the page: the lines it grouped
(and which it set aside as running header or page number), the header cells it recognised
and the column each became, the column boundaries (and whether vertical rules or gaps placed
them), how cells are aligned, the rows that begin on the page with their cells, the words that
ended up in no cell and why, and any problem with the page itself. ``draw`` writes the page as
a PNG with the rules, header cells, boundaries, row starts and stray words drawn on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from detainer_tui.errors import UsageError
from detainer_tui.ingest import document, headers, integrity, layout, lines, pdf, sniff, tables
from detainer_tui.ingest.settings import ParserSettings
from detainer_tui.ingest.settings import use as use_settings
from detainer_tui.text import printable


@dataclass
class TableView:
    """One table's reading, as far as it concerns the page."""

    spec: layout.TableSpec
    headers: list[tuple[headers.Header, headers.ColumnLayout, bool]]  # set on this page
    layout: tuple[headers.Header, headers.ColumnLayout, bool] | None  # in force on this page
    alignment: str
    rows: list[tables.RawRow]  # beginning on this page
    unplaced: list[tables.Unplaced]
    inferred: list[tuple[int, str, str]]


@dataclass
class PageView:
    """Everything the parser made of one page."""

    path: Path
    page: pdf.PageData
    page_count: int
    lines: list[lines.Line]
    furniture: list[lines.Line]
    problems: list[str]
    sections: list[str]
    tables: list[TableView] = field(default_factory=list)


def view_page(path: Path, number: int, settings: ParserSettings | None = None) -> PageView:
    """Read ``path`` and describe page ``number`` (1-based) as the parser saw it."""
    with use_settings(settings or ParserSettings()):
        data = sniff.read_pdf_bytes(path)
        document_ = pdf.open_pdf(path, data)
        try:
            pages = pdf.read_pages(path, document_)
        finally:
            document_.close()
        if not 1 <= number <= len(pages):
            raise UsageError(f"{path}: there is no page {number} (the file has {len(pages)})")
        laid = document.lay_out(pages)
        reads = document.read_tables(laid, pages)
    page = pages[number - 1]
    kept = {id(line) for line in laid.per_page[number - 1]}
    lines = laid.raw[number - 1]
    starts = {n: laid.lines[i].page for n, i in laid.sections.starts.items()}
    checks = integrity.page_problems(
        pages, laid.raw, laid.per_page, starts, document.table_views(reads)
    )
    problems = [
        f"the page {integrity.verb(problem.what, 1)}" + (f" ({problem.why})" if problem.why else "")
        for problem in checks
        if problem.page == number
    ]
    # The section running at the top of the page, and any that start on it.
    before = [n for n, first in starts.items() if first < number]
    here = sorted(n for n, first in starts.items() if first == number)
    opening = laid.per_page[number - 1][:1]
    if here and opening and opening[0] is laid.lines[laid.sections.starts[here[0]]]:
        before = []  # the page opens with a heading
    sections = [layout.SECTION_NAMES[n] for n in ([max(before)] if before else []) + here]
    view = PageView(
        path,
        page,
        len(pages),
        lines,
        [line for line in lines if id(line) not in kept],
        problems,
        sections,
    )
    for spec in layout.TABLE_SPECS:
        read = reads.get(spec.section)
        if read is None or number not in read.pages:
            continue
        in_force = [item for item in read.layouts if item[0].page <= number]
        view.tables.append(
            TableView(
                spec,
                [item for item in read.layouts if item[0].page == number],
                in_force[-1] if in_force else None,
                read.alignment,
                [row for row in read.rows if row.page == number],
                [item for item in read.unplaced if item.page == number],
                [item for item in read.inferred if item[0] == number],
            )
        )
    return view


def describe(view: PageView) -> list[str]:
    """The page as lines of plain text (PDF text shown literally, control characters gone)."""
    page = view.page
    where = ", ".join(view.sections) or "before Section I"
    out = [
        f"{view.path.name}: page {page.number} of {view.page_count} ({where}); "
        f"{page.width:.0f} x {page.height:.0f} pt, {len(page.words)} words, "
        f"{len(page.hrules)} horizontal and {len(page.vrules)} vertical rules, "
        f"{page.images} images"
    ]
    out += [f"problem: {problem}" for problem in view.problems]
    out.append(f"lines ({len(view.lines)}, top to bottom):")
    furniture = {id(line) for line in view.furniture}
    for line in view.lines:
        mark = "  [page furniture: set aside]" if id(line) in furniture else ""
        out.append(f"  {line.top:6.1f}  {_shown(line.text)}{mark}")
    for table in view.tables:
        out.append(f"table {table.spec.name} ({layout.SECTION_NAMES[table.spec.section]}):")
        for header, _columns, _ruled in table.headers:
            out.append(f"  header row at {header.top:.1f} ({header.lines} lines):")
            for column in header.columns:
                role = column.field or "(unknown wording: its words are in no cell)"
                out.append(
                    f"    {_shown(column.text)!r} [{column.x0:.1f}-{column.x1:.1f}] -> {role}"
                )
        if table.layout is not None:
            header, columns, ruled = table.layout
            source = "vertical rules" if ruled else "the emptiest gaps between header cells"
            if header.page != view.page.number:
                out.append(f"  columns as set by the header on page {header.page}")
            bounds = ", ".join(f"{b:.1f}" for b in columns.bounds)
            out.append(f"  column boundaries (from {source}): {bounds}")
        out.append(
            f"  on pages without rules between rows, cells read as {table.alignment}-aligned"
        )
        for _page, header_text, field_name in table.inferred:
            out.append(f"  column {header_text!r} read as {field_name} from its values")
        out.append(f"  rows beginning on this page: {len(table.rows)}")
        for n, row in enumerate(table.rows, start=1):
            cells = " | ".join(
                f"{name}={_shown(row.text(name))!r}"
                for name in table.spec.fields
                if name in row.cells
            )
            out.append(f"    {n}: {cells}")
        for item in table.unplaced:
            out.append(f"  in no cell ({item.why}): {_shown(item.text)!r}")
    if not view.tables:
        out.append("no table on this page")
    return out


def _shown(text: str) -> str:
    shown = printable(text)
    return shown if len(shown) <= 160 else shown[:157] + "..."


def draw(view: PageView, target: Path, resolution: int = 110) -> Path:
    """Write the page as a PNG with what the parser saw drawn on it.

    Blue: rules. Green boxes: header cells (red when their wording is unknown). Red lines:
    column boundaries. Orange boxes: the first line of each row. Magenta boxes: words in no
    cell. Grey boxes: page furniture set aside.
    """
    import pdfplumber

    with pdfplumber.open(view.path) as document_:
        image = document_.pages[view.page.number - 1].to_image(resolution=resolution)
    for rule in view.page.hrules:
        image.draw_line(((rule.x0, rule.y), (rule.x1, rule.y)), stroke=(0, 90, 255), stroke_width=2)
    for rule in view.page.vrules:
        image.draw_line(
            ((rule.x, rule.top), (rule.x, rule.bottom)), stroke=(0, 90, 255), stroke_width=2
        )
    for line in view.furniture:
        image.draw_rect(_box(line.words), fill=(128, 128, 128, 40), stroke=(128, 128, 128))
    for table in view.tables:
        for header, _columns, _ruled in table.headers:
            for column in header.columns:
                colour = (0, 160, 0) if column.field else (220, 0, 0)
                image.draw_rect(
                    (column.x0, header.top, column.x1, header.bottom),
                    fill=(*colour, 40),
                    stroke=colour,
                )
        if table.layout is not None:
            header, columns, _ruled = table.layout
            top = header.top if header.page == view.page.number else 0
            for bound in columns.bounds:
                image.draw_line(
                    ((bound, top), (bound, view.page.height)), stroke=(220, 0, 0), stroke_width=1
                )
        for row in table.rows:
            if row.first is not None:
                image.draw_rect(_box(row.first.words), fill=(255, 140, 0, 40), stroke=(255, 140, 0))
        for item in table.unplaced:
            words = [w for line in view.lines for w in line.words if w.text in item.text.split()]
            for word in words:
                image.draw_rect(
                    (word.x0, word.top, word.x1, word.bottom),
                    fill=(255, 0, 255, 60),
                    stroke=(255, 0, 255),
                )
    image.save(str(target), format="PNG")
    return target


def _box(words: list[pdf.Word]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )
