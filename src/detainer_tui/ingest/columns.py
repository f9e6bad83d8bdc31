"""Raw table rows into typed columns, and the diagnostics about what a table read could not
place: one diagnostic per section and cause, however many rows it touches."""

from __future__ import annotations

from typing import Any

from detainer_tui import schema
from detainer_tui.ingest import layout, tables, values
from detainer_tui.ingest.tables import RawRow
from detainer_tui.report import Diagnostic, page_span


class Builder:
    """Turns raw rows into typed columns by each column's role, noting what it could not read.

    Problems are gathered by section and cause, and become one diagnostic each (``summarise``):
    a report of 200 unreadable rows says so once, with their pages.
    """

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        # (section, cause) -> pages of the rows concerned, and example values
        self.skipped: dict[tuple[int, str], tuple[list[int], list[str]]] = {}
        self.empty: dict[tuple[int, str], list[int]] = {}

    def note(
        self,
        message: str,
        page: int | None,
        section: int | None,
        *,
        pages: tuple[int, ...] = (),
        rows: int | None = None,
        partial: bool = False,
    ) -> None:
        name = layout.SECTION_NAMES.get(section) if section else None
        self.diagnostics.append(
            Diagnostic(message, page, name, tuple(sorted(set(pages))), rows, partial)
        )

    def table(self, spec: layout.TableSpec, rows: list[RawRow]) -> dict[str, list[Any]]:
        """The typed columns of ``spec``'s table (plus the page each row starts on)."""
        out: dict[str, list[Any]] = {name: [] for name in spec.outputs}
        out[schema.SOURCE_PAGE] = []
        combined = [role for role in spec.columns if role.supplies]
        for row in rows:
            found: dict[str, Any] = {}
            problems: list[tuple[str, str]] = []
            # A combined column ("County, State") stands in for the columns it supplies.
            supplied = {name for r in combined if r.field in row.cells for name in r.supplies}
            for role in spec.columns:
                if role.field in supplied or (role.supplies and role.field not in row.cells):
                    continue
                lines = row.cells.get(role.field, [])
                text = row.text(role.field)
                if role.kind in values.PARSERS:
                    value = values.parse_lines(role.kind, lines) if text else None
                    if not text:
                        problems.append((f"no {_what(role)}", ""))
                    elif value is None:
                        shown = text if len(text) <= 60 else text[:57] + "..."
                        problems.append((f"{_what(role)} not readable", shown))
                    if role.supplies:
                        found.update(
                            zip(role.supplies, value or (None,) * len(role.supplies), strict=True)
                        )
                    else:
                        found[role.field] = value
                elif role.kind == layout.OFFENCES:
                    found[role.field] = values.split_offences(text)
                else:
                    found[role.field] = text or None
                    if not text and role.required:
                        self.empty.setdefault((spec.section, _what(role)), []).append(row.page)
            if problems:
                cause = " and ".join(dict.fromkeys(kind for kind, _ in problems))
                pages, examples = self.skipped.setdefault((spec.section, cause), ([], []))
                pages.append(row.page)
                examples.extend(repr(text) for _, text in problems if text)
                continue
            for name, value in found.items():
                out[name].append(value)
            out[schema.SOURCE_PAGE].append(row.page)
        return out

    def summarise(self) -> None:
        """One diagnostic per section and cause for the rows skipped and the empty cells."""
        for (section, cause), (pages, examples) in self.skipped.items():
            shown = list(dict.fromkeys(examples))
            more = f", {', '.join(shown[:3])}" + (" ..." if len(shown) > 3 else "") if shown else ""
            self.note(
                f"{rows_text(len(pages))} not read ({cause}{more}; {page_span(pages)})",
                pages[0],
                section,
                pages=tuple(pages),
                rows=len(pages),
                partial=True,
            )
        for (section, what), pages in self.empty.items():
            self.note(
                f"{rows_text(len(pages))} with no {what}, kept with it empty ({page_span(pages)})",
                pages[0],
                section,
                pages=tuple(pages),
            )

    def note_cause(
        self,
        message: str,
        section: int | None,
        pages: tuple[int, ...],
        *,
        rows: int | None,
        partial: bool,
    ) -> None:
        """A root cause (``Diagnostic.cause``): its message names its pages and sections."""
        name = layout.SECTION_NAMES.get(section) if section else None
        self.diagnostics.append(
            Diagnostic(message, pages[0], name, pages, rows, partial, cause=True)
        )


def _what(role: layout.ColumnRole) -> str:
    """A column's name in a diagnostic."""
    return role.field.replace("_", " ")


def rows_text(count: int) -> str:
    """``1 row``, ``1,204 rows``."""
    return f"{count:,} row" + ("" if count == 1 else "s")


def note_table(builder: Builder, spec: layout.TableSpec, read: tables.TableRead) -> None:
    """Diagnostics for a table's unplaced words, inferred columns and lost row-like lines."""
    inferred: dict[tuple[str, str], list[int]] = {}
    for page, header, field in read.inferred:
        inferred.setdefault((header, field), []).append(page)
    for (header, field), pages in inferred.items():
        builder.note(
            f"column headed {header!r} read as {field.replace('_', ' ')} from its values "
            f"({page_span(pages)})",
            pages[0],
            spec.section,
            pages=tuple(pages),
        )
    by_why: dict[str, list[tables.Unplaced]] = {}
    for item in read.unplaced:
        by_why.setdefault(item.why, []).append(item)
    for why, items in by_why.items():
        count = sum(len(item.text.split()) for item in items)
        pages = [item.page for item in items]
        example = items[0].text if len(items[0].text) <= 60 else items[0].text[:57] + "..."
        builder.note(
            f"{count:,} word{'s' if count != 1 else ''} in no cell ({why}, {page_span(pages)}: "
            f"{example!r})",
            pages[0],
            spec.section,
            pages=tuple(pages),
        )
    if spec.numeric_anchors and len(read.row_like) > len(read.rows):
        # Two rows' values read as one row (a missing rule, values on one line): the lines
        # that begin rows are there, the rows are not.
        lost = len(read.row_like) - len(read.rows)
        builder.note(
            f"{rows_text(lost)} not read ({len(read.row_like):,} lines begin a row but "
            f"{len(read.rows):,} rows were found; {page_span(read.row_like)})",
            read.row_like[0],
            spec.section,
            pages=tuple(read.row_like),
            rows=lost,
            partial=True,
        )
