"""Exact expected tables for a rendered report, and their JSON form on disk.

The tables follow ``detainer_tui.schema``: what a correct parser must return for the PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl

from ddorgen.model import Rendered, ReportSpec
from detainer_tui import schema
from detainer_tui.ranking import competition_ranks


def readable_records(spec: ReportSpec) -> list[int]:
    """Indices of Section II rows a parser can read (all but deliberately unreadable ones)."""
    broken = {index for index, _ in spec.unreadable_cells}
    return [i for i in range(len(spec.records)) if i not in broken]


def expected_tables(spec: ReportSpec, rendered: Rendered) -> dict[str, pl.DataFrame]:
    """The four tables a parser must produce for the PDF described by ``rendered``."""
    path = Path(rendered.path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    # Every row of every table names the file it came from.
    period = {schema.REPORT_START: spec.start, schema.REPORT_END: spec.end, schema.SHA256: digest}
    kept = readable_records(spec)
    reports = pl.DataFrame(
        [
            {
                schema.SOURCE_FILE: path.name,
                **period,
                schema.PAGES: rendered.pages,
                schema.DETAINERS_ISSUED_TOTAL: spec.detainers_issued_total,
                schema.DECLINED_COUNT: len(kept),
                schema.PARSER_VERSION_COL: schema.PARSER_VERSION,
                # Deliberately unreadable rows make the report a partial read.
                schema.COMPLETE: len(kept) == len(spec.records),
            }
        ],
        schema=schema.REPORTS,
    )
    ranks = competition_ranks([r.count for r in spec.rankings])
    rankings = pl.DataFrame(
        [
            {
                **period,
                schema.RANK: rank,
                schema.JURISDICTION: r.jurisdiction,
                schema.STATE: r.state,
                schema.DETAINERS_ISSUED: r.count,
            }
            for rank, r in zip(ranks, spec.rankings, strict=True)
        ],
        schema=schema.RANKINGS,
    )
    records = pl.DataFrame(
        [
            {
                **period,
                schema.STATE: spec.records[i].state,
                schema.JURISDICTION: spec.records[i].jurisdiction,
                schema.FACILITY: spec.records[i].facility,
                schema.CITIZENSHIP: spec.records[i].citizenship,
                schema.CRIMINAL_ACTIVITY: list(spec.records[i].offences),
                schema.DETAINER_ISSUED: spec.records[i].issued,
                schema.DETAINER_DECLINED: spec.records[i].declined,
                schema.SOURCE_PAGE: rendered.record_pages[i],
            }
            for i in kept
        ],
        schema=schema.RECORDS,
    )
    policies = pl.DataFrame(
        [
            {
                **period,
                schema.STATE: p.state,
                schema.JURISDICTION: p.jurisdiction,
                schema.POLICY_TYPE: p.policy_type,
                schema.POLICY: p.policy,
                schema.SOURCE_PAGE: page,
            }
            for p, page in zip(spec.policies, rendered.policy_pages, strict=True)
        ],
        schema=schema.POLICIES,
    )
    return {
        name: schema.conform(frame, schema.TABLES[name])
        for name, frame in {
            "reports": reports,
            "rankings": rankings,
            "records": records,
            "policies": policies,
        }.items()
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def expected_dir(pdf_path: str | Path) -> Path:
    """Where the expected tables of ``pdf_path`` live: ``expected/<stem>/`` beside it."""
    path = Path(pdf_path)
    return path.parent / "expected" / path.stem


def write_expected(pdf_path: str | Path, tables: dict[str, pl.DataFrame]) -> Path:
    """Write each table as a JSON list of row objects (dates ISO); return the folder."""
    folder = expected_dir(pdf_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        body = json.dumps(frame.to_dicts(), default=_json_value, ensure_ascii=False, indent=1)
        (folder / f"{name}.json").write_text(body + "\n", encoding="utf-8")
    return folder


def load_expected(pdf_path: str | Path) -> dict[str, pl.DataFrame]:
    """Read the expected tables of ``pdf_path``, conformed to the declared schemas."""
    folder = expected_dir(pdf_path)
    tables = {}
    for name, table_schema in schema.TABLES.items():
        rows = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for row in rows:
            for column, dtype in table_schema.items():
                if dtype == pl.Date and row[column] is not None:
                    row[column] = dt.date.fromisoformat(row[column])
        tables[name] = schema.conform(pl.DataFrame(rows, schema=table_schema), table_schema)
    return tables
