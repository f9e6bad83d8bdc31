"""The main screen: the four panes and the lines around them, and everything the panes ask.

The panes post messages (``explorer/messages.py``) and this screen handles them: switching
panes, drill-downs, detail views, the search line, the status bar, export and help. A new pane
is a ``TablePane`` subclass, one entry in ``MainScreen.__init__`` and its name in
``config.PANES`` (which gives it its number key).

Only the first pane shown is built with the screen; each other one is mounted the first time
it is shown (a pane not yet shown keeps what it is asked, its dataset or a drill-down, and
shows it once mounted), or, in the program (``warm_up``), hidden while the screen is idle once
the first pane is shown and the search text built. An app start with the samples costs
about a third less CPU that way (0.29 s before, 0.17-0.20 s after, in the tests' harness).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar

import polars as pl
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.await_complete import AwaitComplete
from textual.dom import DOMNode
from textual.widget import AwaitMount, Widget
from textual.widgets import ContentSwitcher

from detainer_tui.dataset import (
    CHAIN_SEPARATOR,
    RANKING_SOURCES,
    REPORT_INDEX,
    Dataset,
    Detail,
    Drill,
    MarkingOff,
    Table,
    chain_from_state,
    no_rows_message,
    prepare_filters,
    ranking_source,
    summed_label,
)
from detainer_tui.dataset import label as heading
from detainer_tui.dataset.cells import counted
from detainer_tui.dataset.triage import ViewExists, shown_time
from detainer_tui.errors import DetainerError
from detainer_tui.explorer import collection, keymap, views
from detainer_tui.explorer.loading import Item, ReportLoader, add_arrivals
from detainer_tui.explorer.messages import (
    GoToMarked,
    PaneChosen,
    ShowDetail,
    ShowPolicies,
    ShowRecords,
    ShowWeekOverWeek,
    StatusChanged,
)
from detainer_tui.explorer.panes.base import SORT_MARKS, TablePane
from detainer_tui.explorer.panes.policies import PoliciesPane
from detainer_tui.explorer.panes.rankings import RankingsPane
from detainer_tui.explorer.panes.records import RecordsPane
from detainer_tui.explorer.panes.reports import ReportsPane
from detainer_tui.explorer.panes.triage import TriagePane
from detainer_tui.explorer.screen_styles import preset_size_classes
from detainer_tui.explorer.screens.searching import PaneScreen
from detainer_tui.explorer.threads import call_from_thread
from detainer_tui.explorer.widgets.bars import (
    ChainBar,
    HeaderBar,
    LoadingBar,
    PaneTabs,
    StatusBar,
)
from detainer_tui.explorer.widgets.prompt_line import PromptLine
from detainer_tui.explorer.widgets.query_line import QueryLine
from detainer_tui.text import printable

if TYPE_CHECKING:
    from detainer_tui.config import Config
    from detainer_tui.dataset import Triage
    from detainer_tui.dataset.bounded_sql import QueryRunner
    from detainer_tui.explorer.screens.table import Activate
    from detainer_tui.store import OpenRequest
    from detainer_tui.store.history import QueryHistory

PANES = tuple(keymap.PANES.values())
LATER_SCREENS = tuple(
    f"detainer_tui.explorer.screens.{name}" for name in ("table", "map", "detail", "export")
)
"""Imported once the first pane is shown, while the screen is idle (about 9 ms of a start)."""
TRIAGE_POLL = 1.0
"""Seconds between looks for other analysts' marks (they show within two seconds)."""


class MainScreen(PaneScreen):
    """Rankings, Records, Policies, Reports and Triage of the open reports, one at a time."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        dataset: Dataset,
        *,
        origin: str = "",
        request: OpenRequest | None = None,
        config: Config | None = None,
        pane: str | None = None,
        warm_up: bool = False,
        triage: Triage | None = None,
        restore: bool = True,
    ) -> None:
        """Show ``dataset``; with ``request``, load it in the background first. Marks and
        notes come from ``triage`` (default: the configured triage database). With
        ``restore``, the explorer opens where it was left on the same reports. With
        ``warm_up``, once the first pane is shown, what the first use of other keys would
        build is built while the screen is idle (see ``_warm_up``)."""
        super().__init__()
        self.warm_up = warm_up
        self._settles = warm_up
        """As the program: the garbage collector is settled once the first reports are shown
        (see ``collection.py``); tests leave it as it is."""
        self._settled = False
        self.triage = triage
        self._restore = restore
        self.dataset = dataset
        self.origin = origin
        self.request = request
        self.config = config
        self._loading = request is not None
        self._prepared: Dataset | None = None
        self.leave_out_corrected = False
        """Whether rankings, frequencies and the map leave out the rows ICE corrected."""
        self._history: QueryHistory | None = None
        self._queries: QueryRunner | None = None
        """Runs the query line's SQL in a process of its own (made on the first ``:``)."""
        self._queries_asked = 0
        """Counts queries asked and given up: only the latest one's answer is shown."""
        default = pane or (config.default_pane if config is not None else None) or PANES[0]
        self.initial_pane = default if default in PANES else PANES[0]
        self.rankings = RankingsPane()
        self._panes: dict[str, TablePane] = {
            pane.pane_id: pane
            for pane in (
                self.rankings,
                RecordsPane(),
                PoliciesPane(),
                ReportsPane(),
                TriagePane(),
            )
        }

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        preset_size_classes(self)
        yield HeaderBar(id="header")
        yield PaneTabs(self.initial_pane, id="tabs")
        yield LoadingBar(id="loading")
        with ContentSwitcher(id="panes", initial=self.initial_pane):
            yield self._panes[self.initial_pane]
        yield ChainBar(id="chain")
        yield StatusBar(id="statusbar")
        if self.request is not None:
            yield ReportLoader(self.request)

    def on_mount(self) -> None:
        self.query_one(ChainBar).display = False
        self._open_triage()
        self._show_header()
        if self._loading:
            # The reports the cache has are read now and drawn in the first paint; the bar
            # shows while the rest is read (see _loading_progress).
            arrived = self.query_one(ReportLoader).start()
            self._add_arrivals(arrived)
            self.query_one(LoadingBar).display = not self.dataset.reports
        else:
            self.query_one(LoadingBar).display = False
            self._set_dataset(self.dataset)
            self._settle_once()
        self.set_focus(self.current_pane.table)
        self._show_status()
        if not self._loading:
            self._restore_and_take_keys()
        # The first paint does without the search, query and filter lines: mounted just
        # after it (or by the first key that needs one).
        self.call_after_refresh(self.mount_lines)

    def make_lines(self) -> list[Widget]:
        return [self.search_bar("search this pane"), QueryLine(id="query"), PromptLine(id="prompt")]

    # -- panes ----------------------------------------------------------------------------
    @property
    def panes(self) -> list[TablePane]:
        """All the panes, those not shown yet included."""
        return list(self._panes.values())

    def pane(self, pane_id: str) -> TablePane:
        """The pane called ``pane_id`` (perhaps not mounted yet: see the module's notes)."""
        return self._panes[pane_id]

    @property
    def current_pane(self) -> TablePane:
        """The pane on screen."""
        return self.pane(self.query_one(ContentSwitcher).current or self.initial_pane)

    async def action_show_pane(self, pane_id: str) -> None:
        """Switch to the pane called ``pane_id``. Keys are handled one after another, so
        those typed next go to this pane, even while it is built on first showing."""
        await self.show_pane(pane_id)

    def show_pane(self, pane_id: str) -> AwaitComplete:
        """Switch to the pane called ``pane_id``; await the result for its table to have the
        focus and its rows (at once, unless the pane is being mounted)."""
        if pane_id not in PANES:
            return AwaitComplete()
        self._come_forward()
        pane = self.pane(pane_id)
        switcher = self.query_one(ContentSwitcher)
        mounted: AwaitMount | None = None
        if pane.parent is None:
            mounted = switcher.mount(pane)
        elif not pane.is_mounted:
            # Mounted by the warm-up but not composed yet: it has no table to focus so far.
            mounted = AwaitMount(switcher, [pane])
        switcher.current = pane_id
        self.query_one(PaneTabs).select(pane_id)
        self._close_search_line()
        self._close_prompt()
        self._show_status()
        if mounted is None:
            self.set_focus(pane.table)
            if pane.marks_stale():
                pane.refresh_rows(keep_cursor=True)
            return AwaitComplete()
        return AwaitComplete(self._focus_once_mounted(pane, mounted))

    async def _focus_once_mounted(self, pane: TablePane, mounted: AwaitMount) -> None:
        await mounted
        if self.current_pane is pane:
            self.set_focus(pane.table)
        # Keys typed meanwhile (over a slow link, several arrive at once) act on its rows.
        await pane.rows_shown_once_queried()

    def _come_forward(self) -> None:
        """Close the views opened over this screen (a frequency, a map...)."""
        while self.is_attached and self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    @on(PaneChosen)
    async def _tab_clicked(self, event: PaneChosen) -> None:
        await self.show_pane(event.pane)

    # -- data -----------------------------------------------------------------------------
    def _set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        for pane in self.panes:
            pane.set_dataset(dataset)
        self._show_header()

    def _show_header(self) -> None:
        self.query_one(HeaderBar).show(*self.header())

    def header(self) -> tuple[tuple[str, ...], str]:
        """The header's summaries of what is open (most detailed first), and its origin."""
        summaries = (self.dataset.summary(), self.dataset.summary(detailed=False))
        return summaries, printable(self.origin)

    @on(ReportLoader.Progress)
    def _loading_progress(self, event: ReportLoader.Progress) -> None:
        bar = self.query_one(LoadingBar)
        if event.fraction < 1.0 and self._loading:
            bar.display = True  # work is left (files to parse, a library still being read)
            self._take_keys()  # the analyst works on what is shown meanwhile
        bar.progress(event.fraction, event.message)

    @on(ReportLoader.Arrived)
    def _reports_arrived(self, event: ReportLoader.Arrived) -> None:
        self._add_arrivals(event.items)

    def _add_arrivals(self, items: Sequence[Item]) -> None:
        """Add the reports among ``items`` and tell of the problems."""
        if not items:
            return
        dataset, notices = add_arrivals(self.dataset, items)
        for notice in notices:
            severity = "warning" if notice.warning else "error"
            if notice.note:
                severity = "information"
            self.notify(notice.line, severity=severity, markup=False)
        self._set_dataset(dataset)
        # Here, not once every file is read: a first run parses the rest for a while, and
        # not with the collector paused.
        self._settle_once()

    @on(ReportLoader.Finished)
    def _loading_finished(self) -> None:
        self.query_one(LoadingBar).display = False
        if not self.dataset.reports:
            self.notify("No report could be opened.", severity="error", markup=False)
        self._loading = False
        built_on = getattr(self.app.screen, "built_on", None)
        if built_on is not None and built_on is not self.dataset:
            # A count, chart or map opened while files were read is of those read then.
            self.notify(
                f"Every report is read now ({counted(len(self.dataset.reports))}). This view "
                "counts only those read when it opened: close it and open it again to count "
                "them all.",
                markup=False,
                timeout=10,
            )
        # Reports still being parsed: the analyst may have begun on those shown meanwhile.
        self._restore_and_take_keys(begun=getattr(self.app, "began", False))
        self._maybe_prepare_search()
        self._settle_once()  # nothing arrived: no report, no problem either

    def _take_keys(self) -> None:
        """Let the keys typed while the explorer started be handled (see app.py): once the
        first pane has the focus and the screen is where it was left, or, while files are
        still being parsed, at once on what is shown."""
        take_keys = getattr(self.app, "take_keys", None)
        if take_keys is not None:
            take_keys()

    def _settle_once(self) -> None:
        """In the program, once the first reports are drawn, settle the garbage collector."""
        if self._settles and not self._settled:
            self._settled = True
            self.call_after_refresh(collection.settle)

    def _maybe_prepare_search(self) -> None:
        """Once every pane shows the loaded dataset, build its search text in the background.

        Waiting until then keeps that work from slowing down the first paint.
        """
        dataset = self.dataset
        if self._loading or self._prepared is dataset:
            return
        built = [pane for pane in self.panes if pane.parent is not None]
        if all(pane.view is not None and pane.dataset is dataset for pane in built):
            self._prepared = dataset
            self.call_after_refresh(self._prepare_search, dataset)

    @work(thread=True, group="prepare", name="prepare search")
    def _prepare_search(self, dataset: Dataset) -> None:
        """Build the search text of the long tables now, so the first search is quick (and
        flatten the offences, so is the first filter on them), and draw the help page, so the
        first ``?`` is."""
        dataset.records.search_text()
        dataset.policies.search_text()
        prepare_filters(dataset.records)
        if self.warm_up:
            from detainer_tui.explorer.screens import help

            help.help_lines(self.app.console, help.text_width(self.app.size.width))
            call_from_thread(self, self._warm_up)

    def _warm_up(self) -> None:
        """Build the panes not shown yet, one after another, hidden, so that the first
        switch to each is as quick as the next (about a third of a second each otherwise)."""
        if self.warm_up:
            self.warm_up = False
            self.run_worker(self._build_hidden_panes(), group="warm up", name="warm up")

    async def _build_hidden_panes(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        for pane in self.panes:
            if not self.is_attached:
                return  # the explorer is ending (q, a hang-up): nothing more is needed
            if pane.parent is not None:
                continue
            pane.display = False
            await switcher.mount(pane)
            await pane.rows_shown_once_queried()
            await asyncio.sleep(0)  # keys typed meanwhile go first
        if not self.is_attached:
            return
        warm_styles(self.app)
        # The screens of the views, the detail and the export, which a start does without.
        for module in LATER_SCREENS:
            importlib.import_module(module)
            await asyncio.sleep(0)
        from detainer_tui.explorer.screens.table import bar_width

        # The first w would build its table while its screen is composed: built now, with
        # ICE's corrections and without (c), it is at hand (the dataset keeps it).
        for leave_out in (self.leave_out_corrected, not self.leave_out_corrected):
            await asyncio.to_thread(
                views.week_over_week_table,
                self.dataset,
                self.rankings.source,
                leave_out,
                bar_width(self.app.size.width),
            )
        if self._settles:
            collection.settle()

    # -- status ---------------------------------------------------------------------------
    @on(StatusChanged)
    def _pane_changed(self) -> None:
        self._show_status()
        self._maybe_prepare_search()
        # An export dialog asked over this pane says how many rows it would write now (none
        # can be open before its module is first imported).
        export = sys.modules.get("detainer_tui.explorer.screens.export")
        if export is not None and isinstance(self.app.screen, export.ExportScreen):
            self.app.screen.follow()

    def _show_status(self) -> None:
        self.query_one(StatusBar).show(self.current_pane.status_parts())
        self.show_chain()

    # -- drill-downs and details ----------------------------------------------------------
    @on(ShowRecords)
    def _show_records(self, event: ShowRecords) -> None:
        self.show_records(event.drill, event.note)

    def show_records(self, drill: Drill, note: str = "") -> None:
        """The Records pane, filtered to ``drill``; ``note`` says why it may be empty."""
        self.show_pane("records")
        self.pane("records").drill(drill)
        if note:
            self.notify(note, markup=False, timeout=10)

    @on(ShowPolicies)
    def _show_policies(self, event: ShowPolicies) -> None:
        if event.drill is None:
            self.notify(f"No policy listed for {event.place}, nor a state-wide one.", markup=False)
            return
        self.show_pane("policies")
        self.pane("policies").drill(event.drill)

    @on(ShowDetail)
    def _show_detail(self, event: ShowDetail) -> None:
        detail = event.detail
        if self.triage is not None and event.row is not None:
            detail = self.triage.detail(detail, event.row)
        self.show_detail(detail)

    def show_detail(self, detail: Detail) -> None:
        """A row in full, over whatever is on screen."""
        from detainer_tui.explorer.screens.detail import POLICY, RECORDS, DetailScreen

        def closed(result: str | None) -> None:
            if result == POLICY and detail.policy is not None:
                self.show_pane("policies")
                self.pane("policies").drill(detail.policy)
            elif result == RECORDS and detail.records is not None:
                self.show_records(detail.records, detail.records_note)

        self.app.push_screen(DetailScreen(detail), closed)

    # -- marks and notes ------------------------------------------------------------------
    def _open_triage(self) -> None:
        """Open the triage database (unless given), say what is wrong with it, and look for
        other analysts' changes every second."""
        if self.triage is None:
            from detainer_tui.dataset import Triage

            path = self.config.triage_db if self.config is not None else None
            self.triage = Triage.open(path)
        if self.triage.notice:
            self.notify(self.triage.notice, severity="warning", markup=False, timeout=15)
        if self.triage.problem:
            self.notify(
                f"Marking is off: {self.triage.problem}",
                severity="warning",
                markup=False,
                timeout=15,
            )
        for pane in self.panes:
            pane.triage = self.triage
        self.set_interval(TRIAGE_POLL, self._poll_triage, name="triage poll")

    def _poll_triage(self) -> None:
        if self.triage is not None and self.triage.refresh():
            self._marks_changed()
        for line in self.triage.news() if self.triage is not None else ():
            self.notify(line, severity="warning", markup=False, timeout=15)

    @on(GoToMarked.Changed)
    def _marks_changed(self) -> None:
        """Marks changed elsewhere (another analyst, the Triage pane): show them."""
        for pane in self.panes:
            if pane.parent is not None:
                pane.refresh_rows(keep_cursor=True)

    @on(GoToMarked)
    def _go_to_marked(self, event: GoToMarked) -> None:
        """The marked row in its own pane (a ranking: its source and report chosen)."""
        if self.triage is None:
            return
        stored = self.triage.mark(event.key)
        if stored is None:
            return
        pane_id = stored.table
        if pane_id not in PANES:
            return
        if pane_id == "rankings":
            fixed = stored.identity.get("fixed", {})
            period = fixed.get("period")
            report: int | None = None
            if period is not None:
                shown = [[str(day) for day in p] for p in self.dataset.periods]
                if period not in shown:
                    self.notify(
                        "That ranking's report is not open now.", severity="warning", markup=False
                    )
                    return
                report = shown.index(period)
            try:
                source = ranking_source(fixed.get("source", ""))
            except KeyError:
                return
            self.show_pane("rankings")
            self.rankings.choose(source=source, report=report)
        else:
            self.show_pane(pane_id)
        self.pane(pane_id).reveal(event.key)

    # -- where the explorer was left -----------------------------------------------------
    def _session_key(self) -> str | None:
        from detainer_tui.store.sessions import session_key

        if not self.dataset.opened:
            return None
        return session_key(report.sha256 for report in self.dataset.opened)

    def _restore_and_take_keys(self, *, begun: bool = False) -> None:
        """Restore where the explorer was left (``_restore_session``), then let the keys typed
        meanwhile be handled, once the pane it opens on is shown and has the focus: let
        through while that pane was still being built, a search they opened lost the focus
        to its table, which took the rest of them for keys of its own."""
        shown = self._restore_session(begun=begun)
        if shown is None:
            self._take_keys()
            return

        async def once_shown() -> None:
            await shown
            self._take_keys()

        self.run_worker(once_shown(), group="restore", name="keys once restored")

    def _restore_session(self, *, begun: bool = False) -> AwaitComplete | None:
        """Open where the explorer was left on these reports (once), and say so; not if the
        analyst has ``begun`` on something (keys typed while files were parsed): moving them
        away from it would lose their place. What shows the pane it opens on, if any."""
        if not self._restore:
            return None
        self._restore = False
        key = self._session_key()
        if key is None:
            return None
        from detainer_tui.store.sessions import Sessions

        sessions, problem = Sessions.load()
        if problem:
            self.notify(problem, severity="warning", markup=False)
        saved = sessions.get(key)
        if not saved:
            return None
        if begun:
            self.notify(
                "Not reopened where you left off: you began before every report was read "
                "(quitting remembers where you are now)",
                markup=False,
                timeout=8,
            )
            return None
        said, shown = restore_panes(self, saved)
        if said:
            self.notify(
                f"Restored where you left off: {said} (--fresh starts clean)",
                markup=False,
                timeout=8,
            )
        return shown

    def save_session(self) -> None:
        """Remember where the explorer is, for the next start on the same reports."""
        key = self._session_key()
        if key is None:
            return
        from detainer_tui.store.sessions import Sessions

        sessions, _ = Sessions.load()
        panes = {
            pane.pane_id: pane.saved_state()
            for pane in self.panes
            if pane.parent is not None and pane.view is not None
        }
        session = {
            "pane": self.current_pane.pane_id,
            "panes": panes,
            "rankings": {"source": self.rankings.source.name, "report": self.rankings.report},
        }
        problem = sessions.put(key, session)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    def action_quit(self) -> None:
        """q: remember where the explorer is, then quit (or close the keys panel)."""
        if not self.query("HelpPanel"):
            self.save_session()
        super().action_quit()

    def action_save_view(self) -> None:
        """W: save the current pane's filters, search and sort under a name."""
        if self.triage is None or self.triage.problem is not None:
            problem = self.triage.problem if self.triage is not None else "no triage database"
            self.notify(f"Views cannot be saved: {problem}", severity="warning", markup=False)
            return
        from detainer_tui.explorer.screens.prompt import PromptScreen

        pane = self.current_pane
        saved = pane.saved_state()
        saved.pop("cursor", None)
        saved.pop("column", None)
        if pane is self.rankings:
            saved["rankings"] = {"source": self.rankings.source.name}

        def save(name: str, replace: bool) -> None:
            if self.triage is None:
                return
            try:
                self.triage.save_view(name, pane.pane_id, saved, replace=replace)
            except ViewExists as exists:
                # Perhaps another analyst's: replaced only once confirmed.
                from detainer_tui.explorer.screens.export import ConfirmScreen

                question = (
                    f"A view called {name} exists, saved by {exists.by} "
                    f"({shown_time(exists.at)}). Replace it?"
                )
                self.app.push_screen(
                    ConfirmScreen(printable(question), yes="Replace"),
                    lambda yes: save(name, True) if yes else None,
                )
                return
            except MarkingOff as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            self.notify(f"View saved as {name} (ctrl+p lists it)", markup=False)

        def answered(name: str | None) -> None:
            name = printable(name or "").strip()
            if name:
                save(name, False)

        self.app.push_screen(
            PromptScreen(f"Save this {pane.title} view as", "", "a name"), answered
        )

    def open_view(self, name: str) -> None:
        """Apply the named view ``name``: its pane, with its filters, search and sort."""
        view = (
            next((v for v in self.triage.views() if v.name == name), None) if self.triage else None
        )
        if view is None or view.pane not in PANES:
            self.notify(f"No view called {name} any more.", severity="warning", markup=False)
            return
        state = dict(view.state)
        rankings = state.pop("rankings", None)
        if view.pane == "rankings" and isinstance(rankings, dict):
            with contextlib.suppress(KeyError):
                self.rankings.choose(source=ranking_source(str(rankings.get("source"))))
        self.show_pane(view.pane)
        self.pane(view.pane).restore(state)
        self.notify(f"View {name} applied", markup=False)

    def delete_view(self, name: str) -> None:
        """Forget the named view ``name``, once the analyst says so (the database is shared)."""
        from detainer_tui.explorer.screens.export import ConfirmScreen

        triage = self.triage
        if triage is None:
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                deleted = triage.delete_view(name)
            except MarkingOff as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            if deleted:
                self.notify(f"View {name} deleted", markup=False)
            else:
                self.notify(f"No view called {name} any more.", severity="warning", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"Delete the view {printable(name)}?", yes="Delete", no="Keep"),
            answered,
        )

    # -- export and help ------------------------------------------------------------------
    def action_export(self) -> None:
        """Ask for a format and path, then write the current pane's rows as shown when the
        analyst confirms (reports still being read may add rows meanwhile)."""
        pane = self.current_pane
        self.export_rows(
            pane.title, pane.export_frame(), pane.export_name(), current=pane.export_frame
        )

    def export_rows(
        self,
        what: str,
        frame: pl.DataFrame | None,
        name: str,
        current: Callable[[], pl.DataFrame | None] | None = None,
        built_on: Dataset | None = None,
    ) -> None:
        """Ask for a format and path, then write ``frame`` (the rows of ``what``), or with
        ``current`` the rows it gives once the analyst confirms. ``built_on``: the dataset
        a view's rows come from (the reports read when it opened), when they are a view's."""
        if frame is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        from detainer_tui.explorer.screens.export import export_folder, export_view

        folder = export_folder(self.config.export_dir if self.config is not None else None)
        export_view(self, what, frame, folder, name, current, partial(self.left_out, built_on))

    def left_out(self, built_on: Dataset | None = None) -> str:
        """What rows worked out now (from ``built_on``, a view's dataset, or the panes') leave
        out of the reports being opened, said after an export: nothing once every report is
        read and counted."""
        reports = len(self.dataset.reports)
        if built_on is not None and built_on is not self.dataset:
            read = len(built_on.reports)
            return (
                f"They count the {counted(read)} {_reports(read)} read when this view opened, "
                f"of {counted(reports)} now: open it again to count them all."
            )
        if self._loading:
            return (
                f"Reports are still being read: they count the {counted(reports)} "
                f"{_reports(reports)} read so far."
            )
        return ""

    def action_other_revision(self) -> None:
        """o: show the next revision of the period under the cursor (files that cover the
        same period are shown one at a time)."""
        row = self.current_pane.current_row()
        index = row.get(REPORT_INDEX) if row else None
        switched = self.dataset.next_revision(index if isinstance(index, int) else None)
        if switched is None:
            self.notify("No period is covered by more than one file.", markup=False)
            return
        dataset, message = switched
        self._set_dataset(dataset)
        self.notify(message, markup=False)

    def action_help(self) -> None:
        """Every key, per pane."""
        from detainer_tui.explorer.screens.help import HelpScreen  # not needed at start

        self.app.push_screen(HelpScreen())

    # -- analyst views --------------------------------------------------------------------
    def action_frequency(self) -> None:
        """How often each value of the column under the cursor occurs in the rows shown."""
        pane = self.current_pane
        self.open_frequency(pane, self.row_opener(pane))

    def open_frequency(self, pane: TablePane, activate: Activate | None) -> None:
        """The frequency of ``pane``'s column under the cursor; its rows open as ``activate``
        says."""
        views.open_frequency(self, pane, activate)

    def row_opener(self, pane: TablePane) -> Activate:
        """What Enter on one of ``pane``'s rows does, wherever that row is shown."""
        if isinstance(pane, RecordsPane):
            return pane.open_record
        return lambda row, view: pane.activate(row)

    async def action_declines_per_day(self) -> None:
        """The records shown, charted by the day they were declined."""
        records = await self._records_shown()
        views.open_declines_per_day(self, records, self.row_opener(records))

    async def action_days_histogram(self) -> None:
        """Days to decline of the records shown, in fixed bins."""
        records = await self._records_shown()
        views.open_days_histogram(self, records, self.row_opener(records))

    async def _records_shown(self) -> TablePane:
        """The Records pane, on screen with its rows (from the palette, another pane may be)."""
        records = self.pane("records")
        if self.current_pane is not records:
            await self.show_pane("records")
        return records

    @on(ShowWeekOverWeek)
    def _week_over_week(self, event: ShowWeekOverWeek) -> None:
        views.open_week_over_week(self, event.source)

    def action_map(self) -> None:
        """The state map: declined detainers in every open report; from the Rankings pane,
        what it ranks (Section I, or declines) for the report it covers."""
        rankings = self.rankings
        if self.current_pane is rankings:
            source, report = rankings.source, rankings.chosen_report()
            label = rankings.report_label()
        else:
            source, report = ranking_source("state"), None
            label = summed_label(source)
        views.open_map(self, source, report, label)

    def action_toggle_corrections(self) -> None:
        """Leave out the rows ICE corrected from rankings, frequencies and the map, or count
        them again."""
        self.leave_out_corrected = not self.leave_out_corrected
        self.rankings.leave_out(self.leave_out_corrected)
        if self.leave_out_corrected:
            said = "ICE's corrections left out of rankings, frequencies and the map (c: count them)"
        else:
            said = "Rows ICE corrected counted again (flagged as corrected)"
        self.notify(said, markup=False)
        self._show_status()

    # -- the query line -------------------------------------------------------------------
    async def action_query(self) -> None:
        """Open the query line (over the main screen)."""
        self._come_forward()
        await self.lines_ready()
        if self._history is None:
            from detainer_tui.store.history import QueryHistory

            self._history, problem = QueryHistory.load()
            if problem:
                self.notify(problem, severity="warning", markup=False)
        self._close_search_line()
        self._close_prompt()
        self.query_one(QueryLine).open(self._history.queries)
        if self._queries is None:
            from detainer_tui.dataset.bounded_sql import QueryRunner

            self._queries = QueryRunner()
        self._prepare_queries(self._queries)

    @work(thread=True, group="query-worker", name="start the query worker")
    def _prepare_queries(self, queries: QueryRunner) -> None:
        """Start the process queries run in while the analyst types the first."""
        queries.prepare()

    @on(QueryLine.Closed)
    def _query_closed(self) -> None:
        self._queries_asked += 1  # what a query still running answers is not shown
        if self._queries is not None:
            self._queries.stop()  # a query still running is given up
        self.query_one(QueryLine).close()
        self.set_focus(self.current_pane.table)

    def on_unmount(self) -> None:
        if self._queries is not None:
            self._queries.close()

    @on(QueryLine.Submitted)
    def _query_submitted(self, event: QueryLine.Submitted) -> None:
        line = self.query_one(QueryLine)
        # Kept even if it fails: a long query with a typo is worth recalling.
        if self._history is not None:
            problem = self._history.add(event.text)
            if problem:
                self.notify(problem, severity="warning", markup=False)
            line.input.recall_from(self._history.queries)
        line.say("running…")
        if self._queries is not None:
            self._queries.stop()  # a query still running is given up for this one
        self._queries_asked += 1
        self._run_query(self.dataset, event.text, self._queries_asked)

    @work(thread=True, exclusive=True, group="query", name="query")
    def _run_query(self, dataset: Dataset, text: str, asked: int) -> None:
        from detainer_tui.dataset.bounded_sql import QueryStopped

        try:
            tables = dataset.sql_tables(self.triage)
            queries = self._queries
            table = queries.run(tables, text) if queries else dataset.sql(text, self.triage)
        except QueryStopped:
            return  # the line was closed, or a newer query says how it went
        except DetainerError as error:
            call_from_thread(self, self._say_under_query, str(error), asked)
            return
        if table.total == 0:
            # Nothing to show: say so under the prompt, which stays open with the query.
            call_from_thread(self, self._say_under_query, no_rows_message(text), asked)
            return
        call_from_thread(self, self._query_done, text, table, asked)

    def _say_under_query(self, message: str, asked: int) -> None:
        if asked == self._queries_asked:  # not a query given up since
            self.query_one(QueryLine).say(message)

    def _query_done(self, text: str, table: Table, asked: int) -> None:
        if asked != self._queries_asked:
            return  # given up (escape, or a newer query) just as it finished
        self.query_one(QueryLine).close()
        self.set_focus(self.current_pane.table)
        views.open_query_result(self, text, table)

    # -- the command palette --------------------------------------------------------------
    def commands(self) -> Iterator[SystemCommand]:
        """Every action of the key table with palette text, and every ranking, by name."""
        for key in keymap.all_keys():
            if key.palette and key.action is not None:
                yield SystemCommand(
                    key.name, f"{key.palette} ({key.shown})", partial(self._run, key)
                )
        sources = f"{keymap.NEXT_SOURCE.shown} / {keymap.PREVIOUS_SOURCE.shown}"
        reports = f"{keymap.NEXT_REPORT.shown} / {keymap.PREVIOUS_REPORT.shown}"
        for source in RANKING_SOURCES:
            yield SystemCommand(
                f"Rankings: {source.title}",
                f"What the Rankings pane ranks ({sources})",
                partial(self._rank, source=source),
            )
        yield SystemCommand(
            "Rankings: all reports",
            f"Sum every open report and rank afresh ({reports})",
            partial(self._rank, report=None),
        )
        for index, label in enumerate(self.dataset.labels):
            yield SystemCommand(
                f"Rankings: {label}",
                f"Rank this report alone ({reports})",
                partial(self._rank, report=index),
            )
        for view in self.triage.views() if self.triage is not None else ():
            yield SystemCommand(
                f"View: {view.name}",
                f"{view.pane.capitalize()} as saved by {view.saved_by} "
                f"({keymap.SAVE_VIEW.shown} saves one)",
                partial(self.open_view, view.name),
            )
            yield SystemCommand(
                f"Delete view: {view.name}",
                f"Forget this view, for everyone who shares the triage database "
                f"(saved by {view.saved_by})",
                partial(self.delete_view, view.name),
            )

    async def _run(self, key: keymap.Key) -> None:
        """Run ``key``'s action from the palette, on the widget its binding is on."""
        targets: dict[str, Any] = {
            keymap.PANE: self.current_pane,
            keymap.TABLE: self.current_pane.table,
            keymap.RANKINGS: self.pane("rankings"),
            keymap.RECORDS: self.pane("records"),
        }
        assert key.action is not None
        await self.app.run_action(key.action, targets[key.scope], {"screen": self})

    def _rank(self, **choice: Any) -> None:
        self.show_pane("rankings")
        self.rankings.choose(**choice)


def restore_panes(screen: MainScreen, saved: dict[str, Any]) -> tuple[str, AwaitComplete | None]:
    """Apply a saved session to ``screen``'s panes: what was restored, in a few words, and
    what shows the pane it was on (None: it stays on the pane shown)."""
    panes = saved.get("panes") if isinstance(saved.get("panes"), dict) else {}
    rankings = saved.get("rankings")
    if isinstance(rankings, dict):
        source = screen.rankings.source
        with contextlib.suppress(KeyError):
            source = ranking_source(str(rankings.get("source")))
        report = rankings.get("report")
        if not (isinstance(report, int) and 0 <= report < len(screen.dataset.reports)):
            report = None
        screen.rankings.choose(source=source, report=report)
    restored = []
    for pane_id, state in panes.items():
        if pane_id in PANES and isinstance(state, dict):
            screen.pane(pane_id).restore(state)
            said = _said(state)
            if said:
                restored.append(f"{screen.pane(pane_id).title}: {said}")
    pane = saved.get("pane")
    shown = None
    if pane in PANES:
        shown = screen.show_pane(pane)
        restored.insert(0, f"the {screen.pane(pane).title} pane")
    return "; ".join(restored), shown


class _AnyColumn:
    """Every column name (to read a saved chain's labels before its table is built)."""

    def __contains__(self, name: object) -> bool:
        return True


def _said(saved: dict[str, Any]) -> str:
    """A pane's saved filters, sort and row, in a few words."""
    state = saved.get("state") if isinstance(saved.get("state"), dict) else {}
    chain, _ = chain_from_state(state.get("chain"), _AnyColumn())  # type: ignore[arg-type]
    parts = [CHAIN_SEPARATOR.join(step.label() for step in chain)] if chain else []
    sort = state.get("sort")
    if isinstance(sort, dict) and isinstance(sort.get("column"), str):
        parts.append(f"sort {heading(sort['column'])}{SORT_MARKS[bool(sort.get('descending'))]}")
    cursor = saved.get("cursor")
    if isinstance(cursor, int) and cursor > 0:
        parts.append(f"row {counted(cursor + 1)}")
    return printable(" · ".join(parts))


def warm_styles(app: App[Any]) -> None:
    """Parse the default styles of the widgets that only the keys' views mount (the export
    dialog's, the palette's, the map's, the charts'), as Textual does on each one's first
    mount: the first ``e``, ``ctrl+p``, ``m`` or ``t`` then opens as quickly as the next
    (parsing them costs that key 10-25 ms otherwise)."""
    from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
    from textual.screen import ModalScreen
    from textual.widgets import Button, LoadingIndicator

    from detainer_tui.explorer.screens.map import StateTiles
    from detainer_tui.explorer.widgets.column_chart import ColumnChart

    widgets: tuple[type[DOMNode], ...] = (
        ModalScreen,
        Button,
        CommandPalette,
        CommandInput,
        CommandList,
        SearchIcon,
        LoadingIndicator,
        StateTiles,
        ColumnChart,
    )
    for widget in widgets:
        # What DOMNode._get_default_css reads of an instance: the classes it inherits from.
        bases = SimpleNamespace(_node_bases=widget._css_bases(widget))
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(bases):  # type: ignore[arg-type]
            app.stylesheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    app.stylesheet.rules_map  # noqa: B018 (parsed now, not on the key)


def _reports(count: int) -> str:
    return "report" if count == 1 else "reports"
