"""Untrusted text made safe to show: the one definition of a control character, and the one
function that removes them.

Text from a PDF, a file name or an error message may carry terminal escape sequences or
bidirectional formatting marks, which are invisible yet change what a terminal or spreadsheet
shows around them. Every place that shows or stores such text goes through ``printable``.
"""

from __future__ import annotations

import re

# Whitespace controls: shown as a space, since they separate words.
WHITESPACE_CONTROLS = r"[\t\n\r\x0b\x0c]+"
# Every other C0/C1 control (ESC included) and the bidi marks, embeddings, overrides and
# isolates: dropped.
OTHER_CONTROLS = r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
ANY_CONTROL = r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
"""Any character ``printable`` changes: for a quick check that text is already clean."""

_WHITESPACE_CONTROLS = re.compile(WHITESPACE_CONTROLS)
_OTHER_CONTROLS = re.compile(OTHER_CONTROLS)
_ANY_CONTROL = re.compile(ANY_CONTROL)


def printable(text: str) -> str:
    """``text`` on one line without control characters (tabs and newlines become spaces)."""
    if not _ANY_CONTROL.search(text):
        return text
    return _OTHER_CONTROLS.sub("", _WHITESPACE_CONTROLS.sub(" ", text))
