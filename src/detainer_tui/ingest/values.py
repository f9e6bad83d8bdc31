"""Cell values as printed in a DDOR, turned into typed values.

Every function here takes text exactly as it came out of the PDF and returns ``None`` (or an
empty list) when the text is not a value of that kind; deciding what to do about it is the
caller's business.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from detainer_tui.ingest import settings
from detainer_tui.postal import STATE_CODES
from detainer_tui.text import printable

# -- text ---------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Cell text as printed: ``printable``, with whitespace collapsed to single spaces.

    PDF text is untrusted: control characters (escape sequences included) and bidi overrides
    must never reach a terminal or an export, and they carry no meaning in a report cell.
    """
    return _SPACES.sub(" ", printable(text)).strip()


# A line of a wrapped cell that ends in one of these (attached to a word: "17-" / "0042")
# continues on the next line without a space.
LINE_END_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


def join_lines(lines: list[str]) -> str:
    """The lines of a wrapped cell as one value: joined by single spaces, except after a line
    that ends in a dash attached to a word (``17-`` / ``0042`` reads ``17-0042``)."""
    out = ""
    for line in lines:
        line = clean_text(line)
        if not line:
            continue
        if out and out[-1] in LINE_END_DASHES and len(out) > 1 and not out[-2].isspace():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


# -- states -------------------------------------------------------------------------------


# Other spellings of the same places, as they appear in government tables.
_STATE_ALIASES: dict[str, str] = {
    "Washington DC": "DC",
    "Washington D.C.": "DC",
    "D.C.": "DC",
    "Virgin Islands": "VI",
    "US Virgin Islands": "VI",
    "United States Virgin Islands": "VI",
    "Commonwealth of the Northern Mariana Islands": "MP",
    "Commonwealth of Puerto Rico": "PR",
}


def _state_key(text: str) -> str:
    return _SPACES.sub(" ", text.replace(",", " ")).strip().casefold()


_STATE_LOOKUP: dict[str, str] = {}
for _code, _name in STATE_CODES.items():
    _STATE_LOOKUP[_state_key(_code)] = _code
    _STATE_LOOKUP[_state_key(_name)] = _code
for _alias, _code in _STATE_ALIASES.items():
    _STATE_LOOKUP[_state_key(_alias)] = _code

# Word-wise prefixes of the multi-word names ("new", "district of"), to recognise a state name
# that wrapped inside a narrow column.
_STATE_PREFIXES: frozenset[str] = frozenset(
    " ".join(words[:n])
    for key in _STATE_LOOKUP
    if " " in key
    for words in [key.split(" ")]
    for n in range(1, len(words))
)


def parse_state(text: str) -> str | None:
    """The two-letter postal code for a state, DC or territory given by code or name."""
    return _STATE_LOOKUP.get(_state_key(text))


# Every beginning of a state name, for names broken inside a word by a narrow column.
_STATE_STARTS: frozenset[str] = frozenset(
    key[:n] for key in _STATE_LOOKUP if len(key) > 2 for n in range(2, len(key))
)


def is_state_prefix(text: str) -> bool:
    """Whether ``text`` is the beginning (whole words) of a multi-word state name."""
    return _state_key(text) in _STATE_PREFIXES


def is_state_start(text: str) -> bool:
    """Whether ``text`` is the beginning of a state name, possibly inside a word
    (``Washingt``, ``District of``)."""
    key = _state_key(text)
    return key in _STATE_PREFIXES or key in _STATE_STARTS


# -- numbers and dates --------------------------------------------------------------------

_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def parse_count(text: str) -> int | None:
    """An integer count, with or without thousands separators (``3,083``)."""
    text = text.strip()
    if not _COUNT.fullmatch(text):
        return None
    return int(text.replace(",", ""))


def parse_date(text: str) -> dt.date | None:
    """A date printed ``M/D/YYYY`` or ``MM/DD/YYYY``; ``None`` if it is not a real date."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Value parsers by column kind (``layout.ColumnRole.kind``): text in, value or None out.
def parse_place(text: str) -> tuple[str, str] | None:
    """A jurisdiction and its state's postal code from one cell: ``Clark, Nevada`` or
    ``Doña Ana County, NM`` (the state after the last comma)."""
    place, comma, state = text.rpartition(",")
    code = parse_state(state) if comma else None
    place = clean_text(place)
    return (place, code) if code and place else None


PARSERS = {
    "state": parse_state,
    "date": parse_date,
    "count": parse_count,
    "place": parse_place,
}


def parse_lines(kind: str, lines: list[str]) -> object | None:
    """A value of ``kind`` printed over ``lines`` of a cell.

    The lines are read joined by spaces first; a value broken inside a word by a narrow
    column (``New Hampshir`` / ``e``, ``3/10/201`` / ``7``) is read with the break closed.
    """
    parse = PARSERS[kind]
    value = parse(join_lines(lines))
    if value is not None or len(lines) < 2:
        return value
    parts = [clean_text(line) for line in lines if clean_text(line)]
    if len(parts) > settings.current().max_broken_lines:
        return None
    for joins in itertools.product((" ", ""), repeat=len(parts) - 1):
        text = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))
        value = parse(text)
        if value is not None:
            return value
    return None


# -- offences -----------------------------------------------------------------------------


def split_offences(text: str) -> list[str]:
    """Offence categories of a "Notable Criminal Activity" cell.

    Only semicolons separate categories: NCIC category names contain commas and parentheses.
    """
    return [part for part in (clean_text(p) for p in text.split(";")) if part]


# -- the reporting period -----------------------------------------------------------------

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# "Jan. 28 – Feb. 3, 2017", "Feb 11 Feb 17, 2017" (dash lost), "Dec. 30, 2017 - Jan. 5, 2018",
# "January 28, 2017, through February 3, 2017".
_PERIOD = re.compile(
    rf"\b{_MONTH}\s*(\d{{1,2}})(?:\s*,?\s*(\d{{4}}))?"
    r"[\s,]*(?:[-\u2010-\u2015\u2212~]+|to|through|thru|until)?\s*"
    rf"\b{_MONTH}\s*(\d{{1,2}})\s*,?\s*(\d{{4}})\b",
    re.IGNORECASE,
)


_NUMERIC_PERIOD = re.compile(
    r"(\d{1,2}/\d{1,2}/\d{4})\s*(?:[-\u2010-\u2015\u2212]+|to|through|thru)\s*"
    r"(\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """The first reporting period (start, end) found in ``text``.

    When only the end year is printed and the start month is later than the end month, the
    period crosses a year end (``Dec. 30 – Jan. 5, 2018`` starts in 2017). A numeric range
    (``1/28/2017 - 2/3/2017``) is accepted when no period with month names is found.
    """
    named = _named_period(text)
    if named:
        return named
    for match in _NUMERIC_PERIOD.finditer(text):
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
        if start and end and start <= end:
            return start, end
    return None


def _named_period(text: str) -> tuple[dt.date, dt.date] | None:
    for match in _PERIOD.finditer(text):
        m1, d1, y1, m2, d2, y2 = match.groups()
        try:
            end = dt.date(int(y2), MONTHS[m2.casefold()], int(d2))
            start_month = MONTHS[m1.casefold()]
            if y1:
                start = dt.date(int(y1), start_month, int(d1))
            else:
                start = dt.date(end.year, start_month, int(d1))
                if start > end:
                    start = dt.date(end.year - 1, start_month, int(d1))
        except ValueError:
            continue
        if start <= end:
            return start, end
    return None


_ISSUED_TOTAL = re.compile(
    r"issued\s+(?:a\s+total\s+of\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+detainers", re.IGNORECASE
)
_ANY_TOTAL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s+detainers", re.IGNORECASE)


def parse_issued_total(text: str, *, strict: bool = False) -> int | None:
    """The national number of detainers issued, from Section I's sentence.

    ``strict`` accepts only "issued N detainers", for text other than Section I's own.
    """
    match = _ISSUED_TOTAL.search(text) or (None if strict else _ANY_TOTAL.search(text))
    return int(match.group(1).replace(",", "")) if match else None


_DECLINED_FIGURE = re.compile(
    r"(\d{1,3}(?:,\d{3})+|\d+)\s+(?:declined\s+detainers|detainers?\s+(?:were\s+)?declined"
    r"|declinations|declined)",
    re.IGNORECASE,
)


def parse_declined_figure(text: str) -> int | None:
    """A number of declined detainers stated in prose (to check Section II's row count)."""
    match = _DECLINED_FIGURE.search(text)
    return int(match.group(1).replace(",", "")) if match else None


_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_FIGURE = r"(\d{1,3}(?:,\d{3})+|\d+)"
# "these ten jurisdictions", "the following 10 jurisdictions", "the listed jurisdictions".
_LISTED = (
    r"(?:these|the\s+following|the)\s+"
    rf"(?:(\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})\s+)?(?:listed\s+)?(?:non-cooperative\s+)?"
    r"jurisdictions\b"
)
# "157 to these ten jurisdictions", "157 detainers were issued to the following jurisdictions".
_LISTED_DETAINERS = re.compile(
    rf"{_FIGURE}\s+(?:detainers\s+)?(?:were\s+)?(?:issued\s+)?to\s+{_LISTED}", re.IGNORECASE
)
_LISTED_COUNT = re.compile(rf"\b{_LISTED}", re.IGNORECASE)


def _jurisdiction_count(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.casefold()]


def parse_listed_figures(text: str) -> tuple[int | None, int | None]:
    """What Section I's prose says of the jurisdictions it lists: (detainers issued to them,
    how many there are), either None when not stated. The first edition: "157 to these ten
    jurisdictions during the reporting period" gives (157, 10)."""
    match = _LISTED_DETAINERS.search(text)
    if match:
        return int(match.group(1).replace(",", "")), _jurisdiction_count(match.group(2))
    for match in _LISTED_COUNT.finditer(text):
        if match.group(1):
            return None, _jurisdiction_count(match.group(1))
    return None, None
