"""The very hidden ``Metadata`` sheet: what intake checks to recognise a genuine workbook."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from openpyxl.worksheet.worksheet import Worksheet

from toolkit.questionnaire.layout import METADATA_KEYS


def metadata_checksum(pairs: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of the ``key=value`` lines of the metadata sheet, ``checksum`` row excluded.

    Lines are joined with ``\\n`` in sheet order; an empty value is written ``key=``. Intake
    calls this same function on the rows it reads, so an edited sheet no longer matches.
    """
    lines = (f"{key}={value}" for key, value in pairs if key != "checksum")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def metadata_pairs(
    *,
    template_version: str,
    toolkit_version: str,
    cycle: str,
    state: str,
    question_set_hash: str,
    question_count: int,
    generated_for: str,
    language: str,
) -> tuple[tuple[str, str], ...]:
    """The rows of the metadata sheet, checksum last, in :data:`METADATA_KEYS` order."""
    pairs: tuple[tuple[str, str], ...] = (
        ("template_version", template_version),
        ("toolkit_version", toolkit_version),
        ("cycle", cycle),
        ("state", state),
        ("question_set_hash", question_set_hash),
        ("question_count", str(question_count)),
        ("generated_for", generated_for),
        ("language", language),
    )
    pairs += (("checksum", metadata_checksum(pairs)),)
    assert tuple(key for key, _ in pairs) == METADATA_KEYS
    return pairs


def write_metadata(sheet: Worksheet, pairs: Iterable[tuple[str, str]]) -> None:
    """Fill the metadata sheet (keys in column A, values as text in column B) and hide it."""
    for row, (key, value) in enumerate(pairs, start=1):
        sheet.cell(row=row, column=1, value=key)
        # Text, never a number: "1" must read back as "1", not 1.0.
        cell = sheet.cell(row=row, column=2, value=value)
        cell.data_type = "s"
        cell.number_format = "@"
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 70
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"
