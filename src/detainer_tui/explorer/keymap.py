"""Every key binding of the explorer, in one place.

All of them are the app's priority bindings, so each key is handled the moment it arrives,
in the order typed. That matters over a slow link, where several keys come at once: in
"/travis", the "/" must open the search line before "travis" is delivered, and in "ls" the
cursor must move before the sort. While the search line or a dialog has the keyboard, these
actions step aside and the key goes there instead. The help screen (``help.md``) documents
every key here; a test checks that.
"""

from __future__ import annotations

from textual.binding import Binding

PANE_KEYS: dict[str, str] = {
    "1": "rankings",
    "2": "records",
    "3": "policies",
    "4": "reports",
}
"""Key -> pane id."""


def _key(key: str, action: str, description: str) -> Binding:
    return Binding(key, action, description, show=False, priority=True)


APP: list[Binding] = [
    *[_key(key, f"show_pane('{pane}')", pane.capitalize()) for key, pane in PANE_KEYS.items()],
    _key("slash", "search", "Search"),
    _key("s", "sort", "Sort"),
    _key("e", "export", "Export"),
    _key("question_mark", "help", "Help"),
    _key("escape", "clear", "Clear search / filter"),
    _key("q", "quit", "Quit"),
]
"""Keys that work on every pane."""


def _table(key: str, action: str, description: str) -> Binding:
    return _key(key, f"table('{action}')", description)


TABLE: list[Binding] = [
    _table("enter", "activate", "Open / drill down"),
    _table("j", "cursor_down", "Down"),
    _table("down", "cursor_down", "Down"),
    _table("k", "cursor_up", "Up"),
    _table("up", "cursor_up", "Up"),
    _table("h", "cursor_left", "Left"),
    _table("left", "cursor_left", "Left"),
    _table("l", "cursor_right", "Right"),
    _table("right", "cursor_right", "Right"),
    _table("g", "scroll_home", "Top"),
    _table("home", "scroll_home", "Top"),
    _table("G", "scroll_end", "Bottom"),
    _table("end", "scroll_end", "Bottom"),
    _table("pageup", "page_up", "Page up"),
    _table("pagedown", "page_down", "Page down"),
]
"""Moving around the current pane's table."""


def _pane(key: str, action: str, description: str) -> Binding:
    return _key(key, f"pane('{action}')", description)


RANKINGS: list[Binding] = [
    _pane("v", "next_source", "Next ranking"),
    _pane("V", "previous_source", "Previous ranking"),
    _pane("r", "next_report", "Next report"),
    _pane("R", "previous_report", "Previous report"),
]
"""Rankings pane: what is ranked, and for which report."""

RECORDS: list[Binding] = [
    _pane("p", "policy", "Jurisdiction's policy"),
]
"""Records pane: jump to the highlighted record's jurisdiction policy."""

ALL: list[Binding] = [*APP, *TABLE, *RANKINGS, *RECORDS]
"""The app's bindings."""

SEARCH: list[Binding] = [
    Binding("escape", "cancel", "Clear search", show=False),
]
"""The search line: Enter keeps the filter, Escape clears it."""

MODAL: list[Binding] = [
    Binding("escape", "close", "Close", show=False),
    Binding("q", "close", "Close", show=False),
]
"""Help and detail views close with Escape or q."""

DETAIL: list[Binding] = [
    *MODAL,
    Binding("enter", "close", "Close", show=False),
    Binding("p", "policy", "Jurisdiction's policy", show=False),
]
"""A record's detail view."""
