"""Validation: genuine questionnaires only, every finding placed and explained, nothing lost."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from fixtures.intake import workbooks as wb
from fixtures.intake.workbooks import ingest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.intake import Limits, Policy, Store
from toolkit.intake.reader import read_plain
from toolkit.intake.receipt import Receipt


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "cosp.sqlite3") as opened:
        yield opened


def edited(tmp_path: Path, change: Callable[[openpyxl.Workbook], None], **fill) -> Path:
    """A filled genuine workbook after ``change`` was applied to it (as a user would)."""
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), fill.get("answers", wb.full_answers()))
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def codes(findings) -> list[str]:
    return [f.code.removeprefix("intake.") for f in findings]


def answers_of(store: Store, state: str = "KEN"):
    current = store.current(state, wb.CYCLE)
    return {a.id: a for a in store.answers(current.id)}


# -- what a State types ----------------------------------------------------------------------


def test_every_answer_is_stored_verbatim(tmp_path: Path, store: Store) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    receipt = ingest(path, store)
    assert receipt.status == "accepted" and not receipt.warnings
    stored = answers_of(store)
    assert list(stored) == [qid for qid, _ in wb.QUESTIONS]
    for qid, typed in wb.full_answers().items():
        record = stored[qid].record()
        for heading, value in typed.items():
            if heading == "Answer":  # the answers and needs are stored as their keys
                assert record["answer"] == wb.KEYS[value]
            elif heading == "Needs":
                assert record["needs"] == "training"
            else:
                assert record[heading.lower()] == value
        assert (record["steps"], record["assistance"]) == (None, None)  # not in version 1


def test_partial_submission_counts_unanswered_questions(tmp_path: Path, store: Store) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"7": {"Answer": "No"}, "40.1": {"Answer": "No"}})
    receipt = ingest(path, store)
    assert (receipt.status, receipt.answered, receipt.question_count) == ("accepted", 2, 6)
    stored = answers_of(store)
    assert stored["8.1"].answer is None and stored["8.1"].comments is None
    assert "2 of 6" in receipt.as_text()


@pytest.mark.parametrize(
    ("typed", "read"),
    [("yes ", "yes"), ("PARTIALLY.", "partially"), ("  not   applicable ", "not_applicable")],
)
def test_harmless_variants_are_normalised_with_a_warning(
    tmp_path: Path, store: Store, typed: str, read: str
) -> None:
    answers = {"7": {"Answer": typed, "Legislation": "Penal Code, art. 3"}}
    receipt = ingest(wb.fill(wb.blank(tmp_path / "w.xlsx"), answers), store)
    assert receipt.status == "accepted"
    (warning,) = receipt.warnings
    assert (warning.code, warning.location.sheet, warning.location.cell) == (
        "intake.answer-normalised",
        "Chapter II",
        "D4",
    )
    label = {"yes": "Yes", "partially": "Partially", "not_applicable": "Not applicable"}[read]
    assert f"\u201c{label}\u201d" in warning.message
    assert answers_of(store)["7"].answer == read
    assert answers_of(store)["7"].typed_answer == typed


def test_an_answer_off_the_vocabulary_is_rejected_with_its_cell(
    tmp_path: Path, store: Store
) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"40.21.b": {"Answer": "Maybe"}})
    receipt = ingest(path, store)
    assert receipt.status == "rejected"
    (error,) = receipt.errors
    assert (error.code, error.location.sheet, error.location.cell) == (
        "intake.answer-vocabulary",
        "Chapter IV",
        "D5",
    )
    assert "Maybe" in error.message and "dropdown" in error.hint
    # The hint lists the answers of the question's list, as the workbook words them.
    assert error.hint.endswith(
        "\u201cYes\u201d, \u201cPartially\u201d, \u201cNo\u201d, \u201cNot applicable\u201d."
    )
    assert store.counts() == (0, 0)


def test_yes_without_legislation_is_a_warning_by_default(tmp_path: Path, store: Store) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"8.1": {"Answer": "Yes"}})
    receipt = ingest(path, store)
    assert receipt.status == "accepted"
    assert [(f.code, f.location.cell) for f in receipt.warnings] == [
        ("intake.legislation-missing", "E5")
    ]


def test_yes_without_legislation_can_be_an_error(tmp_path: Path, store: Store) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"8.1": {"Answer": "Partially"}})
    receipt = ingest(path, store, Policy(legislation_required=True))
    assert receipt.status == "rejected"
    assert codes(receipt.errors) == ["legislation-missing"]


def test_formulas_are_kept_as_text_never_evaluated(tmp_path: Path, store: Store) -> None:
    answers = {"7": {"Answer": "No", "Comments": '=HYPERLINK("http://x.invalid","click")'}}
    receipt = ingest(wb.fill(wb.blank(tmp_path / "w.xlsx"), answers), store)
    assert receipt.status == "accepted"
    assert codes(receipt.warnings) == ["formula"]
    assert answers_of(store)["7"].comments == '=HYPERLINK("http://x.invalid","click")'


def test_an_answer_cell_holding_a_formula_is_rejected(tmp_path: Path, store: Store) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"7": {"Answer": '="Yes"'}})
    receipt = ingest(path, store)
    assert codes(receipt.errors) == ["answer-formula"]


def test_text_that_looks_like_a_formula_is_stored_verbatim(tmp_path: Path, store: Store) -> None:
    texts = ["=1+2", "+41 22 917 12 34", "-- see annex", "@focal.point", "\tindented"]

    def type_text(book: openpyxl.Workbook) -> None:
        for row, text in zip(range(4, 9), texts, strict=False):
            cell = book["Chapter II"].cell(row=row, column=9, value=text)
            cell.data_type = "s"  # typed as text (Excel: a leading apostrophe)

    path = edited(tmp_path, type_text, answers={})
    receipt = ingest(path, store)
    assert receipt.status == "accepted", receipt.errors
    stored = answers_of(store)
    assert [stored[qid].comments for qid in ("7", "8.1", "8.2", "11.1")] == texts[:4]


def test_control_characters_and_long_cells_survive(tmp_path: Path, store: Store) -> None:
    long_text = "Lorem ipsum dolor sit amet. " * 3572  # 100,016 characters
    path = wb.fill(
        wb.blank(tmp_path / "w.xlsx"),
        {"7": {"Answer": "No", "Comments": "long"}, "8.1": {"Comments": "bell"}},
    )
    part = wb.sheet_part(path, "Chapter II")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part).decode()
    # Excel writes characters XML cannot hold as _xHHHH_; a literal "_x0041_" as _x005F_x0041_.
    xml = xml.replace("<t>bell</t>", "<t>a_x0007_b_x001B_[31m\tc\nd _x005F_x0041_</t>")
    # openpyxl cuts what it writes at Excel's 32,767 characters: write the long cell directly.
    xml = xml.replace("<t>long</t>", f"<t>{long_text}</t>")
    path = wb.rewrite(path, tmp_path / "ctl.xlsx", {part: xml.encode()})
    receipt = ingest(path, store)
    assert receipt.status == "accepted", receipt.errors
    stored = answers_of(store)
    assert stored["7"].comments == long_text
    assert stored["8.1"].comments == "a\x07b\x1b[31m\tc\nd _x0041_"


def test_numbers_and_dates_are_read_as_the_text_shown(tmp_path: Path, store: Store) -> None:
    import datetime as dt

    answers = {"7": {"Examples": 2024, "Challenges": 1.5, "Comments": dt.date(2025, 3, 1)}}
    ingest(wb.fill(wb.blank(tmp_path / "w.xlsx"), answers), store)
    stored = answers_of(store)["7"]
    assert (stored.examples, stored.challenges) == ("2024", "1.5")
    assert stored.comments.startswith("2025-03-01")


# -- the metadata sheet ----------------------------------------------------------------------


def test_missing_metadata_sheet(tmp_path: Path, store: Store) -> None:
    receipt = ingest(edited(tmp_path, lambda b: b.remove(b["Metadata"])), store)
    assert codes(receipt.errors) == ["metadata-missing"]
    assert "not a questionnaire generated by the secretariat" in receipt.errors[0].message


def test_unhidden_metadata_sheet_is_fine_while_unedited(tmp_path: Path, store: Store) -> None:
    def unhide(book: openpyxl.Workbook) -> None:
        book["Metadata"].sheet_state = "visible"

    assert ingest(edited(tmp_path, unhide), store).status == "accepted"


@pytest.mark.parametrize(
    ("row", "value"),
    [(4, "FRA"), (3, "another-cycle"), (5, "0" * 64), (1, "2"), (8, "not-a-checksum")],
)
def test_an_edited_metadata_sheet_is_caught(
    tmp_path: Path, store: Store, row: int, value: str
) -> None:
    """LibreOffice lets a user unhide the sheet: any edited value breaks the checksum."""

    def tamper(book: openpyxl.Workbook) -> None:
        book["Metadata"].sheet_state = "hidden"
        book["Metadata"].cell(row=row, column=2, value=value)

    receipt = ingest(edited(tmp_path, tamper), store)
    assert codes(receipt.errors) == ["metadata-edited"]
    assert receipt.errors[0].location.sheet == "Metadata"
    assert store.counts() == (0, 0)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"state": ""}, "state-missing"),
        ({"state": "XXX"}, "state-unknown"),
        ({"cycle": "2031-9"}, "cycle-unknown"),
        ({"question_set_hash": "0" * 64}, "question-set"),
        ({"template_version": "3"}, "template-version"),
    ],
)
def test_metadata_must_name_a_known_questionnaire(
    tmp_path: Path, store: Store, changes: dict[str, str], code: str
) -> None:
    """Even a consistent metadata sheet (checksum recomputed) must name a known questionnaire."""
    path = wb.blank(tmp_path / "w.xlsx", meta=wb.metadata(**changes))
    receipt = ingest(path, store)
    assert codes(receipt.errors) == [code]
    assert receipt.errors[0].hint


# -- the question rows -----------------------------------------------------------------------


def test_deleted_row_is_an_error(tmp_path: Path, store: Store) -> None:
    receipt = ingest(edited(tmp_path, lambda b: b["Chapter II"].delete_rows(5)), store)
    assert codes(receipt.errors) == ["row-deleted"]
    assert "8.1" in receipt.errors[0].message
    assert receipt.errors[0].location.sheet == "Chapter II"


def test_edited_id_is_an_error(tmp_path: Path, store: Store) -> None:
    def relabel(book: openpyxl.Workbook) -> None:
        book["Chapter II"]["A6"] = "8.3"

    receipt = ingest(edited(tmp_path, relabel), store)
    assert sorted(codes(receipt.errors)) == ["id-edited", "row-deleted"]
    edited_id = next(f for f in receipt.errors if f.code == "intake.id-edited")
    assert (edited_id.location.sheet, edited_id.location.cell) == ("Chapter II", "A6")


def test_duplicated_row_is_an_error(tmp_path: Path, store: Store) -> None:
    def duplicate(book: openpyxl.Workbook) -> None:
        sheet = book["Chapter II"]
        for column in range(1, 10):
            sheet.cell(row=8, column=column, value=sheet.cell(row=4, column=column).value)

    receipt = ingest(edited(tmp_path, duplicate), store)
    assert [(f.code, f.location.cell) for f in receipt.errors] == [("intake.id-duplicate", "A8")]


def test_moved_rows_are_read_by_their_id(tmp_path: Path, store: Store) -> None:
    def swap(book: openpyxl.Workbook) -> None:
        sheet = book["Chapter II"]
        for column in range(1, 10):
            a, b = sheet.cell(row=4, column=column), sheet.cell(row=7, column=column)
            a.value, b.value = b.value, a.value

    receipt = ingest(edited(tmp_path, swap), store)
    assert receipt.status == "accepted"
    assert codes(receipt.warnings) == ["row-moved"]
    assert answers_of(store)["7"].comments == "Comment on 7"
    assert answers_of(store)["7"].row == 7


def test_row_moved_to_another_sheet(tmp_path: Path, store: Store) -> None:
    def move(book: openpyxl.Workbook) -> None:
        source, target = book["Chapter IV"], book["Chapter II"]
        for column in range(1, 10):
            target.cell(row=9, column=column, value=source.cell(row=5, column=column).value)
            source.cell(row=5, column=column).value = None

    receipt = ingest(edited(tmp_path, move), store)
    assert receipt.status == "accepted", receipt.errors
    assert [(f.code, f.location.cell) for f in receipt.warnings] == [("intake.row-moved", "A9")]
    assert answers_of(store)["40.21.b"].sheet == "Chapter II"


def test_extra_sheets_columns_and_rows_are_ignored_with_warnings(
    tmp_path: Path, store: Store
) -> None:
    def extend(book: openpyxl.Workbook) -> None:
        book.create_sheet("My notes")["A1"] = "draft"
        sheet = book["Chapter II"]
        sheet["J3"] = "Ministry"
        sheet["J4"] = "Justice"
        sheet["E12"] = "stray text"

    receipt = ingest(edited(tmp_path, extend), store)
    assert receipt.status == "accepted"
    assert sorted((f.code, f.location.sheet, f.location.cell) for f in receipt.warnings) == [
        ("intake.extra-column", "Chapter II", "J3"),
        ("intake.extra-row", "Chapter II", "E12"),
        ("intake.extra-sheet", "My notes", None),
    ]
    assert "stray text" not in str(answers_of(store))


def test_missing_column_and_missing_sheet(tmp_path: Path, store: Store) -> None:
    def damage(book: openpyxl.Workbook) -> None:
        book["Chapter II"]["I3"] = "Remarks"
        book.remove(book["Chapter IV"])

    receipt = ingest(edited(tmp_path, damage), store)
    assert sorted(codes(receipt.errors)) == ["column-missing", "sheet-missing"]


def test_every_finding_names_file_sheet_cell_and_what_to_do(tmp_path: Path, store: Store) -> None:
    path = wb.fill(
        wb.blank(tmp_path / "kenya.xlsx"),
        {"7": {"Answer": "Maybe"}, "8.1": {"Answer": "yes"}, "8.2": {"Answer": "Yes"}},
    )
    receipt = ingest(path, store)
    for finding in receipt.errors + receipt.warnings:
        assert finding.location.file == "kenya.xlsx"
        assert finding.location.sheet and finding.location.cell
        assert finding.message and finding.hint
    document = receipt.as_json()
    assert document["status"] == "rejected"
    assert {"sheet", "cell", "message"} <= document["errors"][0].keys()
    text = receipt.as_text()
    assert "NOT ACCEPTED" in text and "cell D4" in text and "What to do:" in text


# -- any text a State can type comes back unchanged -------------------------------------------


def excel_escape(text: str) -> str:
    """The text as Excel writes it in XML: control characters as _xHHHH_, a literal _xHHHH_
    protected by _x005F_, then the XML escapes."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    text = "".join(f"_x{ord(c):04X}_" if ord(c) < 32 and c not in "\t\n" else c for c in text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0xFFFD)))
def test_any_typed_text_is_read_back_exactly(text: str) -> None:
    sheet = wb.FAR_SHEET.replace(
        b"<t>ID</t>", f'<t xml:space="preserve">{excel_escape(text)}</t>'.encode()
    )
    with tempfile.TemporaryDirectory() as folder:
        path = wb.minimal_xlsx(Path(folder) / "typed.xlsx", sheet)
        result = read_plain(path, Limits())
    assert result["ok"], result
    assert result["sheets"][0]["rows"][0] == [text]
    assert result["sheets"][0]["beyond"]  # the far cell was seen, not read


def test_the_receipt_lists_the_points_sheet_by_sheet_and_row_by_row() -> None:
    from toolkit.errors import Finding, Location
    from toolkit.intake.receipt import in_reading_order

    def at(sheet: str | None, cell: str | None) -> Finding:
        return Finding(
            "t", "warning", f"{sheet} {cell}", Location("f.xlsx", sheet=sheet, cell=cell)
        )

    findings = (
        at("Chapter II", "B29"),
        at("Chapter II", "AA3"),
        at("Cover", "C12"),
        at("Chapter II", "B23"),
        at("Chapter II", "D:D"),
        at(None, None),
        at("Chapter II", "$C$23"),
    )
    ordered = [f.message for f in in_reading_order(findings)]
    assert ordered == [
        "Chapter II D:D",  # the whole column before its cells
        "Chapter II AA3",
        "Chapter II B23",
        "Chapter II $C$23",
        "Chapter II B29",
        "Cover C12",
        "None None",
    ]
    receipt = Receipt(file="f.xlsx", status="accepted", warnings=findings)
    text = receipt.as_text()
    assert text.index("cell B23") < text.index("cell B29")
    assert [w["cell"] for w in receipt.as_json()["warnings"]][:3] == ["D:D", "AA3", "B23"]


def test_an_outcome_comes_back_from_the_worker_unchanged(tmp_path: Path) -> None:
    """The worker sends the outcome as JSON: answers, findings and cover come back equal."""
    import json

    from toolkit.intake.ingest import outcome_from_json, outcome_json
    from toolkit.intake.reader import read_workbook
    from toolkit.intake.validate import validate

    answers = wb.full_answers()
    answers["7"] |= {"Answer": "yes ", "Comments": "\u201cquoted\u201d \u00e9\t\n=1+1"}
    answers["8.1"] = {"Answer": "Maybe", "Legislation": None}
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), answers)
    workbook = read_workbook(path, "w.xlsx", Limits(), sandbox=False)
    outcome = validate(workbook, "w.xlsx", wb.Reference(), Policy())
    assert outcome.errors and outcome.warnings and outcome.answers
    sent = json.dumps(outcome_json(outcome), ensure_ascii=True)
    assert outcome_from_json(json.loads(sent)) == outcome
