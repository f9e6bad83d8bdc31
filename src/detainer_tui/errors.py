"""Errors a user can cause, each with a message written for that user.

They are raised where the problem is found and caught once, at the edge (CLI or app), which
prints ``str(error)``: one line, no traceback.
"""

from __future__ import annotations

from pathlib import Path


class DetainerError(Exception):
    """Base class for every error whose message is meant for the user."""


class UnreadableReport(DetainerError):
    """A file that could not be read as a Declined Detainer Outcome Report."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UsageError(DetainerError):
    """A command-line or configuration mistake; the CLI exits with status 2."""
