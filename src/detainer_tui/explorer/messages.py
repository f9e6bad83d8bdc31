"""What the panes and bars ask of the main screen, as Textual messages.

Panes never call the app or the screen: they post one of these, and ``MainScreen`` (which owns
the panes) handles it. A new kind of request is a new message here and one handler there.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from detainer_tui.dataset import Detail, Drill, RankingSource


class StatusChanged(Message):
    """A pane's rows, search, sort or filter changed: the status bar should follow."""


class PaneChosen(Message):
    """Show the pane called ``pane`` (a click on its tab)."""

    def __init__(self, pane: str) -> None:
        super().__init__()
        self.pane = pane


class ShowRecords(Message):
    """Show the Records pane filtered to ``drill`` (the records behind a ranking row), and
    ``note`` if there is something to say about them."""

    def __init__(self, drill: Drill, note: str = "") -> None:
        super().__init__()
        self.drill = drill
        self.note = note


class ShowPolicies(Message):
    """Show the Policies pane filtered to ``drill``, or say ``place`` has none listed."""

    def __init__(self, drill: Drill | None, place: str) -> None:
        super().__init__()
        self.drill = drill
        self.place = place


class ShowDetail(Message):
    """Show a row in full (``row``: its columns, for its mark and note)."""

    def __init__(self, detail: Detail, row: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.row = row


class ShowWeekOverWeek(Message):
    """Show ``source`` (a ranking) week over week."""

    def __init__(self, source: RankingSource) -> None:
        super().__init__()
        self.source = source


class GoToMarked(Message):
    """Show the marked or noted row stored under ``key`` in its own pane."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    class Changed(Message):
        """Marks or notes changed (from the Triage pane): every pane shows them afresh."""


class Notice(Message):
    """Say ``text`` for a moment (what was copied, that there is nothing to undo)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
