"""What every screen of tables shares: the search line. ``/`` opens it on the current pane's
search, typing filters, Enter keeps the filter, Escape clears it."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.widgets.bars import SearchBar


class PaneScreen(Screen[None]):
    """A screen with a ``SearchBar`` and a ``current_pane`` (the main screen, the screen of a
    result table)."""

    @property
    def current_pane(self) -> TablePane:
        """The pane the search line filters: the screen's table pane (a screen with several,
        such as the main screen, says which)."""
        return self.query_one(TablePane)

    def action_escape(self) -> None:
        """Escape: close the keys panel if it is open, else clear the pane's search or
        drill-down; on a result with nothing left to clear, go back."""
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
        else:
            self.current_pane.action_clear()

    def action_quit(self) -> None:
        """q or ctrl+c: close the keys panel if it is open, else quit."""
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
        else:
            self.app.exit()

    def action_search(self) -> None:
        """Open the search line on the current pane's search."""
        search = self.query_one(SearchBar)
        search.value = self.current_pane.query_state.search
        search.display = True
        # Focus now rather than after this message: keys typed right after "/" (a fast
        # typist, a paste over a slow link) are already queued and must reach the search.
        self.set_focus(search)
        search.cursor_position = len(search.value)

    # By id: other lines (the query line) post the same Input messages.
    @on(SearchBar.Changed, "#search")
    def _search_typed(self, event: SearchBar.Changed) -> None:
        if event.input.display:
            self.current_pane.search(event.value)

    @on(SearchBar.Submitted, "#search")
    def _search_done(self, event: SearchBar.Submitted) -> None:
        """Enter: back to the table, the filter kept."""
        self.current_pane.search(event.value)
        self._close_search_line()
        self.set_focus(self.current_pane.table)

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        """Escape: back to the table, the search cleared."""
        self._close_search_line()
        self.current_pane.search("")
        self.set_focus(self.current_pane.table)

    def _close_search_line(self) -> None:
        self.query_one(SearchBar).display = False
