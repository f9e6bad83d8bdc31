"""Write the sample PDFs and their expected tables: ``python -m ddorgen OUTPUT_DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

from ddorgen.editions import samples
from ddorgen.expected import expected_tables, write_expected
from ddorgen.render import render


def main(argv: list[str] | None = None) -> int:
    """Render every sample into the given folder (default ``sample_reports``)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "sample_reports")
    for stem, spec in samples():
        path = out / f"{stem}.pdf"
        rendered = render(spec, path)
        write_expected(path, expected_tables(spec, rendered))
        size = path.stat().st_size
        print(f"{path}: {rendered.pages} pages, {size:,} bytes, {len(spec.records)} declined")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
