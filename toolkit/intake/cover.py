"""The cover sheet: the focal point's contact details and the consent to publication.

The cells are found by the workbook's defined names (``FocalPoint1``..``FocalPoint5``,
``PublicationConsent``), not by their rows, so the cover's layout may change freely.
"""

from __future__ import annotations

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from toolkit.errors import Finding
from toolkit.intake.findings import finding
from toolkit.intake.layout import CONSENT_NAME, FOCAL_POINT_NAMES
from toolkit.intake.reader import Workbook


def read_cover(
    workbook: Workbook, file: str, findings: list[Finding]
) -> tuple[tuple[str | None, ...], str | None]:
    """The focal point's details and the consent to publication, found by their names."""

    def value(name: str) -> tuple[str | None, str | None, str | None]:
        sheet_name, cell = workbook.names.get(name, (None, None))
        sheet = workbook.sheet(sheet_name) if sheet_name else None
        if sheet is None or cell is None:
            return None, sheet_name, cell
        column, row = coordinate_from_string(cell)
        text = sheet.cell(row, column_index_from_string(column))
        return (text if text and text.strip() else None), sheet_name, cell

    if CONSENT_NAME not in workbook.names:
        return (), None  # a workbook without the cover's names (none is required)
    focal_point = tuple(value(name)[0] for name in FOCAL_POINT_NAMES)
    consent, sheet, cell = value(CONSENT_NAME)
    if consent is None:
        findings.append(
            finding(
                "consent-missing",
                "warning",
                file,
                "The cover does not say whether the answers may be published; they will not "
                "be published until the State says so.",
                "Choose an answer in the cell of the consent to publication on the Cover sheet.",
                sheet=sheet,
                cell=cell,
            )
        )
    if not any(focal_point):
        sheet, cell = workbook.names.get(FOCAL_POINT_NAMES[0], (None, None))
        findings.append(
            finding(
                "focal-point-missing",
                "warning",
                file,
                "The focal point's contact details are not filled in.",
                "Fill in the focal point's name, institution and e-mail on the Cover sheet.",
                sheet=sheet,
                cell=cell,
            )
        )
    return focal_point, consent
