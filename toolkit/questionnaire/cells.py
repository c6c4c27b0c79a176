"""What every sheet shares: styles, Excel's limits on cells, dropdowns with their messages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.questionnaire.layout import MAX_CELL_CHARS, MAX_LIST_FORMULA
from toolkit.questionnaire.template import Messages

TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True, size=11)
NOTE_FONT = Font(italic=True, size=9, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
"""Cells a State fills in: pale yellow, the only unlocked cells."""
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
WARNING_FILL = PatternFill("solid", fgColor="F8CBAD")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")
WRAP_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")
UNLOCKED = Protection(locked=False)

POINTS_PER_LINE = 15.0
MAX_ROW_HEIGHT = 409.0
"""Excel's tallest row, in points."""
TRUNCATION_MARK = "\n[… text truncated: {reference}]"


class Styles:
    """Named combinations of font, fill, border, alignment and protection, applied fast.

    Setting a cell's style attributes one by one makes openpyxl hash every style object
    (most of a workbook's build time); a combination is applied once and then copied.
    """

    def __init__(self, **styles: dict[str, Any]) -> None:
        self._attributes = styles
        self._arrays: dict[str, Any] = {}

    def apply(self, cell: Cell, name: str) -> Cell:
        """Give the cell the named combination."""
        array = self._arrays.get(name)
        if array is None:
            for attribute, value in self._attributes[name].items():
                setattr(cell, attribute, value)
            self._arrays[name] = copy(cell._style)
        else:
            cell._style = copy(array)
        return cell


def as_text(cell: Cell) -> Cell:
    """Keep a text that starts with ``=`` a text: openpyxl would write it as a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def fit_cell(text: str, reference: str) -> str:
    """The text, cut to Excel's 32,767 characters with a visible marker saying where the rest is."""
    if len(text) <= MAX_CELL_CHARS:
        return text
    mark = TRUNCATION_MARK.format(reference=reference)
    return text[: MAX_CELL_CHARS - len(mark)] + mark


def row_height(texts: Sequence[tuple[str, float]]) -> float:
    """A row height that shows wrapped texts in columns of the given widths (capped by Excel).

    Excel does not grow rows for wrapped text when it opens a file, so the height is estimated.
    """
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.25), 1)  # proportional text: ~1.25 characters per unit
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    return min(MAX_ROW_HEIGHT, lines * POINTS_PER_LINE + 3)


def list_formula(values: Sequence[str], range_ref: str) -> str:
    """A list validation's formula: inline when it fits Excel's 255 characters, else the range.

    An inline list cannot hold commas or quotes either, so such lists use the range too.
    """
    inline = '"' + ",".join(values) + '"'
    if len(inline) <= MAX_LIST_FORMULA and not any("," in v or '"' in v for v in values):
        return inline
    return range_ref


def dropdown(formula: str, messages: Messages) -> DataValidation:
    """A list validation that shows its input message and rejects anything off the list."""
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # False shows the arrow (the attribute's name says the opposite)
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle=messages.prompt_title,
        prompt=messages.prompt,
        errorTitle=messages.error_title,
        error=messages.error,
    )


def protect(sheet: Worksheet) -> None:
    """Protect a sheet against accidents, without a password; columns and rows stay resizable."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def landscape(sheet: Worksheet, title_rows: str | None = None) -> None:
    """Print setup: A4 landscape, fit to the page width, header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Page &P of &N"
    sheet.oddFooter.left.text = "&A"
