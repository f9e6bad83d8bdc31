"""Reading a long page (the help, a row in full) with a pager's keys: ``keymap.READ_KEYS``."""

from __future__ import annotations

from typing import ClassVar

from textual.dom import DOMNode
from textual.widget import Widget


class Reading:
    """For a screen whose ``PAGE`` scrolls with ``j`` / ``k``, space / ``b`` and ``g`` / ``G``
    (a mixin: a screen class of its own would change the order of the screens' styles)."""

    PAGE: ClassVar[str]
    """The widget that scrolls (a selector), said by each screen."""

    def page(self: DOMNode) -> Widget:
        """The widget that scrolls."""
        return self.query_one(self.PAGE)  # type: ignore[attr-defined]

    def action_read(self, how: str) -> None:
        page = self.page()
        moves = {
            "down": page.scroll_down,
            "up": page.scroll_up,
            "page_down": page.scroll_page_down,
            "page_up": page.scroll_page_up,
            "top": page.scroll_home,
            "end": page.scroll_end,
        }
        moves[how](animate=False)
