"""The explorer: four panes over the open reports, driven from the keyboard.

``run_explorer(request)`` is what the command line calls. ``DetainerApp`` can also be built
with reports already loaded (``DetainerApp(reports=[...], origin="...")``), which is how the
tests drive it.
"""

from __future__ import annotations

import contextlib
import locale
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, Input

from detainer_tui import schema
from detainer_tui.dataset import (
    FILE,
    LABELS,
    PERIOD,
    RANKING_SOURCES,
    REPORT,
    REPORT_INDEX,
    Dataset,
    Drill,
    period_label,
)
from detainer_tui.errors import DetainerError
from detainer_tui.explorer import keymap
from detainer_tui.explorer.commands import LiteralCommands
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.panes.policies import PoliciesPane, policy_heading
from detainer_tui.explorer.panes.rankings import RankingsPane
from detainer_tui.explorer.panes.records import RecordsPane
from detainer_tui.explorer.panes.reports import ReportsPane
from detainer_tui.explorer.screens.detail import DetailScreen
from detainer_tui.explorer.screens.export import ExportRequest, ExportScreen
from detainer_tui.explorer.screens.help import HelpScreen
from detainer_tui.explorer.widgets.bars import (
    HeaderBar,
    LoadingBar,
    PaneTab,
    PaneTabs,
    SearchBar,
    StatusBar,
)
from detainer_tui.report import Report
from detainer_tui.text import printable

if TYPE_CHECKING:
    from detainer_tui.config import Config
    from detainer_tui.store import OpenRequest

PANES = tuple(keymap.PANE_KEYS.values())

# Actions that act on the panes underneath: not while a dialog is open over them.
_PANE_ACTIONS = {"show_pane", "search", "sort", "export", "clear"}


# How long reports that arrive together are gathered before the tables are rebuilt.
ARRIVAL_BATCH_SECONDS = 0.1


class DetainerApp(App[int]):
    """Rankings, Records, Policies and Reports of the open DDOR reports."""

    CSS_PATH = "app.tcss"
    TITLE = "detainer-tui"
    BINDINGS: ClassVar[list[BindingType]] = keymap.ALL
    # The palette shows command names literally: some contain file names.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {LiteralCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        reports: Sequence[Report] | None = None,
        *,
        origin: str = "",
        problems: Sequence[str] = (),
        request: OpenRequest | None = None,
        config: Config | None = None,
        pane: str | None = None,
    ) -> None:
        """Open ``reports`` (already loaded), or load ``request`` in the background."""
        super().__init__()
        self.request = request
        self.config = config
        self.origin = request.origin if request is not None and not origin else origin
        self.dataset = Dataset(reports or (), problems)
        self._preloaded = reports is not None
        self._loading = request is not None and not self._preloaded
        self._arrivals: list[Report | DetainerError] = []
        self._prepared: Dataset | None = None
        default = pane or (config.default_pane if config is not None else None) or PANES[0]
        self.initial_pane = default if default in PANES else PANES[0]

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield PaneTabs(id="tabs")
        yield LoadingBar(id="loading")
        with ContentSwitcher(id="panes", initial=self.initial_pane):
            yield RankingsPane()
            yield RecordsPane()
            yield PoliciesPane()
            yield ReportsPane()
        yield SearchBar(placeholder="search this pane", id="search", select_on_focus=False)
        yield StatusBar(id="statusbar")

    def on_mount(self) -> None:
        if self.config is not None and self.config.theme:
            self.theme = self.config.theme
        self.query_one(PaneTabs).select(self.initial_pane)
        search = self.query_one("#search", SearchBar)
        search.display = False
        # A steady cursor: no redraw traffic over slow links, and stable screenshots.
        search.cursor_blink = False
        self._show_header()
        if self.request is not None and not self._preloaded:
            self.query_one(LoadingBar).display = True
            self._load()
        else:
            self.query_one(LoadingBar).display = False
            self._set_dataset(self.dataset)
        self.screen.set_focus(self.current_pane.table)
        self._show_status()

    # -- panes --------------------------------------------------------------------------------
    @property
    def panes(self) -> list[TablePane]:
        """All four panes."""
        return list(self.query(TablePane))

    def pane(self, pane_id: str) -> TablePane:
        """The pane called ``pane_id``."""
        return self.query_one(f"#{pane_id}", TablePane)

    @property
    def current_pane(self) -> TablePane:
        """The pane on screen."""
        current = self.query_one(ContentSwitcher).current or self.initial_pane
        return self.pane(current)

    def action_show_pane(self, pane_id: str) -> None:
        """1 2 3 4: switch pane."""
        self._keys_go_elsewhere()
        self.show_pane(pane_id)

    def show_pane(self, pane_id: str) -> None:
        """Switch to the pane called ``pane_id``."""
        if pane_id not in PANES:
            return
        self.query_one(ContentSwitcher).current = pane_id
        self.query_one(PaneTabs).select(pane_id)
        self._close_search_line()
        self.screen.set_focus(self.current_pane.table)
        self._show_status()

    @on(PaneTab.Chosen)
    def _tab_clicked(self, event: PaneTab.Chosen) -> None:
        self.show_pane(event.pane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dialog on top owns the keyboard; the panes wait underneath.
        return not (action in _PANE_ACTIONS and isinstance(self.screen, ModalScreen))

    def _keys_go_elsewhere(self) -> None:
        """Step aside (the key goes on to the focused widget) while text is being typed or a
        dialog is open."""
        if isinstance(self.screen, ModalScreen) or isinstance(self.focused, Input):
            raise SkipAction()

    async def action_quit(self) -> None:
        """q: quit."""
        self._keys_go_elsewhere()
        await super().action_quit()

    def action_table(self, action: str) -> None:
        """Movement keys and Enter: act on the current pane's table."""
        self._keys_go_elsewhere()
        getattr(self.current_pane.table, f"action_{action}")()

    def action_pane(self, action: str) -> None:
        """Keys of one pane (v, r, p, ...): act on it when it is the current pane."""
        self._keys_go_elsewhere()
        method = getattr(self.current_pane, f"action_{action}", None)
        if method is None:
            raise SkipAction()
        method()

    # -- data ---------------------------------------------------------------------------------
    def _set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        for pane in self.panes:
            pane.set_dataset(dataset)
        self._show_header()

    def _show_header(self) -> None:
        self.query_one(HeaderBar).show(
            (self.dataset.summary(), self.dataset.summary(detailed=False)), printable(self.origin)
        )

    @work(thread=True, exclusive=True, group="load", name="load reports")
    def _load(self) -> None:
        """Read the requested reports one by one; each one shows as soon as it is ready."""
        from detainer_tui.store import iter_load

        assert self.request is not None

        bar = self.query_one(LoadingBar)

        def progress(fraction: float, message: str) -> None:
            self.call_from_thread(bar.progress, fraction, message)

        # This is the edge for loading: whatever goes wrong is shown as a problem line and
        # the explorer stays open on what did load.
        try:
            for item in iter_load(self.request, progress):
                self.call_from_thread(self._arrived, item)
        except DetainerError as error:
            self.call_from_thread(self._arrived, error)
        except Exception as error:
            # iter_load is a generator: once it raises it is finished, so the inputs after
            # this one are not read.
            self.call_from_thread(self._problem, f"loading stopped: {_describe(error)}", False)
        self.call_from_thread(self._loaded)

    def _arrived(self, item: Report | DetainerError) -> None:
        """Gather what the loader delivers; the tables are rebuilt once per short batch.

        Reports from the cache arrive in quick succession, and rebuilding every pane for each
        of them would cost time that grows with the number of reports already open.
        """
        self._arrivals.append(item)
        if len(self._arrivals) == 1:
            self.set_timer(ARRIVAL_BATCH_SECONDS, self._show_arrivals)

    def _show_arrivals(self) -> None:
        """Add the gathered reports (and inputs that could not be opened), then show them."""
        from detainer_tui.store import is_warning

        items, self._arrivals = self._arrivals, []
        if not items:
            return
        dataset = self.dataset
        for item in items:
            try:
                if isinstance(item, Report):
                    dataset = dataset.with_report(item)
                    continue
                line, warning = printable(str(item)), is_warning(item)
            except Exception as error:  # one input fails: say so, go on
                line, warning = printable(_unexpected(item, error)), False
            self.notify(line, severity="warning" if warning else "error", markup=False)
            dataset = dataset.with_problem(line)
        self._set_dataset(dataset)

    def _problem(self, message: str, warning: bool) -> None:
        """Notify and list an input that could not be opened (one printable line)."""
        self._show_arrivals()
        line = printable(message)
        self.notify(line, severity="warning" if warning else "error", markup=False)
        self._set_dataset(self.dataset.with_problem(line))

    def _loaded(self) -> None:
        self._show_arrivals()
        self.query_one(LoadingBar).display = False
        if not self.dataset.reports:
            self.notify("No report could be opened.", severity="error", markup=False)
        self._loading = False
        self._maybe_prepare_search()

    def _maybe_prepare_search(self) -> None:
        """Once every pane shows the loaded dataset, build its search text in the background.

        Waiting until then keeps that work from slowing down the first paint.
        """
        dataset = self.dataset
        if self._loading or self._prepared is dataset:
            return
        if all(pane.view is not None and pane.dataset is dataset for pane in self.panes):
            self._prepared = dataset
            self.call_after_refresh(self._prepare_search, dataset)

    @work(thread=True, group="prepare", name="prepare search")
    def _prepare_search(self, dataset: Dataset) -> None:
        """Build the search text of the long tables now, so the first search is quick."""
        dataset.records.search_text()
        dataset.policies.search_text()

    # -- status -------------------------------------------------------------------------------
    @on(TablePane.StatusChanged)
    def _pane_changed(self, event: TablePane.StatusChanged) -> None:
        self._show_status()
        self._maybe_prepare_search()

    def _show_status(self) -> None:
        self.query_one(StatusBar).show(self.current_pane.status_parts())

    # -- search ---------------------------------------------------------------------------------
    def action_search(self) -> None:
        """/: search the current pane."""
        self._keys_go_elsewhere()
        self.open_search()

    def open_search(self) -> None:
        """Open the search line on the current pane's search."""
        search = self.query_one("#search", SearchBar)
        search.value = self.current_pane.query_state.search
        search.display = True
        # Focus now rather than after this message: keys typed right after "/" (a fast
        # typist, a paste over a slow link) are already queued and must reach the search.
        self.screen.set_focus(search)
        search.cursor_position = len(search.value)

    @on(SearchBar.Changed, "#search")
    def _search_typed(self, event: SearchBar.Changed) -> None:
        if event.input.display:
            self.current_pane.search(event.value)

    @on(SearchBar.Submitted, "#search")
    def _search_done(self, event: SearchBar.Submitted) -> None:
        self._finish_search(event.value)

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self._cancel_search()

    def _finish_search(self, text: str) -> None:
        """Enter: back to the table, the filter kept."""
        self.current_pane.search(text)
        self._close_search_line()
        self.screen.set_focus(self.current_pane.table)

    def _cancel_search(self) -> None:
        """Escape: back to the table, the search cleared."""
        self._close_search_line()
        self.current_pane.search("")
        self.screen.set_focus(self.current_pane.table)

    def _close_search_line(self) -> None:
        self.query_one("#search", SearchBar).display = False

    def action_clear(self) -> None:
        """Escape: clear the search, else the drill-down filter."""
        self._keys_go_elsewhere()
        self.clear_current()

    def clear_current(self) -> None:
        """Clear the current pane's search, else its drill-down filter."""
        self.current_pane.clear()

    # -- sort ---------------------------------------------------------------------------------
    def action_sort(self) -> None:
        """s: sort by the column under the cursor; again to reverse."""
        self._keys_go_elsewhere()
        self.current_pane.sort_by_cursor()

    # -- drill-down and detail ------------------------------------------------------------------
    def drill_records(self, drill: Drill) -> None:
        """Show the records behind a ranking row."""
        self.show_pane("records")
        self.pane("records").drill(drill)

    def jump_to_policy(self, record: dict[str, Any]) -> None:
        """Show the policy of a record's jurisdiction, if one is listed."""
        drill = self.dataset.policy_drill(record.get(schema.JURISDICTION), record.get(schema.STATE))
        self._show_policy_drill(record, drill)

    def _show_policy_drill(self, record: dict[str, Any], drill: Drill | None) -> None:
        """Show the policies of ``drill`` (the record's), or say that none is listed."""
        if drill is None:
            place = ", ".join(
                v for v in (record.get(schema.JURISDICTION), record.get(schema.STATE)) if v
            )
            self.notify(f"No policy listed for {place}.", markup=False)
            return
        self.show_pane("policies")
        self.pane("policies").drill(drill)

    def show_record(self, record: dict[str, Any]) -> None:
        """A record in full; p there jumps to its jurisdiction's policy."""
        fields = [
            (LABELS[schema.STATE], record.get(schema.STATE)),
            (LABELS[schema.JURISDICTION], record.get(schema.JURISDICTION)),
            (LABELS[schema.FACILITY], record.get(schema.FACILITY)),
            (LABELS[schema.CITIZENSHIP], record.get(schema.CITIZENSHIP)),
            ("Notable criminal activity", record.get(schema.CRIMINAL_ACTIVITY)),
            ("Detainer issued", record.get(schema.DETAINER_ISSUED)),
            ("Detainer declined", record.get(schema.DETAINER_DECLINED)),
            (LABELS[REPORT], record.get(REPORT)),
            ("Source page", record.get(schema.SOURCE_PAGE)),
        ]
        policy = self.dataset.policy_drill(
            record.get(schema.JURISDICTION), record.get(schema.STATE)
        )
        has_policy = policy is not None
        footer = (
            "p  jurisdiction's policy   Esc  close"
            if has_policy
            else "No policy listed for this jurisdiction.   Esc  close"
        )

        def closed(result: str | None) -> None:
            if result == "policy":
                # The lookup made for the footer answers p too: no second query.
                self._show_policy_drill(record, policy)

        self.push_screen(
            DetailScreen("Declined detainer", _texts(fields), footer=footer, policy=has_policy),
            closed,
        )

    def show_policy(self, row: dict[str, Any]) -> None:
        """A policy in full."""
        fields = [(LABELS[schema.POLICY], row.get(schema.POLICY))]
        self.push_screen(
            DetailScreen(policy_heading(row), _texts(fields), footer="Esc  close", policy=False)
        )

    def show_report(self, row: dict[str, Any]) -> None:
        """A report's file, totals and every diagnostic."""
        index = row[REPORT_INDEX]
        report = self.dataset.reports[index]
        info = schema.conform(report.reports, schema.REPORTS).row(0, named=True)
        fields = [
            (LABELS[schema.SOURCE_FILE], info[schema.SOURCE_FILE]),
            (LABELS[PERIOD], period_label(info[schema.REPORT_START], info[schema.REPORT_END])),
            (LABELS[schema.PAGES], info[schema.PAGES]),
            (LABELS[schema.DETAINERS_ISSUED_TOTAL], info[schema.DETAINERS_ISSUED_TOTAL]),
            (LABELS[schema.DECLINED_COUNT], info[schema.DECLINED_COUNT]),
            (LABELS[schema.SHA256], info[schema.SHA256]),
            (LABELS[schema.PARSER_VERSION_COL], info[schema.PARSER_VERSION_COL]),
        ]
        diagnostics = self.dataset.diagnostics(index)
        fields.extend((f"Diagnostic {n}", d) for n, d in enumerate(diagnostics, start=1))
        if not diagnostics:
            fields.append(("Diagnostics", "none"))
        self.push_screen(
            DetailScreen(
                row.get(FILE) or "Report", _texts(fields), footer="Esc  close", policy=False
            )
        )

    # -- export ---------------------------------------------------------------------------------
    def action_export(self) -> None:
        """e: write the current view (as filtered and sorted) to CSV, JSON or Parquet."""
        self._keys_go_elsewhere()
        self.export_view()

    def export_view(self) -> None:
        """Ask for a format and path, then write the current pane's rows as shown."""
        pane = self.current_pane
        frame = pane.export_frame()
        if frame is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        folder = (self.config.export_dir if self.config is not None else None) or Path.cwd()

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._write_export(frame, request)

        self.push_screen(ExportScreen(pane.title, frame.height, folder, pane.export_name()), chosen)

    @work(thread=True, group="export", name="export")
    def _write_export(self, frame: Any, request: ExportRequest) -> None:
        from detainer_tui.export import write_frame

        try:
            request.path.parent.mkdir(parents=True, exist_ok=True)
            write_frame(frame, request.fmt, request.path)
        except DetainerError as error:
            self.call_from_thread(
                self.notify, printable(str(error)), severity="error", markup=False
            )
            return
        except OSError as error:
            message = f"{request.path}: cannot write ({error.strerror or error})"
            self.call_from_thread(self.notify, printable(message), severity="error", markup=False)
            return
        noun = "row" if frame.height == 1 else "rows"
        self.call_from_thread(
            self.notify,
            printable(f"Wrote {frame.height:,} {noun} to {request.path}"),
            markup=False,
        )

    # -- help and commands ----------------------------------------------------------------------
    def action_help(self) -> None:
        """?: every key, per pane."""
        self._keys_go_elsewhere()
        self.show_help()

    def show_help(self) -> None:
        """The help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action, by name, for the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        for key, pane in keymap.PANE_KEYS.items():
            yield SystemCommand(
                f"Show {pane.capitalize()}",
                f"Switch to the {pane} pane (key {key})",
                lambda pane=pane: self.show_pane(pane),
            )
        yield SystemCommand("Search", "Filter the current pane's rows (/)", self.open_search)
        yield SystemCommand(
            "Sort by column",
            "Sort by the column under the cursor (s)",
            lambda: self.current_pane.sort_by_cursor(),
        )
        yield SystemCommand(
            "Clear search or filter",
            "Drop the search, else the drill-down (Esc)",
            self.action_clear,
        )
        yield SystemCommand(
            "Open row", "Detail of the row, or drill down from a ranking (Enter)", self._activate
        )
        yield SystemCommand(
            "Export view", "Write the rows shown to CSV, JSON or Parquet (e)", self.export_view
        )
        yield SystemCommand(
            "Jurisdiction's policy",
            "Jump from a record to its jurisdiction's policy (p, Records)",
            self._policy_of_current_record,
        )
        for source in RANKING_SOURCES:
            yield SystemCommand(
                f"Rankings: {source.title}",
                "What the Rankings pane ranks (v / V)",
                lambda source=source: self._rank(source=source),
            )
        yield SystemCommand(
            "Rankings: all reports",
            "Sum every open report and rank afresh (r / R)",
            lambda: self._rank(report=None),
        )
        for index, label in enumerate(self.dataset.labels):
            yield SystemCommand(
                f"Rankings: {label}",
                "Rank this report alone (r / R)",
                lambda index=index: self._rank(report=index),
            )
        yield SystemCommand("Help", "Every key, per pane (?)", self.show_help)

    def _activate(self) -> None:
        self.current_pane.table.action_activate()

    def _policy_of_current_record(self) -> None:
        row = self.pane("records").current_row()
        if row is not None:
            self.jump_to_policy(row)

    def _rank(self, **choice: Any) -> None:
        self.show_pane("rankings")
        self.query_one(RankingsPane).choose(**choice)


def _describe(error: Exception) -> str:
    """``KeyError: 'x'``: an unexpected error's kind and message, for one problem line."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _unexpected(item: Report | DetainerError, error: Exception) -> str:
    """The problem line for an input that was read but could not be shown."""
    if isinstance(item, Report):
        files = item.reports.get_column(schema.SOURCE_FILE, default=None)
        name = Path(files[0] or "").name if files is not None and len(files) else ""
        return f"{name or 'a report'}: cannot be shown ({_describe(error)})"
    return f"{item} ({_describe(error)})"


def _texts(fields: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [(label, "" if value is None else str(value)) for label, value in fields]


def run_explorer(request: OpenRequest) -> int:
    """Open the explorer on ``request``, loading it in the background; the exit status."""
    from detainer_tui.config import load_config

    # Tables print counts with the user's thousands separator (3,083), which needs the
    # locale from the environment; a locale the system lacks leaves plain digits.
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_NUMERIC, "")
    app = DetainerApp(request=request, config=load_config())
    app.run()
    return app.return_code or 0
