"""Text from reports shown as it is: plain, never markup, and drawn again only when it changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show_plain(widget: Static, text: str) -> None:
    """Show ``text`` in ``widget`` as plain text (never read as markup).

    Nothing happens when the widget shows that text already: an update lays the whole screen
    out again, and status lines are set on every cursor move.
    """
    if widget.content != text:
        widget.update(Content(text))
