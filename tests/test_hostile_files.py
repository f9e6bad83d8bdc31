"""Files that are not whole reports, refused at once in one line: downloads cut short and
padded with zeros, huge files, pipes and devices, documents that only mention declined
detainers, text a PDF library cannot see; and reading bounded in time and memory.

Every input is built here (``ddorgen.hostile``); large ones are sparse files, so they take no
space and no time to make.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from ddorgen import hostile
from ddorgen.bad_inputs import make_bad_inputs
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report

from detainer_tui import schema
from detainer_tui.cli import main
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import (
    Limits,
    ParserSettings,
    bounded,
    parse_bounded,
    parse_bounded_many,
    parse_report,
)
from detainer_tui.ingest import settings as settings_module

GB = 1 << 30


def refusal(path: Path, **options) -> str:
    """The reason ``parse_report`` gives for refusing ``path``; no page may be read first
    unless ``pages_read`` (a list) is given to collect how far reading got."""
    pages_read = options.pop("pages_read", None)

    def progress(done: int, total: int) -> None:
        if pages_read is None:
            raise AssertionError(f"page {done} of {total} read before refusing")
        pages_read.append(done)

    with pytest.raises(UnreadableReport) as caught:
        parse_report(path, progress=progress, **options)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return caught.value.reason


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short report (three pages) drawn by the generator."""
    spec = small_report(11, Layout(ruling="grid"), records=8, policies=2)
    return Path(render(spec, tmp_path_factory.mktemp("small") / "small.pdf").path)


# -- downloads cut short, padded, huge ------------------------------------------------------
def test_download_cut_short_and_padded_with_zeros_is_refused_from_its_end(
    sample_paths: list[Path], tmp_path: Path
) -> None:
    padded = hostile.zero_padded(sample_paths[1], tmp_path / "padded.pdf", 30_000, 16 << 20)
    reason = refusal(padded)
    assert reason.startswith("the PDF is truncated: it ends in 16.0 MB of zero bytes")


def test_whole_pdf_followed_by_zeros_is_refused_too(small_pdf: Path, tmp_path: Path) -> None:
    size = small_pdf.stat().st_size
    padded = hostile.zero_padded(small_pdf, tmp_path / "padded.pdf", size, size + (1 << 20))
    assert refusal(padded).startswith("the PDF ends in 1.0 MB of zero bytes")


def test_gigabyte_of_zeros_after_a_pdf_header_is_refused_without_reading_it(
    tmp_path: Path,
) -> None:
    path = hostile.sparse(tmp_path / "huge.pdf", GB, head=b"%PDF-1.7\n")
    assert refusal(path) == (
        "the PDF is truncated: it ends in at least 16.0 MB of zero bytes "
        "(an incomplete or preallocated download?)"
    )


def test_gigabyte_pdf_is_refused_by_its_size(tmp_path: Path) -> None:
    path = hostile.sparse(
        tmp_path / "huge.pdf", GB, head=b"%PDF-1.7\n%" + bytes(range(128, 256)) * 8 + b"\n",
        tail=b"1 0 obj\n<< >>\nendobj\nstartxref\n0\n%%EOF\n",
    )  # fmt: skip
    # The hole between head and tail is a run of zeros inside the file, but size decides
    # first: nothing beyond the first and last kilobytes is read.
    assert refusal(path) == (
        "the file is 1.0 GB, far larger than a report; files over 200 MB are not read"
    )


def test_gigabyte_of_zeros_is_not_called_plain_text(tmp_path: Path) -> None:
    path = hostile.sparse(tmp_path / "zeros.pdf", GB)
    reason = refusal(path)
    assert reason.startswith("the file is 1.0 GB of zero bytes, not a PDF")
    assert "plain text" not in reason


def test_binary_data_is_not_called_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "blob.pdf"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    assert refusal(path) == "not a PDF: its contents are binary data of an unknown kind"


def test_run_of_zeros_inside_a_pdf_is_refused(sample_paths: list[Path], tmp_path: Path) -> None:
    data = bytearray(sample_paths[1].read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(8192)
    holed = tmp_path / "holed.pdf"
    holed.write_bytes(bytes(data))
    settings = ParserSettings(zero_run_bytes=4096)
    assert refusal(holed, settings=settings).startswith(
        f"the PDF has 8.0 KB of zero bytes from byte {middle:,} on"
    )


# -- pipes and devices ----------------------------------------------------------------------
def test_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    assert refusal(fifo) == "this is a named pipe, not a file; save the report to a file first"


def test_device_is_refused_without_reading_it() -> None:
    assert refusal(Path("/dev/zero")) == (
        "this is a device, not a file; save the report to a file first"
    )


@pytest.mark.parametrize("make", ["fifo", "/dev/zero"])
def test_export_of_a_pipe_or_device_says_what_it_is(
    make: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(make)
    if make == "fifo":
        path = tmp_path / "report.pdf"
        os.mkfifo(path)
    assert main(["export", str(path), "--table", "records", "--format", "csv"]) == 1
    kind = "a named pipe" if make == "fifo" else "a device"
    assert capsys.readouterr().err.splitlines() == [
        f"detainer-tui: error: {path}: is {kind}, not a file; save the report to a file and "
        "open that"
    ]


# -- documents that are no report -----------------------------------------------------------
def test_long_document_that_is_no_report_is_refused_from_its_first_pages(tmp_path: Path) -> None:
    memo = hostile.long_memo(tmp_path / "minutes.pdf", 30)
    pages_read: list[int] = []
    reason = refusal(memo, pages_read=pages_read)
    assert reason == (
        "not a Declined Detainer Outcome Report (no report title and period on its first 3 pages)"
    )
    assert max(pages_read) == 3


def test_bill_that_mentions_declined_detainers_is_refused(tmp_path: Path) -> None:
    bill = hostile.bill(tmp_path / "bill.pdf")
    assert refusal(bill, pages_read=[]) == (
        "not a Declined Detainer Outcome Report (no reporting period and none of the report's "
        "tables)"
    )


# -- text a PDF library cannot see ----------------------------------------------------------
def test_text_in_a_stream_of_the_wrong_length_is_not_called_a_scan(tmp_path: Path) -> None:
    path = hostile.wrong_length(tmp_path / "wrong-length.pdf")
    reason = refusal(path, pages_read=[])
    assert reason.startswith(
        "the PDF has text, but it cannot be extracted (1 of its streams has a missing or wrong "
        "length)"
    )
    assert "no text layer" not in reason


def test_text_only_in_form_fields_is_not_called_a_scan(tmp_path: Path) -> None:
    path = hostile.text_in_form_fields(tmp_path / "form.pdf")
    assert refusal(path, pages_read=[]).startswith(
        "the PDF's text is only in form fields or annotations"
    )


def test_a_scan_is_still_called_a_scan(tmp_path: Path) -> None:
    scan = make_bad_inputs(tmp_path)["scan"]
    assert refusal(scan, pages_read=[]).startswith("the PDF has no text layer (a scanned image?)")


# -- reading bounded in time and memory -----------------------------------------------------
def test_bounded_parse_reads_the_same_report(small_pdf: Path) -> None:
    bounded, direct = parse_bounded(small_pdf), parse_report(small_pdf)
    for table in schema.TABLES:
        assert bounded.table(table).equals(direct.table(table))
    assert bounded.diagnostics == direct.diagnostics


def test_the_reader_a_child_runs_reads_pages_without_polars(small_pdf: Path) -> None:
    # The child that reads a file imports the reader alone, so that it reads while its parent
    # imports Polars to build the report: the reader must not pull Polars in itself.
    probe = (
        "import sys\n"
        "from detainer_tui.ingest import reading\n"
        "_data, pages = reading.read_document(sys.argv[1])\n"
        "print(len(pages), sum(len(page.words) > 0 for page in pages), 'polars' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(small_pdf)], capture_output=True, timeout=120
    )
    pages, with_words, polars = result.stdout.decode().split()
    assert int(pages) > 0 and with_words == pages, result.stderr.decode()
    assert polars == "False"


def test_several_files_are_read_at_once_each_within_its_own_limits(
    small_pdf: Path, tmp_path: Path
) -> None:
    """Several children at a time, each answered as it finishes: a bomb among good files is
    stopped at its own memory limit and the good ones read as ``parse_report`` reads them.
    (About a second: it starts four processes, and the bomb inflates to its limit.)"""
    bomb = hostile.inflating_page(tmp_path / "bomb.pdf", 256)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    paths = [small_pdf, bomb, small_pdf, empty]
    seen: dict[int, list[tuple[int, int]]] = {}
    answers = dict(
        parse_bounded_many(
            paths,
            workers=3,
            limits=Limits(memory_mb=64),
            progress=lambda index, done, total: seen.setdefault(index, []).append((done, total)),
        )
    )
    assert sorted(answers) == [0, 1, 2, 3]
    direct = parse_report(small_pdf)
    for index in (0, 2):
        for table in schema.TABLES:
            assert answers[index].table(table).equals(direct.table(table))
        done, total = seen[index][-1]
        assert done == total > 0
    assert answers[1].reason == "reading it needs more than 64 MB of memory"
    assert isinstance(answers[3], UnreadableReport) and answers[3].path.name == "empty.pdf"
    assert multiprocessing.active_children() == []


def test_only_the_last_file_to_start_may_read_its_pages_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While other files wait, a child reads its pages alone (the files keep the cores busy);
    the last to start reads with the caller's settings, page workers included, so the cores
    do not idle at the end. Children are not started: only what each is asked to do."""
    paths = []
    for name, size in (("small.pdf", 10), ("large.pdf", 30), ("middle.pdf", 20)):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(b"%PDF-1.4\n" + b"x" * size)
    asked: list[tuple[str, int]] = []

    def start(reading: bounded._Reading) -> bool:
        asked.append((Path(reading.path).name, reading.tuning.parallel_min_pages))
        raise UnreadableReport(reading.path, "not started")

    monkeypatch.setattr(bounded._Reading, "start", start)
    tuning = replace(settings_module.current(), parallel_min_pages=6)
    answers = dict(parse_bounded_many(paths, workers=2, settings=tuning))
    assert sorted(answers) == [0, 1, 2]
    # Largest first; the last to start keeps the caller's settings.
    assert asked == [("large.pdf", sys.maxsize), ("middle.pdf", sys.maxsize), ("small.pdf", 6)]


FROM_A_THREADED_PROCESS = """
import sys, threading
from detainer_tui.ingest import Limits, bounded, parse_bounded, parse_bounded_many
threading.Thread(target=threading.Event().wait, daemon=True).start()  # as the explorer runs
bounded.prepare()
print(bounded._context().get_start_method())
print(parse_bounded(sys.argv[1]).records.height)
for _index, outcome in parse_bounded_many(sys.argv[1:], limits=Limits(memory_mb=64)):
    print(getattr(outcome, "reason", "read"))
"""


def test_a_process_that_runs_threads_reads_through_the_fork_server_within_the_limits(
    small_pdf: Path, tmp_path: Path
) -> None:
    """Where this process runs threads (the explorer), children come from a fork server
    started early by ``prepare``: the report is the one ``parse_report`` reads, and a bomb is
    still stopped at its memory limit. (About two seconds: a fresh interpreter, and the fork
    server imports the parser.)"""
    bomb = hostile.inflating_page(tmp_path / "bomb.pdf", 256)
    out = subprocess.run(
        [sys.executable, "-c", FROM_A_THREADED_PROCESS, str(small_pdf), str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    lines = out.stdout.splitlines()
    assert lines[0] == "forkserver"
    assert int(lines[1]) == parse_report(small_pdf).records.height > 0
    assert sorted(lines[2:]) == ["read", "reading it needs more than 64 MB of memory"]


def test_reading_that_overruns_its_time_is_stopped(sample_paths: list[Path]) -> None:
    with pytest.raises(UnreadableReport) as caught:
        parse_bounded(sample_paths[0], limits=Limits(seconds=0.2, seconds_per_page=0))
    assert caught.value.reason == "reading it took longer than 0.2 s and was stopped"
    assert multiprocessing.active_children() == []


def test_stream_that_inflates_beyond_the_memory_limit_is_stopped(tmp_path: Path) -> None:
    bomb = hostile.inflating_page(tmp_path / "bomb.pdf", 256)
    assert bomb.stat().st_size < 300_000
    with pytest.raises(UnreadableReport) as caught:
        parse_bounded(bomb, limits=Limits(memory_mb=64))
    assert caught.value.reason == "reading it needs more than 64 MB of memory"
    assert multiprocessing.active_children() == []


def test_standard_input_as_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """``export /dev/stdin`` with a pipe that never closes: refused at once, not read."""
    with subprocess.Popen(
        [sys.executable, "-m", "detainer_tui", "export", "/dev/stdin", "--table", "records",
         "--format", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    ) as process:  # fmt: skip
        # Nothing is written and stdin stays open while the command runs.
        process.wait(timeout=60)
        err = process.stderr.read()  # type: ignore[union-attr]
    assert process.returncode == 1
    assert err.decode().splitlines() == [
        "detainer-tui: error: /dev/stdin: is a named pipe, not a file; save the report to a "
        "file and open that"
    ]
