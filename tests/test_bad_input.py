"""Files that are not DDORs in good shape: each gets its own one-line reason, none crashes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ddorgen.bad_inputs import make_bad_inputs

from detainer_tui.errors import DetainerError, UnreadableReport
from detainer_tui.ingest import parse_report
from detainer_tui.report import Report

# What each bad input's reason must say, in the user's terms.
REASONS = {
    "empty": "empty",
    "truncated": "truncated",
    "html": "HTML page",
    "random": "not a PDF",
    "encrypted": "password-protected",
    "scan": "no text layer",
    "not_ddor": "not a Declined Detainer Outcome Report",
}


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_bad_inputs(tmp_path_factory.mktemp("bad"))


def _reason(path: Path) -> UnreadableReport:
    with pytest.raises(UnreadableReport) as caught:
        parse_report(path)
    return caught.value


@pytest.mark.parametrize("name", list(REASONS))
def test_bad_input_has_its_own_reason(name: str, bad_inputs: dict[str, Path]) -> None:
    error = _reason(bad_inputs[name])
    assert isinstance(error, DetainerError)
    assert REASONS[name] in error.reason
    message = str(error)
    assert message.startswith(f"{bad_inputs[name]}: ")
    assert "\n" not in message


def test_every_reason_is_distinct(bad_inputs: dict[str, Path]) -> None:
    reasons = {name: _reason(bad_inputs[name]).reason for name in REASONS}
    assert len(set(reasons.values())) == len(reasons)


def test_not_a_pdf_says_what_it_looks_like(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("Declined detainers, typed up by hand.\n", encoding="utf-8")
    assert "plain text" in _reason(text).reason
    image = tmp_path / "photo.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "PNG image" in _reason(image).reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "cannot be read" in _reason(tmp_path / "absent.pdf").reason
    assert "folder" in _reason(tmp_path).reason


def test_partial_report_still_loads(bad_inputs: dict[str, Path]) -> None:
    report = parse_report(bad_inputs["partial"])
    assert report.records.height > 0
    assert report.diagnostics
    assert all(d.page is not None for d in report.diagnostics)


def test_damaged_bytes_never_escape_as_other_errors(bad_inputs: dict[str, Path]) -> None:
    """Corrupt a good report in many places: it loads with diagnostics or is refused."""
    whole = bad_inputs["partial"].read_bytes()
    folder = bad_inputs["partial"].parent / "damaged"
    folder.mkdir(exist_ok=True)
    outcomes = set()
    for seed in range(12):
        rng = random.Random(seed)
        data = bytearray(whole)
        for _ in range(rng.choice([1, 5, 50])):
            start = rng.randrange(20, len(data) - 30)
            size = rng.randrange(1, 200)
            data[start : start + size] = rng.randbytes(size)
        path = folder / f"damaged-{seed}.pdf"
        path.write_bytes(bytes(data))
        try:
            result = parse_report(path)
        except UnreadableReport as error:
            assert "\n" not in str(error)
            outcomes.add("refused")
        else:
            assert isinstance(result, Report)
            outcomes.add("loaded")
    assert outcomes == {"refused", "loaded"}
