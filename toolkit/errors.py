"""Errors as data: every problem the toolkit reports carries a code and a location.

A user mistake (a malformed source text, a bad cycle file, a broken workbook) becomes a
:class:`Finding` with the file, sheet, cell or line, what was expected and how to fix it.
Only :class:`ToolkitError` (or a subclass) ever reaches the command line, where it is printed
without a traceback and the command exits with status 1 (2 for usage errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Self

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a finding is: a file and, as far as known, its line, sheet, cell or key."""

    file: str
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        # A Path given by mistake must not break the message, nor a received file's name the
        # terminal (an escape sequence or a bidi override in it is shown as an escape).
        parts = [printable(str(self.file))]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.key is not None:
            parts.append(f"key {self.key!r}")
        return ", ".join(parts)


def printable(text: str) -> str:
    """``text`` with the characters a terminal would act on or hide (controls, bidi
    overrides, line separators) written as Python escapes: ``\\x1b``, ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Finding:
    """One problem found in an input, in words the person who must fix it understands."""

    code: str
    """Stable machine-readable code (``source.article-missing``, ``intake.answer-vocabulary``)."""
    severity: Severity
    message: str
    """What is wrong."""
    location: Location
    hint: str = ""
    """What to do about it."""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return f"{text} [{self.code}]"


class ToolkitError(Exception):
    """A problem with the user's input or configuration; printed without a traceback."""

    exit_code = 1

    def __init__(self, *findings: Finding) -> None:
        if not findings:
            raise ValueError("a ToolkitError needs at least one finding")
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))

    @classmethod
    def at(cls, code: str, location: Location, message: str, hint: str = "") -> Self:
        """Build the error for a single finding."""
        return cls(Finding(code, "error", message, location, hint))


class SourceError(ToolkitError):
    """The instrument text cannot be parsed (empty, binary, malformed numbering...)."""


class ConfigError(ToolkitError):
    """A data file the secretariat maintains (registry, cycle, overrides) is invalid."""


class UsageError(ToolkitError):
    """The command was called wrongly."""

    exit_code = 2
