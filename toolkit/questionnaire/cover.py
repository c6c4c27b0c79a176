"""The ``Cover`` sheet: who the workbook is for, by when, how to fill it in and return it."""

from __future__ import annotations

from typing import Protocol

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.questionnaire.cells import (
    BORDER,
    HEADING_FONT,
    INPUT_FILL,
    NOTE_FONT,
    TITLE_FONT,
    UNLOCKED,
    WRAP,
    WRAP_LEFT,
    WRAP_RIGHT,
    as_text,
    dropdown,
    landscape,
    list_formula,
    protect,
    row_height,
)
from toolkit.questionnaire.layout import CONSENT_NAME, FOCAL_POINT_NAME
from toolkit.questionnaire.questions import Questionnaire

LABEL_WIDTH = 30
LABEL_TEXT_WIDTH = LABEL_WIDTH * 0.8
"""The width bold labels fill as ordinary text would (for the estimate of a row's height)."""
VALUE_WIDTH = 90
DATE_FORMAT = "d mmmm yyyy"
STATE_ROW = 4
"""The State's name (``B4``): empty and fillable in the blank master."""


class Recipient(Protocol):
    """What the cover shows of a State (``toolkit.registry.State``)."""

    @property
    def iso3(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def language(self) -> str:
        """The UN language of correspondence (``fr``): the workbook's wording where issued."""
        ...


def write_cover(
    book: Workbook,
    sheet: Worksheet,
    questionnaire: Questionnaire,
    recipient: Recipient | None,
    consent_range: str,
) -> None:
    """Fill the cover; the State cell of the blank master is left for the State to fill in."""
    template = questionnaire.template
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = VALUE_WIDTH
    sheet["A1"] = template.cover_title
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = template.cover_subtitle
    sheet["A2"].font = HEADING_FONT

    labels = template.cover_labels
    rows: list[tuple[str, object]] = [
        ("state", recipient.short_name if recipient else None),
        ("cycle", f"{questionnaire.cycle_title} ({questionnaire.cycle_id})"),
        ("deadline", questionnaire.deadline),
        ("reference", questionnaire.reference),
        ("contact", questionnaire.contact_email),
        ("instrument", questionnaire.instrument_title),
        ("questions", len(questionnaire.questions)),
    ]
    row = STATE_ROW
    for key, value in rows:
        _label(sheet, row, labels[key])
        cell = as_text(sheet.cell(row=row, column=2, value=value))
        cell.alignment = WRAP
        cell.border = BORDER
        if key == "deadline":
            cell.number_format = DATE_FORMAT
            cell.alignment = WRAP_LEFT
        if key == "questions":
            cell.alignment = WRAP_LEFT
        sheet.row_dimensions[row].height = row_height(
            [(str(value or ""), VALUE_WIDTH), (labels[key], LABEL_TEXT_WIDTH)]
        )
        if recipient is None and key == "state":
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
            sheet.cell(row=row, column=3, value=template.master_state).font = NOTE_FONT
        row += 1

    row += 1
    sheet.cell(row=row, column=1, value=labels["instructions"]).font = HEADING_FONT
    row += 1
    for number, instruction in enumerate(template.instructions, start=1):
        sheet.cell(row=row, column=1, value=f"{number}.").alignment = WRAP_RIGHT
        as_text(sheet.cell(row=row, column=2, value=instruction)).alignment = WRAP
        sheet.row_dimensions[row].height = row_height([(instruction, VALUE_WIDTH)])
        row += 1

    row += 1
    sheet.cell(row=row, column=1, value=labels["focal_point"]).font = HEADING_FONT
    row += 1
    for number, label in enumerate(template.focal_point, start=1):
        _label(sheet, row, label)
        _input(sheet, row)
        _name(book, f"{FOCAL_POINT_NAME}{number}", sheet.title, row)
        row += 1

    row += 1
    _label(sheet, row, labels["consent"])
    _input(sheet, row)
    _name(book, CONSENT_NAME, sheet.title, row)
    consent = dropdown(
        list_formula(template.consent, consent_range), template.validation["consent"]
    )
    consent.add(f"B{row}")
    sheet.add_data_validation(consent)

    protect(sheet)
    landscape(sheet)
    sheet.sheet_view.showGridLines = False


def _label(sheet: Worksheet, row: int, text: str) -> None:
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = HEADING_FONT
    cell.alignment = WRAP
    cell.border = BORDER
    sheet.row_dimensions[row].height = row_height([(text, LABEL_TEXT_WIDTH)])


def _input(sheet: Worksheet, row: int) -> None:
    cell = sheet.cell(row=row, column=2)
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    cell.border = BORDER
    cell.alignment = WRAP


def _name(book: Workbook, name: str, sheet: str, row: int) -> None:
    book.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!$B${row}")
