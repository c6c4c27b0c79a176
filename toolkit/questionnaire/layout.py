"""The questionnaire workbook's layout (template version "1"): sheets, columns, rows, limits.

Intake reads returned workbooks by this layout (docs/CONTRACTS.md); changing a sheet name,
a column heading, a vocabulary or the metadata keys means a new :data:`TEMPLATE_VERSION`.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

TEMPLATE_VERSION = "1"
MASTER_SUFFIX = "MASTER"
"""What names the blank master where a State's code would stand (file name, identifier)."""

COVER_SHEET = "Cover"
PROGRESS_SHEET = "Progress"
LISTS_SHEET = "Lists"
METADATA_SHEET = "Metadata"
CHAPTER_PREFIX = "Chapter "

COLUMNS: tuple[str, ...] = (
    "ID",
    "Provision",
    "Question",
    "Answer",
    "Legislation",
    "Examples",
    "Challenges",
    "Needs",
    "Comments",
)
"""Column headings of a chapter sheet, in order (column A is ``ID``)."""
RESPONSE_COLUMNS: tuple[str, ...] = COLUMNS[3:]
"""The columns a State fills in: the only unlocked cells of a chapter sheet."""
LETTER = {name: get_column_letter(index) for index, name in enumerate(COLUMNS, start=1)}
"""Column letter of each heading (``Answer`` is ``D``)."""
PROGRESS_WIDTHS = (14, 45, 12, 12, 10, 12, 10, 16, 22, 14)
"""Widths of the progress sheet's columns, one per heading of the template's progress table."""
COLUMN_WIDTHS: dict[str, float] = {
    "ID": 10,
    "Provision": 60,
    "Question": 45,
    "Answer": 16,
    "Legislation": 40,
    "Examples": 40,
    "Challenges": 35,
    "Needs": 30,
    "Comments": 35,
}

TITLE_ROW = 1
"""The chapter's title."""
NOTE_ROW = 2
"""A short note per column (what to write there)."""
HEADER_ROW = 3
"""The headings (``ID``, ``Answer``...): the first row holding both ``ID`` and ``Answer``."""
FIRST_QUESTION_ROW = HEADER_ROW + 1

ANSWERS: tuple[str, ...] = ("Yes", "Partially", "No", "Not applicable")
"""The answer vocabulary, fixed by the contract with intake."""

METADATA_KEYS: tuple[str, ...] = (
    "template_version",
    "toolkit_version",
    "cycle",
    "state",
    "question_set_hash",
    "question_count",
    "generated_for",
    "checksum",
)

# Excel's limits, which openpyxl does not enforce (Excel then "repairs" the file).
MAX_SHEET_NAME = 31
MAX_CELL_CHARS = 32_767
MAX_LIST_FORMULA = 255
"""Characters of an inline list in a data validation (``"Yes,No"``, quotes included)."""
MAX_VALIDATION_TITLE = 32
MAX_VALIDATION_MESSAGE = 255

# Defined names of the cover's input cells, so tools read them without knowing the rows.
FOCAL_POINT_NAME = "FocalPoint"
"""Prefix of the focal point's cells: ``FocalPoint1`` (name) ... ``FocalPoint5``."""
CONSENT_NAME = "PublicationConsent"


def chapter_sheet(chapter: str) -> str:
    """The sheet name of a chapter (``Chapter II``); at most 31 characters."""
    name = f"{CHAPTER_PREFIX}{chapter}" if chapter else "Provisions"
    if len(name) > MAX_SHEET_NAME:
        raise ValueError(f"sheet name {name!r} is longer than {MAX_SHEET_NAME} characters")
    return name
