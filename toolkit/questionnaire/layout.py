"""The questionnaire workbook's layout (template version "2"): sheets, columns, rows, limits.

Intake reads returned workbooks by this layout (docs/CONTRACTS.md); changing a sheet name,
a column, a vocabulary or the metadata keys means a new :data:`TEMPLATE_VERSION`.  Columns are
named here by their keys (``answer``, ``needs_1``); the headings a State reads are their labels
in the workbook's language (``toolkit/data/vocabulary.yaml`` and the catalogues), recorded in
the cycle's lock.  Sheet names are the same in every language.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

TEMPLATE_VERSION = "2"
MASTER_SUFFIX = "MASTER"
"""What names the blank master where a State's code would stand (file name, identifier)."""

COVER_SHEET = "Cover"
PROGRESS_SHEET = "Progress"
LISTS_SHEET = "Lists"
METADATA_SHEET = "Metadata"
CHAPTER_PREFIX = "Chapter "

COLUMNS: tuple[str, ...] = (
    "id",
    "provision",
    "question",
    "answer",
    "legislation",
    "examples",
    "challenges",
    "steps",
    "needs_1",
    "needs_2",
    "needs_3",
    "assistance",
    "comments",
)
"""The keys of a chapter sheet's columns, in order (column A is ``id``)."""
FIXED_COLUMNS: tuple[str, ...] = COLUMNS[:3]
"""The columns the secretariat fills (ID, provision, question): kept in view (frozen)."""
RESPONSE_COLUMNS: tuple[str, ...] = COLUMNS[3:]
"""The columns a State fills in: the only unlocked cells of a chapter sheet."""
NEEDS_COLUMNS: tuple[str, ...] = ("needs_1", "needs_2", "needs_3")
"""Up to three technical-assistance needs per provision, each from the list."""
LETTER = {name: get_column_letter(index) for index, name in enumerate(COLUMNS, start=1)}
"""Column letter of each column (``answer`` is ``D``)."""
COLUMN_WIDTHS: dict[str, float] = {
    "id": 9,
    "provision": 50,
    "question": 38,
    "answer": 22,
    "legislation": 40,
    "examples": 34,
    "challenges": 30,
    "steps": 32,
    "needs_1": 26,
    "needs_2": 26,
    "needs_3": 26,
    "assistance": 32,
    "comments": 32,
}
PROGRESS_COLUMNS: tuple[str, ...] = (
    "chapter",
    "title",
    "questions",
    "answered",
    "in_place",
    "partial",
    "gap",
    "choice",
    "not_applicable",
    "uncited",
    "percent",
)
"""The Progress sheet's columns: the chapter, its counts, the outcomes, what lacks legislation."""
PROGRESS_WIDTHS = (12, 40, 11, 11, 11, 11, 12, 16, 12, 18, 12)

TITLE_ROW = 1
"""The chapter's title."""
NOTE_ROW = 2
"""A short note per column (what to write there)."""
HEADER_ROW = 3
"""The headings: the first row holding the labels of both ``id`` and ``answer``."""
FIRST_QUESTION_ROW = HEADER_ROW + 1

PRINT_SCALE = 75
"""Chapter sheets print at 75 %, A4 landscape, columns running on over several pages (the ID
column and the headings repeated on each): 11-point text prints at about 8 points."""

METADATA_KEYS: tuple[str, ...] = (
    "template_version",
    "toolkit_version",
    "cycle",
    "state",
    "question_set_hash",
    "question_count",
    "generated_for",
    "language",
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
CONSULTED_NAME = "Consulted"
"""The cell naming the people and institutions consulted in preparing the answers."""
CONSENT_NAME = "PublicationConsent"


def chapter_sheet(chapter: str) -> str:
    """The sheet name of a chapter (``Chapter II``); at most 31 characters."""
    name = f"{CHAPTER_PREFIX}{chapter}" if chapter else "Provisions"
    if len(name) > MAX_SHEET_NAME:
        raise ValueError(f"sheet name {name!r} is longer than {MAX_SHEET_NAME} characters")
    return name
