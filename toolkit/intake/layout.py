"""The questionnaire workbook as intake expects it (template version "1", docs/CONTRACTS.md).

Kept here as plain constants so that intake reads workbooks by the agreed layout, not by
whatever the generator happens to write today; a template change bumps the version.
"""

from __future__ import annotations

TEMPLATE_VERSIONS = frozenset({"1"})
"""Template versions intake can read."""

METADATA_SHEET = "Metadata"
COVER_SHEET = "Cover"
FOCAL_POINT_NAMES = tuple(f"FocalPoint{n}" for n in range(1, 6))
"""Defined names of the cover's focal-point cells: name, title, institution, e-mail, telephone."""
CONSENT_NAME = "PublicationConsent"
"""Defined name of the cover's cell saying whether the answers may be published."""
KNOWN_SHEETS = frozenset({COVER_SHEET, "Progress", "Lists", METADATA_SHEET})
"""Sheets besides the chapter sheets that a generated workbook contains."""
CHAPTER_PREFIX = "Chapter "

ID = "ID"
ANSWER = "Answer"
COLUMNS = (
    ID,
    "Provision",
    "Question",
    ANSWER,
    "Legislation",
    "Examples",
    "Challenges",
    "Needs",
    "Comments",
)
"""Column headings of a chapter sheet, in order."""
FIXED_COLUMNS = frozenset({"Provision", "Question"})
"""Columns the secretariat fills (the provision's text, the question), not the State."""
RESPONSE_FIELDS = ("answer", "legislation", "examples", "challenges", "needs", "comments")
"""What a State fills in per question, as stored (lower case of the headings)."""

ANSWERS = ("Yes", "Partially", "No", "Not applicable")
"""The answer vocabulary."""
CITING_ANSWERS = frozenset({"Yes", "Partially"})
"""Answers that must cite legislation."""

METADATA_KEYS = (
    "template_version",
    "toolkit_version",
    "cycle",
    "state",
    "question_set_hash",
    "question_count",
    "generated_for",
    "checksum",
)
METADATA_REQUIRED = frozenset(
    {"template_version", "cycle", "state", "question_set_hash", "checksum"}
)
METADATA_ROWS = 50
"""Rows of the metadata sheet read (it has eight)."""


def chapter_sheet(chapter: str) -> str:
    """The sheet name of a chapter (``Chapter II``; ``Provisions`` without chapters)."""
    return f"{CHAPTER_PREFIX}{chapter}" if chapter else "Provisions"
