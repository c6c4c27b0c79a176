"""The cells of a worksheet, read row by row within the bounds while its part is parsed.

A sheet part is streamed through :func:`toolkit.intake.xmlpart.parse_part`: each row is placed
as soon as it ends and its elements are gone, the parse ends at the first row past
``max_rows`` (or at the end of the sheet's data), cells past ``max_columns`` are skipped without
keeping their text, and a cell's text stops being gathered the moment it passes
``max_cell_chars``.  So a sheet of a million rows costs what its first rows cost, and memory
holds the rows within the bounds, nothing more.  Cells are placed by their references: nothing is
padded, so a 5 KB sheet with cells at A1 and XFD1048576 costs nothing.

A cell holding a shared string keeps the string's index until the whole workbook's sheets are
read; then :func:`read_strings` gathers only the strings those cells use, and stops after the
last of them (:meth:`SheetReader.resolve`).  A huge shared-strings part is never held.
Values come back as the text a person sees; a formula as its own text, never evaluated.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import Any

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from toolkit.intake.xmlpart import StopParsing, name, parse_part

NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML
)
ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
"""OOXML's escape of characters XML cannot hold (``_x0007_``); ``_x005F_`` escapes ``_``."""
REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")
DIGITS = "0123456789"


def spreadsheet(local: str) -> frozenset[str]:
    """The names of a SpreadsheetML element, as parse handlers receive them (both namespaces)."""
    return frozenset(name(namespace, local) for namespace in NAMESPACES)


SHEET_DATA, ROW, CELL, VALUE, FORMULA, INLINE, TEXT, PHONETIC, ITEM = (
    spreadsheet(local) for local in ("sheetData", "row", "c", "v", "f", "is", "t", "rPh", "si")
)
# The elements a sheet's handlers act on, by a number (one lookup an element, then numbers
# compared).
C, V, F, IS, T, RPH, ROW_, DATA_ = range(1, 9)
CODES = {
    tag: code
    for code, tags in zip(
        (C, V, F, IS, T, RPH, ROW_, DATA_),
        (CELL, VALUE, FORMULA, INLINE, TEXT, PHONETIC, ROW, SHEET_DATA),
        strict=True,
    )
    for tag in tags
}


class MalformedError(ValueError):
    """A part is not what Excel writes (a missing part, a bad reference)."""


class CellTooLongError(ValueError):
    """A cell holds more characters than the limit."""


def unescape(text: str) -> str:
    """A cell's text with OOXML's ``_xHHHH_`` escapes replaced by the characters they stand for."""
    if "_x" not in text:
        return text
    text = ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    # The escapes are UTF-16 code units: a pair (``_xD83D__xDE00_``) is one character, and a
    # lone surrogate, which no text can hold (nor the store, nor a receipt), becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class SheetReader:
    """Reads the rows of a workbook's sheets within the bounds, one sheet part at a time."""

    def __init__(
        self,
        dates: Callable[[], frozenset[int]],
        date1904: bool,
        max_rows: int,
        max_columns: int,
        max_cell_chars: int,
    ) -> None:
        self._load_dates = dates
        self._dates: frozenset[int] | None = None
        """Styles showing dates, read from the styles part at the first styled number."""
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.max_cell_chars = max_cell_chars
        self.columns: dict[str, int] = {}
        """Column letters seen so far and their index (a cache: most cells repeat them)."""
        self.shared: list[tuple[list[Any], int, int]] = []
        """Cells holding a shared string: their row's list, their place in it, the index."""

    def read(self, archive: zipfile.ZipFile, part: str) -> dict[str, Any]:
        """``{"rows", "formulas", "beyond"}`` of one sheet part (see ``xlsx.read_cells``)."""
        rows: list[list[Any]] = []
        formulas: list[str] = []
        beyond = False
        # The handlers run for every element of every file: their state lives in these locals
        # (closures are the fastest names Python has) and each handler does one dict lookup.
        columns, shared, code_of = self.columns, self.shared, CODES.get
        max_rows, max_columns, max_cell_chars = self.max_rows, self.max_columns, self.max_cell_chars
        in_data = in_cell = phonetic = False
        cells: list[Any] | None = None
        number = column = size = 0
        kind = style = None
        # The pieces of text of the cell's elements (None while it has no such element), and
        # where character data goes now (None: nowhere) with the characters gathered so far.
        value: list[str] | None = None
        formula: list[str] | None = None
        inline: list[str] | None = None
        sink: list[str] | None = None

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal in_data, in_cell, phonetic, cells, number, column, size
            nonlocal kind, style, value, formula, inline, sink, beyond
            code = code_of(tag)
            if code is None:
                return
            if code == C:
                if cells is None:  # a cell outside any row
                    return
                reference = attrs.get("r")
                if reference:
                    column = columns.get(reference.rstrip(DIGITS)) or self._column(reference)
                else:
                    column += 1
                if column > max_columns:
                    beyond = True
                    in_cell = False
                    return
                in_cell = True
                kind, style = attrs.get("t"), attrs.get("s")
                value = formula = inline = None
            elif in_cell:
                if code == T:
                    if inline is not None and not phonetic:
                        sink = inline
                elif code == IS:
                    inline, size = [], 0
                elif code == V:
                    value = sink = []
                    size = 0
                elif code == F:
                    formula = sink = []
                    size = 0
                elif code == RPH:
                    phonetic = True
            elif code == ROW_:
                if in_data:
                    found = attrs.get("r")
                    number = int(found) if found else number + 1
                    if number < 1:
                        raise MalformedError(f"bad row number {number}")
                    if number > max_rows:
                        beyond = True
                        raise StopParsing
                    cells, column = [], 0
            elif code == DATA_:
                in_data = True

        def end(tag: str) -> None:
            nonlocal in_cell, phonetic, cells, sink
            code = code_of(tag)
            if code is None:
                return
            if code in (T, V, F):
                sink = None
            elif code == C:
                if not in_cell:
                    return
                in_cell = False
                assert cells is not None
                item: str | int | None
                if formula is not None or (kind != "inlineStr" and kind != "s"):
                    item = self._text(kind, style, value, formula)
                    if item is None:
                        return
                    if len(item) > max_cell_chars:  # "=" and a formula at the limit
                        raise CellTooLongError(f"row {number}, column {column}")
                elif kind == "inlineStr":  # its text was bounded as it came
                    if inline is None:
                        return
                    item = "".join(inline)
                    if "_x" in item:
                        item = unescape(item)
                elif value:  # a shared string's index, until the strings are read
                    item = int("".join(value))
                else:
                    return
                if column == len(cells) + 1:
                    cells.append(item)
                else:
                    cells.extend([None] * (column - len(cells)))
                    cells[column - 1] = item
                if formula is not None:
                    formulas.append(f"{get_column_letter(column)}{number}")
                elif kind == "s":
                    shared.append((cells, column - 1, item))  # type: ignore[arg-type]
            elif code == RPH:
                phonetic = False
            elif in_cell:
                return
            elif code == ROW_:
                if cells:
                    if number == len(rows) + 1:
                        rows.append(cells)
                    else:
                        rows.extend([] for _ in range(number - len(rows)))
                        rows[number - 1] = cells
                cells = None
            elif code == DATA_:
                raise StopParsing  # what follows (merged cells, validations) is not read

        def text(data: str) -> None:
            nonlocal size
            if sink is not None:
                size += len(data)
                if size > max_cell_chars:
                    raise CellTooLongError(f"row {number}, column {column}")
                sink.append(data)

        parse_part(archive, part, start, end, text)
        return {"rows": rows, "formulas": formulas, "beyond": beyond}

    def resolve(self, strings: dict[int, str]) -> None:
        """Put the shared strings (index -> text, as :func:`read_strings` gave them) in the
        cells that hold their index."""
        for cells, place, index in self.shared:
            if cells[place] == index:  # not replaced by a later cell of the same reference
                found = strings.get(index)
                if found is None:
                    raise MalformedError(f"shared string {index} does not exist")
                cells[place] = found
        self.shared.clear()

    def needed(self) -> frozenset[int]:
        """The indexes of the shared strings the cells read so far hold."""
        return frozenset(index for _, _, index in self.shared)

    def _column(self, reference: str) -> int:
        """The column of a cell reference whose letters were not seen yet (they are kept)."""
        match = REFERENCE.fullmatch(reference)
        if match is None:
            raise MalformedError(f"bad cell reference {reference[:20]!r}")
        column = self.columns[match.group(1)] = column_index_from_string(match.group(1))
        return column

    def _text(
        self,
        kind: str | None,
        style: str | None,
        value: list[str] | None,
        formula: list[str] | None,
    ) -> str | None:
        """What a formula, number, boolean or other non-string cell shows (None: empty)."""
        # An element without text counts as absent, as ElementTree (and openpyxl) read it.
        shown = "".join(value) if value else None
        if formula is not None:
            # A shared formula's other cells carry no text: keep what the cell shows.
            return "=" + "".join(formula) if formula else (shown or "")
        if shown is None:
            return None
        if kind == "str":
            return unescape(shown)
        if kind == "b":
            return "TRUE" if shown.strip() in ("1", "true") else "FALSE"
        if kind in ("e", "d"):
            return shown
        return self._number(shown, style)

    def _number(self, value: str, style: str | None) -> str:
        number = float(value)
        if style is not None and self._dates is None:
            self._dates = self._load_dates()
        if style is not None and int(style) in (self._dates or ()):
            try:
                return from_excel(number, self.epoch).isoformat()
            except (ValueError, OverflowError):
                return value
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)


def read_strings(
    archive: zipfile.ZipFile, part: str, needed: frozenset[int], max_cell_chars: int
) -> dict[int, str]:
    """The shared strings whose index is ``needed``; the parse ends after the last of them.

    A string item's text is its ``t`` and its runs' ``t``, phonetic hints left out; only the
    items needed are gathered, each up to ``max_cell_chars``.
    """
    last = max(needed, default=-1)
    found: dict[int, str] = {}
    index = -1
    wanted = phonetic = False
    texts: list[str] = []
    sink: list[str] | None = None
    size = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal index, wanted, phonetic, texts, sink, size
        if tag in ITEM:
            index += 1
            if index > last:
                raise StopParsing
            wanted = index in needed
            texts, size = [], 0
        elif tag in TEXT:
            if wanted and not phonetic:
                sink = texts
        elif tag in PHONETIC:
            phonetic = True

    def end(tag: str) -> None:
        nonlocal wanted, phonetic, sink
        if tag in TEXT:
            sink = None
        elif tag in ITEM:
            if wanted:
                found[index] = unescape("".join(texts))
                wanted = False
            if index >= last:
                raise StopParsing
        elif tag in PHONETIC:
            phonetic = False

    def text(data: str) -> None:
        nonlocal size
        if sink is not None:
            size += len(data)
            if size > max_cell_chars:
                raise CellTooLongError(f"shared string {index}")
            sink.append(data)

    parse_part(archive, part, start, end, text)
    return found
