"""``detainer-tui debug`` shows what the parser saw on a page; ``ParserSettings`` tunes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from detainer_tui.cli import main
from detainer_tui.ingest import ParserSettings, parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "real"


def debug(
    *args: object, cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> tuple[int, str, str]:
    """Run ``detainer-tui debug`` in this process: (exit status, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    status = main(["debug", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_debug_prints_the_page_and_draws_it(tmp_path: Path, capsys, monkeypatch) -> None:
    pdf = FIXTURES / "calc-carlito-centred.pdf"
    status, stdout, stderr = debug(pdf, "--page", "2", cwd=tmp_path, capsys=capsys,
                                   monkeypatch=monkeypatch)  # fmt: skip
    assert status == 0, stderr
    out = stdout.splitlines()
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


def test_debug_says_a_scanned_page_has_no_text_layer(tmp_path: Path, capsys, monkeypatch) -> None:
    pdf = FIXTURES / "writer-liberation-serif-scanned.pdf"
    status, stdout, _ = debug(pdf, "--page", "2", "--image", tmp_path / "page.png",
                              cwd=tmp_path, capsys=capsys, monkeypatch=monkeypatch)  # fmt: skip
    assert status == 0
    assert "problem: the page has no text layer" in stdout
    assert (tmp_path / "page.png").exists()


def test_debug_refuses_a_page_that_is_not_there(tmp_path: Path, capsys, monkeypatch) -> None:
    status, _, stderr = debug(FIXTURES / "chromium-carlito.pdf", "--page", "9", cwd=tmp_path,
                              capsys=capsys, monkeypatch=monkeypatch)  # fmt: skip
    assert status == 2
    assert "there is no page 9 (the file has 4)" in stderr
    assert "Traceback" not in stderr


def test_settings_change_what_the_parser_reads() -> None:
    # The Calc fixture's State header is broken over two lines ("Stat" / "e"): allowed one
    # line, the header row is not recognised and the read is partial.
    pdf = FIXTURES / "calc-carlito-centred.pdf"
    assert parse_report(pdf).complete
    tight = parse_report(pdf, settings=ParserSettings(max_header_lines=1))
    assert not tight.complete
    assert tight.records.height == 0


def test_a_header_wording_unknown_on_every_page_is_inferred_once() -> None:
    # Chromium breaks "Detainer Issued" over two lines; read one line at a time, "Issued" is
    # not a known wording, and its column is read by its dates, said once for all pages.
    pdf = FIXTURES / "chromium-carlito.pdf"
    report = parse_report(pdf, settings=ParserSettings(max_header_lines=1))
    assert report.complete
    assert report.records.equals(parse_report(pdf).records)
    assert [str(d) for d in report.diagnostics][:2] == [
        "Section II: column headed 'Issued' read as detainer issued from its values (pages 1–3)",
        "Section II: column headed 'Declined' read as detainer declined from its values "
        "(pages 1–3)",
    ]
