"""The cover sheet: the focal point, the people and institutions consulted, the consent.

The cells are found by the workbook's defined names (``FocalPoint1``..``FocalPoint5``,
``Consulted`` from template version 2, ``PublicationConsent``), not by their rows, so the
cover's layout may change freely.  The consent is stored as its key (``yes``, ``summary``,
``no``): an option of the list in any language of the issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from toolkit.errors import Finding
from toolkit.i18n import INTAKE
from toolkit.intake.findings import finding, shown
from toolkit.intake.layout import CONSENT_NAME, CONSULTED_NAME, FOCAL_POINT_NAMES
from toolkit.intake.reader import Workbook
from toolkit.intake.words import Words, folded

_ = INTAKE.gettext


@dataclass(frozen=True)
class Cover:
    """What the cover says."""

    focal_point: tuple[str | None, ...] = ()
    """Name, title, institution, e-mail, telephone (``()`` without the cover's names)."""
    consent: str | None = None
    """The consent's key, or None (left empty, or not one of the options)."""
    consulted: str | None = None
    """The people and institutions consulted, as typed."""


def read_cover(workbook: Workbook, file: str, words: Words, findings: list[Finding]) -> Cover:
    """The cover's cells, found by their names; warnings for what is missing."""

    def value(name: str) -> tuple[str | None, str | None, str | None]:
        sheet_name, cell = workbook.names.get(name, (None, None))
        sheet = workbook.sheet(sheet_name) if sheet_name else None
        if sheet is None or cell is None:
            return None, sheet_name, cell
        column, row = coordinate_from_string(cell)
        text = sheet.cell(row, column_index_from_string(column))
        return (text if text and text.strip() else None), sheet_name, cell

    if CONSENT_NAME not in workbook.names:
        return Cover()  # a workbook without the cover's names (none is required)
    focal_point = tuple(value(name)[0] for name in FOCAL_POINT_NAMES)
    typed, sheet, cell = value(CONSENT_NAME)
    consent = None
    if typed is None:
        findings.append(
            finding(
                "consent-missing",
                "warning",
                file,
                _(
                    "The cover does not say whether the answers may be published; they will not "
                    "be published until the State says so."
                ),
                _("Choose an answer in the cell of the consent to publication on the Cover sheet."),
                sheet=sheet,
                cell=cell,
            )
        )
    else:
        consent = words.exact.get("consent", {}).get(typed) or words.consent.get(folded(typed))
        if consent is None:
            findings.append(
                finding(
                    "consent-vocabulary",
                    "warning",
                    file,
                    _(
                        "The consent to publication {text} is not one of the options; the "
                        "answers will not be published until the State chooses one."
                    ).format(text=shown(typed)),
                    _("Choose an option from the dropdown list in the cell on the Cover sheet."),
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
                _("The focal point's contact details are not filled in."),
                _("Fill in the focal point's name, institution and e-mail on the Cover sheet."),
                sheet=sheet,
                cell=cell,
            )
        )
    consulted = value(CONSULTED_NAME)[0] if CONSULTED_NAME in workbook.names else None
    return Cover(focal_point, consent, consulted)
