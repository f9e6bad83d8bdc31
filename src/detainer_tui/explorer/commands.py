"""The command palette's commands, their names shown as plain text.

Textual's own provider reads command names and help as content markup. Some names here come
from file names (``Rankings: Jan 28–Feb 3, 2017 · [bold]x.pdf``), so they are handed to the
palette as ``Content`` built from the plain string: shown as typed, never parsed.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Matcher
from textual.content import Content
from textual.system_commands import SystemCommandsProvider


class LiteralCommands(SystemCommandsProvider):
    """``App.get_system_commands`` for the palette, with every name and help text literal."""

    async def discover(self) -> Hits:
        """Every discoverable command, by name."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                yield DiscoveryHit(
                    Content(command.title),
                    command.callback,
                    text=command.title,
                    help=Content(command.help),  # type: ignore[arg-type]
                )

    async def search(self, query: str) -> Hits:
        """The commands whose names fuzzily match ``query``, matched letters highlighted."""
        matcher = self.matcher(query)
        for command in self.app.get_system_commands(self.screen):
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, command.title),
                    command.callback,
                    text=command.title,
                    help=Content(command.help),  # type: ignore[arg-type]
                )


def highlight(matcher: Matcher, name: str) -> Content:
    """``name`` as plain text with the letters ``matcher`` matched highlighted.

    ``Matcher.highlight`` would parse ``name`` as markup first.
    """
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
