"""A chapter sheet: one row per question, with the provision's text and the answer cells.

The ID, Provision and Question columns and the headings stay in view (frozen panes) while the
State fills in the answer columns to their right (to their left in Arabic, whose sheets run
right to left).  Each answer cell offers the answers of its question's kind; up to three needs
cells offer the technical-assistance categories.  Rows carry an estimated height that the
spreadsheet fits again to what is typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.i18n import QUESTIONNAIRE
from toolkit.questionnaire.cells import (
    BORDER,
    FIXED_FILL,
    HEADER_FILL,
    INPUT_FILL,
    UNLOCKED,
    WARNING_FILL,
    Look,
    Styles,
    as_text,
    dropdown,
    grow,
    landscape,
    list_formula,
    protect,
    row_height,
)
from toolkit.questionnaire.layout import (
    COLUMN_WIDTHS,
    COLUMNS,
    FIRST_QUESTION_ROW,
    FIXED_COLUMNS,
    HEADER_ROW,
    LETTER,
    NEEDS_COLUMNS,
    NOTE_ROW,
    PRINT_SCALE,
    RESPONSE_COLUMNS,
    TITLE_ROW,
)
from toolkit.questionnaire.questions import Question
from toolkit.questionnaire.template import Template
from toolkit.vocabulary import answers as answers_of

_ = QUESTIONNAIRE.gettext
ANSWER_ROOM = 1
"""Lines left free under the longest fixed text of a row, for the first lines of an answer."""


def write_chapter(
    sheet: Worksheet,
    number: str,
    title: str,
    questions: tuple[Question, ...],
    template: Template,
    ranges: Mapping[str, str],
    look: Look,
) -> None:
    """Fill a chapter sheet with its questions, dropdowns, protection and print setup.

    ``ranges`` gives the ``Lists`` range of each list (``answer.<kind>``, ``need``).
    """
    if number:
        heading = _("Chapter {number}. {title}").format(number=number, title=title).strip()
    else:
        heading = template.cover_labels["questions"]
    sheet.cell(row=TITLE_ROW, column=1, value=heading).font = look.title
    for column, name in enumerate(COLUMNS, start=1):
        note = sheet.cell(row=NOTE_ROW, column=column, value=template.column_notes[name])
        note.font = look.note
        note.alignment = look.wrap
        header = sheet.cell(row=HEADER_ROW, column=column, value=template.heading(name))
        header.font = look.heading
        header.fill = HEADER_FILL
        header.border = BORDER
        header.alignment = look.wrap
        sheet.column_dimensions[LETTER[name]].width = COLUMN_WIDTHS[name]
    sheet.row_dimensions[NOTE_ROW].height = row_height(
        [(template.column_notes[name], COLUMN_WIDTHS[name]) for name in COLUMNS]
    )
    sheet.row_dimensions[HEADER_ROW].height = row_height(
        [(template.heading(name), COLUMN_WIDTHS[name] - 2) for name in COLUMNS]
    )

    styles = Styles(
        id={"alignment": look.start, "border": BORDER, "fill": FIXED_FILL, "font": look.body},
        provision={
            "alignment": look.english,
            "border": BORDER,
            "fill": FIXED_FILL,
            "font": look.body,
        },
        question={"alignment": look.wrap, "border": BORDER, "fill": FIXED_FILL, "font": look.body},
        response={
            "alignment": look.wrap,
            "border": BORDER,
            "fill": INPUT_FILL,
            "protection": UNLOCKED,
            "font": look.body,
        },
    )
    response_columns = [COLUMNS.index(name) + 1 for name in RESPONSE_COLUMNS]
    for row, question in enumerate(questions, start=FIRST_QUESTION_ROW):
        fixed = dict(zip(FIXED_COLUMNS, (question.id, question.cell, question.text), strict=True))
        for column, (name, value) in enumerate(fixed.items(), start=1):
            styles.apply(as_text(sheet.cell(row=row, column=column, value=value)), name)
        for column in response_columns:
            styles.apply(sheet.cell(row=row, column=column), "response")
        height = row_height(
            [
                (fixed["provision"], COLUMN_WIDTHS["provision"]),
                (fixed["question"], COLUMN_WIDTHS["question"]),
            ],
            ANSWER_ROOM,
        )
        grow(sheet, row, height)

    if questions:
        last = FIRST_QUESTION_ROW + len(questions) - 1
        _validations(sheet, template, questions, ranges, last)
        _missing_legislation_warning(sheet, template, last)

    protect(sheet)
    landscape(
        sheet,
        scale=PRINT_SCALE,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        title_columns=f"{LETTER['id']}:{LETTER['id']}",
    )
    sheet.freeze_panes = f"{LETTER[RESPONSE_COLUMNS[0]]}{FIRST_QUESTION_ROW}"
    sheet.sheet_view.rightToLeft = look.rtl or None


def _validations(
    sheet: Worksheet,
    template: Template,
    questions: Sequence[Question],
    ranges: Mapping[str, str],
    last: int,
) -> None:
    """Every answer cell gets the dropdown of its question's kind; every needs cell, the needs."""
    first = FIRST_QUESTION_ROW
    by_kind: dict[str, list[int]] = {}
    for row, question in enumerate(questions, start=first):
        by_kind.setdefault(question.kind, []).append(row)
    column = LETTER["answer"]
    for kind, rows in by_kind.items():
        formula = list_formula(template.answers(kind), ranges[f"answer.{kind}"])
        answer = dropdown(formula, template.validation["answer"])
        for start, end in _runs(rows):
            answer.add(f"{column}{start}" if start == end else f"{column}{start}:{column}{end}")
        sheet.add_data_validation(answer)
    needs = dropdown(list_formula(template.needs, ranges["need"]), template.validation["needs"])
    for name in NEEDS_COLUMNS:
        needs.add(f"{LETTER[name]}{first}:{LETTER[name]}{last}")
    sheet.add_data_validation(needs)


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive rows as ``(first, last)`` ranges."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _missing_legislation_warning(sheet: Worksheet, template: Template, last: int) -> None:
    """Fill the Legislation cell while an answer saying a measure is in place cites nothing.

    Each row's dropdown offers only its kind's answers, so one rule naming every answer that
    must cite legislation, of every kind, serves the whole column.
    """
    first = FIRST_QUESTION_ROW
    citing = sorted(
        {
            template.label(f"answer.{kind}", term.key)
            for kind in template.questions
            for term in answers_of(kind)
            if term.cites
        }
    )
    answer, legislation = f"${LETTER['answer']}{first}", f"{LETTER['legislation']}{first}"
    tests = ",".join(f'{answer}="{_quoted(label)}"' for label in citing)
    formula = f"AND(OR({tests}),LEN(TRIM({legislation}))=0)"
    target = f"{LETTER['legislation']}{first}:{LETTER['legislation']}{last}"
    sheet.conditional_formatting.add(target, FormulaRule(formula=[formula], fill=WARNING_FILL))


def _quoted(text: str) -> str:
    """A text inside a formula's string (quotes doubled)."""
    return text.replace('"', '""')
