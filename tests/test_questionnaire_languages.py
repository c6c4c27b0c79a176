"""Each State in its language: six States' workbooks in the six languages, filled with their own
vocabularies (with openpyxl, and through LibreOffice itself), come back accepted with canonical
answers; the findings and receipts are in the workbook's language; pictures of the covers and
chapter sheets (LibreOffice -> PDF -> PNG) for a person to look at.

The pictures are written to ``$COSP_PICTURES`` when it is set (a folder), else beside the test's
files; CI keeps them as artefacts if it wishes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import SOFFICE, soffice_convert
from libreoffice import fill_in_libreoffice

from toolkit import cli
from toolkit.intake import Policy, Store, ingest_files
from toolkit.intake.expected import ToolkitReference
from toolkit.lock import read_lock
from toolkit.questionnaire.template import load_template
from toolkit.registry import load_registry
from toolkit.vocabulary import VOCABULARY, issued_labels

STATES = {
    "FRA": "fr",
    "ESP": "es",
    "CHL": "es",
    "RUS": "ru",
    "CHN": "zh",
    "EGY": "ar",
    "SAU": "ar",
    "GBR": "en",
}
"""Who is written to, and in which language (the registry's language of correspondence)."""
CYCLE = "first-review-cycle"
MARKS = {
    "fr": "[Texte anglais de la Convention]",
    "es": "[Texto en inglés de la Convención]",
    "ru": "[Текст Конвенции на английском языке]",
    "zh": "[《公约》英文文本]",
    "ar": "[النص الإنكليزي للاتفاقية]",
}
"""The mark of a Provision cell showing the English text in a workbook of another language."""
LAWS = {
    "fr": "Code pénal, article 323-1",
    "es": "Código Penal, artículo 197 bis",
    "ru": "Уголовный кодекс, статья 272",
    "zh": "《刑法》第285条",
    "ar": "قانون مكافحة جرائم تقنية المعلومات رقم 175 لسنة 2018، المادة 13",
    "en": "Computer Misuse Act 1990, section 1",
}
STEPS = {
    "fr": "Projet de loi soumis au Parlement en 2027.",
    "es": "Proyecto de ley ante el Congreso en 2027.",
    "ru": "Законопроект будет внесен в парламент в 2027 году.",
    "zh": "法律草案将于2027年提交议会。",
    "ar": "سيُعرض مشروع قانون على البرلمان في عام 2027.",
    "en": "A bill goes before Parliament in 2027.",
}
COVERS = {
    "fr": ("Mme Jeanne Martin", "Ministère de la justice ; Ministère de l'intérieur"),
    "es": ("Sra. Ana María Núñez", "Ministerio de Justicia; Fiscalía General"),
    "ru": ("Иван Петров", "Министерство юстиции; Генеральная прокуратура"),
    "zh": ("王芳", "司法部；公安部"),
    "ar": ("السيدة ليلى حسن", "وزارة العدل؛ النيابة العامة"),
    "en": ("Ms. Jane Smith", "Home Office; Crown Prosecution Service"),
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace where the default cycle (all six languages) is issued to the eight States."""
    registry = load_registry()
    assert {iso3: registry.get(iso3).language for iso3 in STATES} == STATES
    root = tmp_path_factory.mktemp("languages")
    (root / "cosp.toml").write_text('[workspace]\nname = "languages"\n', encoding="utf-8")
    status = cli.main(
        ["questionnaire", "-q", "--workspace", str(root), "--no-progress", "--state", *STATES]
    )
    assert status == 0
    return root


def blank(workspace: Path, iso3: str) -> Path:
    return workspace / "questionnaires" / CYCLE / f"{CYCLE}_{iso3}.xlsx"


def typing(workspace: Path, iso3: str) -> tuple[list[tuple[str, str, str]], dict[str, dict]]:
    """What a focal point types, in its language (the cells), and what the store must keep of
    it (the canonical keys and the texts), by question."""
    code = STATES[iso3]
    labels = issued_labels(code)
    lock = read_lock(workspace / "cycles" / f"{CYCLE}.questions.json", CYCLE)
    assert lock is not None
    kinds = {q.id: q.kind for q in lock.current.questions}
    cells: list[tuple[str, str, str]] = []
    expected: dict[str, dict] = {}
    book = openpyxl.load_workbook(blank(workspace, iso3))
    n = 0
    for sheet in book.worksheets:
        if not sheet.title.startswith("Chapter "):
            continue
        for row in range(4, sheet.max_row + 1):
            qid = sheet[f"A{row}"].value
            terms = VOCABULARY.answers[kinds[qid]]
            term = terms[n % len(terms)]
            need = VOCABULARY.needs[1 + n % 11]
            typed = {
                "D": labels[f"answer.{kinds[qid]}.{term.key}"],
                "H": STEPS[code],
                "I": labels[f"need.{need.key}"],
            }
            if term.cites:
                typed["E"] = f"{LAWS[code]}\n{LAWS[code]} ({n})"
            if n % 3 == 0:
                typed["L"] = "UNODC, 2025"
            cells += [(sheet.title, f"{column}{row}", text) for column, text in typed.items()]
            expected[qid] = {
                "answer": term.key,
                "legislation": typed.get("E"),
                "steps": STEPS[code],
                "needs": need.key,
                "assistance": typed.get("L"),
            }
            n += 1
    names = book.defined_names
    for name, text in (
        ("FocalPoint1", COVERS[code][0]),
        ("Consulted", COVERS[code][1]),
        ("PublicationConsent", labels["consent.summary"]),
    ):
        ((sheet_name, reference),) = names[name].destinations
        cells.append((sheet_name, reference.replace("$", ""), text))
    return cells, expected


def fill_with_openpyxl(source: Path, target: Path, cells: list[tuple[str, str, str]]) -> Path:
    book = openpyxl.load_workbook(source)
    for sheet, reference, text in cells:
        book[sheet][reference] = text
    book.save(target)
    return target


def check_accepted(workspace: Path, files: dict[str, Path], db: Path) -> None:
    """Every file accepted, its answers stored as their keys, its language kept."""
    with Store.open(db) as store:
        receipts = list(
            ingest_files(
                list(files.values()),
                store,
                reference=ToolkitReference(workspace / "cycles"),
                policy=Policy(),
            )
        )
        for (iso3, _), receipt in zip(files.items(), receipts, strict=True):
            assert receipt.status == "accepted", (iso3, receipt.errors)
            assert receipt.warnings == (), (iso3, receipt.warnings)
            assert (receipt.state, receipt.language, receipt.consent) == (
                iso3,
                STATES[iso3],
                "summary",
            )
            submission = store.by_hash(receipt.sha256)
            assert submission.language == STATES[iso3]
            assert submission.consulted == COVERS[STATES[iso3]][1]
            assert json.loads(submission.focal_point)[0] == COVERS[STATES[iso3]][0]
            _, expected = typing(workspace, iso3)
            stored = {a.id: a for a in store.answers(receipt.submission)}
            assert set(stored) == set(expected)
            for qid, fields in expected.items():
                record = stored[qid].record()
                assert {key: record[key] for key in fields} == fields, (iso3, qid)


# -- the workbooks in six languages ----------------------------------------------------------------


def test_each_state_gets_its_workbook_in_its_language(workspace: Path) -> None:
    expected_cover = {
        "FRA": ("État", "France", "30 juin 2027", "Premier cycle d'examen"),
        "ESP": ("Estado", "España", "30 de junio de 2027", "Primer ciclo de examen"),
        "CHL": ("Estado", "Chile", "30 de junio de 2027", "Primer ciclo de examen"),
        "RUS": ("Государство", "Российская Федерация", "30 июня 2027 года", "Первый цикл обзора"),
        "CHN": ("国家", "中国", "2027年6月30日", "第一个审议周期"),
        "EGY": ("الدولة", "مصر", "30 حزيران/يونيه 2027", "دورة الاستعراض الأولى"),
        "SAU": (
            "الدولة",
            "المملكة العربية السعودية",
            "30 حزيران/يونيه 2027",
            "دورة الاستعراض الأولى",
        ),
        "GBR": (
            "State",
            "United Kingdom of Great Britain and Northern Ireland",
            "30 June 2027",
            "First review cycle",
        ),
    }
    answer_heading = {"fr": "Réponse", "es": "Respuesta", "ru": "Ответ", "zh": "答复",
                      "ar": "الإجابة", "en": "Answer"}  # fmt: skip
    for iso3, code in STATES.items():
        book = openpyxl.load_workbook(blank(workspace, iso3))
        cover, chapter = book["Cover"], book["Chapter II"]
        label, name, deadline, title = expected_cover[iso3]
        assert (cover["A4"].value, cover["B4"].value, cover["B6"].value) == (label, name, deadline)
        assert cover["B5"].value.startswith(title)
        assert chapter["D3"].value == answer_heading[code]
        metadata = {r[0].value: r[1].value for r in book["Metadata"].iter_rows()}
        assert metadata["language"] == code
        rtl = code == "ar"
        for sheet in (cover, chapter, book["Progress"]):
            assert bool(sheet.sheet_view.rightToLeft) == rtl, (iso3, sheet.title)
        assert (chapter["C4"].alignment.readingOrder == 2) == rtl
        assert chapter["B4"].alignment.horizontal == "left"  # the English text, left to right
        # Only the English text of the Convention is bundled: the other workbooks say so.
        notes = [v for (v,) in cover.iter_rows(min_col=2, max_col=2, values_only=True) if v]
        assert (load_template(language=code).authentic_text in notes) == (code != "en")
        provision = chapter["B4"].value.split("\n")
        assert provision[1] == MARKS.get(code, "")  # the mark, or the blank line before the text
        assert "Each State Party shall adopt" in chapter["B4"].value
    french = openpyxl.load_workbook(blank(workspace, "FRA"))["Chapter II"]
    assert french["B4"].value.startswith(
        "Article 7, paragraphe 1 — Illegal access\n[Texte anglais de la Convention]\n\n"
    )
    assert french["C4"].value.startswith("L'article 7, paragraphe 1 (Illegal access) fait")


def test_filled_with_their_own_vocabulary_they_come_back_as_canonical_answers(
    workspace: Path, tmp_path: Path
) -> None:
    files = {}
    for iso3 in STATES:
        cells, _ = typing(workspace, iso3)
        files[iso3] = fill_with_openpyxl(blank(workspace, iso3), tmp_path / f"{iso3}.xlsx", cells)
    check_accepted(workspace, files, tmp_path / "store" / "cosp.sqlite3")


def test_an_answer_in_another_vocabulary_is_read_and_one_of_another_kind_is_not(
    workspace: Path, tmp_path: Path
) -> None:
    """Any of the six vocabularies is read as its key; an answer of another kind of question is
    an error, told in the workbook's language with the answers its list offers."""
    cells = [
        ("Chapter II", "D4", "Sí"),  # 7.1 mandatory: Spanish typed in the French workbook
        ("Chapter II", "E4", "Code pénal, article 323-1"),
        ("Chapter II", "D5", "Oui"),  # 7.2 optional: "Oui" answers the mandatory questions
    ]
    path = fill_with_openpyxl(blank(workspace, "FRA"), tmp_path / "fra.xlsx", cells)
    with Store.open(tmp_path / "cosp.sqlite3") as store:
        (receipt,) = ingest_files(
            [path], store, reference=ToolkitReference(workspace / "cycles"), policy=Policy()
        )
    assert receipt.language == "fr" and receipt.status == "rejected"
    (error,) = receipt.errors
    assert (error.code, error.location.cell) == ("intake.answer-vocabulary", "D5")
    assert error.message == (
        "La réponse «\u00a0Oui\u00a0» à la question 7.2 ne fait pas partie des réponses "
        "prévues pour cette question."
    )
    assert error.hint == (
        "Choisissez l'une des réponses de la liste déroulante de la cellule\u00a0: "
        "«\u00a0Oui, l'État a fait usage de cette possibilité\u00a0», «\u00a0Oui, en "
        "partie\u00a0», «\u00a0Non, il n'en a pas fait usage\u00a0»."
    )
    text = receipt.as_text()
    assert text.startswith("Accusé de réception du fichier «\u00a0fra.xlsx\u00a0»\n")
    assert (
        "Résultat\u00a0: NON ACCEPTÉ. Rien n'a été enregistré\u00a0; veuillez corriger le" in text
    )
    assert "\nÀ corriger\u00a0:\n1. feuille «\u00a0Chapter II\u00a0», cellule D5\u00a0: La " in text
    assert "Que faire\u00a0: Choisissez" in text


def test_an_arabic_receipt_and_a_chinese_finding(workspace: Path, tmp_path: Path) -> None:
    arabic = fill_with_openpyxl(
        blank(workspace, "EGY"), tmp_path / "egy.xlsx", [("Chapter II", "D4", "نعم")]
    )
    chinese = fill_with_openpyxl(
        blank(workspace, "CHN"), tmp_path / "chn.xlsx", [("Chapter II", "D4", "是")]
    )
    with Store.open(tmp_path / "cosp.sqlite3") as store:
        egypt, china = ingest_files(
            [arabic, chinese], store, reference=ToolkitReference(workspace / "cycles")
        )
    assert (egypt.status, egypt.language, china.status, china.language) == (
        "accepted",
        "ar",
        "accepted",
        "zh",
    )
    lines = egypt.as_text().splitlines()
    assert lines[0] == "إشعار باستلام الملف «egy.xlsx»"
    assert lines[3] == "الدولة: مصر (EGY)؛ دورة الاستعراض: first-review-cycle."
    assert lines[4].startswith("تاريخ الاستلام: ")  # the day of arrival, in UN Arabic style
    assert lines[5].startswith("الأسئلة التي أُجيب عنها: 1 من أصل ")
    warnings = {w.code: w for w in china.warnings}
    assert warnings["intake.legislation-missing"].message == (
        "问题7.1的答复为“是”，但未列出任何立法。"
    )
    assert warnings["intake.focal-point-missing"].message == "未填写联络人的联系方式。"


def test_states_whose_language_the_cycle_does_not_list_are_named(tmp_path: Path, capsys) -> None:
    cycle = tmp_path / "two-languages.yaml"
    text = Path(__file__).parent.parent / "toolkit" / "data" / "cycles" / f"{CYCLE}.yaml"
    cycle.write_text(
        text.read_text(encoding="utf-8")
        .replace(f"id: {CYCLE}", "id: two-languages")
        .replace("languages: [ar, zh, en, fr, ru, es]", "languages: [en, fr]"),
        encoding="utf-8",
    )
    root = tmp_path / "ws"
    root.mkdir()
    (root / "cosp.toml").write_text("[workspace]\n", encoding="utf-8")
    status = cli.main(["questionnaire", "-q", "--workspace", str(root), "--cycle", str(cycle),
                       "--no-progress", "--state", "FRA", "ESP", "CHL", "EGY", "GBR"])  # fmt: skip
    assert status == 0
    err = " ".join(capsys.readouterr().err.split())
    assert (
        "warning: 1 State(s) whose language of correspondence is Arabic get their workbook in "
        "English, because the cycle does not list it: EGY." in err
    )
    assert (
        "is Spanish get their workbook in English, because the cycle does not list it: "
        "ESP, CHL." in err
    )
    assert "[questionnaire.english-instead]" in err and "French get" not in err
    folder = root / "questionnaires" / "two-languages"
    spain = openpyxl.load_workbook(folder / "two-languages_ESP.xlsx")
    france = openpyxl.load_workbook(folder / "two-languages_FRA.xlsx")
    assert (spain["Chapter II"]["D3"].value, france["Chapter II"]["D3"].value) == (
        "Answer",
        "Réponse",
    )


# -- through LibreOffice itself -----------------------------------------------------------------


def pictures_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("COSP_PICTURES") or tmp_path / "pictures")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI has it")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_six_languages_filled_in_libreoffice_come_back_and_look_right(
    workspace: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    files: dict[str, Path] = {}
    for iso3 in STATES:
        cells, _ = typing(workspace, iso3)
        files[iso3] = fill_in_libreoffice(
            blank(workspace, iso3), tmp_path / f"{iso3}.xlsx", cells, profile
        )
    check_accepted(workspace, files, tmp_path / "store" / "cosp.sqlite3")

    for iso3, path in files.items():
        before = openpyxl.load_workbook(blank(workspace, iso3))["Chapter II"]
        after = openpyxl.load_workbook(path, data_only=True)
        # LibreOffice fitted the rows to what was typed and counted it on Progress.
        grown = [
            row
            for row in range(4, before.max_row + 1)
            if after["Chapter II"].row_dimensions[row].height
            > before.row_dimensions[row].height + 1
        ]
        assert grown, iso3
        totals = [r for r in after["Progress"].iter_rows(min_row=4, values_only=True) if r[0]][-1]
        answered = sum(1 for cell in typing(workspace, iso3)[0] if cell[1].startswith("D"))
        assert totals[3] == answered, iso3

    folder = pictures_folder(tmp_path)
    for iso3, path in files.items():
        converted = soffice_convert(path, "pdf", tmp_path / "pdf", profile)
        assert converted.returncode == 0, converted.stderr
        pdf = tmp_path / "pdf" / f"{iso3}.pdf"
        cover = subprocess.run(
            ["pdftotext", "-l", "1", "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert "cybercrime.cosp@un.org" in cover
        name = {"FRA": "France", "ESP": "España", "CHL": "Chile", "RUS": "Российская Федерация",
                "CHN": "中国", "EGY": "مصر", "SAU": "السعودية",
                "GBR": "United Kingdom"}[iso3]  # fmt: skip
        assert name in cover, (iso3, cover[:400])
        for page, label in ((1, "cover"), (3, "chapter")):
            stem = folder / f"{STATES[iso3]}-{iso3}-{label}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                 "-singlefile", str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            assert stem.with_suffix(".png").stat().st_size > 10_000


def test_a_file_that_cannot_be_read_is_answered_in_the_language_its_name_says(
    workspace: Path, tmp_path: Path
) -> None:
    """An unreadable file names no language: the findings are in the language of the State whose
    issued workbook's name it bears (a copy's suffix allowed), in English otherwise."""
    files = {
        f"{CYCLE}_FRA (1).xlsx": b"%PDF-1.7 not a workbook",
        f"{CYCLE}_CHN.xlsx": b"PK\x03\x04 cut off",
        f"{CYCLE}_GBR.xlsx": b"%PDF-1.7",
        "answers.xlsx": b"%PDF-1.7",
    }
    paths = []
    for name, data in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    with Store.open(tmp_path / "cosp.sqlite3") as store:
        receipts = list(
            ingest_files(paths, store, reference=ToolkitReference(workspace / "cycles"))
        )
    france, china, britain, unnamed = receipts
    assert [r.language for r in receipts] == ["fr", "zh", "en", "en"]
    assert all(r.status == "rejected" for r in receipts)
    assert france.errors[0].message == (
        "Ce fichier n'est pas un classeur Excel (.xlsx)\u00a0: c'est un document PDF."
    )
    assert china.errors[0].message == "该文件已损坏或不完整（可能在发送时被截断）。"
    assert (
        britain.errors[0].message
        == unnamed.errors[0].message
        == ("This file is not an Excel workbook (.xlsx): it is a PDF document.")
    )
    assert france.as_text().startswith(
        f"Accusé de réception du fichier «\u00a0{CYCLE}_FRA (1).xlsx"
    )


def test_what_the_reader_could_not_read_is_said_in_the_active_language() -> None:
    from toolkit.i18n import language
    from toolkit.intake.findings import size_text
    from toolkit.intake.reader import decode

    with language("ru"):
        failure = decode({"ok": False, "kind": "time"}, "book.xlsx")
        assert size_text(1_500_000) == "1,5 МБ"
    assert failure.message == "Чтение книги заняло гораздо больше времени, чем чтение вопросника."
    assert failure.hint.startswith("Откройте файл в Excel или LibreOffice")
    assert size_text(1_500_000) == "1.5 MB"
