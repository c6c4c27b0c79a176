"""The ``Progress`` sheet: the answers per chapter, counted by formulas as the State works.

Answers are counted by what they mean (:data:`toolkit.vocabulary.Outcome`), not by their
words: in place, in part, not in place (a gap), not used or reserved (a choice the Convention
allows, never a gap) and not applicable.  The formulas count the labels of each outcome as the
hidden ``Lists`` sheet holds them, so they work in every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.i18n import QUESTIONNAIRE
from toolkit.questionnaire.cells import (
    BORDER,
    HEADER_FILL,
    Look,
    landscape,
    protect,
    row_height,
)
from toolkit.questionnaire.layout import (
    FIRST_QUESTION_ROW,
    LETTER,
    PROGRESS_COLUMNS,
    PROGRESS_WIDTHS,
    chapter_sheet,
)
from toolkit.questionnaire.template import Template
from toolkit.vocabulary import KINDS, OUTCOMES
from toolkit.vocabulary import answers as answers_of

_ = QUESTIONNAIRE.gettext
FIRST_ROW = 4


def outcome_cells(template: Template, cells: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """For each outcome, the ``Lists`` cells holding its labels (``cells`` by
    ``answer.<kind>.<key>``), each label once; and ``uncited``: the answers that must cite
    legislation."""
    found: dict[str, dict[str, str]] = {name: {} for name in (*OUTCOMES, "uncited")}
    for kind in KINDS:
        for term in answers_of(kind):
            reference = cells[f"answer.{kind}.{term.key}"]
            text = template.label(f"answer.{kind}", term.key).casefold()
            found[str(term.outcome)].setdefault(text, reference)
            if term.cites:
                found["uncited"].setdefault(text, reference)
    return {name: tuple(labels.values()) for name, labels in found.items()}


def write_progress(
    sheet: Worksheet,
    chapters: tuple[tuple[str, str, int], ...],
    template: Template,
    cells: Mapping[str, str],
    look: Look,
) -> None:
    """One row per ``(chapter, title, question count)``, then totals; every count is a formula."""
    sheet["A1"] = template.progress_title
    sheet["A1"].font = look.title
    sheet["A2"] = template.progress_note
    sheet["A2"].font = look.note
    sheet["A2"].alignment = Alignment(
        vertical="top", horizontal=look.start.horizontal, readingOrder=look.start.readingOrder
    )
    headings: dict[str, str] = dict(template.progress_headings)
    headings.update({o: template.outcome(o) for o in OUTCOMES})
    for column, (name, width) in enumerate(zip(PROGRESS_COLUMNS, PROGRESS_WIDTHS, strict=True), 1):
        cell = sheet.cell(row=FIRST_ROW - 1, column=column, value=headings[name])
        cell.font = look.heading
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = look.wrap
        sheet.column_dimensions[cell.column_letter].width = width
    widths = zip(PROGRESS_COLUMNS, PROGRESS_WIDTHS, strict=True)
    sheet.row_dimensions[FIRST_ROW - 1].height = row_height(
        [(headings[name], width - 1) for name, width in widths]
    )

    letters = {name: chr(ord("A") + n) for n, name in enumerate(PROGRESS_COLUMNS)}
    labels = outcome_cells(template, cells)
    row = FIRST_ROW
    for number, title, count in chapters:
        last = FIRST_QUESTION_ROW + max(count, 1) - 1
        name = chapter_sheet(number)

        def area(column: str, name: str = name, last: int = last) -> str:
            return f"'{name}'!${LETTER[column]}${FIRST_QUESTION_ROW}:${LETTER[column]}${last}"

        answers, legislation = area("answer"), area("legislation")
        counted: dict[str, str] = {
            outcome: "=" + "+".join(f"COUNTIF({answers},{ref})" for ref in labels[outcome])
            for outcome in OUTCOMES
        }
        uncited = "=" + "+".join(
            f'COUNTIFS({answers},{ref},{legislation},"")' for ref in labels["uncited"]
        )
        first, final = letters[OUTCOMES[0]], letters[OUTCOMES[-1]]
        values: dict[str, object] = {
            "chapter": number,
            "title": title,
            "questions": f"=COUNTA({area('id')})",
            "answered": f"=SUM({first}{row}:{final}{row})",
            **counted,
            "uncited": uncited,
            "percent": f'=IF(C{row}=0,"",D{row}/C{row})',
        }
        _row(sheet, row, [values[name] for name in PROGRESS_COLUMNS], look)
        row += 1

    if chapters:
        totals: list[object] = [_("Total"), ""]
        for name in PROGRESS_COLUMNS[2:-1]:
            letter = letters[name]
            totals.append(f"=SUM({letter}{FIRST_ROW}:{letter}{row - 1})")
        totals.append(f'=IF(C{row}=0,"",D{row}/C{row})')
        _row(sheet, row, totals, look)
        for cell in sheet[row]:
            cell.font = look.heading

    protect(sheet)
    landscape(sheet, title_rows=f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.sheet_view.rightToLeft = look.rtl or None


def _row(sheet: Worksheet, row: int, values: Sequence[object], look: Look) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = BORDER
        cell.alignment = look.wrap
        cell.font = look.body
    sheet.cell(row=row, column=len(values)).number_format = "0%"
