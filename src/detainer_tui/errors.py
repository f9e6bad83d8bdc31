"""Errors a user can cause, each with a message written for that user.

They are raised where the problem is found and caught once, at the edge: the command line
prints them with ``console.problem``, the explorer shows them as notifications. Either way
``str(error)`` is the message: one line, no traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar


class DetainerError(Exception):
    """Base class for every error whose message is meant for the user."""

    warning: ClassVar[bool] = False
    """A warning rather than a failure: the work went on and nothing was lost (say, the cache
    could not be written and reports were parsed instead)."""


class UnreadableReport(DetainerError):
    """A file that could not be read as a Declined Detainer Outcome Report."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UsageError(DetainerError):
    """A command-line or configuration mistake; the CLI exits with status 2."""
