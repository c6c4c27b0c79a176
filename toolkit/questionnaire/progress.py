"""The ``Progress`` sheet: questions answered per chapter, counted by formulas as States work."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from toolkit.questionnaire.cells import (
    BORDER,
    HEADER_FILL,
    HEADING_FONT,
    NOTE_FONT,
    TITLE_FONT,
    WRAP,
    landscape,
    protect,
)
from toolkit.questionnaire.layout import (
    FIRST_QUESTION_ROW,
    LETTER,
    PROGRESS_WIDTHS,
    chapter_sheet,
)
from toolkit.questionnaire.template import Template

FIRST_ROW = 4


def write_progress(
    sheet: Worksheet, chapters: tuple[tuple[str, str, int], ...], template: Template
) -> None:
    """One row per ``(chapter, title, question count)``, then totals; every count is a formula."""
    sheet["A1"] = template.progress_title
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = template.progress_note
    sheet["A2"].font = NOTE_FONT
    for column, (heading, width) in enumerate(
        zip(template.progress_headings, PROGRESS_WIDTHS, strict=True), start=1
    ):
        cell = sheet.cell(row=FIRST_ROW - 1, column=column, value=heading)
        cell.font = HEADING_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = WRAP
        sheet.column_dimensions[cell.column_letter].width = width

    sheet.row_dimensions[FIRST_ROW - 1].height = 30
    row = FIRST_ROW
    for number, title, count in chapters:
        last = FIRST_QUESTION_ROW + max(count, 1) - 1
        name = chapter_sheet(number)

        def area(column: str, name: str = name, last: int = last) -> str:
            return f"'{name}'!${LETTER[column]}${FIRST_QUESTION_ROW}:${LETTER[column]}${last}"

        answers, legislation = area("Answer"), area("Legislation")
        values: list[object] = [
            number,
            title,
            f"=COUNTA({area('ID')})",
            f"=SUM(E{row}:H{row})",
            f'=COUNTIF({answers},"Yes")',
            f'=COUNTIF({answers},"Partially")',
            f'=COUNTIF({answers},"No")',
            f'=COUNTIF({answers},"Not applicable")',
            f'=COUNTIFS({answers},"Yes",{legislation},"")'
            f'+COUNTIFS({answers},"Partially",{legislation},"")',
            f'=IF(C{row}=0,"",D{row}/C{row})',
        ]
        _row(sheet, row, values)
        row += 1

    if chapters:
        totals: list[object] = ["Total", ""]
        for letter in "CDEFGHI":
            totals.append(f"=SUM({letter}{FIRST_ROW}:{letter}{row - 1})")
        totals.append(f'=IF(C{row}=0,"",D{row}/C{row})')
        _row(sheet, row, totals)
        for cell in sheet[row]:
            cell.font = HEADING_FONT

    protect(sheet)
    landscape(sheet, title_rows=f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")
    sheet.freeze_panes = f"A{FIRST_ROW}"


def _row(sheet: Worksheet, row: int, values: Sequence[object]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = BORDER
        cell.alignment = WRAP
    sheet.cell(row=row, column=len(values)).number_format = "0%"
