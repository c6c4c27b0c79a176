"""Validation of a read workbook: is it a genuine questionnaire, and what did the State answer?

Three passes, each producing findings rather than raising: the hidden ``Metadata`` sheet must
name a questionnaire this toolkit generated (and must not have been edited: LibreOffice turns a
very hidden sheet into a hidden one that anybody can unhide); the chapter sheets must hold every
question row, found by its ID, with answers from their lists (:mod:`toolkit.intake.rows`); the
cover gives the focal point, the people consulted and the consent (:mod:`toolkit.intake.cover`).

Everything is checked in the workbook's language (its ``language`` metadata, English for
template version 1): the findings are what its focal point reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.errors import Finding, ToolkitError
from toolkit.i18n import INTAKE, language
from toolkit.intake.config import Policy
from toolkit.intake.cover import read_cover
from toolkit.intake.expected import Expected, Reference
from toolkit.intake.findings import finding
from toolkit.intake.metadata import check_metadata, workbook_language
from toolkit.intake.reader import Workbook
from toolkit.intake.rows import ChapterRows
from toolkit.intake.store import Answer

_ = INTAKE.gettext


@dataclass(frozen=True)
class Outcome:
    """What validation found in one workbook."""

    state: str | None
    cycle: str | None
    template_version: str | None
    question_set_hash: str | None
    question_count: int
    answers: tuple[Answer, ...]
    findings: tuple[Finding, ...]
    focal_point: tuple[str | None, ...] = ()
    """The cover's focal-point cells: name, title, institution, e-mail, telephone."""
    consent: str | None = None
    """The cover's consent to publication: its key (``yes``, ``summary``, ``no``), or None."""
    language: str = "en"
    """The workbook's language: its findings are written in it (and its receipt)."""
    consulted: str | None = None
    """The cover's people and institutions consulted in preparing the answers (as typed)."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that reject the file."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that let the file through but that the State should look at."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def answered(self) -> int:
        """Questions with an answer from the vocabulary."""
        return sum(1 for a in self.answers if a.answer is not None)


def validate(workbook: Workbook, file: str, reference: Reference, policy: Policy) -> Outcome:
    """Check a workbook against the questionnaire it claims to be and collect its answers;
    the findings are in the workbook's language."""
    code = workbook_language(workbook)
    with language(code):
        return _validate(workbook, file, reference, policy, code)


def _validate(
    workbook: Workbook, file: str, reference: Reference, policy: Policy, code: str
) -> Outcome:
    try:
        meta, findings = check_metadata(workbook, file, reference)
    except ToolkitError as error:  # the secretariat's own files, e.g. a damaged lock file
        meta, findings = {}, [_unchecked(file, error)]
    expected = meta.get("expected")
    if findings or not isinstance(expected, Expected):
        return Outcome(
            state=meta.get("state") or None,
            cycle=meta.get("cycle") or None,
            template_version=meta.get("template_version") or None,
            question_set_hash=meta.get("question_set_hash") or None,
            question_count=0,
            answers=(),
            findings=tuple(findings),
            language=code,
        )
    words = expected.words(meta["template_version"])
    reading = ChapterRows(workbook, file, expected, words, code, policy)
    answers = reading.collect()
    cover = read_cover(workbook, file, words, reading.findings)
    if answers and not any(a.answer for a in answers):
        reading.findings.append(
            finding(
                "nothing-answered",
                "warning",
                file,
                _("No question is answered in this workbook."),
                _("If you meant to send the filled-in workbook, please send that file."),
            )
        )
    return Outcome(
        state=meta["state"],
        cycle=meta["cycle"],
        template_version=meta["template_version"],
        question_set_hash=meta["question_set_hash"],
        question_count=len(expected.questions),
        answers=answers,
        findings=tuple(reading.findings),
        focal_point=cover.focal_point,
        consent=cover.consent,
        language=code,
        consulted=cover.consulted,
    )


def _unchecked(file: str, error: ToolkitError) -> Finding:
    problem = error.findings[0]
    return finding(
        "reference-damaged",
        "error",
        file,
        _(
            "This workbook could not be checked because a file of the secretariat is damaged: "
            "{where}: {problem}"
        ).format(where=problem.location, problem=problem.message),
        _(
            "The State need not do anything. The secretariat must repair that file ({hint}) and "
            "then ingest this workbook again."
        ).format(hint=problem.hint or _("see the message")),
    )
