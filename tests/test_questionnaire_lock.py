"""The question set frozen when a cycle is issued: the lock file, re-issues, and intake reading
returned workbooks against it.

Every test issues its own small cycle in a temporary folder, so nothing here depends on the
lock shipped for the default cycle (which changes whenever the obligation rules do).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from fixtures.intake import workbooks as wb

from toolkit import cli
from toolkit.cycle import load_cycle
from toolkit.errors import ConfigError
from toolkit.intake import Policy, Store, ingest_file
from toolkit.intake.expected import ToolkitReference
from toolkit.intake.receipt import Receipt
from toolkit.questionnaire import questions
from toolkit.questionnaire.lock import lock_bytes, read_lock
from toolkit.questionnaire.template import DEFAULT_TEMPLATE

CYCLE = """\
id: lock-test
title: Review of articles 7, 8 and 23
instrument: default
scope: [7, 8, 23]
recipients: [CHL, SEN]
deadline: 2027-01-31
reference: CU 2026/45/DTA/OCB/CSS
contact_email: review.secretariat@un.org
languages: [en, fr, es]
"""


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("toolkit.questionnaire.cli",))


@pytest.fixture
def cycle_file(tmp_path: Path) -> Path:
    """A cycle file in a folder of its own (the folder intake searches for cycles)."""
    folder = tmp_path / "cycles"
    folder.mkdir()
    path = folder / "lock-test.yaml"
    path.write_text(CYCLE, encoding="utf-8")
    return path


@pytest.fixture
def lock(cycle_file: Path) -> Path:
    return cycle_file.with_name("lock-test.questions.json")


def run(capsys, cycle_file: Path, out: Path, *args: str) -> tuple[int, list[str], str]:
    status = cli.main(["questionnaire", "--cycle", str(cycle_file), "--out", str(out), *args])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def change_rules(monkeypatch: pytest.MonkeyPatch, changed: dict[str, str]) -> None:
    """As if corrected obligation rules gave these provisions another kind of question."""
    original = questions.question_kind
    monkeypatch.setattr(questions, "question_kind", lambda p: changed.get(p.id) or original(p))


def ingest(path: Path, cycle_file: Path, tmp_path: Path) -> Receipt:
    with Store.open(tmp_path / "store" / "cosp.sqlite3") as store:
        return ingest_file(
            path, store, reference=ToolkitReference(cycle_file.parent), policy=Policy()
        )


def edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


# -- issuing ----------------------------------------------------------------------------------


def test_first_issue_writes_the_lock_beside_the_cycle(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    status, lines, err = run(capsys, cycle_file, tmp_path / "out", "--state", "CHL")
    assert status == 0, err
    assert lines[0] == str(lock)
    assert lines[1:] == [str(tmp_path / "out" / "lock-test" / "lock-test_CHL.xlsx")]
    data = json.loads(lock.read_text(encoding="utf-8"))
    assert (data["cycle"], data["template_version"], data["format"]) == ("lock-test", "1", 1)
    assert [q["id"] for q in data["questions"]] == [
        "7.1", "7.2", "8.1", "8.2", "23.1", "23.2", "23.3.a", "23.3.b"
    ]  # fmt: skip
    first = data["questions"][0]
    assert first["kind"] == "mandatory" and first["question"]["en"].startswith("Article 7")
    assert "access" in first["provision_text"]
    assert data["earlier_issues"] == []
    book = openpyxl.load_workbook(lines[1])
    metadata = {row[0].value: row[1].value for row in book["Metadata"].iter_rows()}
    assert metadata["question_set_hash"] == data["question_set_hash"]


def test_the_lock_is_deterministic_and_rewritten_by_nobody(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, cycle_file, tmp_path / "a", "--state", "CHL")
    first = lock.read_bytes()
    assert first.endswith(b"}\n") and b"\\u" not in first  # UTF-8 text, not escapes
    canonical = json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True)
    assert first == canonical.encode() + b"\n"
    modified = lock.stat().st_mtime_ns
    status, lines, _ = run(capsys, cycle_file, tmp_path / "b", "--state", "CHL")
    assert status == 0 and str(lock) not in lines  # the lock was only checked
    assert lock.read_bytes() == first and lock.stat().st_mtime_ns == modified
    assert lock_bytes(read_lock(lock, "lock-test")) == first
    a = tmp_path / "a" / "lock-test" / "lock-test_CHL.xlsx"
    b = tmp_path / "b" / "lock-test" / "lock-test_CHL.xlsx"
    assert a.read_bytes() == b.read_bytes()


def test_changed_rules_stop_the_command_naming_lock_and_questions(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, cycle_file, tmp_path / "sent", "--state", "CHL")
    issued = lock.read_bytes()
    change_rules(monkeypatch, {"23.3.b": "optional", "7.2": "consider"})
    status, lines, err = run(capsys, cycle_file, tmp_path / "late", "--state", "SEN")
    assert status == 1 and lines == []
    assert "lock-test.questions.json" in err and "[questionnaire.lock-changed]" in err
    assert "2 questions changed" in err
    assert "7.2 (kind optional, now consider" in err
    assert "23.3.b (kind reservation, now optional" in err
    assert "--relock" in err and "--as-issued" in err and "Traceback" not in err
    assert not (tmp_path / "late").exists()
    assert lock.read_bytes() == issued


def test_a_new_wording_is_a_change_too(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, cycle_file, tmp_path / "sent", "--state", "CHL")
    template = tmp_path / "questions.yaml"
    template.write_text(
        DEFAULT_TEMPLATE.read_text(encoding="utf-8").replace(
            "Has your State adopted these measures?", "Has your State taken these measures?"
        ),
        encoding="utf-8",
    )
    status, _, err = run(capsys, cycle_file, tmp_path / "late", "--template", str(template))
    assert status == 1
    assert "7.1 (question wording changed)" in err


def test_as_issued_writes_workbooks_identical_to_those_sent(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, cycle_file, tmp_path / "sent", "--state", "SEN")
    issued = lock.read_bytes()
    change_rules(monkeypatch, {"23.3.b": "optional"})
    status, lines, err = run(capsys, cycle_file, tmp_path / "late", "--state", "SEN", "--as-issued")
    assert status == 0, err
    sent = tmp_path / "sent" / "lock-test" / "lock-test_SEN.xlsx"
    assert Path(lines[0]).read_bytes() == sent.read_bytes()
    assert lock.read_bytes() == issued


def test_relock_issues_the_new_questions_and_keeps_the_earlier_issue(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, cycle_file, tmp_path / "sent", "--state", "CHL")
    before = json.loads(lock.read_text(encoding="utf-8"))
    change_rules(monkeypatch, {"23.3.b": "optional"})
    status, lines, err = run(capsys, cycle_file, tmp_path / "new", "--state", "CHL", "--relock")
    assert status == 0, err
    assert lines[0] == str(lock)
    after = json.loads(lock.read_text(encoding="utf-8"))
    assert after["question_set_hash"] != before["question_set_hash"]
    assert after["questions"][-1]["kind"] == "optional"
    (earlier,) = after["earlier_issues"]
    assert earlier["question_set_hash"] == before["question_set_hash"]
    assert earlier["questions"] == before["questions"]
    # Issued again, the same questions are only checked: the lock stays as it is.
    relocked = lock.read_bytes()
    status, lines, _ = run(capsys, cycle_file, tmp_path / "again", "--state", "CHL", "--relock")
    assert status == 0 and str(lock) not in lines and lock.read_bytes() == relocked


def test_the_wording_of_each_language_is_locked_and_accepted_back(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    base = tmp_path / "templates" / "questions.yaml"
    base.parent.mkdir()
    english = DEFAULT_TEMPLATE.read_text(encoding="utf-8")
    base.write_text(english, encoding="utf-8")
    french = english.replace("language: en", "language: fr").replace(
        "Has your State adopted these measures?", "Votre État a-t-il adopté ces mesures ?"
    )
    (base.parent / "questions.fr.yaml").write_text(french, encoding="utf-8")
    status, lines, err = run(
        capsys, cycle_file, tmp_path / "sent", "--template", str(base), "--state", "SEN", "CHL"
    )
    assert status == 0, err
    wording = json.loads(lock.read_text(encoding="utf-8"))["questions"][0]["question"]
    assert set(wording) == {"en", "fr"} and "Votre État" in wording["fr"]
    for path in lines[1:]:  # Senegal's workbook in French, Chile's in English
        receipt = ingest(Path(path), cycle_file, tmp_path)
        assert receipt.status == "accepted", receipt.errors
        assert not [f for f in receipt.warnings if f.code.endswith("text-edited")]


def test_relock_and_as_issued_exclude_each_other(capsys, cycle_file: Path, tmp_path) -> None:
    with pytest.raises(SystemExit) as caught:
        run(capsys, cycle_file, tmp_path, "--relock", "--as-issued")
    assert caught.value.code == 2


# -- a damaged lock file -------------------------------------------------------------------------


def _kind(new: str) -> Callable[[str], str]:
    return lambda text: text.replace('"kind": "mandatory"', f'"kind": "{new}"', 1)


DAMAGES = {
    "truncated": (lambda text: text[:200], "lock-json", "line"),
    "another cycle's": (
        lambda text: text.replace('"cycle": "lock-test"', '"cycle": "other-cycle"'),
        "lock-cycle",
        "cycle",
    ),
    "edited by hand": (_kind("optional"), "lock-edited", "question_set_hash"),
    "unknown kind": (_kind("maybe"), "lock-invalid", "questions[0].kind"),
    "newer format": (
        lambda text: text.replace('"format": 1', '"format": 7'),
        "lock-format",
        "format",
    ),
    "not an object": (lambda text: "[]", "lock-invalid", None),
}


@pytest.mark.parametrize(("damage", "code", "where"), DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_lock_is_reported_with_its_file(
    capsys, cycle_file: Path, lock: Path, tmp_path: Path, damage, code: str, where: str | None
) -> None:
    run(capsys, cycle_file, tmp_path / "sent", "--state", "CHL")
    lock.write_text(damage(lock.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_lock(lock, "lock-test")
    (finding,) = caught.value.findings
    assert finding.code == f"questionnaire.{code}"
    assert finding.location.file == str(lock)
    if where == "line":
        assert finding.location.line is not None
    else:
        assert finding.location.key == where
    assert finding.hint
    status, lines, err = run(capsys, cycle_file, tmp_path / "late", "--state", "SEN")
    assert status == 1 and lines == []
    assert str(lock) in err and f"[questionnaire.{code}]" in err and "Traceback" not in err


# -- intake reads returned workbooks against the lock ----------------------------------------------


@pytest.fixture
def sent(capsys, cycle_file: Path, tmp_path: Path) -> Path:
    """Chile's workbook as issued, with a few answers."""
    status, lines, err = run(capsys, cycle_file, tmp_path / "sent", "--state", "CHL")
    assert status == 0, err
    answers = {"7.1": {"Answer": "No"}, "23.3.b": {"Answer": "Not applicable"}}
    return wb.fill(Path(lines[-1]), answers, tmp_path / "chile.xlsx")


def test_intake_accepts_a_workbook_of_the_lock_when_the_rules_changed_since(
    sent: Path, cycle_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_rules(monkeypatch, {"23.3.b": "optional", "7.1": "consider"})
    receipt = ingest(sent, cycle_file, tmp_path)
    assert receipt.status == "accepted", receipt.errors
    assert (receipt.answered, receipt.question_count) == (2, 8)


def test_without_a_lock_a_rules_change_orphans_the_workbook(
    sent: Path, cycle_file: Path, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the lock exists: a cycle never issued is recomputed from today's treaty model."""
    lock.unlink()
    change_rules(monkeypatch, {"23.3.b": "optional"})
    receipt = ingest(sent, cycle_file, tmp_path)
    assert [f.code for f in receipt.errors] == ["intake.question-set"]


def test_workbooks_of_both_issues_are_read_after_a_relock(
    capsys, sent: Path, cycle_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_rules(monkeypatch, {"23.3.b": "optional"})
    status, lines, err = run(capsys, cycle_file, tmp_path / "new", "--state", "SEN", "--relock")
    assert status == 0, err
    reissued = wb.fill(Path(lines[-1]), {"8.1": {"Answer": "No"}}, tmp_path / "senegal.xlsx")
    for path, state in ((sent, "CHL"), (reissued, "SEN")):
        receipt = ingest(path, cycle_file, tmp_path)
        assert receipt.status == "accepted", receipt.errors
        assert receipt.state == state
        assert not [f for f in receipt.warnings if f.code.endswith("text-edited")]


def test_an_edited_question_text_is_a_warning_naming_sheet_and_cell(
    sent: Path, cycle_file: Path, tmp_path: Path
) -> None:
    def rewrite(book: openpyxl.Workbook) -> None:
        book["Chapter II"]["C4"] = "Has your State done anything at all?"
        # Line breaks and spaces as another program saves them are no edit.
        provision = book["Chapter IV"]["B4"].value
        book["Chapter IV"]["B4"] = provision.replace("\n\n", "\r\n  \r\n") + " "
        book["Chapter IV"]["B5"] = "Each State Party may adopt whatever it likes."

    receipt = ingest(edit(sent, rewrite), cycle_file, tmp_path)
    assert receipt.status == "accepted", receipt.errors
    found = [
        (f.code, f.location.sheet, f.location.cell)
        for f in receipt.warnings
        if f.code.endswith("text-edited")
    ]
    assert found == [
        ("intake.question-text-edited", "Chapter II", "C4"),
        ("intake.provision-text-edited", "Chapter IV", "B5"),
    ]
    question = next(f for f in receipt.warnings if f.location.cell == "C4")
    assert "7.1" in question.message and "Comments" in question.hint


def test_a_damaged_lock_rejects_with_a_message_for_the_secretariat(
    sent: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    lock.write_text("{", encoding="utf-8")
    receipt = ingest(sent, cycle_file, tmp_path)
    (error,) = receipt.errors
    assert error.code == "intake.reference-damaged"
    assert str(lock) in error.message and "not valid JSON" in error.message
    assert "The State need not do anything" in error.hint


def test_the_cycle_knows_its_lock_file(cycle_file: Path, lock: Path) -> None:
    assert load_cycle(cycle_file).lock_path == lock


def test_the_shipped_lock_is_the_question_set_of_todays_rules() -> None:
    """The main job (``nox -s review``) writes the default cycle's workbooks: it stops if the
    obligation rules or the wording changed since its lock was written. A deliberate change
    regenerates the lock (README, "Questionnaires") in the same commit."""
    from toolkit import instrument
    from toolkit.cycle import DEFAULT_CYCLE
    from toolkit.questionnaire.issue import issue
    from toolkit.questionnaire.template import load_template, load_translations

    cycle = load_cycle(DEFAULT_CYCLE)
    before = cycle.lock_path.read_bytes()
    issued = issue(
        cycle,
        instrument.load(cycle.source),
        load_template(None),
        load_translations(None, cycle.languages),
    )
    assert not issued.lock_written
    assert cycle.lock_path.read_bytes() == before
