"""A bounded reader of xlsx cells, on the standard library's C XML parser.

Why not openpyxl: in read-only mode it takes about 40 ms for a 30 KB questionnaire (it parses
every part with a Python-level XML parser and builds styles, defined names and cell objects),
20 times what python-calamine takes; intake must stay within 3 times of it.  This reader parses
only what intake needs (the sheet list and defined names, shared strings, number formats when a
styled number appears, and the sheets asked for) and walks the rows up to the bounds it is given,
placing cells by their references: nothing is padded, so a 5 KB sheet with cells at A1 and
XFD1048576 costs nothing.  The parts' sizes were bounded by the container checks and the tree is
built in the sandboxed worker (see :mod:`toolkit.intake.reader`).  Values come back as the text
a person sees; a formula as its own text, never evaluated.  The tests check that it reads what
openpyxl reads, on generated and on LibreOffice-saved workbooks.

XML safety: any part holding a document type declaration (``<!DOCTYPE``, the only place XML
entities can be declared) is refused before parsing, so entity expansion ("billion laughs") and
external entities cannot happen; parts must be UTF-8, as every spreadsheet program writes them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, fromstring

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML
)
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
"""OOXML's escape of characters XML cannot hold (``_x0007_``); ``_x005F_`` escapes ``_``."""
ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")
DIGITS = "0123456789"


def _tags(local: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{local}" for ns in NAMESPACES)


ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (
    _tags(n) for n in ("row", "c", "v", "f", "is", "t", "r")
)
SI, SHEET, XF, NUMFMT, WORKBOOK_PR = (
    _tags(n) for n in ("si", "sheet", "xf", "numFmt", "workbookPr")
)
CELL_XFS = _tags("cellXfs")
SHEET_DATA = _tags("sheetData")
DEFINED_NAME = _tags("definedName")
CELL_NAME = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?([1-9][0-9]*)")
"""A defined name pointing at one cell: ``'Cover'!$B$20`` or ``Cover!$B$20``."""


class ForbiddenXMLError(ValueError):
    """A part declares a document type (and so could declare entities) or is not UTF-8."""


class MalformedError(ValueError):
    """A part is not what Excel writes (a missing part, a bad reference)."""


def read_cells(
    path: Path,
    *,
    max_rows: int,
    max_columns: int,
    max_cell_chars: int,
    wanted: Callable[[str], bool],
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str]]]:
    """The sheets of a workbook, in order, with the cells of the ``wanted`` ones within the
    bounds; and the workbook's names of single cells (``FocalPoint1`` -> ``("Cover", "B20")``).

    Each sheet is ``{"name", "state", "read", "rows", "formulas", "beyond"}``: ``rows`` lists
    rows from row 1, each a list of texts (``None`` for an empty cell), trailing empties dropped;
    ``formulas`` the coordinates of formula cells; ``beyond`` whether cells exist past the bounds.
    """
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        sheets, date1904, defined = _sheets(archive)
        targets = _relationships(archive, "xl/_rels/workbook.xml.rels", "xl")
        strings_part = _target_of(targets, "/sharedStrings") or "xl/sharedStrings.xml"
        styles_part = _target_of(targets, "/styles") or "xl/styles.xml"
        strings = _shared_strings(archive, strings_part) if strings_part in names else []

        def dates() -> frozenset[int]:
            return _date_styles(archive, styles_part) if styles_part in names else frozenset()

        reader = _SheetReader(strings, dates, date1904, max_rows, max_columns, max_cell_chars)
        out = []
        for name, state, rel in sheets:
            target = targets.get(rel)
            entry: dict[str, Any] = {
                "name": name,
                "state": state,
                "read": False,
                "rows": [],
                "formulas": [],
                "beyond": False,
            }
            if target and target[1].endswith("/worksheet") and wanted(name):
                if target[0] not in names:
                    raise MalformedError(f"missing part {target[0]}")
                entry.update(reader.read(archive, target[0]), read=True)
            out.append(entry)
        return out, defined


# -- parts ------------------------------------------------------------------------------------


def _parse(archive: zipfile.ZipFile, part: str) -> Element:
    """The element tree of a part, built by the C parser once the part passed the checks.

    The part's size was bounded by the container checks; the tree lives in the sandboxed
    worker, whose memory limit turns anything larger than expected into a finding.
    """
    data = archive.read(part)
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x3c\x00")):
        raise ForbiddenXMLError(f"{part} is not UTF-8")
    declared = ENCODING.match(data[:200].removeprefix(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise ForbiddenXMLError(f"{part} is not UTF-8")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ForbiddenXMLError(f"{part} declares a document type")
    return fromstring(data)


def _children(root: Element, tags: frozenset[str]) -> Iterator[Element]:
    """Every element with one of these tags, anywhere under ``root``."""
    for tag in tags:
        yield from root.iter(tag)


def _sheets(
    archive: zipfile.ZipFile,
) -> tuple[list[tuple[str, str, str]], bool, dict[str, tuple[str, str]]]:
    root = _parse(archive, "xl/workbook.xml")
    names = {}
    for element in _children(root, DEFINED_NAME):
        found = CELL_NAME.fullmatch((element.text or "").strip())
        if found and element.get("localSheetId") is None:
            sheet = found.group(1) or found.group(2)
            names[element.get("name", "")] = (
                sheet.replace("''", "'"),
                found.group(3) + found.group(4),
            )
    sheets = []
    for element in _children(root, SHEET):
        rel = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
        sheets.append((element.get("name", ""), element.get("state", "visible"), rel))
    date1904 = any(
        element.get("date1904", "0").lower() in ("1", "true")
        for element in _children(root, WORKBOOK_PR)
    )
    return sheets, date1904, names


def _relationships(archive: zipfile.ZipFile, part: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (part name, type) of a ``.rels`` part."""
    if part not in archive.namelist():
        raise MalformedError(f"missing part {part}")
    found = {}
    for element in _parse(archive, part).iter(f"{{{RELATIONSHIPS_NS}}}Relationship"):
        if element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "")
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(base, target))
        found[element.get("Id", "")] = (name, element.get("Type", ""))
    return found


def _target_of(targets: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((name for name, type_ in targets.values() if type_.endswith(kind)), None)


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    root = _parse(archive, part)
    return [_unescape(_rich_text(element)) for element in root if element.tag in SI]


def _rich_text(element: Element) -> str:
    """The text of a string item: its ``t`` and its runs' ``t``, phonetic hints left out."""
    parts = []
    for child in element:
        if child.tag in TEXT:
            parts.append(child.text or "")
        elif child.tag in RUN:
            parts.extend(g.text or "" for g in child if g.tag in TEXT)
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a date."""
    root = _parse(archive, part)
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for element in _children(root, NUMFMT):
        formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
    cell_xfs = next((e for e in root if e.tag in CELL_XFS), None)
    if cell_xfs is None:
        return frozenset()
    styles = [int(xf.get("numFmtId", "0")) for xf in cell_xfs if xf.tag in XF]
    return frozenset(i for i, fmt in enumerate(styles) if is_date_format(formats.get(fmt, "")))


def _unescape(text: str) -> str:
    if "_x" not in text:
        return text
    text = ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    # The escapes are UTF-16 code units: a pair (``_xD83D__xDE00_``) is one character, and a
    # lone surrogate, which no text can hold (nor the store, nor a receipt), becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# -- sheets -----------------------------------------------------------------------------------


class _SheetReader:
    """Reads one sheet's rows within the bounds."""

    def __init__(
        self,
        strings: list[str],
        dates: Callable[[], frozenset[int]],
        date1904: bool,
        max_rows: int,
        max_columns: int,
        max_cell_chars: int,
    ) -> None:
        self.strings = strings
        self._load_dates = dates
        self._dates: frozenset[int] | None = None
        """Styles showing dates, read from the styles part at the first styled number."""
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.max_cell_chars = max_cell_chars
        self.columns: dict[str, int] = {}
        """Column letters seen so far and their index (a cache: most cells repeat them)."""

    def read(self, archive: zipfile.ZipFile, part: str) -> dict[str, Any]:
        rows: list[list[str | None]] = []
        formulas: list[str] = []
        beyond = False
        number = 0
        root = _parse(archive, part)
        sheet_data = next((e for e in root if e.tag in SHEET_DATA), None)
        # The loop runs for every cell of every file: names are bound locally and the cells
        # generated workbooks hold (inline or shared strings) are read without a call.
        columns, strings, max_columns = self.columns, self.strings, self.max_columns
        max_cell_chars = self.max_cell_chars
        for element in sheet_data if sheet_data is not None else ():
            if element.tag not in ROW:
                continue
            found = element.get("r")
            number = int(found) if found else number + 1
            if number < 1:
                raise MalformedError(f"bad row number {number}")
            if number > self.max_rows:
                beyond = True
                break
            cells: list[str | None] = []
            column = 0
            for cell in element:
                if cell.tag not in CELL:
                    continue
                reference = cell.get("r")
                if reference:
                    known = columns.get(reference.rstrip(DIGITS))
                    column = known if known is not None else self._column(reference)
                else:
                    column += 1
                if column > max_columns:
                    beyond = True
                    continue
                text = None
                formula = False
                if len(cell) == 1:
                    kind = cell.get("t")
                    child = cell[0]
                    if kind == "inlineStr":
                        if child.tag in INLINE and len(child) == 1 and child[0].tag in TEXT:
                            text = child[0].text or ""
                            if "_x" in text:
                                text = _unescape(text)
                    elif kind == "s" and child.tag in VALUE and child.text:
                        index = int(child.text)
                        if 0 <= index < len(strings):
                            text = strings[index]
                if text is None:
                    text, formula = self._value(cell)
                    if text is None:
                        continue
                if len(text) > max_cell_chars:
                    raise CellTooLongError(f"row {number}, column {column}")
                if column == len(cells) + 1:
                    cells.append(text)
                else:
                    cells.extend([None] * (column - len(cells)))
                    cells[column - 1] = text
                if formula:
                    formulas.append(f"{get_column_letter(column)}{number}")
            if cells:
                if number == len(rows) + 1:
                    rows.append(cells)
                else:
                    rows.extend([] for _ in range(number - len(rows)))
                    rows[number - 1] = cells
        return {"rows": rows, "formulas": formulas, "beyond": beyond}

    def _column(self, reference: str) -> int:
        """The column of a cell reference whose letters were not seen yet (they are kept)."""
        match = REFERENCE.fullmatch(reference)
        if match is None:
            raise MalformedError(f"bad cell reference {reference[:20]!r}")
        column = self.columns[match.group(1)] = column_index_from_string(match.group(1))
        return column

    def _value(self, cell: Element) -> tuple[str | None, bool]:
        kind = cell.get("t", "n")
        value = formula = inline = None
        for child in cell:
            if child.tag in VALUE:
                value = child.text
            elif child.tag in FORMULA:
                formula = child
            elif child.tag in INLINE:
                inline = _rich_text(child)
        if formula is not None:
            if formula.text:
                return "=" + formula.text, True
            # A shared formula's other cells carry no text: keep what the cell shows.
            return (value or ""), True
        if kind == "s":
            if value is None:
                return None, False
            index = int(value)
            if not 0 <= index < len(self.strings):
                raise MalformedError(f"shared string {index} does not exist")
            return self.strings[index], False
        if kind == "inlineStr":
            return (_unescape(inline) if inline is not None else None), False
        if value is None:
            return None, False
        if kind == "str":
            return _unescape(value), False
        if kind == "b":
            return ("TRUE" if value.strip() in ("1", "true") else "FALSE"), False
        if kind in ("e", "d"):
            return value, False
        return self._number(value, cell.get("s")), False

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


class CellTooLongError(ValueError):
    """A cell holds more characters than the limit."""
