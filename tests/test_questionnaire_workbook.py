"""The generated workbooks, read back with openpyxl: layout, dropdowns, protection, metadata."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import instrument
from toolkit.cycle import load_cycle
from toolkit.questionnaire import build_questions, metadata_checksum, question_set_hash
from toolkit.questionnaire.cells import fit_cell, list_formula
from toolkit.questionnaire.generate import generate, workbook_name
from toolkit.questionnaire.layout import (
    COLUMNS,
    FIRST_QUESTION_ROW,
    HEADER_ROW,
    MAX_CELL_CHARS,
    MAX_LIST_FORMULA,
    MAX_SHEET_NAME,
    METADATA_KEYS,
    RESPONSE_COLUMNS,
    TEMPLATE_VERSION,
)
from toolkit.questionnaire.questions import Questionnaire, prepare
from toolkit.questionnaire.workbook import (
    build_workbook,
    document_date,
    workbook_bytes,
    write_atomically,
    write_workbook,
)
from toolkit.registry import State, load_registry

HEADINGS = [
    "ID",
    "Provision",
    "Question",
    "Answer",
    "Legislation",
    "Examples",
    "Challenges",
    "Steps and timeframe planned",
    "Assistance needed (1)",
    "Assistance needed (2)",
    "Assistance needed (3)",
    "Assistance already received",
    "Comments",
]
"""The English headings of template version 2 (docs/CONTRACTS.md)."""
ANSWERS = {
    "mandatory": ("Yes", "Partially", "No", "Not applicable"),
    "consider": (
        "Yes, measures adopted or applied",
        "Partially adopted or applied",
        "Considered, not adopted",
        "Not yet considered",
        "Not applicable",
    ),
    "optional": ("Yes, the State has used this possibility", "Yes, in part", "No, it has not"),
    "reservation": (
        "No reservation or declaration: applied in full",
        "A reservation or declaration has been made",
        "A reservation or declaration is intended",
    ),
    "notification": (
        "Yes, the notification has been made",
        "No, not yet made",
        "Not applicable",
    ),
}
"""The English answers per kind of question (toolkit/data/vocabulary.yaml)."""


@pytest.fixture(scope="module")
def cycle():
    return load_cycle()


@pytest.fixture(scope="module")
def questionnaire(cycle) -> Questionnaire:
    return prepare(instrument.load(cycle.source), cycle)


@pytest.fixture(scope="module")
def chile() -> State:
    return load_registry().get("CHL")


@pytest.fixture(scope="module")
def chile_file(tmp_path_factory, questionnaire, chile) -> Path:
    return write_workbook(questionnaire, tmp_path_factory.mktemp("wb") / "chl.xlsx", chile)


@pytest.fixture(scope="module")
def master_file(tmp_path_factory, questionnaire) -> Path:
    return write_workbook(questionnaire, tmp_path_factory.mktemp("wb") / "master.xlsx")


@pytest.fixture(scope="module")
def book(chile_file) -> Workbook:
    return load_workbook(chile_file)


def chapter_sheets(book: Workbook) -> list[Worksheet]:
    return [ws for ws in book.worksheets if ws.title.startswith("Chapter ")]


def metadata(book: Workbook) -> list[tuple[str, str]]:
    ws = book["Metadata"]
    return [(str(a.value), "" if b.value is None else str(b.value)) for a, b in ws.iter_rows()]


def validation_values(book: Workbook, formula: str) -> tuple[str, ...]:
    """The values a list validation offers, inline or from its range."""
    if formula.startswith('"'):
        return tuple(formula.strip('"').split(","))
    sheet, ref = formula.split("!")
    ws = book[sheet.strip("'")]
    return tuple(c.value for (c,) in ws[ref.replace("$", "")])


def covering(ws: Worksheet, coordinate: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


# --- layout ------------------------------------------------------------------------------


def test_sheets_in_the_agreed_order_and_visibility(book: Workbook) -> None:
    assert book.sheetnames == ["Cover", "Chapter II", "Chapter IV", "Progress", "Lists", "Metadata"]
    states = {ws.title: ws.sheet_state for ws in book.worksheets}
    assert states["Lists"] == "hidden"
    assert states["Metadata"] == "veryHidden"
    assert all(states[name] == "visible" for name in book.sheetnames[:4])
    assert book.active.title == "Cover"


def test_each_chapter_sheet_lists_its_questions_under_the_header(
    book: Workbook, questionnaire: Questionnaire
) -> None:
    for number, _title in questionnaire.chapters:
        ws = book[f"Chapter {number}"]
        header = [c.value for c in ws[HEADER_ROW]]
        assert header == HEADINGS
        assert all("ID" not in [c.value for c in ws[r]] for r in range(1, HEADER_ROW))
        questions = questionnaire.chapter_questions(number)
        rows = list(ws.iter_rows(min_row=FIRST_QUESTION_ROW, values_only=True))
        assert [r[0] for r in rows] == [q.id for q in questions]
        for row, q in zip(rows, questions, strict=True):
            assert q.provision_text in row[1]
            assert row[2] == q.text
            assert all(value is None for value in row[3:])


def test_every_answer_cell_offers_the_answers_of_its_kind(book: Workbook, questionnaire) -> None:
    template = questionnaire.template
    kinds = {q.id: q.kind for q in questionnaire.questions}
    seen = set()
    for ws in chapter_sheets(book):
        for row in range(FIRST_QUESTION_ROW, ws.max_row + 1):
            kind = kinds[ws[f"A{row}"].value]
            seen.add(kind)
            (dv,) = covering(ws, f"D{row}")
            assert dv.type == "list"
            assert dv.showErrorMessage and dv.showInputMessage
            assert dv.errorStyle in (None, "stop")
            assert dv.error == template.validation["answer"].error
            assert dv.prompt == template.validation["answer"].prompt
            assert not dv.showDropDown  # True would hide the arrow
            assert validation_values(book, dv.formula1) == ANSWERS[kind]
    assert seen == set(ANSWERS)  # the default cycle asks every kind of question


def test_three_needs_cells_per_question_offer_the_needs(book: Workbook, questionnaire) -> None:
    template = questionnaire.template
    for ws in chapter_sheets(book):
        for row in range(FIRST_QUESTION_ROW, ws.max_row + 1):
            for column in "IJK":
                (dv,) = covering(ws, f"{column}{row}")
                assert dv.prompt == template.validation["needs"].prompt
                values = validation_values(book, dv.formula1)
                assert values[0] == "None" and values[-1] == "Other (describe in Comments)"
                assert len(values) == 12
            assert not covering(ws, f"H{row}") and not covering(ws, f"L{row}")


def test_only_answer_cells_are_unlocked_and_sheets_are_protected_without_password(
    book: Workbook,
) -> None:
    for ws in book.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password, ws.title
    assert book.security.lockStructure and not book.security.workbookPassword
    response = {HEADINGS[COLUMNS.index(key)] for key in RESPONSE_COLUMNS}
    for ws in chapter_sheets(book):
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                heading = ws.cell(row=HEADER_ROW, column=cell.column).value
                expected = cell.row >= FIRST_QUESTION_ROW and heading in response
                assert (not cell.protection.locked) == expected, cell.coordinate


def test_id_provision_and_question_stay_in_view_and_print_readably(book: Workbook) -> None:
    for ws in chapter_sheets(book):
        assert ws.freeze_panes == f"D{FIRST_QUESTION_ROW}"  # A to C and the headings frozen
        setup = ws.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", ws.PAPERSIZE_A4)
        assert setup.scale == 75 and setup.pageOrder == "overThenDown"
        assert not ws.sheet_properties.pageSetUpPr.fitToPage  # never shrunk to one page
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.print_title_cols == "$A:$A"
        assert ws.column_dimensions["B"].width >= 40
        assert ws[f"B{FIRST_QUESTION_ROW}"].alignment.wrap_text
        assert ws.row_dimensions[FIRST_QUESTION_ROW].height > 15


def test_question_rows_grow_with_what_is_typed(chile_file: Path, book: Workbook) -> None:
    """A row has an estimated height but no customHeight: Excel and LibreOffice fit it to its
    content again as the State types (a custom height would cut long answers)."""
    part = "xl/worksheets/sheet2.xml"  # Chapter II
    with zipfile.ZipFile(chile_file) as archive:
        xml = archive.read(part).decode()
    rows = dict(re.findall(r'<row r="(\d+)"([^>]*)>', xml))
    last = book["Chapter II"].max_row
    for number in range(FIRST_QUESTION_ROW, last + 1):
        assert 'ht="' in rows[str(number)] and "customHeight" not in rows[str(number)]


def test_missing_legislation_is_filled_for_excel_and_libreoffice(
    chile_file: Path, questionnaire
) -> None:
    with zipfile.ZipFile(chile_file) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    (dxf,) = re.findall(r"<dxf>.*?</dxf>", styles)
    # Excel paints a conditional fill with bgColor: a fill, with both colours, no font colour.
    assert '<bgColor rgb="00F8CBAD"' in dxf and '<fgColor rgb="00F8CBAD"' in dxf
    assert "<font" not in dxf
    (rule,) = re.findall(r"<formula>(.*?)</formula>", sheet)
    assert rule.startswith("AND(OR(") and rule.endswith(",LEN(TRIM(E4))=0)")
    for label in ("Yes", "Partially", "Yes, the State has used this possibility", "Yes, in part"):
        assert f'$D4="{label}"' in rule
    for label in ("No", "Not applicable", "No, it has not", "Yes, the notification has been made"):
        assert f'$D4="{label}"' not in rule


def test_title_and_heading_fonts_are_named(book: Workbook) -> None:
    ws = book["Chapter II"]
    assert (ws["A1"].font.name, ws["A1"].font.b) == ("Calibri", True)
    assert ws[f"D{HEADER_ROW}"].font.name == "Calibri"
    assert book["Cover"]["A1"].font.name == "Calibri"


def test_cover_names_the_state_cycle_deadline_and_contact(book: Workbook, questionnaire) -> None:
    ws = book["Cover"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["State"] == "Chile"
    assert values["Review cycle"] == "First review cycle: criminalization and procedural measures"
    assert questionnaire.cycle_id not in str(list(ws.values))  # never the internal ID
    assert values["Deadline for replies"] == "30 June 2027"
    assert values["Reference"] == questionnaire.reference
    assert values["Secretariat contact"] == questionnaire.contact_email
    assert values["Questions"] == str(len(questionnaire.questions))
    names = book.defined_names
    for name in ("FocalPoint1", "FocalPoint5", "Consulted", "PublicationConsent"):
        ((sheet, coordinate),) = names[name].destinations
        assert sheet == "Cover"
        assert not ws[coordinate].protection.locked
    ((_, consulted),) = names["Consulted"].destinations
    assert values["People and institutions consulted"].startswith("Ministries, agencies")
    assert ws.row_dimensions[int(consulted.split("$")[-1])].height >= 90
    ((_, consent),) = names["PublicationConsent"].destinations
    (dv,) = covering(ws, consent.replace("$", ""))
    assert dv.showErrorMessage
    assert validation_values(book, dv.formula1) == (
        "Yes, the answers may be published",
        "Only the summary",
        "No",
    )
    # English is the text bundled: no note that the provisions are in another language.
    assert not any("equally authentic" in str(v) for v in values.values())


def test_progress_counts_every_chapter_by_outcome_with_formulas(
    book: Workbook, questionnaire
) -> None:
    ws = book["Progress"]
    assert [c.value for c in ws[3]] == [
        "Chapter",
        "Title",
        "Questions",
        "Answered",
        "In place",
        "In part",
        "Not in place",
        "Not used or reserved (allowed)",
        "Not applicable",
        "In place without legislation cited",
        "Answered (%)",
    ]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [r[0] for r in rows] == [n for n, _ in questionnaire.chapters] + ["Total"]
    lists = book["Lists"]
    where = {lists[ref].value: f"'Lists'!${ref[0]}${ref[1:]}" for ref in ("C4", "D3", "D4")}
    for row in rows[:-1]:
        sheet = f"'Chapter {row[0]}'!"
        assert row[2].startswith("=COUNTA(" + sheet)
        assert all(isinstance(v, str) and v.startswith("=") for v in row[2:])
        # "No, it has not" (optional) and a reservation made count as choices, not gaps.
        assert where["No, it has not"] in row[7] and where["No, it has not"] not in row[6]
        assert where["A reservation or declaration has been made"] in row[7]
        assert f"COUNTIF({sheet}$D$4" in row[4]


def test_document_properties(book: Workbook, questionnaire) -> None:
    props = book.properties
    assert "Chile" in props.title
    assert "UNODC" in props.creator
    assert props.identifier == f"{questionnaire.cycle_id}/CHL"
    assert props.created == props.modified == document_date(questionnaire)


# --- metadata ----------------------------------------------------------------------------


def test_metadata_matches_the_question_set(book: Workbook, questionnaire, cycle) -> None:
    pairs = metadata(book)
    assert [k for k, _ in pairs] == list(METADATA_KEYS)
    values = dict(pairs)
    questions = build_questions(instrument.load(cycle.source), cycle)
    assert values["template_version"] == TEMPLATE_VERSION
    assert values["cycle"] == cycle.id
    assert values["state"] == "CHL"
    assert values["generated_for"] == "Chile"
    assert values["language"] == "en"
    assert values["question_set_hash"] == question_set_hash(questions)
    assert values["question_count"] == str(len(questions))
    assert sum(ws.max_row - HEADER_ROW for ws in chapter_sheets(book)) == len(questions)
    assert values["checksum"] == metadata_checksum(pairs)


def test_an_edited_metadata_sheet_fails_the_checksum(book: Workbook) -> None:
    pairs = [(k, "FRA" if k == "state" else v) for k, v in metadata(book)]
    assert dict(pairs)["checksum"] != metadata_checksum(pairs)


def test_the_checksum_formula_is_the_agreed_one() -> None:
    import hashlib

    pairs = [("template_version", "1"), ("state", ""), ("checksum", "x")]
    expected = hashlib.sha256(b"template_version=1\nstate=").hexdigest()
    assert metadata_checksum(pairs) == expected


def test_the_master_is_blank_and_says_so(master_file: Path) -> None:
    book = load_workbook(master_file)
    values = dict(metadata(book))
    assert values["state"] == ""
    assert values["generated_for"] == "master"
    assert values["checksum"] == metadata_checksum(metadata(book))
    state_cell = book["Cover"]["B4"]
    assert state_cell.value is None and not state_cell.protection.locked


# --- determinism -------------------------------------------------------------------------


def test_same_inputs_give_the_same_bytes(questionnaire, chile, chile_file, tmp_path) -> None:
    again = write_workbook(questionnaire, tmp_path / "again.xlsx", chile)
    assert again.read_bytes() == chile_file.read_bytes()


def test_no_clock_time_in_the_file(chile_file: Path, questionnaire) -> None:
    when = document_date(questionnaire)
    with zipfile.ZipFile(chile_file) as archive:
        assert {info.date_time for info in archive.infolist()} == {when.timetuple()[:6]}
        core = archive.read("docProps/core.xml").decode()
    assert core.count(when.strftime("%Y-%m-%dT%H:%M:%SZ")) == 2


def test_ids_written_as_text_are_not_flagged_by_excel(chile_file: Path, book: Workbook) -> None:
    with zipfile.ZipFile(chile_file) as archive:
        for index, ws in enumerate(book.worksheets, start=1):
            xml = archive.read(f"xl/worksheets/sheet{index}.xml").decode()
            expected = f'<ignoredError sqref="{ws.dimensions}" numberStoredAsText="1"/>'
            assert xml.endswith(f"<ignoredErrors>{expected}</ignoredErrors></worksheet>")


def test_source_date_epoch_sets_the_date(questionnaire, chile, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert document_date(questionnaire) == datetime(2026, 1, 1)
    data = workbook_bytes(build_workbook(questionnaire, chile), document_date(questionnaire))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.infolist()[0].date_time == (2026, 1, 1, 0, 0, 0)


def test_different_states_give_different_files(questionnaire, chile_file, tmp_path) -> None:
    senegal = load_registry().get("SEN")
    other = write_workbook(questionnaire, tmp_path / "sen.xlsx", senegal)
    assert other.read_bytes() != chile_file.read_bytes()


# --- Excel's limits ----------------------------------------------------------------------


def test_every_sheet_name_formula_and_cell_is_within_excel_limits(book: Workbook) -> None:
    for ws in book.worksheets:
        assert len(ws.title) <= MAX_SHEET_NAME
        for dv in ws.data_validations.dataValidation:
            assert len(dv.formula1) <= MAX_LIST_FORMULA
            assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255
            assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
        for row in ws.iter_rows(values_only=True):
            assert all(len(str(v)) <= MAX_CELL_CHARS for v in row if v is not None)
        assert all((d.height or 0) <= 409 for d in ws.row_dimensions.values())


def test_a_long_text_is_truncated_with_a_visible_marker() -> None:
    text = "word " * 10_000
    cut = fit_cell(text, "see article 2 in the Convention")
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith("[… see article 2 in the Convention]")
    assert fit_cell("short", "ref") == "short"


def test_a_provision_longer_than_a_cell_is_truncated_in_the_workbook(questionnaire) -> None:
    from dataclasses import replace

    from toolkit.questionnaire.questions import provision_cell

    long = replace(questionnaire.questions[0], provision_text="x" * 40_000)
    long = replace(long, provision_cell=provision_cell(long))
    edited = replace(questionnaire, questions=(long, *questionnaire.questions[1:]))
    book = load_workbook(io.BytesIO(workbook_bytes(build_workbook(edited), datetime(2027, 1, 1))))
    cell = book[long.sheet][f"B{FIRST_QUESTION_ROW}"].value
    assert len(cell) == MAX_CELL_CHARS
    assert cell.endswith(f"[… see {long.citation} in the Convention]")


def test_text_that_looks_like_a_formula_stays_text(questionnaire) -> None:
    from dataclasses import replace

    odd = replace(questionnaire.questions[0], text='=HYPERLINK("x")', provision_text="+1")
    edited = replace(questionnaire, questions=(odd, *questionnaire.questions[1:]))
    book = load_workbook(io.BytesIO(workbook_bytes(build_workbook(edited), datetime(2027, 1, 1))))
    cell = book[odd.sheet][f"C{FIRST_QUESTION_ROW}"]
    assert cell.data_type == "s" and cell.value == odd.text


def test_long_lists_use_a_range_and_short_ones_stay_inline() -> None:
    assert list_formula(("Yes", "No"), "Lists!$A$2:$A$3") == '"Yes,No"'
    many = tuple(f"Category number {i}" for i in range(30))
    assert list_formula(many, "Lists!$B$2:$B$31") == "Lists!$B$2:$B$31"
    assert list_formula(("a, b", "c"), "Lists!$C$2:$C$3") == "Lists!$C$2:$C$3"


# --- files -------------------------------------------------------------------------------


def test_generate_writes_master_and_recipients_under_stable_names(
    questionnaire, chile, tmp_path
) -> None:
    senegal = load_registry().get("SEN")
    paths = generate(questionnaire, (chile, senegal), tmp_path, progress=False)
    folder = tmp_path / questionnaire.cycle_id
    assert paths == (
        folder / f"{questionnaire.cycle_id}_MASTER.xlsx",
        folder / f"{questionnaire.cycle_id}_CHL.xlsx",
        folder / f"{questionnaire.cycle_id}_SEN.xlsx",
    )
    assert sorted(os.listdir(folder)) == sorted([".manifest.json", *(p.name for p in paths)])
    assert workbook_name("a b/c", None) == "a-b-c_MASTER.xlsx"


def test_a_failed_write_leaves_the_previous_file_and_no_debris(tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["out.xlsx"]


@given(st.text(max_size=40_000), st.text(min_size=1, max_size=80))
@settings(max_examples=60, deadline=None)
def test_fit_cell_never_exceeds_a_cell_and_keeps_short_texts(text: str, reference: str) -> None:
    cut = fit_cell(text, reference)
    assert len(cut) <= MAX_CELL_CHARS
    if len(text) <= MAX_CELL_CHARS:
        assert cut == text
    else:
        assert cut.endswith(f"[… {reference}]")
        assert text.startswith(cut[: cut.rindex("\n[… ")])


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=40, unique=True))
def test_list_formulas_always_fit_excel(values: list[str]) -> None:
    formula = list_formula(values, "Lists!$B$2:$B$41")
    assert len(formula) <= MAX_LIST_FORMULA
    if formula.startswith('"'):
        assert formula.strip('"').split(",") == values


def test_a_state_gets_the_wording_of_its_language_from_the_catalogues(
    questionnaire, cycle, tmp_path
) -> None:
    from toolkit.questionnaire.template import DEFAULT_TEMPLATE, load_translations

    translations = load_translations(DEFAULT_TEMPLATE, cycle.languages)
    assert set(translations) == {"ar", "zh", "en", "fr", "ru", "es"}
    convention = instrument.load(cycle.source)
    in_french = {"fr": prepare(convention, cycle, translations["fr"])}
    assert in_french["fr"].question_set_hash == questionnaire.question_set_hash

    registry = load_registry()
    senegal, chile = registry.get("SEN"), registry.get("CHL")
    assert (senegal.language, chile.language) == ("fr", "es")
    paths = generate(
        questionnaire, (senegal, chile), tmp_path / "out", progress=False, translations=in_french
    )
    texts = {}
    for path in paths[1:]:
        book = load_workbook(path)
        texts[path.stem[-3:]] = book["Chapter II"][f"C{FIRST_QUESTION_ROW}"].value
        assert dict(metadata(book))["question_set_hash"] == questionnaire.question_set_hash
    assert "Votre État a-t-il adopté ces mesures\u00a0?" in texts["SEN"]
    assert "Has your State adopted these measures?" in texts["CHL"]  # Spanish not given here
