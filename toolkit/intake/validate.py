"""Validation of a read workbook: is it a genuine questionnaire, and what did the State answer?

Three passes, each producing findings rather than raising: the hidden ``Metadata`` sheet must
name a questionnaire this toolkit generated (and must not have been edited: LibreOffice turns a
very hidden sheet into a hidden one that anybody can unhide); the chapter sheets must hold every
question row, found by its ID (moved rows are fine, deleted or re-labelled ones are not), with
the provision and question texts as issued (an edited text is a warning); each answer must come
from the vocabulary, harmless variants being normalised with a warning.
Cell texts are kept verbatim; nothing is invented for an unanswered question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from toolkit.errors import Finding, Severity, ToolkitError
from toolkit.intake.config import Policy
from toolkit.intake.cover import read_cover
from toolkit.intake.expected import Expected, Reference, plain
from toolkit.intake.findings import finding, shown
from toolkit.intake.layout import (
    ANSWER,
    ANSWERS,
    CITING_ANSWERS,
    COLUMNS,
    FIXED_COLUMNS,
    ID,
    KNOWN_SHEETS,
    RESPONSE_FIELDS,
)
from toolkit.intake.metadata import ORIGINAL, check_metadata
from toolkit.intake.reader import Sheet, Workbook
from toolkit.intake.store import Answer

CHOOSE = "Choose Yes, Partially, No or Not applicable from the dropdown list in the cell."
FIELDS = tuple(
    (heading, heading.lower()) for heading in COLUMNS if heading.lower() in RESPONSE_FIELDS
)
"""The response columns and the stored field each fills."""
VOCABULARY = {" ".join(a.split()).casefold(): a for a in ANSWERS}


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
    """The cover's answer on publication of the answers (as typed)."""

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
    """Check a workbook against the questionnaire it claims to be and collect its answers."""
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
        )
    reading = _Answers(workbook, file, expected, policy)
    answers = reading.collect()
    focal_point, consent = read_cover(workbook, file, reading.findings)
    if answers and not any(a.answer for a in answers):
        reading.findings.append(
            finding(
                "nothing-answered",
                "warning",
                file,
                "No question is answered in this workbook.",
                "If you meant to send the filled-in workbook, please send that file.",
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
        focal_point=focal_point,
        consent=consent,
    )


def _unchecked(file: str, error: ToolkitError) -> Finding:
    problem = error.findings[0]
    return finding(
        "reference-damaged",
        "error",
        file,
        "This workbook could not be checked because a file of the secretariat is damaged: "
        f"{problem.location}: {problem.message}",
        "The State need not do anything. The secretariat must repair that file "
        f"({problem.hint or 'see the message'}) and then ingest this workbook again.",
    )


# -- the chapter sheets ---------------------------------------------------------------------


class _Answers:
    """Finds every question row by its ID and reads the responses, collecting findings."""

    def __init__(self, workbook: Workbook, file: str, expected: Expected, policy: Policy) -> None:
        self.workbook = workbook
        self.file = file
        self.expected = expected
        self.policy = policy
        self.findings: list[Finding] = []
        self.issued = {q.id: q for q in expected.questions}
        self.sheets = expected.sheets()
        self.unreadable: set[str] = set()
        """Sheets whose rows could not be read (an error says why; no row-deleted then)."""

    def note(
        self, code: str, severity: Severity, message: str, hint: str, sheet: str, cell: str | None
    ) -> None:
        self.findings.append(
            finding(code, severity, self.file, message, hint, sheet=sheet, cell=cell)
        )

    def collect(self) -> tuple[Answer, ...]:
        found: dict[str, Answer] = {}
        for sheet in self.workbook.sheets:
            if sheet.name in self.sheets:
                found.update(self._sheet(sheet, found))
            elif sheet.name not in KNOWN_SHEETS:
                self.note(
                    "extra-sheet",
                    "warning",
                    f"The sheet {shown(sheet.name)} is not part of the questionnaire; it was "
                    "not read.",
                    "Write every answer in the row of its question on the chapter sheets.",
                    sheet.name,
                    None,
                )
            if sheet.beyond_bounds:
                self.note(
                    "beyond-bounds",
                    "warning",
                    "The sheet has cells far below or to the right of the questionnaire; they "
                    "were not read.",
                    "Write every answer in the row of its question.",
                    sheet.name,
                    None,
                )
        for name in self.sheets:
            if self.workbook.sheet(name) is None:
                self.unreadable.add(name)
                self.note(
                    "sheet-missing",
                    "error",
                    f"The sheet {shown(name)} is missing (it was deleted or renamed).",
                    ORIGINAL,
                    name,
                    None,
                )
        for question in self.expected.questions:
            if question.id not in found and question.sheet not in self.unreadable:
                self.note(
                    "row-deleted",
                    "error",
                    f"The row of question {question.id} is missing (it was deleted, or its ID "
                    "was changed).",
                    ORIGINAL,
                    question.sheet,
                    None,
                )
        order = {q.id: i for i, q in enumerate(self.expected.questions)}
        return tuple(sorted(found.values(), key=lambda a: order[a.id]))

    def _sheet(self, sheet: Sheet, found: dict[str, Answer]) -> Iterator[tuple[str, Answer]]:
        header = _header_row(sheet)
        if header is None:
            self.unreadable.add(sheet.name)
            self.note(
                "header-missing",
                "error",
                "The heading row with the columns \u201cID\u201d and \u201cAnswer\u201d is "
                "missing or was changed.",
                ORIGINAL,
                sheet.name,
                None,
            )
            return
        columns = self._columns(sheet, header)
        if columns is None:
            self.unreadable.add(sheet.name)
            return
        seen_order: list[str] = []
        here: set[str] = set()
        for number in range(header + 1, len(sheet.rows) + 1):
            row_id = (sheet.cell(number, columns[ID]) or "").strip()
            id_cell = f"{get_column_letter(columns[ID])}{number}"
            if not row_id:
                self._stray_row(sheet, number, columns)
                continue
            if row_id not in self.issued:
                self.note(
                    "id-edited",
                    "error",
                    f"The ID {shown(row_id)} is not a question of this questionnaire (an ID was "
                    "changed or a row was added with an ID).",
                    "Restore the original ID of the row; the IDs must not be changed. " + ORIGINAL,
                    sheet.name,
                    id_cell,
                )
                continue
            if row_id in found or row_id in here:
                self.note(
                    "id-duplicate",
                    "error",
                    f"Question {row_id} appears twice; this row repeats it.",
                    "Keep one row per question: delete the copy (or restore its original ID).",
                    sheet.name,
                    id_cell,
                )
                continue
            home = self.issued[row_id].sheet
            if home != sheet.name:
                self.note(
                    "row-moved",
                    "warning",
                    f"Question {row_id} belongs on the sheet {shown(home)}; it "
                    "was read here by its ID.",
                    "Nothing is lost; keep question rows on their own sheets next time.",
                    sheet.name,
                    id_cell,
                )
            here.add(row_id)
            seen_order.append(row_id)
            self._texts(sheet, number, columns, row_id)
            yield row_id, self._answer(sheet, number, columns, row_id)
        expected_order = [q.id for q in self.expected.questions if q.id in here]
        if seen_order != expected_order:
            first = next(a for a, b in zip(seen_order, expected_order, strict=True) if a != b)
            self.note(
                "row-moved",
                "warning",
                f"Question rows were moved (question {first} is out of its place); answers "
                "were read by their IDs, so nothing is lost.",
                "No action needed.",
                sheet.name,
                None,
            )

    def _columns(self, sheet: Sheet, header: int) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for index, text in enumerate(sheet.rows[header - 1], start=1):
            heading = (text or "").strip()
            cell = f"{get_column_letter(index)}{header}"
            if heading in COLUMNS and heading in columns:
                self.note(
                    "column-duplicate",
                    "error",
                    f"The heading {shown(heading)} appears twice in the heading row.",
                    ORIGINAL,
                    sheet.name,
                    cell,
                )
                return None
            if heading in COLUMNS:
                columns[heading] = index
            elif _column_used(sheet, header, index):
                self.note(
                    "extra-column",
                    "warning",
                    f"Column {get_column_letter(index)} is not part of the questionnaire; its "
                    "content was not read.",
                    "Write every answer in the columns of the questionnaire.",
                    sheet.name,
                    cell,
                )
        missing = [c for c in COLUMNS if c not in columns and c not in FIXED_COLUMNS]
        if missing:
            self.note(
                "column-missing",
                "error",
                f"The column {shown(missing[0])} is missing (it was deleted or its heading was "
                "changed).",
                ORIGINAL,
                sheet.name,
                f"{get_column_letter(1)}{header}",
            )
            return None
        return columns

    def _stray_row(self, sheet: Sheet, number: int, columns: dict[str, int]) -> None:
        # Text in the Provision or Question column of a row without an ID is the generator's.
        own = {columns.get(heading) for heading in FIXED_COLUMNS}
        row = sheet.rows[number - 1]
        used = [i for i, text in enumerate(row, start=1) if text and text.strip() and i not in own]
        if used:
            self.note(
                "extra-row",
                "warning",
                f"Row {number} is not a question row (it has no ID); its content was not read.",
                "Write every answer in the row of its question.",
                sheet.name,
                f"{get_column_letter(used[0])}{number}",
            )

    def _texts(self, sheet: Sheet, number: int, columns: dict[str, int], qid: str) -> None:
        """The Provision and Question cells must read as issued (a warning when edited)."""
        issued = self.issued[qid]
        for heading, wanted in (
            ("Provision", issued.provisions),
            ("Question", issued.wordings),
        ):
            if not wanted or heading not in columns:
                continue
            if plain(sheet.cell(number, columns[heading])) in wanted:
                continue
            what = "provision" if heading == "Provision" else "question"
            self.note(
                f"{what}-text-edited",
                "warning",
                f"The text of the {what} in the row of question {qid} was changed; the "
                f"answers were read as answers to the {what} as the secretariat sent it.",
                f"Do not change the {heading} column; write any remark on the {what} in the "
                "Comments column.",
                sheet.name,
                f"{get_column_letter(columns[heading])}{number}",
            )

    def _answer(self, sheet: Sheet, number: int, columns: dict[str, int], qid: str) -> Answer:
        row = sheet.rows[number - 1]
        texts: dict[str, str | None] = {}
        for heading, field in FIELDS:
            index = columns[heading]
            texts[field] = row[index - 1] if index <= len(row) else None
            if sheet.formulas and heading != ANSWER:
                cell = f"{get_column_letter(index)}{number}"
                if cell in sheet.formulas:
                    self.note(
                        "formula",
                        "warning",
                        f"The cell holds a formula; its text {shown(texts[field])} "
                        "was recorded as it is, not calculated.",
                        "Type the text itself rather than a formula.",
                        sheet.name,
                        cell,
                    )
        answer_cell = f"{get_column_letter(columns[ANSWER])}{number}"
        typed = texts.pop("answer")
        answer = self._vocabulary(typed, sheet, answer_cell, qid)
        legislation = texts.get("legislation")
        if answer in CITING_ANSWERS and not (legislation or "").strip():
            cell = f"{get_column_letter(columns['Legislation'])}{number}"
            self.note(
                "legislation-missing",
                "error" if self.policy.legislation_required else "warning",
                f"Question {qid} is answered \u201c{answer}\u201d but no legislation is cited.",
                "Name the laws and their provisions (for example \u201cCriminal Code, "
                "article 201\u201d) in the Legislation column.",
                sheet.name,
                cell,
            )
        return Answer(
            id=qid,
            sheet=sheet.name,
            row=number,
            answer=answer,
            typed_answer=typed if typed is not None and typed != answer else None,
            **texts,  # type: ignore[arg-type]
        )

    def _vocabulary(self, typed: str | None, sheet: Sheet, cell: str, qid: str) -> str | None:
        if typed is None or not typed.strip():
            return None
        if cell in sheet.formulas:
            self.note(
                "answer-formula",
                "error",
                f"The answer to question {qid} is a formula ({shown(typed)}), not an answer.",
                CHOOSE,
                sheet.name,
                cell,
            )
            return None
        if typed in ANSWERS:
            return typed
        answer = VOCABULARY.get(" ".join(typed.split()).rstrip(".").strip().casefold())
        if answer is None:
            self.note(
                "answer-vocabulary",
                "error",
                f"The answer {shown(typed)} to question {qid} is not one of the possible answers.",
                CHOOSE,
                sheet.name,
                cell,
            )
            return None
        self.note(
            "answer-normalised",
            "warning",
            f"The answer {shown(typed)} to question {qid} was read as \u201c{answer}\u201d.",
            "No action needed; choosing from the dropdown list avoids this.",
            sheet.name,
            cell,
        )
        return answer


def _header_row(sheet: Sheet) -> int | None:
    for number, row in enumerate(sheet.rows, start=1):
        texts = {(text or "").strip() for text in row}
        if ID in texts and ANSWER in texts:
            return number
    return None


def _column_used(sheet: Sheet, header: int, column: int) -> bool:
    return any(
        (sheet.cell(number, column) or "").strip() for number in range(header, len(sheet.rows) + 1)
    )
