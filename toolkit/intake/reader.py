"""Reading a received workbook's cells in a sandboxed worker process that cannot hurt the caller.

The cells are read by :mod:`toolkit.intake.xlsx` within bounds taken from the expected layout
(:class:`~toolkit.intake.config.Limits`), never from the dimension a sheet declares.  The reading
happens in worker processes (:mod:`toolkit.intake.sandbox`), forked once per batch where the
platform forks, spawned elsewhere, each under the memory limit its platform allows; the caller
gives each file a wall-clock deadline.  A file that exhausts memory, hangs or crashes the worker
is reported as a finding, the worker is replaced and the batch goes on.

What comes back is plain data: every cell as text, formulas as their own text (never evaluated).
A caller may give the workers a ``check`` to run on those cells where they were read (intake
validates there, so that the files of a batch are read and checked side by side); its answer,
plain data too, comes back instead of the cells, and an exception in it is reported, not raised.
This module holds what the caller sees (:class:`Workbook`, :func:`decode`) and the reading itself
(:func:`read_plain`), and offers the sandbox's :class:`Sandbox` and :class:`SandboxPool`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers.expat import errors as expat_errors

from toolkit.errors import Finding
from toolkit.intake.config import Limits
from toolkit.intake.findings import finding
from toolkit.intake.layout import CHAPTER_PREFIX, COVER_SHEET, METADATA_SHEET, chapter_sheet
from toolkit.intake.sandbox import Sandbox, SandboxPool, start_method
from toolkit.intake.worker import Check, internal_result
from toolkit.intake.xlsx import read_cells

__all__ = [
    "Check",
    "Row",
    "Sandbox",
    "SandboxPool",
    "Sheet",
    "Workbook",
    "checked",
    "decode",
    "read_plain",
    "read_workbook",
    "start_method",
    "wanted",
]

Row = tuple[str | None, ...]
RESAVE = "Open the file in Excel or LibreOffice, save it again as .xlsx and send the new file."
READ_SHEETS = frozenset({METADATA_SHEET, COVER_SHEET, chapter_sheet("")})


def wanted(name: str) -> bool:
    """Whether intake reads a sheet's cells: the metadata and chapter sheets (others: names)."""
    return name in READ_SHEETS or name.startswith(CHAPTER_PREFIX)


@dataclass(frozen=True)
class Sheet:
    """The cells of one worksheet within the bounds, as text."""

    name: str
    state: str
    """``visible``, ``hidden`` or ``veryHidden``."""
    rows: tuple[Row, ...]
    """Row 1 first; trailing empty cells dropped; ``None`` for an empty cell."""
    formulas: frozenset[str]
    """Coordinates (``D7``) of cells that hold a formula; their text is the formula."""
    beyond_bounds: bool = False
    """The sheet has cells outside the bounds read (they were not read)."""
    read: bool = True
    """Whether the cells were read (only the metadata and chapter sheets are)."""

    def cell(self, row: int, column: int) -> str | None:
        """The text of a cell (1-based row and column), ``None`` when empty or not read."""
        if 0 < row <= len(self.rows) and 0 < column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


@dataclass(frozen=True)
class Workbook:
    """What the reader found in a file: its sheets in order."""

    sheets: tuple[Sheet, ...]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Defined names of single cells: ``FocalPoint1`` -> ``("Cover", "B20")``."""

    def sheet(self, name: str) -> Sheet | None:
        """The sheet with this exact name, if any."""
        return next((s for s in self.sheets if s.name == name), None)


def read_workbook(
    path: Path, name: str, limits: Limits, *, sandbox: Sandbox | bool = True
) -> Workbook | Finding:
    """The cells of ``path`` (or the finding saying why it cannot be read): in a sandboxed
    worker (the one given, or one of its own), or in this process when ``sandbox`` is False."""
    if sandbox is False:
        return decode(read_plain(path, limits), name)
    if isinstance(sandbox, Sandbox):
        return decode(sandbox.read(path), name)
    with Sandbox(limits) as own:
        return decode(own.read(path), name)


def read_plain(path: Path, limits: Limits) -> dict[str, Any]:
    """Read the workbook in this process; any failure becomes a result, never an exception."""
    try:
        sheets, names = read_cells(path, limits, wanted)
        return {"ok": True, "sheets": sheets, "names": names}
    except MemoryError:
        return {"ok": False, "kind": "memory"}
    except Exception as error:
        if getattr(error, "code", None) == _EXPAT_NO_MEMORY:  # expat ran out, not Python
            return {"ok": False, "kind": "memory"}
        return {"ok": False, "kind": "parse", "detail": type(error).__name__}


_EXPAT_NO_MEMORY = expat_errors.codes[expat_errors.XML_ERROR_NO_MEMORY]
"""The code of the XML parser's error when an allocation fails (a ParseError, not a
MemoryError: which of the two a hungry file meets depends on the worker's free memory)."""


def checked(result: dict[str, Any], name: str, check: Check | None) -> dict[str, Any]:
    """The answer of ``check`` on a read file's cells (failures of reading pass through)."""
    if check is None or not result.get("ok"):
        return result
    try:
        return check(result, name)
    except MemoryError:
        return {"ok": False, "kind": "memory"}
    except Exception as error:  # a bug of the check: the caller reports it, the batch goes on
        return internal_result(error)


def decode(result: dict[str, Any], name: str) -> Workbook | Finding:
    """The workbook a worker's result describes, or the finding for a file it could not read."""
    if not result.get("ok"):
        return _failure(result.get("kind", "crash"), str(result.get("detail", "")), name)
    sheets = tuple(
        Sheet(
            name=str(sheet["name"]),
            state=str(sheet["state"]),
            rows=tuple(tuple(row) for row in sheet["rows"]),
            formulas=frozenset(sheet["formulas"]),
            beyond_bounds=bool(sheet["beyond"]),
            read=bool(sheet["read"]),
        )
        for sheet in result["sheets"]
    )
    names = {str(k): (str(v[0]), str(v[1])) for k, v in result.get("names", {}).items()}
    return Workbook(sheets, names)


def _failure(kind: str, detail: str, name: str) -> Finding:
    if kind == "memory":
        message = "Reading the workbook needed far more memory than a questionnaire does."
        return finding("too-large", "error", name, message, RESAVE)
    if kind == "time":
        message = "Reading the workbook took far longer than a questionnaire takes."
        return finding("too-slow", "error", name, message, RESAVE)
    if detail == "ForbiddenXMLError":
        message = (
            "The workbook contains XML constructs that spreadsheet programs do not write "
            "(a document type declaration, where XML entity declarations live, or a text "
            "encoding other than UTF-8); it was not opened."
        )
        return finding("xml-entities", "error", name, message, RESAVE)
    if detail == "TooManyError":
        message = (
            "The workbook lists far more sheets, names or styles than a questionnaire has; "
            "it was not read."
        )
        return finding("too-large", "error", name, message, RESAVE)
    if detail == "CellTooLongError":
        message = "A cell holds far more text than a spreadsheet cell can (over a million)."
        return finding("cell-too-long", "error", name, message, "Shorten the text and resend.")
    message = "The workbook could not be read: its content is damaged or not as Excel writes it."
    return finding("unreadable", "error", name, message, RESAVE)
