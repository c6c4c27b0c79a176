"""The questionnaire workbook as intake expects it (template versions "1" and "2",
docs/CONTRACTS.md).

Kept here as plain constants so that intake reads workbooks by the agreed layout of each
version, not by whatever the generator happens to write today.  Version 1 is English with one
answer list for every question; version 2 is in the State's language, with an answer list per
kind of question, whose headings and labels intake reads from the cycle's lock (what was issued).
Both are read by the keys of their columns (``answer``, ``needs_1``).
"""

from __future__ import annotations

TEMPLATE_VERSIONS = frozenset({"1", "2"})
"""Template versions intake can read."""

METADATA_SHEET = "Metadata"
COVER_SHEET = "Cover"
FOCAL_POINT_NAMES = tuple(f"FocalPoint{n}" for n in range(1, 6))
"""Defined names of the cover's focal-point cells: name, title, institution, e-mail, telephone."""
CONSENT_NAME = "PublicationConsent"
"""Defined name of the cover's cell saying whether the answers may be published."""
CONSULTED_NAME = "Consulted"
"""Defined name of the cover's cell of the people and institutions consulted (version 2)."""
KNOWN_SHEETS = frozenset({COVER_SHEET, "Progress", "Lists", METADATA_SHEET})
"""Sheets besides the chapter sheets that a generated workbook contains."""
CHAPTER_PREFIX = "Chapter "

ID = "id"
ANSWER = "answer"
COLUMNS = (
    ID,
    "provision",
    "question",
    ANSWER,
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
"""The keys of a chapter sheet's columns (version 2), in order."""
FIXED_COLUMNS = frozenset({"provision", "question"})
"""Columns the secretariat fills (the provision's text, the question), not the State."""
NEEDS_COLUMNS = ("needs_1", "needs_2", "needs_3")
"""The columns of the technical-assistance needs (version 1 has the first only)."""
TEXT_FIELDS = ("legislation", "examples", "challenges", "steps", "assistance", "comments")
"""The columns whose text is stored as typed."""
RESPONSE_FIELDS = (
    "answer",
    "legislation",
    "examples",
    "challenges",
    "steps",
    "needs",
    "assistance",
    "comments",
)
"""What a State fills in per question, as stored (``needs``: the keys of all needs columns)."""

COLUMNS_V1 = {
    "ID": ID,
    "Provision": "provision",
    "Question": "question",
    "Answer": ANSWER,
    "Legislation": "legislation",
    "Examples": "examples",
    "Challenges": "challenges",
    "Needs": "needs_1",
    "Comments": "comments",
}
"""Version 1's English headings, in order, and the column each is."""

METADATA_KEYS = (
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
"""The metadata rows of version 2 (version 1 has no ``language``)."""
METADATA_REQUIRED = frozenset(
    {"template_version", "cycle", "state", "question_set_hash", "checksum"}
)
"""Rows every version has; version 2 requires ``language`` too."""
METADATA_ROWS = 50
"""Rows of the metadata sheet read (it has nine)."""
LANGUAGES = frozenset({"ar", "zh", "en", "fr", "ru", "es"})
"""The languages a workbook of version 2 may be in."""


def chapter_sheet(chapter: str) -> str:
    """The sheet name of a chapter (``Chapter II``; ``Provisions`` without chapters)."""
    return f"{CHAPTER_PREFIX}{chapter}" if chapter else "Provisions"
