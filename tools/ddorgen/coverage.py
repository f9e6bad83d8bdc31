"""Which layout and content variations a set of specs exercises.

Features are named strings from a fixed vocabulary, so tests can assert that the bundled
samples together cover exactly the variations listed in ddor-format.md.
"""

from __future__ import annotations

from ddorgen.model import HEADER_SYNONYMS, STANDARD_FONTS, Rendered, ReportSpec
from ddorgen.text import header_lines

POLICY_TYPES = ("Law", "Ordinance", "Resolution", "Policy", "Executive Order", "Directive")
JURISDICTION_KINDS = ("county", "city", "state", "agency")
LONG_FACILITY = 45
LONG_POLICY = 600

REQUIRED_FEATURES: frozenset[str] = frozenset(
    {
        "ruling:grid",
        "ruling:rows",
        "ruling:none",
        "orientation:portrait",
        "orientation:landscape",
        "headers:repeated",
        "headers:once",
        "headers:two-line",
        "wrap:long-facility",
        "wrap:several-offences",
        "wrap:country-with-comma",
        "wrap:long-policy-with-citations",
        "split:policy",
        "split:record",
        "state:code",
        "state:name",
        "date:M/D/YYYY",
        "date:MM/DD/YYYY",
        "text:non-ascii",
        "text:apostrophe",
        "text:markup-like",
        "offences:empty",
        "offences:comma",
        "offences:parentheses",
        "count:thousands-separator",
        "font:6.5pt",
        "bullets:no-glyph",
        "period:en-dash",
        "period:no-dash",
        "period:no-month-period",
        "page:running-header",
        "page:numbers",
        "rankings:combined-place",
        "rankings:listed-figures",
        *(f"font:{name}" for name in STANDARD_FONTS),
        *(f"policy-type:{kind}" for kind in POLICY_TYPES),
        *(f"jurisdiction-kind:{kind}" for kind in JURISDICTION_KINDS),
    }
)

REQUIRED_HEADERS: frozenset[str] = frozenset(
    f"header:{table}.{key}={text}"
    for table, fields in HEADER_SYNONYMS.items()
    for key, synonyms in fields.items()
    for text in synonyms
)


def header_features(spec: ReportSpec) -> set[str]:
    """The header wordings a spec prints."""
    return {
        f"header:{table}.{key}={spec.layout.header(table, key)}"
        for table in HEADER_SYNONYMS
        for key in spec.layout.fields(table)
    }


def features(spec: ReportSpec, rendered: Rendered | None = None) -> set[str]:
    """The variations ``spec`` exercises (split rows need the rendering to be known)."""
    layout = spec.layout
    found = {
        f"ruling:{layout.ruling}",
        f"orientation:{layout.orientation}",
        "headers:repeated" if layout.repeat_headers else "headers:once",
        f"date:{layout.date_style}",
        f"font:{layout.font}",
    }
    if layout.state_style in ("code", "mixed"):
        found.add("state:code")
    if layout.state_style in ("name", "mixed"):
        found.add("state:name")
    if layout.font_size <= 6.5:
        found.add("font:6.5pt")
    if not layout.bullet_glyph:
        found.add("bullets:no-glyph")
    all_headers = [layout.header(t, k) for t in HEADER_SYNONYMS for k in layout.fields(t)]
    if any(len(header_lines(h, layout)) > 1 for h in all_headers):
        found.add("headers:two-line")
    if spec.running_header:
        found.add("page:running-header")
    if spec.page_numbers:
        found.add("page:numbers")
    if layout.combined_place:
        found.add("rankings:combined-place")
    if spec.listed_sentence:
        found.add("rankings:listed-figures")
    if "–" in spec.period_text:
        found.add("period:en-dash")
    if not any(dash in spec.period_text for dash in "–-"):
        found.add("period:no-dash")
    if "." not in spec.period_text.split(",")[0]:
        found.add("period:no-month-period")
    if spec.detainers_issued_total >= 1000 and f"{spec.detainers_issued_total:,}" in (
        spec.total_sentence
    ):
        found.add("count:thousands-separator")
    names = [r.jurisdiction for r in spec.records] + [r.facility for r in spec.records]
    names += [p.jurisdiction for p in spec.policies] + [r.jurisdiction for r in spec.rankings]
    if any(not name.isascii() for name in names):
        found.add("text:non-ascii")
    if any("'" in name for name in names):
        found.add("text:apostrophe")
    for record in spec.records:
        if len(record.facility) >= LONG_FACILITY:
            found.add("wrap:long-facility")
        if len(record.offences) >= 3:
            found.add("wrap:several-offences")
        if not record.offences:
            found.add("offences:empty")
        if "," in record.citizenship:
            found.add("wrap:country-with-comma")
        if any("," in offence for offence in record.offences):
            found.add("offences:comma")
        if any("(" in offence for offence in record.offences):
            found.add("offences:parentheses")
    for policy in spec.policies:
        text = policy.policy
        if len(text) >= LONG_POLICY and "§" in text and '"' in text and "/20" in text:
            found.add("wrap:long-policy-with-citations")
        if "[bold]" in text or "[/]" in text:
            found.add("text:markup-like")
        if policy.policy_type in POLICY_TYPES:
            found.add(f"policy-type:{policy.policy_type}")
        found.add(f"jurisdiction-kind:{policy.jurisdiction_kind}")
    if rendered is not None:
        if rendered.split_policies:
            found.add("split:policy")
        if rendered.split_records:
            found.add("split:record")
    return found
