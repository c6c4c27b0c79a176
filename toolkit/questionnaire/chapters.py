"""A chapter sheet: one row per question, with the provision's text and the answer cells."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.questionnaire.cells import (
    BORDER,
    FIXED_FILL,
    HEADER_FILL,
    HEADING_FONT,
    INPUT_FILL,
    NOTE_FONT,
    TITLE_FONT,
    UNLOCKED,
    WARNING_FILL,
    WRAP,
    Styles,
    as_text,
    dropdown,
    landscape,
    list_formula,
    protect,
    row_height,
)
from toolkit.questionnaire.layout import (
    COLUMN_WIDTHS,
    COLUMNS,
    FIRST_QUESTION_ROW,
    HEADER_ROW,
    LETTER,
    NOTE_ROW,
    RESPONSE_COLUMNS,
    TITLE_ROW,
)
from toolkit.questionnaire.questions import Question
from toolkit.questionnaire.template import Template


def write_chapter(
    sheet: Worksheet,
    number: str,
    title: str,
    questions: tuple[Question, ...],
    template: Template,
    answers_range: str,
    needs_range: str,
) -> None:
    """Fill a chapter sheet with its questions, dropdowns, protection and print setup."""
    heading = f"Chapter {number}. {title}".strip() if number else sheet.title
    sheet.cell(row=TITLE_ROW, column=1, value=heading).font = TITLE_FONT
    for column, name in enumerate(COLUMNS, start=1):
        note = sheet.cell(row=NOTE_ROW, column=column, value=template.column_notes[name])
        note.font = NOTE_FONT
        note.alignment = WRAP
        header = sheet.cell(row=HEADER_ROW, column=column, value=name)
        header.font = HEADING_FONT
        header.fill = HEADER_FILL
        header.border = BORDER
        header.alignment = WRAP
        sheet.column_dimensions[LETTER[name]].width = COLUMN_WIDTHS[name]
    sheet.row_dimensions[NOTE_ROW].height = 27

    styles = Styles(
        fixed={"alignment": WRAP, "border": BORDER, "fill": FIXED_FILL},
        response={"alignment": WRAP, "border": BORDER, "fill": INPUT_FILL, "protection": UNLOCKED},
    )
    response_columns = [COLUMNS.index(name) + 1 for name in RESPONSE_COLUMNS]
    for row, question in enumerate(questions, start=FIRST_QUESTION_ROW):
        provision = question.cell
        fixed = (question.id, provision, question.text)
        for column, value in enumerate(fixed, start=1):
            styles.apply(as_text(sheet.cell(row=row, column=column, value=value)), "fixed")
        for column in response_columns:
            styles.apply(sheet.cell(row=row, column=column), "response")
        sheet.row_dimensions[row].height = row_height(
            [(provision, COLUMN_WIDTHS["Provision"]), (question.text, COLUMN_WIDTHS["Question"])]
        )

    if questions:
        last = FIRST_QUESTION_ROW + len(questions) - 1
        _validations(sheet, template, last, answers_range, needs_range)
        _missing_legislation_warning(sheet, last)

    protect(sheet)
    landscape(sheet, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    sheet.freeze_panes = f"B{FIRST_QUESTION_ROW}"


def _validations(
    sheet: Worksheet, template: Template, last: int, answers_range: str, needs_range: str
) -> None:
    """Every answer and every needs cell gets its dropdown."""
    first = FIRST_QUESTION_ROW
    answer = dropdown(list_formula(template.answers, answers_range), template.validation["answer"])
    answer.add(f"{LETTER['Answer']}{first}:{LETTER['Answer']}{last}")
    needs = dropdown(list_formula(template.needs, needs_range), template.validation["needs"])
    needs.add(f"{LETTER['Needs']}{first}:{LETTER['Needs']}{last}")
    sheet.add_data_validation(answer)
    sheet.add_data_validation(needs)


def _missing_legislation_warning(sheet: Worksheet, last: int) -> None:
    """Colour the Legislation cell while a Yes or Partially cites nothing."""
    first = FIRST_QUESTION_ROW
    answer, legislation = f"${LETTER['Answer']}{first}", f"{LETTER['Legislation']}{first}"
    formula = f'AND(OR({answer}="Yes",{answer}="Partially"),LEN(TRIM({legislation}))=0)'
    target = f"{LETTER['Legislation']}{first}:{LETTER['Legislation']}{last}"
    sheet.conditional_formatting.add(target, FormulaRule(formula=[formula], fill=WARNING_FILL))
