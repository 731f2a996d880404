"""The exceptions of veto_sim: one class per kind of the library's errors.

The message of each is what the ``veto-sim`` command prints after ``error: ``. The command
line exits with code 2 for :class:`InputError` and :class:`UsageError`, 1 for the others.
"""

from __future__ import annotations


class Error(Exception):
    """Any error of veto-sim."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(Error):
    """An input is wrong: a file, a field, a value. ``file`` names the file (or a label such
    as ``<yaml>`` for YAML given as a string, ``<dict>`` for a dict); ``line``, ``column``
    (1-based) and ``key`` say where in it, when known."""

    def __init__(
        self,
        message: str,
        file: str,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.key = key


class UsageError(Error):
    """The options ask for something that cannot be done (an unknown reform, a bad count,
    two options that exclude each other)."""


class IoError(Error):
    """Reading or writing a file failed; ``path`` names it."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class RuntimeFailure(Error):
    """A computation failed for a reason other than bad input."""


__all__ = ["Error", "InputError", "UsageError", "IoError", "RuntimeFailure"]
