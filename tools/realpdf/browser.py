"""Headless chromium's print-to-PDF of an HTML report (tables with a repeated ``<thead>``)."""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from realpdf.document import Block


@dataclass(frozen=True)
class HtmlStyle:
    """How the browser lays the report out."""

    font: str = "Carlito"
    size_pt: float = 9.0
    landscape: bool = False
    borders: str = "grid"  # "grid", "rows" or "none"
    valign: str = "top"
    shaded_rows: bool = False
    letter_spacing_pt: float = 0.0
    justify_policies: bool = False


def page_html(blocks: list[Block], style: HtmlStyle) -> str:
    """The report as one HTML document."""
    border = {
        "grid": "border: 0.75pt solid #333;",
        "rows": "border-bottom: 0.75pt solid #333;",
        "none": "",
    }[style.borders]
    css = f"""
@page {{ size: Letter {"landscape" if style.landscape else "portrait"}; margin: 0.55in 0.5in; }}
body {{ font-family: "{style.font}"; font-size: {style.size_pt}pt; }}
h1 {{ font-size: {style.size_pt + 5}pt; text-align: center; margin: 2pt 0; }}
h2 {{ font-size: {style.size_pt + 3}pt; margin: 14pt 0 6pt 0; break-after: avoid; }}
p {{ margin: 4pt 0; }}
li {{ margin: 1pt 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6pt 0;
        letter-spacing: {style.letter_spacing_pt}pt; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ {border} padding: 2pt 4pt; text-align: left; vertical-align: {style.valign}; }}
th {{ background: #d9d9d9; vertical-align: bottom; }}
{"tbody tr:nth-child(even) td { background: #eeeeee; }" if style.shaded_rows else ""}
{"td.policy { text-align: justify; }" if style.justify_policies else ""}
"""
    body: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if bullets:
            body.append("<ul>" + "".join(bullets) + "</ul>")
            bullets.clear()

    for block in blocks:
        if block.kind != "bullet":
            flush()
        if block.kind == "title":
            body.append(f"<h1>{html.escape(block.text)}</h1>")
        elif block.kind == "para":
            body.append(f"<p>{html.escape(block.text)}</p>")
        elif block.kind == "bullet":
            bullets.append(f"<li>{html.escape(block.text)}</li>")
        elif block.kind == "heading":
            body.append(f"<h2>{html.escape(block.text)}</h2>")
        else:
            total = sum(block.widths)
            cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in block.widths)
            head = "".join(f"<th>{html.escape(t)}</th>" for t in block.header)
            last = len(block.header) - 1
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="{"policy" if block.table == "policies" and i == last else ""}">'
                    f"{html.escape(cell)}</td>"
                    for i, cell in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            body.append(
                f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
    flush()
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>DDOR fixture</title><style>{css}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def print_to_pdf(document: str, out: Path) -> None:
    """Print ``document`` to ``out`` with headless chromium (no header or footer)."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "report.html"
        source.write_text(document, encoding="utf-8")
        command = [
            "chromium",
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={scratch}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")
        subprocess.run(command, check=True, capture_output=True, timeout=120)
