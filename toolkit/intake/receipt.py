"""The receipt of one received file: text for the State's focal point, JSON for tools."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from openpyxl.utils.cell import coordinate_to_tuple

from toolkit.errors import Finding
from toolkit.i18n import INTAKE, language
from toolkit.i18n.dates import un_date, un_number
from toolkit.intake.findings import shown

_ = INTAKE.gettext
ngettext = INTAKE.ngettext

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
    """The consent to publication given on the cover, as its key (for an accepted file)."""
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    language: str = "en"
    """The workbook's language: the receipt's (its findings were written in it)."""

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
            "language": self.language,
            "errors": [finding_json(f) for f in in_reading_order(self.errors)],
            "warnings": [finding_json(f) for f in in_reading_order(self.warnings)],
        }

    def as_text(self) -> str:
        """The receipt in words a focal point understands, in the workbook's language, ready
        to be sent back."""
        with language(self.language):
            return self._text()

    def _text(self) -> str:
        lines = [_("Receipt for the file {file}").format(file=shown(self.file, 120))]
        if self.sha256:
            lines.append(_("Fingerprint (SHA-256): {sha256}").format(sha256=self.sha256))
        who = ""
        if self.state:
            who = _("State: {state}, review cycle: {cycle}.").format(
                state=_state_name(self.state, self.language), cycle=self.cycle
            )
        when = _moment(self.received_at, self.language)
        if self.status == "accepted":
            lines.append(_("Result: ACCEPTED and recorded on {when}.").format(when=when))
            if who:
                lines.append(who)
            if self.received_on:
                lines.append(
                    _("Received on: {day}.").format(day=_day(self.received_on, self.language))
                )
            lines.append(
                _("Questions answered: {answered} of {total}.").format(
                    answered=un_number(self.answered or 0, self.language),
                    total=un_number(self.question_count or 0, self.language),
                )
            )
            if self.consent:
                lines.append(
                    _("Consent to publication: {consent}.").format(
                        consent=_consent(self.consent, self.language)
                    )
                )
        elif self.status == "duplicate":
            lines.append(
                _(
                    "Result: ALREADY RECEIVED on {when}; this identical file was not recorded "
                    "again."
                ).format(when=when)
            )
            if who:
                lines.append(who)
            if self.received_on:
                lines.append(
                    _("First received on: {day}.").format(day=_day(self.received_on, self.language))
                )
        else:
            count = len(self.errors)
            lines.append(
                ngettext(
                    "Result: NOT ACCEPTED. Nothing was recorded; please correct the point below "
                    "and send the file again.",
                    "Result: NOT ACCEPTED. Nothing was recorded; please correct the {count} "
                    "points below and send the file again.",
                    count,
                ).format(count=un_number(count, self.language))
            )
            if who:
                lines.append(who)
        for title, findings in (
            (_("To correct:"), self.errors),
            (_("Please check:"), self.warnings),
        ):
            if findings:
                lines += ["", title]
                ordered = in_reading_order(findings)
                lines += [_item(n, f) for n, f in enumerate(ordered, start=1)]
        return "\n".join(_wrapped(line) for line in lines) + "\n"


def _wrapped(line: str) -> str:
    if len(line) <= 96 or line[:1].isdigit():
        return line
    return textwrap.fill(line, width=96, break_on_hyphens=False)


def _state_name(iso3: str, code: str) -> str:
    from toolkit.i18n.names import load_names

    names = load_names()
    return f"{names.get(iso3).short(code)} ({iso3})" if iso3 in names else iso3


def _consent(key: str, code: str) -> str:
    from toolkit.vocabulary import VOCABULARY, label

    for term in VOCABULARY.consent:
        if term.key == key:
            return label("consent", term, code)
    return shown(key)


def _day(day: str, code: str) -> str:
    """A day of the store (``YYYY-MM-DD``) as the language writes dates."""
    try:
        return un_date(date.fromisoformat(day), code)
    except ValueError:
        return day


def _moment(stamp: str | None, code: str) -> str:
    """A UTC time of the store (ISO 8601) as the language writes the date, with the time."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return _("{date}, {time} UTC").format(
        date=un_date(moment.date(), code), time=moment.strftime("%H:%M")
    )


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
        where.append(_("sheet {sheet}").format(sheet=shown(finding.location.sheet, 40)))
    if finding.location.cell:
        where.append(_("cell {cell}").format(cell=finding.location.cell))
    # TRANSLATORS: what separates the sheet from the cell ("sheet “Chapter II”, cell D5").
    separator = _(", ")
    message = finding.message
    if where:
        # TRANSLATORS: a point of the receipt: where it is, then what is wrong.
        message = _("{place}: {message}").format(place=separator.join(where), message=message)
    text = f"{number}. {message}"
    if finding.hint:
        text += " " + _("What to do: {hint}").format(hint=finding.hint)
    return textwrap.fill(text, width=96, subsequent_indent="   ", break_on_hyphens=False)
