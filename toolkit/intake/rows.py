"""The chapter sheets of a returned workbook: every question row found by its ID, read as keys.

Moved rows are fine (read by their ID, with a warning); deleted or re-labelled ones are not.
The Provision and Question cells must read as issued (an edited text is a warning).  Each
answer must come from its question's list, in any of the issue's languages; harmless variants
(case, spaces, a final full stop) are read as the answer they mean, with a warning.  Needs are
read the same way, from every needs column.  Cell texts are kept verbatim; nothing is invented
for an unanswered question.  Every message is written in the active language (the
workbook's), its template translated before it is filled in.
"""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.utils import get_column_letter

from toolkit.errors import Finding, Severity
from toolkit.i18n import INTAKE
from toolkit.intake.config import Policy
from toolkit.intake.expected import Expected, plain
from toolkit.intake.findings import finding, original, quoted, shown
from toolkit.intake.layout import (
    ANSWER,
    FIXED_COLUMNS,
    ID,
    KNOWN_SHEETS,
    NEEDS_COLUMNS,
    TEXT_FIELDS,
)
from toolkit.intake.reader import Sheet, Workbook
from toolkit.intake.store import Answer
from toolkit.intake.words import Words, folded
from toolkit.vocabulary import cites, stored_needs

_ = INTAKE.gettext


class ChapterRows:
    """Finds every question row by its ID and reads the responses, collecting findings."""

    def __init__(
        self,
        workbook: Workbook,
        file: str,
        expected: Expected,
        words: Words,
        language: str,
        policy: Policy,
    ) -> None:
        self.workbook = workbook
        self.file = file
        self.expected = expected
        self.words = words
        self.language = language
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
                    _(
                        "The sheet {sheet} is not part of the questionnaire; it was not read."
                    ).format(sheet=shown(sheet.name)),
                    _("Write every answer in the row of its question on the chapter sheets."),
                    sheet.name,
                    None,
                )
            if sheet.beyond_bounds:
                self.note(
                    "beyond-bounds",
                    "warning",
                    _(
                        "The sheet has cells far below or to the right of the questionnaire; they "
                        "were not read."
                    ),
                    _("Write every answer in the row of its question."),
                    sheet.name,
                    None,
                )
        for name in self.sheets:
            if self.workbook.sheet(name) is None:
                self.unreadable.add(name)
                self.note(
                    "sheet-missing",
                    "error",
                    _("The sheet {sheet} is missing (it was deleted or renamed).").format(
                        sheet=shown(name)
                    ),
                    original(),
                    name,
                    None,
                )
        for question in self.expected.questions:
            if question.id not in found and question.sheet not in self.unreadable:
                self.note(
                    "row-deleted",
                    "error",
                    _(
                        "The row of question {id} is missing (it was deleted, or its ID was "
                        "changed)."
                    ).format(id=question.id),
                    original(),
                    question.sheet,
                    None,
                )
        order = {q.id: i for i, q in enumerate(self.expected.questions)}
        return tuple(sorted(found.values(), key=lambda a: order[a.id]))

    def _sheet(self, sheet: Sheet, found: dict[str, Answer]) -> Iterator[tuple[str, Answer]]:
        header = self._header_row(sheet)
        if header is None:
            self.unreadable.add(sheet.name)
            id_label, answer_label = self._headings(ID), self._headings(ANSWER)
            self.note(
                "header-missing",
                "error",
                _(
                    "The heading row with the columns {id} and {answer} is missing or was changed."
                ).format(id=id_label, answer=answer_label),
                original(),
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
                    _(
                        "The ID {id} is not a question of this questionnaire (an ID was changed "
                        "or a row was added with an ID)."
                    ).format(id=shown(row_id)),
                    _("Restore the original ID of the row; the IDs must not be changed.")
                    + " "
                    + original(),
                    sheet.name,
                    id_cell,
                )
                continue
            if row_id in found or row_id in here:
                self.note(
                    "id-duplicate",
                    "error",
                    _("Question {id} appears twice; this row repeats it.").format(id=row_id),
                    _("Keep one row per question: delete the copy (or restore its original ID)."),
                    sheet.name,
                    id_cell,
                )
                continue
            home = self.issued[row_id].sheet
            if home != sheet.name:
                self.note(
                    "row-moved",
                    "warning",
                    _(
                        "Question {id} belongs on the sheet {sheet}; it was read here by its ID."
                    ).format(id=row_id, sheet=shown(home)),
                    _("Nothing is lost; keep question rows on their own sheets next time."),
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
                _(
                    "Question rows were moved (question {id} is out of its place); answers were "
                    "read by their IDs, so nothing is lost."
                ).format(id=first),
                _("No action needed."),
                sheet.name,
                None,
            )

    def _headings(self, key: str) -> str:
        """A column's heading as the workbook's language words it, quoted."""
        labels = self.words.shown.get(self.language) or {}
        label = labels.get(f"column.{key}") or next(
            (heading for heading, k in self.words.columns.items() if k == key), key
        )
        return quoted(label)

    def _header_row(self, sheet: Sheet) -> int | None:
        for number, row in enumerate(sheet.rows, start=1):
            keys = {self.words.columns.get(folded(text or "")) for text in row}
            if ID in keys and ANSWER in keys:
                return number
        return None

    def _columns(self, sheet: Sheet, header: int) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for index, text in enumerate(sheet.rows[header - 1], start=1):
            key = self.words.columns.get(folded(text or ""))
            cell = f"{get_column_letter(index)}{header}"
            if key is not None and key in columns:
                self.note(
                    "column-duplicate",
                    "error",
                    _("The heading {heading} appears twice in the heading row.").format(
                        heading=shown((text or "").strip())
                    ),
                    original(),
                    sheet.name,
                    cell,
                )
                return None
            if key is not None:
                columns[key] = index
            elif _column_used(sheet, header, index):
                self.note(
                    "extra-column",
                    "warning",
                    _(
                        "Column {column} is not part of the questionnaire; its content was not "
                        "read."
                    ).format(column=get_column_letter(index)),
                    _("Write every answer in the columns of the questionnaire."),
                    sheet.name,
                    cell,
                )
        wanted = dict.fromkeys(self.words.columns.values())
        missing = [c for c in wanted if c not in columns and c not in FIXED_COLUMNS]
        if missing:
            self.note(
                "column-missing",
                "error",
                _(
                    "The column {heading} is missing (it was deleted or its heading was changed)."
                ).format(heading=self._headings(missing[0])),
                original(),
                sheet.name,
                f"{get_column_letter(1)}{header}",
            )
            return None
        return columns

    def _stray_row(self, sheet: Sheet, number: int, columns: dict[str, int]) -> None:
        # Text in the Provision or Question column of a row without an ID is the generator's.
        own = {columns.get(key) for key in FIXED_COLUMNS}
        row = sheet.rows[number - 1]
        used = [i for i, text in enumerate(row, start=1) if text and text.strip() and i not in own]
        if used:
            self.note(
                "extra-row",
                "warning",
                _(
                    "Row {row} is not a question row (it has no ID); its content was not read."
                ).format(row=number),
                _("Write every answer in the row of its question."),
                sheet.name,
                f"{get_column_letter(used[0])}{number}",
            )

    def _texts(self, sheet: Sheet, number: int, columns: dict[str, int], qid: str) -> None:
        """The Provision and Question cells must read as issued (a warning when edited)."""
        issued = self.issued[qid]
        for key, wanted in (("provision", issued.provisions), ("question", issued.wordings)):
            if not wanted or key not in columns:
                continue
            if plain(sheet.cell(number, columns[key])) in wanted:
                continue
            cell = f"{get_column_letter(columns[key])}{number}"
            if key == "provision":
                message = _(
                    "The text of the provision in the row of question {id} was changed; the "
                    "answers were read as answers to the provision as the secretariat sent it."
                )
                hint = _(
                    "Do not change the {column} column; write any remark on the provision in the "
                    "Comments column."
                )
            else:
                message = _(
                    "The text of the question in the row of question {id} was changed; the "
                    "answers were read as answers to the question as the secretariat sent it."
                )
                hint = _(
                    "Do not change the {column} column; write any remark on the question in the "
                    "Comments column."
                )
            self.note(
                f"{key}-text-edited",
                "warning",
                message.format(id=qid),
                hint.format(column=self._headings(key)),
                sheet.name,
                cell,
            )

    def _answer(self, sheet: Sheet, number: int, columns: dict[str, int], qid: str) -> Answer:
        row = sheet.rows[number - 1]

        def text(key: str) -> str | None:
            index = columns.get(key)
            if index is None or index > len(row):
                return None
            value = row[index - 1]
            cell = f"{get_column_letter(index)}{number}"
            if value is not None and key != ANSWER and cell in sheet.formulas:
                self.note(
                    "formula",
                    "warning",
                    _(
                        "The cell holds a formula; its text {text} was recorded as it is, not "
                        "calculated."
                    ).format(text=shown(value)),
                    _("Type the text itself rather than a formula."),
                    sheet.name,
                    cell,
                )
            return value

        texts = {key: text(key) for key in TEXT_FIELDS}
        kind = self.issued[qid].kind
        answer_cell = f"{get_column_letter(columns[ANSWER])}{number}"
        typed = text(ANSWER)
        answer = self._vocabulary(typed, kind, sheet, answer_cell, qid)
        if answer is not None and cites(kind, answer) and not (texts["legislation"] or "").strip():
            cell = f"{get_column_letter(columns['legislation'])}{number}"
            self.note(
                "legislation-missing",
                "error" if self.policy.legislation_required else "warning",
                _("Question {id} is answered {answer} but no legislation is cited.").format(
                    id=qid, answer=shown(typed)
                ),
                _(
                    "Name the laws and their provisions (for example \u201cCriminal Code, "
                    "article 201\u201d) in the Legislation column."
                ),
                sheet.name,
                cell,
            )
        needs = []
        for key in NEEDS_COLUMNS:
            need = self._need(text(key), sheet, columns, key, number)
            if need is not None and need not in needs:
                needs.append(need)
        exact = self.words.exact.get(f"answer.{kind}", {})
        return Answer(
            id=qid,
            sheet=sheet.name,
            row=number,
            answer=answer,
            typed_answer=typed if typed is not None and typed not in exact else None,
            legislation=texts["legislation"],
            examples=texts["examples"],
            challenges=texts["challenges"],
            needs=stored_needs(tuple(needs)),
            comments=texts["comments"],
            steps=texts["steps"],
            assistance=texts["assistance"],
        )

    def _choices(self, context: str) -> str:
        separator = _(", ")
        return separator.join(quoted(c) for c in self.words.choices(context, self.language))

    def _vocabulary(
        self, typed: str | None, kind: str, sheet: Sheet, cell: str, qid: str
    ) -> str | None:
        if typed is None or not typed.strip():
            return None
        choose = _("Choose one of the answers from the dropdown list in the cell: {choices}.")
        choose = choose.format(choices=self._choices(f"answer.{kind}"))
        if cell in sheet.formulas:
            self.note(
                "answer-formula",
                "error",
                _("The answer to question {id} is a formula ({text}), not an answer.").format(
                    id=qid, text=shown(typed)
                ),
                choose,
                sheet.name,
                cell,
            )
            return None
        exact = self.words.exact.get(f"answer.{kind}", {})
        if typed in exact:
            return exact[typed]
        answer = self.words.answers.get(kind, {}).get(folded(typed))
        if answer is None:
            self.note(
                "answer-vocabulary",
                "error",
                _(
                    "The answer {text} to question {id} is not one of the answers to this question."
                ).format(text=shown(typed), id=qid),
                choose,
                sheet.name,
                cell,
            )
            return None
        meant = self._label(f"answer.{kind}", answer)
        self.note(
            "answer-normalised",
            "warning",
            _("The answer {text} to question {id} was read as {answer}.").format(
                text=shown(typed), id=qid, answer=meant
            ),
            _("No action needed; choosing from the dropdown list avoids this."),
            sheet.name,
            cell,
        )
        return answer

    def _need(
        self, typed: str | None, sheet: Sheet, columns: dict[str, int], key: str, number: int
    ) -> str | None:
        if typed is None or not typed.strip():
            return None
        exact = self.words.exact.get("need", {})
        if typed in exact:
            return exact[typed]
        need = self.words.needs.get(folded(typed))
        cell = f"{get_column_letter(columns[key])}{number}" if key in columns else None
        if need is None:
            self.note(
                "needs-vocabulary",
                "error",
                _("The need {text} is not one of the categories of technical assistance.").format(
                    text=shown(typed)
                ),
                _(
                    "Choose a category from the dropdown list in the cell; describe other or "
                    "further needs in the Comments column."
                ),
                sheet.name,
                cell,
            )
        return need

    def _label(self, context: str, key: str) -> str:
        labels = self.words.shown.get(self.language) or self.words.shown.get("en") or {}
        return quoted(labels.get(f"{context}.{key}", key))


def _column_used(sheet: Sheet, header: int, column: int) -> bool:
    return any(
        (sheet.cell(number, column) or "").strip() for number in range(header, len(sheet.rows) + 1)
    )
