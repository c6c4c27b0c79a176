"""What every sheet shares: the look in each language, Excel's limits, dropdowns, printing."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.i18n import QUESTIONNAIRE, language_info
from toolkit.questionnaire.layout import MAX_CELL_CHARS, MAX_LIST_FORMULA
from toolkit.questionnaire.template import Messages

_ = QUESTIONNAIRE.gettext

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
"""Cells a State fills in: pale yellow, the only unlocked cells."""
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
WARNING_FILL = PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")
"""A conditional format's fill: Excel paints a differential fill with its background colour
(``bgColor``) and LibreOffice with either, so both are set; a font colour alone would show in
LibreOffice only."""
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)

POINTS_PER_LINE = 15.0
MAX_ROW_HEIGHT = 409.0
"""Excel's tallest row, in points."""
TRUNCATION_MARK = "\n[… {reference}]"


@dataclass(frozen=True)
class Look:
    """Fonts and alignments of a workbook in one language (its script and direction)."""

    title: Font
    heading: Font
    note: Font
    body: Font
    wrap: Alignment
    """Text from the top of the cell, wrapped, in the language's direction."""
    start: Alignment
    """Wrapped, set against the side a line starts on (left, or right in Arabic)."""
    end: Alignment
    """Wrapped, set against the side a line ends on (numbers of the instructions)."""
    english: Alignment
    """A text in English inside a workbook of any direction (the Convention's text)."""
    rtl: bool


def look(language: str) -> Look:
    """The look of a workbook in ``language``: fonts named (LibreOffice would otherwise show
    its default serif), and for Arabic, text running right to left."""
    info = language_info(language)
    name = info.sheet_font
    rtl = info.direction == "rtl"
    order = 2 if rtl else 1
    start, end = ("right", "left") if rtl else ("left", "right")
    return Look(
        title=Font(name=name, bold=True, size=14),
        heading=Font(name=name, bold=True, size=11),
        note=Font(name=name, italic=True, size=9, color="595959"),
        body=Font(name=name, size=11),
        wrap=Alignment(wrap_text=True, vertical="top", readingOrder=order),
        start=Alignment(wrap_text=True, vertical="top", horizontal=start, readingOrder=order),
        end=Alignment(wrap_text=True, vertical="top", horizontal=end, readingOrder=order),
        english=Alignment(wrap_text=True, vertical="top", horizontal="left", readingOrder=1),
        rtl=rtl,
    )


class GrowingRow(RowDimension):
    """A row whose height is an estimate, not a choice: Excel and LibreOffice fit it again to
    what the row holds (LibreOffice on opening, both as the State types), so that no answer is
    hidden.  openpyxl marks every row it gives a height as ``customHeight``, which would fix
    the height instead."""

    @property
    def customHeight(self) -> bool:  # type: ignore[override]
        return False


def grow(sheet: Worksheet, row: int, height: float) -> None:
    """Give a row an estimated height that grows with what is typed into it."""
    sheet.row_dimensions[row] = GrowingRow(sheet, index=row, ht=height)


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


def row_height(texts: Sequence[tuple[str, float]], extra_lines: int = 0) -> float:
    """A row height that shows wrapped texts in columns of the given widths (capped by Excel),
    with room for ``extra_lines`` more.

    Excel does not fit rows to wrapped text when it opens a file (nor does LibreOffice when the
    file gives a height), so the height is estimated from the width each character takes in
    the column's unit (a digit's width): Cyrillic letters are wider than Latin ones, Chinese
    characters twice a digit, and a line broken between words loses a little room.
    """
    lines = 1
    for text, width in texts:
        count = sum(
            max(1, math.ceil(_width(part) * WRAP_LOSS / max(width, 1))) for part in text.split("\n")
        )
        lines = max(lines, count)
    return min(MAX_ROW_HEIGHT, (lines + extra_lines) * POINTS_PER_LINE + 3)


WRAP_LOSS = 1.1
"""Room a line wrapped between words leaves unused, on average."""


def _width(text: str) -> float:
    """The width of a text in digit widths (Excel's unit of column width)."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            total += 1.9
        elif "\u0400" <= char <= "\u04ff":
            total += 1.0  # Cyrillic
        elif "\u0600" <= char <= "\u06ff":
            total += 0.8  # Arabic, joined
        elif char == " ":
            total += 0.5
        else:
            total += 0.85
    return total


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


def landscape(
    sheet: Worksheet,
    scale: int | None = None,
    title_rows: str | None = None,
    title_columns: str | None = None,
) -> None:
    """Print setup: A4 landscape; at ``scale`` percent with the columns running on over several
    pages (never shrunk to one page), or fitted to the page width when no scale is given; the
    title rows (and columns) repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if scale is None:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        sheet.page_setup.scale = scale
        # The pages of one band of rows follow each other, so a question's answers stay together.
        sheet.page_setup.pageOrder = "overThenDown"
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddFooter.left.text = "&A"
