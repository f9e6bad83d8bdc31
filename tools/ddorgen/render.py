"""Dispatch to one of the two renderers."""

from __future__ import annotations

from pathlib import Path

from ddorgen import render_fpdf, render_reportlab
from ddorgen.model import Engine, Rendered, ReportSpec


def render(spec: ReportSpec, path: str | Path, engine: Engine | None = None) -> Rendered:
    """Render ``spec`` to ``path`` with ``engine`` (default: the spec's own engine)."""
    chosen = engine or spec.engine
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if chosen == "reportlab":
        return render_reportlab.render(spec, target)
    if chosen == "fpdf":
        return render_fpdf.render(spec, target)
    raise ValueError(f"unknown engine {chosen!r}")
