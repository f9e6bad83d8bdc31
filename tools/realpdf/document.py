"""A report as a flat list of blocks, which each producer lays out in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field

from ddorgen.model import ReportSpec
from ddorgen.text import (
    SYNTHETIC_NOTICE,
    headers,
    policy_cells,
    ranking_cells,
    record_cells,
    section_i_text,
)

from realpdf.content import declined_sentence


@dataclass(frozen=True)
class Block:
    """A title line, paragraph, bullet, section heading or table."""

    kind: str  # "title", "para", "bullet", "heading", "table"
    text: str = ""
    table: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = field(default=())


def blocks(spec: ReportSpec, widths: dict[str, tuple[float, ...]]) -> list[Block]:
    """The report's content in reading order; ``widths`` are relative column widths."""

    def table(name: str, cells: list[list[str]]) -> Block:
        return Block(
            "table",
            table=name,
            header=tuple(headers(spec, name)),
            rows=tuple(tuple(row) for row in cells),
            widths=widths[name],
        )

    out = [Block("title", line) for line in spec.title_lines]
    out.append(Block("title", f"For Recorded Declined Detainers {spec.period_text}"))
    out.append(Block("para", SYNTHETIC_NOTICE))
    out.append(Block("para", spec.summary_paragraph))
    out += [Block("bullet", text) for text in spec.summary_bullets]
    out.append(Block("heading", spec.headings[0]))
    out.append(Block("para", section_i_text(spec)))
    out.append(table("rankings", ranking_cells(spec)))
    out.append(Block("heading", spec.headings[1]))
    out.append(Block("para", declined_sentence(spec)))
    out.append(table("records", record_cells(spec)))
    out.append(Block("heading", spec.headings[2]))
    out.append(table("policies", policy_cells(spec)))
    out.append(Block("heading", spec.headings[3]))
    out += [Block("para", text) for text in spec.scope_paragraphs]
    return out
