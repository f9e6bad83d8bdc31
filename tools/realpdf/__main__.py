"""Make the real-producer fixtures: ``python -m realpdf [OUTPUT_DIR] [NAME ...]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from realpdf.fixtures import fixtures, make
from realpdf.scan import make_scanned, write_scanned_expected


def main(argv: list[str] | None = None) -> int:
    """Produce every fixture (or the named ones) into the output folder."""
    parser = argparse.ArgumentParser(prog="python -m realpdf", description=__doc__)
    parser.add_argument("output", type=Path, nargs="?", default=Path("tests/fixtures/real"))
    parser.add_argument("names", nargs="*", help="only these fixtures")
    parser.add_argument(
        "--expected-only",
        action="store_true",
        help="keep the PDFs, write their expected tables again (after a schema change)",
    )
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for fixture in fixtures():
        if args.names and fixture.name not in args.names:
            continue
        pdf = make(fixture, args.output, produce=not args.expected_only)
        print(f"{pdf}: {pdf.stat().st_size:,} bytes")
    if not args.names or "writer-liberation-serif-scanned" in args.names:
        if args.expected_only:
            write_scanned_expected(args.output)
            return 0
        pdf = make_scanned(args.output)
        print(f"{pdf}: {pdf.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
