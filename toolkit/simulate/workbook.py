"""Filling a questionnaire workbook as a focal point does, with openpyxl.

The workbook is read as a person reads it: the question rows are found under the heading row
of each chapter sheet, the dropdowns' values on the hidden ``Lists`` sheet, the cover's cells by
their defined names.  The filled file is saved reproducibly: its document dates and zip entry
times are the day it "arrived", never the clock.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.errors import Location, ToolkitError
from toolkit.questionnaire.workbook import workbook_bytes
from toolkit.simulate.content import Cover, Entry, Vocabulary
from toolkit.simulate.plan import Damage

FOCAL_POINT_NAMES = tuple(f"FocalPoint{n}" for n in range(1, 6))
CONSENT_NAME = "PublicationConsent"
FIELDS = ("answer", "legislation", "examples", "challenges", "needs", "comments")
CONSENT_KEYS = {"yes": "yes", "no": "no", "only the summary": "summary"}
"""The consent options of the template, by the plan's key."""
HEADINGS = ("Answer", "Legislation", "Examples", "Challenges", "Needs", "Comments")
"""The columns a State fills, by the field of :class:`~toolkit.simulate.content.Entry`."""


@dataclass(frozen=True)
class Row:
    """A question's row in a chapter sheet."""

    id: str
    sheet: str
    row: int


@dataclass(frozen=True)
class Form:
    """What a blank workbook offers to fill: its question rows and its dropdowns."""

    rows: tuple[Row, ...]
    vocabulary: Vocabulary


def open_blank(path: Path) -> Workbook:
    """A blank workbook, opened to be read and filled in (a damaged file is an error)."""
    try:
        return openpyxl.load_workbook(path)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ToolkitError.at(
            "simulate.workbook",
            Location(str(path)),
            f"this questionnaire workbook cannot be read ({error}).",
            "Write the cycle's workbooks again (cosp questionnaire --as-issued --state ...).",
        ) from None


def read_form(book: Workbook) -> Form:
    """The question rows and the dropdown values of a blank workbook."""
    rows = []
    for sheet in book.worksheets:
        header, columns = _header(sheet)
        if header is None:
            continue
        for number in range(header + 1, sheet.max_row + 1):
            value = sheet.cell(row=number, column=columns["ID"]).value
            if value is not None and str(value).strip():
                rows.append(Row(str(value).strip(), sheet.title, number))
    lists = book["Lists"]
    values = {
        str(column[0].value): tuple(str(c.value) for c in column[1:] if c.value is not None)
        for column in lists.iter_cols()
        if column[0].value
    }
    consent = {
        CONSENT_KEYS[label.casefold()]: label
        for label in values.get("Consent", ())
        if label.casefold() in CONSENT_KEYS
    }
    vocabulary = Vocabulary(values["Answers"], values["Needs"], consent)
    return Form(tuple(rows), vocabulary)


def filled(
    book: Workbook,
    entries: Mapping[str, Entry],
    cover: Cover,
    arrived: date,
    damage: Damage | None = None,
    damaged_id: str | None = None,
) -> bytes:
    """The bytes of the blank workbook (:func:`open_blank`, filled in place) filled in with
    ``entries`` and ``cover`` (and damaged as ``damage`` says, on the row of ``damaged_id``),
    dated the day it arrived."""
    for sheet in book.worksheets:
        header, columns = _header(sheet)
        if header is None:
            continue
        for number in range(header + 1, sheet.max_row + 1):
            entry = entries.get(str(sheet.cell(row=number, column=columns["ID"]).value).strip())
            if entry is None:
                continue
            for name, heading in zip(FIELDS, HEADINGS, strict=True):
                value = getattr(entry, name)
                if value is not None:
                    sheet.cell(row=number, column=columns[heading], value=value)
    for name, value in zip(FOCAL_POINT_NAMES, cover.focal_point, strict=True):
        if value is not None:
            _named_cell(book, name, value)
    if cover.consent is not None:
        _named_cell(book, CONSENT_NAME, cover.consent)
    if damage is not None and damaged_id is not None:
        _damage(book, damage, damaged_id)
    focal_name = cover.focal_point[0] if cover.focal_point else None
    book.properties.lastModifiedBy = focal_name or "Focal point"
    return workbook_bytes(book, datetime.combine(arrived, time(9, 0)))


def _damage(book: Workbook, damage: Damage, question_id: str) -> None:
    """Type over the question's ID (a decimal comma, as a spreadsheet in French writes it), or
    delete its row."""
    for sheet in book.worksheets:
        header, columns = _header(sheet)
        if header is None:
            continue
        for number in range(header + 1, sheet.max_row + 1):
            cell = sheet.cell(row=number, column=columns["ID"])
            if str(cell.value).strip() == question_id:
                if damage == "id-edited":
                    cell.value = question_id.replace(".", ",") + " bis"
                else:
                    sheet.delete_rows(number)
                return


def _named_cell(book: Workbook, name: str, value: str) -> None:
    (sheet_name, reference), *_ = book.defined_names[name].destinations
    book[sheet_name][reference.replace("$", "")] = value


def _header(sheet: Worksheet) -> tuple[int | None, dict[str, int]]:
    for row in sheet.iter_rows(min_row=1, max_row=20):
        texts = {cell.value: cell.column for cell in row if isinstance(cell.value, str)}
        if "ID" in texts and "Answer" in texts:
            return row[0].row, texts
    return None, {}
