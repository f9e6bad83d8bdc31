"""Every key binding of the explorer, in one place.

The help screen (``help.md``) documents these; a test checks that every key listed here is
described there.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

PANE_KEYS: dict[str, str] = {
    "1": "rankings",
    "2": "records",
    "3": "policies",
    "4": "reports",
}
"""Key -> pane id."""

APP: list[BindingType] = [
    *[
        Binding(key, f"show_pane('{pane}')", pane.capitalize(), show=False)
        for key, pane in PANE_KEYS.items()
    ],
    Binding("slash", "search", "Search", show=False),
    Binding("s", "sort", "Sort", show=False),
    Binding("e", "export", "Export", show=False),
    Binding("question_mark", "help", "Help", show=False),
    Binding("escape", "clear", "Clear search / filter", show=False),
    Binding("q", "quit", "Quit", show=False),
]
"""Keys that work on every pane."""

TABLE: list[BindingType] = [
    Binding("enter", "activate", "Open / drill down", show=False),
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
    Binding("h", "cursor_left", "Left", show=False),
    Binding("l", "cursor_right", "Right", show=False),
]
"""Moving around a table, in addition to the arrows, PageUp/PageDown, Home/End."""

RANKINGS: list[BindingType] = [
    Binding("v", "next_source", "Next ranking", show=False),
    Binding("V", "previous_source", "Previous ranking", show=False),
    Binding("r", "next_report", "Next report", show=False),
    Binding("R", "previous_report", "Previous report", show=False),
]
"""Rankings pane: what is ranked, and for which report."""

RECORDS: list[BindingType] = [
    Binding("p", "policy", "Jurisdiction's policy", show=False),
]
"""Records pane: jump to the highlighted record's jurisdiction policy."""

SEARCH: list[BindingType] = [
    Binding("escape", "cancel", "Clear search", show=False),
]
"""The search line: Enter keeps the filter, Escape clears it."""

MODAL: list[BindingType] = [
    Binding("escape", "close", "Close", show=False),
    Binding("q", "close", "Close", show=False),
]
"""Help and detail views close with Escape or q."""

DETAIL: list[BindingType] = [
    *MODAL,
    Binding("enter", "close", "Close", show=False),
    Binding("p", "policy", "Jurisdiction's policy", show=False),
]
"""A record's detail view."""
