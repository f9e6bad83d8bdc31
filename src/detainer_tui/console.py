"""What the command line says on stderr: one line per problem or note, always printable.

Every ``DetainerError`` a command reports is printed by ``problem``, so the form of the line
(``detainer-tui: error: FILE: reason``) is decided here only.
"""

from __future__ import annotations

import sys

from detainer_tui.errors import DetainerError, UsageError
from detainer_tui.text import printable

PROG = "detainer-tui"


def say(label: str, message: str) -> None:
    """Print ``detainer-tui: LABEL: MESSAGE`` on one line of stderr (``note``, ``error``...)."""
    print(f"{PROG}: {label}: {printable(message)}", file=sys.stderr)


def problem(error: DetainerError, *, label: str | None = None) -> None:
    """Print ``error`` as one line, labelled ``warning`` or ``error`` unless ``label`` is given.

    A usage error is printed without a label, after the manner of a command's usage message.
    """
    if label is None and isinstance(error, UsageError):
        print(f"{PROG}: {printable(str(error))}", file=sys.stderr)
        return
    say(label or ("warning" if error.warning else "error"), str(error))
