"""What a view's screen (a worked-out table, a chart, the map) was worked out from."""

from __future__ import annotations


class BuiltOn:
    """A view's screen: it knows what it counts."""

    built_on: object = None
    """The dataset its rows or counts come from (the reports read when it opened), set when
    it is shown (``views._show``): once every report is read the main screen says if it is
    not the last, and its exports say what they leave out."""
