"""What every screen of tables shares: the search line, the filter line, the column prompt and
the chain line.

``/`` opens the search line on the current pane's search (selected: typing replaces it),
typing filters, Enter keeps the filter, Escape clears it. ``|`` opens the filter line for the
column under the cursor; ``J`` the column prompt. The chain line above the status bar shows
the pane's filters and sort.
"""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets.input import Selection

from detainer_tui.dataset import FilterError, parse_filter
from detainer_tui.explorer.messages import Notice
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.screen_styles import StyledOnMount
from detainer_tui.explorer.widgets.bars import ChainBar, SearchBar
from detainer_tui.explorer.widgets.prompt_line import PromptLine

FILTER = "filter"
JUMP = "jump"


class PaneScreen(StyledOnMount, Screen[None]):
    """A screen with a ``SearchBar``, a ``PromptLine``, a ``ChainBar`` and a
    ``current_pane`` (the main screen, the screen of a result table)."""

    @property
    def current_pane(self) -> TablePane:
        """The pane the search line filters: the screen's table pane (a screen with several,
        such as the main screen, says which)."""
        return self.query_one(TablePane)

    def action_escape(self) -> None:
        """Escape: close the keys panel if it is open, else clear the pane's search or
        filters; on a result with nothing left to clear, go back."""
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

    _lines: tuple[AwaitMount, list[Widget]] | None = None

    def make_lines(self) -> list[Widget]:
        """The screen's search and filter lines, not composed with it: its first frame does
        without them (about 10 ms of a start, 8 of opening a view). ``mount_lines`` mounts
        them when a key first needs one (the main screen: just after its first paint)."""
        return [self.search_bar("search this table"), PromptLine(id="prompt")]

    @staticmethod
    def search_bar(placeholder: str) -> SearchBar:
        search = SearchBar(placeholder=placeholder, id="search", select_on_focus=False)
        # A steady cursor: no redraw traffic over slow links, and stable screenshots.
        search.cursor_blink = False
        return search

    def mount_lines(self) -> AwaitMount:
        """Mount the lines ``make_lines`` makes, hidden, above the chain line, unless they are
        mounted already (await the result for them to be)."""
        if self._lines is None:
            lines = self.make_lines()
            for line in lines:
                line.display = False
            self._lines = (self.mount_all(lines, before=self.query_one(ChainBar)), lines)
        return self._lines[0]

    async def lines_ready(self) -> None:
        """Return once the screen's search and filter lines are mounted."""
        mounted = self.mount_lines()
        # Once they are, nothing to wait for: waiting would let the keys typed next go to
        # the table before the line opened by this one has the focus.
        if self._lines is not None and not all(line.is_mounted for line in self._lines[1]):
            await mounted

    async def action_search(self) -> None:
        """Open the search line on the current pane's search, selected, so that typing
        replaces it (the cursor keys keep it and move in it)."""
        await self.lines_ready()
        self._close_prompt()
        search = self.query_one(SearchBar)
        search.value = self.current_pane.search_text
        search.display = True
        self.current_pane.begin_search()
        # Focus now rather than after this message: keys typed right after "/" (a fast
        # typist, a paste over a slow link) are already queued and must reach the search.
        self.set_focus(search)
        search.selection = Selection(0, len(search.value))

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
        for search in self.query(SearchBar):
            search.display = False

    # -- the filter line and the column prompt ----------------------------------------------
    async def action_filter_line(self) -> None:
        """Open the filter line for the column under the cursor."""
        await self.lines_ready()
        pane = self.current_pane
        column, model = pane.current_column(), pane.view.table if pane.view else None
        if column is None or model is None:
            self.notify("No column to filter yet.", markup=False)
            return
        self._close_search_line()
        self._filter_column = column
        heading = model.label(column) or model.label(model.sort_keys.get(column, column))
        self.query_one(PromptLine).open(
            FILTER,
            f"| {heading or column}",
            placeholder="CA, OR · > 365 · <= 7 · 2017-02-01..2017-02-03 · empty · not empty",
        )

    async def action_jump_column(self) -> None:
        """Open the column prompt: a column's name (completed), and the cursor goes there."""
        await self.lines_ready()
        pane = self.current_pane
        model = pane.view.table if pane.view else None
        if model is None:
            return
        self._close_search_line()
        names = [model.label(c) or c for c in model.columns]
        self.query_one(PromptLine).open(
            JUMP, "column", placeholder="a column's name (tab completes)", suggestions=names
        )

    @on(PromptLine.Submitted)
    def _prompt_submitted(self, event: PromptLine.Submitted) -> None:
        line = self.query_one(PromptLine)
        pane = self.current_pane
        model = pane.view.table if pane.view else None
        if model is None:
            self._close_prompt()
            return
        if event.purpose == FILTER:
            column = getattr(self, "_filter_column", None)
            if column not in model.columns:
                self._close_prompt()
                return
            try:
                step = parse_filter(model, column, event.text)
            except FilterError as error:
                line.say(str(error))
                return
            self._close_prompt()
            pane.add_filters(step)
        elif event.purpose == JUMP:
            problem = pane.jump_to_column(event.text)
            if problem:
                line.say(problem)
                return
            self._close_prompt()

    @on(PromptLine.Closed)
    def _prompt_closed(self) -> None:
        self._close_prompt()

    def _close_prompt(self) -> None:
        for line in self.query(PromptLine):
            if line.display:
                line.close()
                self.set_focus(self.current_pane.table)

    # -- what the panes say ------------------------------------------------------------------
    @on(Notice)
    def _notice(self, event: Notice) -> None:
        self.notify(event.text, markup=False, timeout=4)

    def show_chain(self) -> None:
        """The chain line of the current pane."""
        self.query_one(ChainBar).show(self.current_pane.chain_line())
