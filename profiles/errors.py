"""Errors of speeddate, written for the organiser rather than the programmer.

:class:`ProfileError` carries *every* problem found in an input file at once,
each a :class:`Problem` naming the file, the line as the file shows it, the
column, the bad value and what was expected. The CLI prints them and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input file.

    Parameters
    ----------
    file : str
        Path of the file as the user gave it.
    line : int or None
        Line number as the file shows it (header = line 1); ``None`` for a
        problem with the whole file.
    column : str or None
        Column header as in the file (or the canonical field name).
    value : str or None
        The offending value, as read.
    message : str
        What is wrong and what is expected, as a plain sentence.

    Examples
    --------
    >>> str(Problem("a.csv", 3, "Orgnr", "123", "expected 9 digits"))
    "a.csv, line 3, column 'Orgnr': expected 9 digits (got '123')"
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + ": " + self.message
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f" (got {shown!r})"
        return text


class SpeeddateError(Exception):
    """Base class of the errors speeddate reports to the user."""


class ProfileError(SpeeddateError, ValueError):
    """One or more problems in a profiles file; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        super().__init__("\n".join([head] + [f"  - {p}" for p in self.problems]))


class ScheduleError(SpeeddateError, ValueError):
    """A schedule cannot be made or read; the message says why in plain words.

    ``problems`` holds one sentence per reason when there are several.
    """

    def __init__(self, message: str, problems: list[str] | tuple[str, ...] = ()):
        self.problems = tuple(problems)
        text = message
        if self.problems:
            text += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(text)


class OutputError(SpeeddateError):
    """An output cannot be written (exists without --force, or unsafe path)."""
