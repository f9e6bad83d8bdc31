"""Synthetic Declined Detainer Outcome Reports with exactly known contents.

``python -m ddorgen sample_reports`` writes the bundled sample PDFs and their expected tables.
Every PDF states in its metadata and on page 1 that it is a synthetic sample, not an ICE
publication.

Modules: ``model`` (``ReportSpec``, ``Layout``), ``editions`` (the three samples), ``variants``
(small reports for tests), ``render_reportlab`` / ``render_fpdf`` (two independent renderers),
``expected`` (exact expected tables), ``coverage`` (which variations a spec exercises) and
``bad_inputs`` (damaged and non-DDOR files).
"""

from ddorgen.expected import expected_tables, load_expected, write_expected
from ddorgen.model import Layout, Rendered, ReportSpec
from ddorgen.render import render

__all__ = [
    "Layout",
    "Rendered",
    "ReportSpec",
    "expected_tables",
    "load_expected",
    "render",
    "write_expected",
]
