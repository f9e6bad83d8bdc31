"""Reading a long page (the help, a row in full) with a pager's keys: ``keymap.READ_KEYS``."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget


class Reading:
    """A screen whose ``page`` scrolls with ``j`` / ``k``, space / ``b`` and ``g`` / ``G``."""

    def page(self) -> Widget:
        """The widget that scrolls."""
        raise NotImplementedError

    def action_read(self, how: str) -> None:
        page = self.page()
        moves: dict[str, Callable[..., object]] = {
            "down": page.scroll_down,
            "up": page.scroll_up,
            "page_down": page.scroll_page_down,
            "page_up": page.scroll_page_up,
            "top": page.scroll_home,
            "end": page.scroll_end,
        }
        moves[how](animate=False)
