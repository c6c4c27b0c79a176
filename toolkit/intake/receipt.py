"""The receipt of one received file: text for the State's focal point, JSON for tools."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from openpyxl.utils.cell import coordinate_to_tuple

from toolkit.errors import Finding
from toolkit.intake.findings import shown

Status = Literal["accepted", "rejected", "duplicate"]


@dataclass(frozen=True)
class Receipt:
    """What became of a received file."""

    file: str
    """The file name as received."""
    status: Status
    sha256: str | None = None
    state: str | None = None
    cycle: str | None = None
    answered: int | None = None
    """Questions answered (for an accepted or duplicate file)."""
    question_count: int | None = None
    submission: int | None = None
    """Number of the submission recorded (or recorded before, for a duplicate)."""
    received_at: str | None = None
    """UTC time the submission was recorded (the first time, for a duplicate)."""
    received_on: str | None = None
    """The day the file arrived, ``YYYY-MM-DD`` (the first time, for a duplicate)."""
    consent: str | None = None
    """The consent to publication given on the cover (for an accepted file)."""
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The receipt as a JSON object (the ``--json`` output of ``cosp ingest``)."""
        return {
            "file": self.file,
            "status": self.status,
            "sha256": self.sha256,
            "state": self.state,
            "cycle": self.cycle,
            "answered": self.answered,
            "question_count": self.question_count,
            "submission": self.submission,
            "received_at": self.received_at,
            "received_on": self.received_on,
            "consent": self.consent,
            "errors": [finding_json(f) for f in in_reading_order(self.errors)],
            "warnings": [finding_json(f) for f in in_reading_order(self.warnings)],
        }

    def as_text(self) -> str:
        """The receipt in words a focal point understands, ready to be sent back."""
        lines = [f"Receipt for the file {shown(self.file, 120)}"]
        if self.sha256:
            lines.append(f"Fingerprint (SHA-256): {self.sha256}")
        who = f"State: {self.state}, review cycle: {self.cycle}" if self.state else ""
        if self.status == "accepted":
            lines.append(f"Result: ACCEPTED and recorded on {self.received_at}. {who}.")
            if self.received_on:
                lines.append(f"Received on: {self.received_on}.")
            lines.append(f"Questions answered: {self.answered} of {self.question_count}.")
            if self.consent:
                lines.append(f"Consent to publication: {shown(self.consent)}.")
        elif self.status == "duplicate":
            lines.append(
                f"Result: ALREADY RECEIVED on {self.received_at}; this identical file was not "
                f"recorded again. {who}."
            )
            if self.received_on:
                lines.append(f"First received on: {self.received_on}.")
        else:
            lines.append("Result: NOT ACCEPTED. Nothing was recorded; please correct the points")
            lines.append("below and send the file again.")
        for title, findings in (("To correct", self.errors), ("Please check", self.warnings)):
            if findings:
                lines += ["", f"{title}:"]
                ordered = in_reading_order(findings)
                lines += [_item(n, f) for n, f in enumerate(ordered, start=1)]
        return "\n".join(lines) + "\n"


def in_reading_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings sheet by sheet (in the order the sheets were first named), then row by row
    and column by column, as a focal point goes through the workbook; those of the whole file
    or a whole sheet first."""
    findings = tuple(findings)
    sheets: dict[str | None, int] = {}
    for finding in findings:
        sheets.setdefault(finding.location.sheet, len(sheets))

    def key(finding: Finding) -> tuple[int, int, int, int]:
        sheet = sheets[finding.location.sheet]
        cell = (finding.location.cell or "").replace("$", "")
        try:
            row, column = coordinate_to_tuple(cell) if cell else (0, 0)
        except ValueError:  # a range or a whole column ("D:D")
            row, column = 0, 0
        if not row:
            return (sheet, 0, 0, 0)
        return (sheet, 1, row, column)

    return tuple(sorted(findings, key=key))


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object: where (sheet, cell), what is wrong and what to do."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "sheet": finding.location.sheet,
        "cell": finding.location.cell,
        "message": finding.message,
        "hint": finding.hint,
    }


def _item(number: int, finding: Finding) -> str:
    where = []
    if finding.location.sheet:
        where.append(f"sheet {shown(finding.location.sheet, 40)}")
    if finding.location.cell:
        where.append(f"cell {finding.location.cell}")
    place = f"{', '.join(where)}: " if where else ""
    text = f"{number}. {place}{finding.message}"
    if finding.hint:
        text += f" What to do: {finding.hint}"
    return textwrap.fill(text, width=96, subsequent_indent="   ")
