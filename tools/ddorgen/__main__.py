"""Write the sample PDFs and their expected tables: ``python -m ddorgen [OUTPUT_DIR]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ddorgen.editions import samples
from ddorgen.expected import expected_tables, write_expected
from ddorgen.render import render


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ddorgen",
        description="Render the synthetic DDOR sample PDFs and their expected tables.",
    )
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=Path("sample_reports"),
        metavar="OUTPUT_DIR",
        help="folder to write into (default: sample_reports)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Render every sample into the given folder (default ``sample_reports``)."""
    out: Path = _parser().parse_args(argv).output
    for stem, spec in samples():
        path = out / f"{stem}.pdf"
        rendered = render(spec, path)
        write_expected(path, expected_tables(spec, rendered))
        size = path.stat().st_size
        print(f"{path}: {rendered.pages} pages, {size:,} bytes, {len(spec.records)} declined")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
