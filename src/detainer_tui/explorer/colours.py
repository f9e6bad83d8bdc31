"""How the explorer looks where colours are few or none.

With ``NO_COLOR`` set, Textual's own answer is to turn every colour grey, which still sends
colour codes and leaves the cursor a shade apart from its neighbours. The explorer removes
colour altogether instead (``Colourless``, applied to every line drawn) and lets bold,
underline and reverse video carry what colour did: ``app.tcss`` sets them for the cursor, the
column headings and the current tab wherever colour is missing.

On terminals of 16 colours or fewer (``TERM=screen``, ``linux``, ``vt100``) the theme's
shades collapse onto the same few colours, so the cursor and the pinned columns come out
alike. There the app carries the ``FEW_COLOURS`` class, and the stylesheet marks the cursor by
reverse video and bold as it does without colour.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

FEW_COLOURS = "-few-colours"
"""The app's class on a terminal of 16 colours or fewer, or none."""

_RICH_COLOURS = ("256", "truecolor")
"""Rich's names for colour systems that tell the theme's shades apart."""


def few_colours(color_system: str | None) -> bool:
    """Whether a terminal with Rich's ``color_system`` has too few colours to tell shades apart
    (``standard`` is 8 or 16 colours, ``windows`` the legacy console's, None none)."""
    return color_system not in _RICH_COLOURS


@lru_cache(4096)
def colourless(style: Style) -> Style:
    """``style`` without foreground or background colour; bold, reverse, links and the
    mouse's hit information kept."""
    plain = style.without_color
    meta = style.meta
    return plain + Style.from_meta(meta) if meta else plain


class Colourless(LineFilter):
    """Removes every colour from what is drawn, so that no colour code is sent."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments with their colours removed."""
        return [
            Segment(text, None if style is None else colourless(style), control)
            for text, style, control in segments
        ]
