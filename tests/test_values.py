"""Cell values: periods, dates, states, counts, offences and text clean-up."""

from __future__ import annotations

import datetime as dt

import pytest

from detainer_tui.ingest import values

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("For Recorded Declined Detainers Jan. 28 – Feb. 3, 2017", D(2017, 1, 28), D(2017, 2, 3)),
        ("Feb 4 – Feb 10, 2017", D(2017, 2, 4), D(2017, 2, 10)),
        ("Feb 11 Feb 17, 2017", D(2017, 2, 11), D(2017, 2, 17)),
        ("Feb. 11 - Feb. 17, 2017", D(2017, 2, 11), D(2017, 2, 17)),
        ("Feb 11 — Feb 17 , 2017", D(2017, 2, 11), D(2017, 2, 17)),
        ("Aug. 26 – Sept. 1, 2017", D(2017, 8, 26), D(2017, 9, 1)),
        ("Sept 2 – Sept 8, 2017", D(2017, 9, 2), D(2017, 9, 8)),
        ("Dec. 30 – Jan. 5, 2018", D(2017, 12, 30), D(2018, 1, 5)),
        ("Dec. 30, 2017 - Jan. 5, 2018", D(2017, 12, 30), D(2018, 1, 5)),
        (
            "During the week of January 28, 2017, through February 3, 2017, ICE issued",
            D(2017, 1, 28),
            D(2017, 2, 3),
        ),
        ("June 3 to June 9, 2017", D(2017, 6, 3), D(2017, 6, 9)),
        ("January 28, 2017 – February 3, 2017", D(2017, 1, 28), D(2017, 2, 3)),
        ("Week of 1/28/2017 - 2/3/2017", D(2017, 1, 28), D(2017, 2, 3)),
    ],
)
def test_period_variants(text: str, start: dt.date, end: dt.date) -> None:
    assert values.parse_period(text) == (start, end)


@pytest.mark.parametrize(
    "text", ["Weekly Declined Detainer Outcome Report", "Feb. 30 – Mar. 3, 2017", ""]
)
def test_period_absent_or_impossible(text: str) -> None:
    assert values.parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2/1/2017", D(2017, 2, 1)),
        ("02/01/2017", D(2017, 2, 1)),
        ("12/31/2016", D(2016, 12, 31)),
        (" 1/5/2010 ", D(2010, 1, 5)),
        ("13/45/2017", None),
        ("2/30/2017", None),
        ("2/1/17", None),
        ("2017-02-01", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert values.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TX", "TX"),
        ("Texas", "TX"),
        ("texas", "TX"),
        ("New  Hampshire", "NH"),
        ("District of Columbia", "DC"),
        ("Puerto Rico", "PR"),
        ("Guam", "GU"),
        ("U.S. Virgin Islands", "VI"),
        ("American Samoa", "AS"),
        ("Northern Mariana Islands", "MP"),
        ("West Virginia", "WV"),
        ("Virginia", "VA"),
        ("Tejas", None),
        ("XX", None),
        ("", None),
    ],
)
def test_states(text: str, expected: str | None) -> None:
    assert values.parse_state(text) == expected


def test_every_state_code_and_name_round_trips() -> None:
    assert len(values.STATE_CODES) == 56
    for code, name in values.STATE_CODES.items():
        assert values.parse_state(code) == code
        assert values.parse_state(name) == code
        assert values.parse_state(name.upper()) == code


def test_state_prefixes_recognise_a_wrapped_name() -> None:
    assert values.is_state_prefix("District of")
    assert values.is_state_prefix("New")
    assert not values.is_state_prefix("Texas")
    assert not values.is_state_prefix("Travis")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3,083", 3083), ("12", 12), ("1,204", 1204), ("1204", 1204), ("0", 0)],
)
def test_counts(text: str, expected: int) -> None:
    assert values.parse_count(text) == expected


@pytest.mark.parametrize("text", ["3.083", "30,83", "12a", "", "-4", "1,2345"])
def test_counts_rejected(text: str) -> None:
    assert values.parse_count(text) is None


def test_offences_split_on_semicolons_only() -> None:
    text = (
        "Obstructing Judiciary, Congress, Legislature, Etc.;  Sex Offenses (Not Involving "
        "Assault or Commercialized Sex); Assault"
    )
    assert values.split_offences(text) == [
        "Obstructing Judiciary, Congress, Legislature, Etc.",
        "Sex Offenses (Not Involving Assault or Commercialized Sex)",
        "Assault",
    ]


def test_offences_empty_cell_is_empty_list() -> None:
    assert values.split_offences("") == []
    assert values.split_offences(" ; ") == []


def test_clean_text_keeps_unicode_and_apostrophes() -> None:
    assert values.clean_text("  Doña   Ana\nCounty ") == "Doña Ana County"
    assert values.clean_text("Prince George's County") == "Prince George's County"


def test_clean_text_drops_control_characters() -> None:
    cleaned = values.clean_text("Travis\x1b[2J County\x07\tJail\x9b")
    assert cleaned == "Travis[2J County Jail"
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in cleaned)


def test_issued_total_from_section_one_sentence() -> None:
    sentence = (
        "During the week of January 28, 2017, through February 3, 2017, ICE issued 3,083 "
        "detainers throughout the United States."
    )
    assert values.parse_issued_total(sentence) == 3083
    assert values.parse_issued_total("No figures this week.") is None


def test_declined_figure_in_prose() -> None:
    assert values.parse_declined_figure("ICE recorded 206 declined detainers.") == 206
    assert values.parse_declined_figure("Listed below by state.") is None


@pytest.mark.parametrize(
    "mark", list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)
def test_clean_text_drops_bidi_formatting_characters(mark: str) -> None:
    # An override could make "Travis County" display reversed in a terminal or a spreadsheet.
    assert values.clean_text(f"Travis{mark} County{mark}") == "Travis County"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clark, Nevada", ("Clark", "NV")),
        ("Doña Ana County, NM", ("Doña Ana County", "NM")),
        ("Prince George's County,  Maryland", ("Prince George's County", "MD")),
        ("Washington, District of Columbia", ("Washington", "DC")),
        ("Clark Nevada", None),  # no comma: no way to tell where the state begins
        ("Clark, Narnia", None),
        (", Nevada", None),
    ],
)
def test_places_read_as_jurisdiction_and_state(text: str, expected: tuple | None) -> None:
    assert values.parse_place(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ICE issued 3,083 detainers throughout the United States, 157 to these ten "
            "jurisdictions during the reporting period.",
            (157, 10),
        ),
        ("Of those, ICE issued 1,279 to these four jurisdictions.", (1279, 4)),
        ("157 detainers were issued to the following 10 jurisdictions:", (157, 10)),
        ("ICE issued 51 to the listed jurisdictions.", (51, None)),
        ("The following Twelve jurisdictions received the most detainers.", (None, 12)),
        # The national figure alone says nothing of the listed jurisdictions.
        ("ICE issued 3,083 detainers throughout the United States.", (None, None)),
        ("ICE issued 3,083 detainers to 500 jurisdictions nationwide.", (None, None)),
        ("These jurisdictions restrict cooperation with ICE.", (None, None)),
    ],
)
def test_figures_stated_for_the_listed_jurisdictions(text: str, expected: tuple) -> None:
    assert values.parse_listed_figures(text) == expected
