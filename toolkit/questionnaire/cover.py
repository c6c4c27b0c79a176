"""The ``Cover`` sheet: who the workbook is for, by when, how to fill it in and return it."""

from __future__ import annotations

from typing import Protocol

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.i18n import QUESTIONNAIRE
from toolkit.i18n.dates import un_date, un_number
from toolkit.i18n.names import StateNames
from toolkit.questionnaire.cells import (
    BORDER,
    INPUT_FILL,
    UNLOCKED,
    Look,
    as_text,
    dropdown,
    landscape,
    list_formula,
    protect,
    row_height,
)
from toolkit.questionnaire.layout import CONSENT_NAME, CONSULTED_NAME, FOCAL_POINT_NAME
from toolkit.questionnaire.questions import Questionnaire

LABEL_WIDTH = 30
LABEL_TEXT_WIDTH = LABEL_WIDTH * 0.8
"""The width bold labels fill as ordinary text would (for the estimate of a row's height)."""
VALUE_WIDTH = 90
STATE_ROW = 4
"""The State's name (``B4``): empty and fillable in the blank master."""
CONSULTED_LINES = 6
"""Lines of room in the cell of the people and institutions consulted."""


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


def cycle_title(title: str) -> str:
    """The cycle's title in the active language (the catalogue's, else as the cycle file
    words it)."""
    return QUESTIONNAIRE.pgettext("cycle.title", title)


def write_cover(
    book: Workbook,
    sheet: Worksheet,
    questionnaire: Questionnaire,
    recipient: Recipient | None,
    consent_range: str,
    look: Look,
    names: StateNames,
) -> None:
    """Fill the cover; the State cell of the blank master is left for the State to fill in."""
    template = questionnaire.template
    language = template.language
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = VALUE_WIDTH
    sheet["A1"] = template.cover_title
    sheet["A1"].font = look.title
    sheet["A2"] = template.cover_subtitle
    sheet["A2"].font = look.heading

    labels = template.cover_labels
    rows: list[tuple[str, object]] = [
        ("state", names.short(recipient, language) if recipient else None),
        ("cycle", cycle_title(questionnaire.cycle_title)),
        ("deadline", un_date(questionnaire.deadline, language)),
        ("reference", questionnaire.reference),
        ("contact", questionnaire.contact_email),
        ("instrument", questionnaire.instrument_title),
        ("questions", un_number(len(questionnaire.questions), language)),
    ]
    row = STATE_ROW
    for key, value in rows:
        _label(sheet, row, labels[key], look)
        cell = as_text(sheet.cell(row=row, column=2, value=value))
        cell.alignment = look.start
        cell.border = BORDER
        cell.font = look.body
        if key == "instrument":
            cell.alignment = look.english
        sheet.row_dimensions[row].height = row_height(
            [(str(value or ""), VALUE_WIDTH), (labels[key], LABEL_TEXT_WIDTH)]
        )
        if recipient is None and key == "state":
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
            note = sheet.cell(row=row, column=3, value=template.master_state)
            note.font = look.note
        row += 1
    if language != "en":
        # Only the English text of the Convention is reproduced: say so where the State looks.
        note = as_text(sheet.cell(row=row, column=2, value=template.authentic_text))
        note.font = look.note
        note.alignment = look.wrap
        sheet.row_dimensions[row].height = row_height([(template.authentic_text, VALUE_WIDTH)])
        row += 1

    row += 1
    sheet.cell(row=row, column=1, value=labels["instructions"]).font = look.heading
    row += 1
    for number, instruction in enumerate(template.instructions, start=1):
        mark = sheet.cell(row=row, column=1, value=f"{number}.")
        mark.alignment = look.end
        mark.font = look.body
        text = as_text(sheet.cell(row=row, column=2, value=instruction))
        text.alignment = look.wrap
        text.font = look.body
        sheet.row_dimensions[row].height = row_height([(instruction, VALUE_WIDTH)])
        row += 1

    row += 1
    sheet.cell(row=row, column=1, value=labels["focal_point"]).font = look.heading
    row += 1
    for number, label in enumerate(template.focal_point, start=1):
        _label(sheet, row, label, look)
        _input(sheet, row, look)
        _name(book, f"{FOCAL_POINT_NAME}{number}", sheet.title, row)
        row += 1

    row += 1
    _label(sheet, row, labels["consulted"], look)
    note = sheet.cell(row=row, column=2, value=template.consulted_note)
    note.font = look.note
    note.alignment = look.wrap
    row += 1
    _input(sheet, row, look)
    sheet.row_dimensions[row].height = row_height([("", VALUE_WIDTH)], CONSULTED_LINES - 1)
    _name(book, CONSULTED_NAME, sheet.title, row)
    row += 1

    row += 1
    _label(sheet, row, labels["consent"], look)
    _input(sheet, row, look)
    _name(book, CONSENT_NAME, sheet.title, row)
    consent = dropdown(
        list_formula(template.consent, consent_range), template.validation["consent"]
    )
    consent.add(f"B{row}")
    sheet.add_data_validation(consent)

    protect(sheet)
    landscape(sheet)
    sheet.sheet_view.showGridLines = False
    sheet.sheet_view.rightToLeft = look.rtl or None


def _label(sheet: Worksheet, row: int, text: str, look: Look) -> None:
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = look.heading
    cell.alignment = look.wrap
    cell.border = BORDER
    sheet.row_dimensions[row].height = row_height([(text, LABEL_TEXT_WIDTH)])


def _input(sheet: Worksheet, row: int, look: Look) -> None:
    cell = sheet.cell(row=row, column=2)
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    cell.border = BORDER
    cell.alignment = look.wrap
    cell.font = look.body


def _name(book: Workbook, name: str, sheet: str, row: int) -> None:
    book.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!$B${row}")
