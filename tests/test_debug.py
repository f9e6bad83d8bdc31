"""``detainer-tui debug`` shows what the parser saw on a page; ``ParserSettings`` tunes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import ParserSettings, parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "real"


def debug(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "detainer_tui", "debug", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_debug_prints_the_page_and_draws_it(tmp_path: Path) -> None:
    pdf = FIXTURES / "calc-carlito-centred.pdf"
    result = debug(pdf, "--page", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith(f"{pdf.name}: page 2 of 5 (Section II)")
    assert any("[page furniture: set aside]" in line for line in out)
    # The State header broken across lines, and the column it became.
    assert any(line.strip().startswith("'Stat e' [") and line.endswith("-> state") for line in out)
    assert any("column boundaries (from vertical rules)" in line for line in out)
    rows = [line for line in out if line.strip().startswith(("1: state=", "2: state="))]
    assert rows and "detainer_declined='3/6/2017'" in rows[0]
    image = tmp_path / f"{pdf.stem}-page-2.png"
    assert out[-1] == f"drawing: {image.name}"
    with Image.open(image) as picture:
        assert picture.format == "PNG"
        assert picture.width > 600  # the page at more than 72 dpi


def test_debug_says_a_scanned_page_has_no_text_layer(tmp_path: Path) -> None:
    # A page of the scanned fixture has no text layer: the debug output says so.
    pdf = FIXTURES / "writer-liberation-serif-scanned.pdf"
    result = debug(pdf, "--page", "2", "--image", tmp_path / "page.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "problem: the page have no text layer" not in result.stdout
    assert "problem: the page has no text layer" in result.stdout
    assert (tmp_path / "page.png").exists()


def test_debug_refuses_a_page_that_is_not_there(tmp_path: Path) -> None:
    result = debug(FIXTURES / "chromium-carlito.pdf", "--page", "9", cwd=tmp_path)
    assert result.returncode == 2
    assert "there is no page 9 (the file has 4)" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_change_what_the_parser_reads() -> None:
    # Letters spaced 0.4 pt apart are one word by default; with a tolerance below that
    # spacing every letter stands alone and no header is recognised.
    pdf = FIXTURES / "chromium-liberation-sans-landscape-shaded.pdf"
    assert parse_report(pdf).complete
    with pytest.raises(UnreadableReport, match="none of the report's tables"):
        parse_report(pdf, settings=ParserSettings(x_tolerance=0.2))
