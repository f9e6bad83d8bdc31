"""Command line: argument parsing that hands off to the store, export and explorer.

Heavy modules (Textual, the parser) are imported only by the command that needs them, so
``export`` of a cached report starts fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from detainer_tui import __version__, console
from detainer_tui.console import PROG
from detainer_tui.errors import DetainerError, UsageError
from detainer_tui.text import printable

if TYPE_CHECKING:  # the report module imports Polars: not at start-up
    from detainer_tui.report import Report

MANAGE_COMMANDS = ("cache", "library")

INTRO = (
    "Explore ICE Declined Detainer Outcome Reports (DDOR) in the terminal.",
    "With no PATH, opens your report library, or the bundled sample reports while the library "
    "is empty. PATH may be a DDOR PDF, a folder of them (searched recursively), or a file "
    "written by `export`.",
)
COMMANDS = (
    (
        "export PATH... --table T [--format F] [--output FILE]",
        "write a table as CSV, JSON or Parquet",
    ),
    ("debug PDF [--page N] [--image FILE]", "show what the parser saw on a page"),
    ("cache info | cache clear", "inspect or empty the parse cache"),
    ("library list | add PATH... | remove ID", "manage the remembered reports"),
    ("triage export [--format F] [--output FILE]", "write every mark and note"),
)
"""The other commands, and what each does, as ``--help`` lists them."""
OUTRO = f"Run `{PROG} COMMAND --help` for the options of each."


def description(width: int) -> str:
    """``--help``'s text above the options, wrapped to ``width`` columns (prose to at most
    92, which reads better): the commands in two columns if every line fits, else each
    description under its command."""
    width = max(width, 40)
    lines: list[str] = []
    for paragraph in INTRO:
        lines += [*textwrap.wrap(paragraph, min(width, 92)), ""]
    lines.append("other commands:")
    column = 2 + max(len(command) for command, _ in COMMANDS) + 2
    side_by_side = all(column + len(does) <= width for _, does in COMMANDS)
    for command, does in COMMANDS:
        if side_by_side:
            lines.append(f"  {command.ljust(column - 2)}{does}")
        else:
            lines += textwrap.wrap(command, width, initial_indent="  ", subsequent_indent="    ")
            lines += textwrap.wrap(does, width, initial_indent=" " * 6, subsequent_indent=" " * 6)
    lines += textwrap.wrap(OUTRO, min(width, 92))
    return "\n".join(lines)


def _open_parser() -> argparse.ArgumentParser:
    # argparse wraps its own lines two columns short of the terminal's width: so does this.
    width = shutil.get_terminal_size().columns - 2
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=description(width),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="reports to open")
    parser.add_argument("--no-cache", action="store_true", help="parse every PDF afresh")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start clean, not where you left off on the same reports",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    from detainer_tui import formats

    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description="Write one table of the given reports (concatenated) as CSV, JSON or Parquet.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="reports to read")
    parser.add_argument("--table", required=True, choices=list(formats.TABLE_NAMES))
    parser.add_argument(
        "--format",
        choices=list(formats.FORMATS),
        dest="fmt",
        help="default: the one --output's name ends in (.csv, .json, .parquet or .pq)",
    )
    parser.add_argument(
        "--output", "-o", type=Path, help="file to write (default: stdout; required for parquet)"
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every PDF afresh")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="also export reports that could be read only in part (exit 0)",
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list every diagnostic of each report (by default: its root causes, at most "
        "three lines a file)",
    )
    parser.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells as they are, even those a spreadsheet would run as formulas "
        "(by default these get a leading ')",
    )
    return parser


def _debug_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} debug",
        description="Show what the parser saw on one page of a PDF, and draw it as a PNG.",
    )
    parser.add_argument("pdf", type=Path, metavar="PDF", help="the report")
    parser.add_argument("--page", type=int, default=1, metavar="N", help="page (default 1)")
    parser.add_argument(
        "--image",
        type=Path,
        metavar="FILE",
        help="PNG to write (default: PDF-NAME-page-N.png in the current folder)",
    )
    return parser


def run_debug(argv: Sequence[str]) -> int:
    """``detainer-tui debug PDF [--page N] [--image FILE]``."""
    from detainer_tui.ingest import debug

    args = _debug_parser().parse_args(argv)
    view = debug.view_page(args.pdf, args.page)
    for line in debug.describe(view):
        print(line)
    image = args.image or Path(f"{args.pdf.stem}-page-{args.page}.png")
    _check_output(image, [args.pdf])
    try:
        debug.draw(view, image)
    except OSError as error:
        raise DetainerError(f"{image}: cannot write ({error.strerror or error})") from error
    print(f"drawing: {printable(str(image))}")
    return 0


def _export_format(fmt: str | None, output: Path | None) -> str:
    """The format to write: ``--format``, else the one the output file's name ends in."""
    from detainer_tui import formats

    if fmt is None and output is not None:
        fmt = formats.format_from_suffix(output)
        if fmt is None:
            raise UsageError(
                f"{printable(str(output))}: its name does not say a format; give --format "
                "csv, json or parquet (or a name ending .csv, .json or .parquet)"
            )
    if fmt is None:
        raise UsageError("give --format csv, json or parquet (or --output FILE.csv, .json...)")
    if fmt == "parquet" and output is None:
        raise UsageError("Parquet is binary: give --output FILE to write it")
    return fmt


def run_export(argv: Sequence[str]) -> int:
    """``detainer-tui export``: exit 0 when every input was exported, 1 when some could not be."""
    args = _export_parser().parse_args(argv)
    args.fmt = _export_format(args.fmt, args.output)
    # Imported once the command line is known to be right: a usage error answers at once.
    import polars as pl

    from detainer_tui import export, schema, store
    from detainer_tui.report import in_order

    request = store.resolve_open(args.paths, use_cache=not args.no_cache, remember=False)
    if args.output is not None:
        _check_output(args.output, [item.path for item in request.inputs])
    result = store.load(request)
    for problem in result.problems:
        console.problem(problem)
    exported = []
    partial = False
    # By period, then file: the same order whatever was cached and what was parsed.
    for report in in_order(result.reports):
        # A partial read is never exported as if complete.
        taken = report.complete or args.partial
        for label, line in report_lines(report, verbose=args.verbose, exported=taken):
            console.say(label, line)
        if taken:
            exported.append(report)
        else:
            partial = True
    frames = [report.table(args.table) for report in exported]
    table_schema = schema.EXPORTS[args.table]
    if schema.COUNTY_FIPS in table_schema:
        from detainer_tui.dataset import with_county_fips

        frames = [with_county_fips(frame) for frame in frames]
    frame = pl.concat(frames) if frames else schema.empty(table_schema)
    if exported or not (result.problems or partial):
        export.write_frame(frame, args.fmt, args.output, raw_csv=args.raw_csv)
    failed = partial or any(not problem.warning for problem in result.problems)
    return 1 if failed else 0


def _triage_parser() -> argparse.ArgumentParser:
    from detainer_tui import formats

    parser = argparse.ArgumentParser(
        prog=f"{PROG} triage",
        description="Every marked or noted row of the triage database (triage_db in "
        "config.toml, else triage.sqlite in the data folder).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser(
        "export",
        help="write every mark and note with the row's values, table, report, user and time",
        description="Write every mark and note with the row's values, its table, report "
        "(file, period, sha256), note, user and time.",
    )
    export.add_argument(
        "--format",
        choices=list(formats.FORMATS),
        dest="fmt",
        help="default: the one --output's name ends in (.csv, .json, .parquet or .pq)",
    )
    export.add_argument(
        "--output", "-o", type=Path, help="file to write (default: stdout; required for parquet)"
    )
    export.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells as they are, even those a spreadsheet would run as formulas",
    )
    return parser


def run_triage(argv: Sequence[str]) -> int:
    """``detainer-tui triage export``: every mark and note, as CSV, JSON or Parquet."""
    args = _triage_parser().parse_args(argv)
    args.fmt = _export_format(args.fmt, args.output)
    from detainer_tui import export
    from detainer_tui.config import load_config
    from detainer_tui.dataset.triage import Triage, export_frame

    triage = Triage.open(load_config().triage_db)
    try:
        if triage.notice:
            console.say("warning", triage.notice)
        if not triage.store.readable:
            raise DetainerError(triage.problem or f"{triage.store.path}: cannot be read")
        if args.output is not None:
            _check_output(args.output, [triage.store.path])
        export.write_frame(export_frame(triage.marks), args.fmt, args.output, raw_csv=args.raw_csv)
    finally:
        triage.close()
    return 0


SHOWN_CAUSES = 2
"""Diagnostics of one report printed without ``--verbose`` (a third line may follow)."""


def report_lines(report: Report, *, verbose: bool, exported: bool) -> list[tuple[str, str]]:
    """(label, line) for stderr about one report read: at most three lines, the root causes
    first (a page missing, cut short, copied...), or the first thing that made the read
    partial; every diagnostic with ``verbose``. Their consequences (a section not found,
    words in no cell) are counted and left to ``--verbose`` and the explorer."""
    name = report.source_file
    diagnostics = report.diagnostics
    if verbose:
        shown = list(diagnostics)
    else:
        causes = [d for d in diagnostics if d.cause]
        shown = (causes or [d for d in diagnostics if d.partial] or diagnostics)[:SHOWN_CAUSES]
    lines = [("warning" if d.partial else "note", f"{name}: {d}") for d in shown]
    rest = len(diagnostics) - len(shown)
    more = f"{rest} more diagnostic{'s' if rest != 1 else ''}"
    if not exported:
        listed = f"; --verbose lists {more}" if rest else ""
        lines.append(
            (
                "error",
                f"{name}: read only in part; not exported (--partial exports what was read"
                f"{listed})",
            )
        )
    elif rest:
        lines.append(("note", f"{name}: {more} (--verbose lists them)"))
    return lines


def _check_output(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse an ``--output`` that is a folder or one of the files being exported."""
    try:
        if output.name in ("", ".", "..") or output.is_dir():
            raise UsageError(f"{output}: is a folder; give a file name")
        if not output.exists():
            return
    except OSError as exc:
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
    for path in inputs:
        try:
            same = output.samefile(path)  # also through symlinks and hard links
        except OSError:
            continue
        if same:
            raise UsageError(f"{output}: is one of the inputs; give another output file")


def run_open(argv: Sequence[str]) -> int:
    """``detainer-tui [PATH...]``: open the explorer."""
    args = _open_parser().parse_args(argv)  # before the store's imports: --help stays quick
    if not in_a_terminal():
        # Drawn into a pipe, and reading the end of a pipe for ever: `ssh HOST detainer-tui`
        # left an explorer using a whole core after the connection had ended.
        raise UsageError(
            "the explorer needs a terminal, and its input or output is not one (redirected, "
            "or run by ssh without -t): run it in a terminal, or as `ssh -t HOST "
            f"{PROG}`; `{PROG} export` works without one"
        )
    from detainer_tui.explorer import collection

    collection.pause()  # until the first reports are shown (see explorer/collection.py)
    from detainer_tui import store

    request = store.resolve_open(args.paths, use_cache=not args.no_cache)
    # The explorer says when opening files adds them to the library (and how to undo it).
    request = dataclasses.replace(request, tell_remembered=True)
    from detainer_tui.explorer.app import run_explorer

    return run_explorer(request, fresh=args.fresh)


def in_a_terminal() -> bool:
    """Whether the explorer can run here: it reads keys from standard input and draws on
    standard error (as Textual does), and both must be a terminal."""
    streams = (sys.__stdin__, sys.__stderr__)
    try:
        return all(stream is not None and os.isatty(stream.fileno()) for stream in streams)
    except (OSError, ValueError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``detainer-tui`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "export":
            return run_export(argv[1:])
        if argv and argv[0] == "debug":
            return run_debug(argv[1:])
        if argv and argv[0] == "triage":
            return run_triage(argv[1:])
        if argv and argv[0] in MANAGE_COMMANDS:
            from detainer_tui import manage

            return manage.main(argv)
        return run_open(argv)
    except DetainerError as error:
        # The one edge where a command's errors end: one line each, then the exit status.
        console.problem(error)
        return 2 if isinstance(error, UsageError) else 1
    except SystemExit as exit_:  # argparse has printed its usage or help message
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
