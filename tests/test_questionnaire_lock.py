"""The sealed issue: what a cycle's workbooks carry, locked when it is issued, re-issues, and
intake reading returned workbooks against the lock alone.

Every test issues its own small cycle in a workspace of its own, so nothing here depends on the
default cycle (whose questions change whenever the obligation rules do).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures.intake import workbooks as wb

from toolkit import cli
from toolkit.errors import ConfigError
from toolkit.intake import Policy, Store, ingest_file
from toolkit.intake.expected import ToolkitReference
from toolkit.intake.receipt import Receipt
from toolkit.lock import lock_bytes, question_set_hash, read_lock
from toolkit.questionnaire import issuing
from toolkit.resources import TEMPLATES

CYCLE = """\
id: lock-test
title: Review of articles 7, 8 and 23
instrument: default
scope: [7, 8, 23]
recipients: [CHL, SEN]
deadline: 2027-01-31
reference: CU 2026/45/DTA/OCB/CSS
contact_email: review.secretariat@un.org
languages: [en]
"""
"""Every State gets English here (Chile and Senegal with a warning): the languages have tests
of their own (below, and tests/test_questionnaire_languages.py)."""
BASE_WORDING = TEMPLATES / "questions.yaml"


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("toolkit.questionnaire.cli",))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace: its cosp.toml and nothing else."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "cosp.toml").write_text('[workspace]\nname = "lock tests"\n', encoding="utf-8")
    return root


@pytest.fixture
def cycle_file(tmp_path: Path) -> Path:
    """The cycle's file, kept outside the workspace (given by its path)."""
    path = tmp_path / "lock-test.yaml"
    path.write_text(CYCLE, encoding="utf-8")
    return path


@pytest.fixture
def lock(workspace: Path) -> Path:
    return workspace / "cycles" / "lock-test.questions.json"


def run(capsys, workspace: Path, cycle_file: Path, out: Path, *args: str):
    status = cli.main(
        ["questionnaire", "-q", "--workspace", str(workspace), "--cycle", str(cycle_file),
         "--out", str(out), "--no-progress", *args]
    )  # fmt: skip
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def change_rules(monkeypatch: pytest.MonkeyPatch, changed: dict[str, str]) -> None:
    """As if corrected obligation rules gave these provisions another kind of question."""
    original = issuing.prepare

    def prepare(*args: Any, **kwargs: Any) -> Any:
        questionnaire = original(*args, **kwargs)
        questions = tuple(
            dataclasses.replace(q, kind=changed[q.id]) if q.id in changed else q
            for q in questionnaire.questions
        )
        return dataclasses.replace(
            questionnaire,
            questions=questions,
            question_set_hash=question_set_hash(questions),
        )

    monkeypatch.setattr(issuing, "prepare", prepare)


def ingest(path: Path, workspace: Path) -> Receipt:
    with Store.open(workspace / "store" / "cosp.sqlite3") as store:
        reference = ToolkitReference(workspace / "cycles")
        return ingest_file(path, store, reference=reference, policy=Policy())


def edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


# -- issuing ----------------------------------------------------------------------------------


def test_first_issue_seals_everything_the_workbooks_carry(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    status, lines, err = run(capsys, workspace, cycle_file, tmp_path / "out", "--state", "CHL")
    assert status == 0, err
    assert lines == [str(lock), str(tmp_path / "out" / "lock-test" / "lock-test_CHL.xlsx")]
    data = json.loads(lock.read_text(encoding="utf-8"))
    assert (data["cycle"], data["format"], len(data["seal"])) == ("lock-test", 2, 64)
    (issue,) = data["issues"]
    assert issue["particulars"] == {
        "title": "Review of articles 7, 8 and 23",
        "deadline": "2027-01-31",
        "reference": "CU 2026/45/DTA/OCB/CSS",
        "contact_email": "review.secretariat@un.org",
        "instrument_title": issue["particulars"]["instrument_title"],
    }
    assert issue["particulars"]["instrument_title"].startswith(
        "United Nations Convention against Cybercrime"
    )
    assert (issue["template_version"], issue["language"], issue["languages"]) == ("2", "en", ["en"])
    # The vocabulary the workbooks offer, as issued: intake reads them back by these labels.
    labels = issue["labels"]["en"]
    assert labels["answer.optional.not_used"] == "No, it has not"
    assert labels["column.needs_1"] == "Assistance needed (1)"
    assert len(labels) == 51
    assert [c["number"] for c in issue["chapters"]] == ["II", "IV"]
    assert [q["id"] for q in issue["questions"]] == [
        "7.1", "7.2", "8.1", "8.2", "23.1", "23.2", "23.3.a", "23.3.b"
    ]  # fmt: skip
    first = issue["questions"][0]
    assert (first["kind"], first["sheet"], first["citation"]) == (
        "mandatory", "Chapter II", "article 7, paragraph 1"
    )  # fmt: skip
    assert first["question"]["en"].startswith("Article 7, paragraph 1 (Illegal access) requires")
    assert first["provision"]["en"].startswith("Article 7, paragraph 1 — Illegal access\n\n")
    book = openpyxl.load_workbook(lines[1])
    metadata = {row[0].value: row[1].value for row in book["Metadata"].iter_rows()}
    assert metadata["question_set_hash"] == issue["question_set_hash"]
    assert book["Chapter II"]["C4"].value == first["question"]["en"]
    assert book["Chapter II"]["B4"].value == first["provision"]["en"]


def test_the_lock_is_deterministic_and_rewritten_by_nobody(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "a", "--state", "CHL")
    first = lock.read_bytes()
    assert first.endswith(b"}\n") and b"\\u" not in first  # UTF-8 text, not escapes
    canonical = json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True)
    assert first == canonical.encode() + b"\n"
    modified = lock.stat().st_mtime_ns
    status, lines, _ = run(capsys, workspace, cycle_file, tmp_path / "b", "--state", "CHL")
    assert status == 0 and str(lock) not in lines  # the lock was only checked
    assert lock.read_bytes() == first and lock.stat().st_mtime_ns == modified
    assert lock_bytes(read_lock(lock, "lock-test")) == first
    a = tmp_path / "a" / "lock-test" / "lock-test_CHL.xlsx"
    b = tmp_path / "b" / "lock-test" / "lock-test_CHL.xlsx"
    assert a.read_bytes() == b.read_bytes()


def test_an_unchanged_workbook_is_not_written_again(
    capsys, workspace: Path, cycle_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(capsys, workspace, cycle_file, out, "--state", "CHL", "SEN")
    chile, senegal = (
        out / "lock-test" / "lock-test_CHL.xlsx",
        out / "lock-test" / "lock-test_SEN.xlsx",
    )
    times = chile.stat().st_mtime_ns, senegal.stat().st_mtime_ns
    senegal.write_bytes(b"damaged")  # whatever happened to a file, it is written again
    status, lines, _ = run(capsys, workspace, cycle_file, out, "--state", "CHL", "SEN")
    assert status == 0 and lines == [str(chile), str(senegal)]
    assert chile.stat().st_mtime_ns == times[0]
    assert senegal.read_bytes()[:2] == b"PK"


def test_changed_rules_stop_the_command_naming_lock_and_questions(
    capsys, workspace, cycle_file, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    issued = lock.read_bytes()
    change_rules(monkeypatch, {"23.3.b": "optional", "7.2": "consider"})
    status, lines, err = run(capsys, workspace, cycle_file, tmp_path / "late", "--state", "SEN")
    assert status == 1 and lines == []
    assert "lock-test.questions.json" in err and "[questionnaire.lock-changed]" in err
    assert "2 change(s) since" in err
    assert "7.2 (kind optional, now consider" in err
    assert "23.3.b (kind reservation, now optional" in err
    assert "--relock" in err and "--as-issued" in err and "Traceback" not in err
    assert not (tmp_path / "late").exists()
    assert lock.read_bytes() == issued


def test_a_new_wording_and_a_new_deadline_are_changes_too(
    capsys, workspace: Path, cycle_file: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    template = tmp_path / "questions.yaml"
    template.write_text(
        BASE_WORDING.read_text(encoding="utf-8").replace(
            "Has your State adopted these measures?", "Has your State taken these measures?"
        ),
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, workspace, cycle_file, tmp_path / "late", "--template", str(template)
    )
    assert status == 1
    assert "7.1 (question wording changed)" in err
    cycle_file.write_text(CYCLE.replace("2027-01-31", "2027-03-31"), encoding="utf-8")
    status, _, err = run(capsys, workspace, cycle_file, tmp_path / "late")
    assert status == 1
    assert "the cycle's deadline (2027-01-31, now 2027-03-31)" in err


def test_a_language_added_is_one_change_not_one_per_question(
    capsys, workspace: Path, cycle_file: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    cycle_file.write_text(CYCLE.replace("languages: [en]", "languages: [en, es]"), encoding="utf-8")
    status, _, err = run(capsys, workspace, cycle_file, tmp_path / "late")
    assert status == 1
    assert "1 change(s) since (the languages (en, now en, es))" in err


def test_as_issued_writes_workbooks_identical_to_those_sent(
    capsys, workspace, cycle_file, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "SEN")
    issued = lock.read_bytes()
    change_rules(monkeypatch, {"23.3.b": "optional"})
    cycle_file.write_text(CYCLE.replace("2027-01-31", "2027-03-31"), encoding="utf-8")
    status, lines, err = run(
        capsys, workspace, cycle_file, tmp_path / "late", "--state", "SEN", "--as-issued"
    )
    assert status == 0, err
    sent = tmp_path / "sent" / "lock-test" / "lock-test_SEN.xlsx"
    assert Path(lines[0]).read_bytes() == sent.read_bytes()  # the old deadline too
    assert lock.read_bytes() == issued


def test_relock_issues_the_new_questions_and_keeps_the_earlier_issue(
    capsys, workspace, cycle_file, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    (before,) = json.loads(lock.read_text(encoding="utf-8"))["issues"]
    change_rules(monkeypatch, {"23.3.b": "optional"})
    status, lines, err = run(
        capsys, workspace, cycle_file, tmp_path / "new", "--state", "CHL", "--relock"
    )
    assert status == 0, err
    assert lines[0] == str(lock)
    current, earlier = json.loads(lock.read_text(encoding="utf-8"))["issues"]
    assert current["question_set_hash"] != before["question_set_hash"]
    assert current["questions"][-1]["kind"] == "optional"
    assert earlier == before
    # Issued again, the same questions are only checked: the lock stays as it is.
    relocked = lock.read_bytes()
    status, lines, _ = run(
        capsys, workspace, cycle_file, tmp_path / "again", "--state", "CHL", "--relock"
    )
    assert status == 0 and str(lock) not in lines and lock.read_bytes() == relocked


def test_an_interrupted_issue_records_nothing(
    capsys, workspace, cycle_file, lock: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.questionnaire import generate

    written: list[Path] = []
    original = generate.write_workbook

    def fail_on_the_second(questionnaire: Any, path: Path, recipient: Any = None) -> Path:
        if written:
            raise KeyboardInterrupt
        written.append(original(questionnaire, path, recipient))
        return written[-1]

    monkeypatch.setattr(generate, "write_workbook", fail_on_the_second)
    status, _, err = run(capsys, workspace, cycle_file, tmp_path / "out", "--state", "CHL", "SEN")
    assert status == 130 and "interrupted" in err
    assert not lock.exists()  # not issued: no workbook was sent as part of it
    assert not (tmp_path / "out" / "lock-test").exists()  # nothing of the issue in place
    monkeypatch.setattr(generate, "write_workbook", original)
    status, _, err = run(capsys, workspace, cycle_file, tmp_path / "out", "--state", "CHL", "SEN")
    assert status == 0, err
    assert lock.exists() and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["lock-test"]


def test_the_wording_of_each_language_is_locked_and_accepted_back(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    """A workspace's corrected catalogue reaches the workbooks in its language, and the lock."""
    cycle_file.write_text(CYCLE.replace("languages: [en]", "languages: [en, fr]"), "utf-8")
    bundled = TEMPLATES / "locale" / "fr" / "LC_MESSAGES" / "questionnaire.po"
    corrected = workspace / "templates" / "locale" / "fr" / "LC_MESSAGES" / "questionnaire.po"
    corrected.parent.mkdir(parents=True)
    text = bundled.read_text(encoding="utf-8")
    assert "Votre État a-t-il adopté ces mesures\u00a0?" in text
    corrected.write_text(
        text.replace("a-t-il adopté ces mesures", "a-t-il pris ces mesures"), "utf-8"
    )
    status, lines, err = run(
        capsys, workspace, cycle_file, tmp_path / "sent", "--state", "SEN", "CHL"
    )  # fmt: skip
    assert status == 0, err
    (issue,) = json.loads(lock.read_text(encoding="utf-8"))["issues"]
    assert issue["languages"] == ["en", "fr"]
    wording = issue["questions"][0]["question"]
    assert set(wording) == {"en", "fr"}
    assert wording["fr"].startswith("L'article 7, paragraphe 1 (Illegal access) fait obligation")
    assert "Votre État a-t-il pris ces mesures\u00a0?" in wording["fr"]
    assert issue["labels"]["fr"]["answer.mandatory.not_applicable"] == "Sans objet"
    senegal, chile = (openpyxl.load_workbook(path) for path in lines[1:])
    assert senegal["Chapter II"]["C4"].value == wording["fr"]
    assert chile["Chapter II"]["C4"].value == wording["en"]  # Spanish is not listed
    for path in lines[1:]:  # Senegal's workbook in French, Chile's in English
        receipt = ingest(Path(path), workspace)
        assert receipt.status == "accepted", receipt.errors
        assert not [f for f in receipt.warnings if f.code.endswith("text-edited")]


def test_relock_and_as_issued_exclude_each_other(capsys, workspace, cycle_file, tmp_path) -> None:
    with pytest.raises(SystemExit) as caught:
        run(capsys, workspace, cycle_file, tmp_path, "--relock", "--as-issued")
    assert caught.value.code == 2


# -- the seal: no edit goes unnoticed ------------------------------------------------------------


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return value + " " if value else "x"


def test_editing_any_value_of_a_lock_is_refused_naming_the_file(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    original = json.loads(lock.read_text(encoding="utf-8"))
    leaves = [(path, value) for path, value in _leaves(original) if path != ("about",)]
    # 13 values per question, the issue's and the seal, the 51 labels of the vocabulary
    assert len(leaves) == 8 * 13 + 17 + 51
    for path, value in leaves:
        document = json.loads(json.dumps(original))
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = _changed(value)
        lock.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            read_lock(lock, "lock-test")
        (finding,) = caught.value.findings
        assert finding.location.file == str(lock), path
        assert finding.code in {
            "questionnaire.lock-edited", "questionnaire.lock-format", "questionnaire.lock-cycle"
        }, (path, finding)  # fmt: skip


def test_the_first_edited_entry_is_named(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text.replace("Has your State adopted", "Has your State perhaps adopted", 3))
    with pytest.raises(ConfigError) as caught:
        read_lock(lock, "lock-test")
    (finding,) = caught.value.findings
    assert finding.code == "questionnaire.lock-edited"
    assert "question 7.1 of issue 1 differs from what was sealed" in finding.message
    assert finding.location.key == "issues[0].questions[0]"
    # Re-indenting the file is no edit: the seal covers the values, not the layout.
    lock.write_text(json.dumps(json.loads(text), indent=7), encoding="utf-8")
    assert read_lock(lock, "lock-test") is not None


def test_as_issued_from_an_edited_lock_writes_nothing(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    text = lock.read_text(encoding="utf-8").replace("2027-01-31", "2027-12-31")
    lock.write_text(text, encoding="utf-8")
    status, lines, err = run(
        capsys, workspace, cycle_file, tmp_path / "late", "--state", "SEN", "--as-issued"
    )
    assert status == 1 and lines == [] and not (tmp_path / "late").exists()
    assert str(lock) in err and "the particulars of issue 1 differs" in err
    assert "[questionnaire.lock-edited]" in err


DAMAGES = {
    "truncated": (lambda text: text[:200], "lock-json", "line"),
    "another cycle's": (
        lambda text: text.replace('"cycle": "lock-test"', '"cycle": "other-cycle"'),
        "lock-edited",
        "seal",
    ),
    "newer format": (
        lambda text: text.replace('"format": 2', '"format": 7'),
        "lock-format",
        "format",
    ),
    "not an object": (lambda text: "[]", "lock-invalid", None),
}


@pytest.mark.parametrize(("damage", "code", "where"), DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_lock_is_reported_with_its_file(
    capsys, workspace, cycle_file, lock: Path, tmp_path: Path, damage, code, where
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
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
    status, lines, err = run(capsys, workspace, cycle_file, tmp_path / "late", "--state", "SEN")
    assert status == 1 and lines == []
    assert str(lock) in err and f"[questionnaire.{code}]" in err and "Traceback" not in err


def test_a_lock_copied_to_another_cycle_is_refused(
    capsys, workspace: Path, cycle_file: Path, lock: Path, tmp_path: Path
) -> None:
    run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    other = lock.with_name("other-cycle.questions.json")
    other.write_bytes(lock.read_bytes())
    with pytest.raises(ConfigError) as caught:
        read_lock(other, "other-cycle")
    assert caught.value.findings[0].code == "questionnaire.lock-cycle"


# -- intake reads returned workbooks against the lock alone -------------------------------------


@pytest.fixture
def sent(capsys, workspace: Path, cycle_file: Path, tmp_path: Path) -> Path:
    """Chile's workbook as issued, with a few answers."""
    status, lines, err = run(capsys, workspace, cycle_file, tmp_path / "sent", "--state", "CHL")
    assert status == 0, err
    answers = {
        "7.1": {"Answer": "No"},
        "23.3.b": {"Answer": "A reservation or declaration has been made"},
    }
    return wb.fill(Path(lines[-1]), answers, tmp_path / "chile.xlsx")


def test_intake_accepts_a_workbook_of_the_lock_when_the_rules_changed_since(
    sent: Path, workspace: Path, cycle_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_rules(monkeypatch, {"23.3.b": "optional", "7.1": "consider"})
    cycle_file.unlink()  # intake needs neither the cycle file nor the treaty model
    receipt = ingest(sent, workspace)
    assert receipt.status == "accepted", receipt.errors
    assert (receipt.answered, receipt.question_count) == (2, 8)


def test_a_cycle_never_issued_is_not_known_to_intake(
    sent: Path, workspace: Path, lock: Path
) -> None:
    lock.unlink()
    receipt = ingest(sent, workspace)
    assert [f.code for f in receipt.errors] == ["intake.cycle-unknown"]


def test_workbooks_of_both_issues_are_read_after_a_relock(
    capsys, sent, workspace, cycle_file, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_rules(monkeypatch, {"23.3.b": "optional"})
    status, lines, err = run(
        capsys, workspace, cycle_file, tmp_path / "new", "--state", "SEN", "--relock"
    )
    assert status == 0, err
    reissued = wb.fill(Path(lines[-1]), {"8.1": {"Answer": "No"}}, tmp_path / "senegal.xlsx")
    for path, state in ((sent, "CHL"), (reissued, "SEN")):
        receipt = ingest(path, workspace)
        assert receipt.status == "accepted", receipt.errors
        assert receipt.state == state
        assert not [f for f in receipt.warnings if f.code.endswith("text-edited")]


def test_an_edited_question_text_is_a_warning_naming_sheet_and_cell(
    sent: Path, workspace: Path
) -> None:
    def rewrite(book: openpyxl.Workbook) -> None:
        book["Chapter II"]["C4"] = "Has your State done anything at all?"
        # Line breaks and spaces as another program saves them are no edit.
        provision = book["Chapter IV"]["B4"].value
        book["Chapter IV"]["B4"] = provision.replace("\n\n", "\r\n  \r\n") + " "
        book["Chapter IV"]["B5"] = "Each State Party may adopt whatever it likes."

    receipt = ingest(edit(sent, rewrite), workspace)
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
    sent: Path, workspace: Path, lock: Path
) -> None:
    lock.write_text(lock.read_text(encoding="utf-8").replace('"No"', '"No"', 1)[:-40])
    receipt = ingest(sent, workspace)
    (error,) = receipt.errors
    assert error.code == "intake.reference-damaged"
    assert str(lock) in error.message and "not valid JSON" in error.message
    assert "The State need not do anything" in error.hint


def test_intake_does_not_import_the_generator() -> None:
    """Data flows one way: intake reads the issued lock, never the questionnaire stage."""
    import subprocess
    import sys

    code = (
        "import sys, toolkit.intake, toolkit.intake.cli, toolkit.intake.expected;"
        "print(sorted(m for m in sys.modules if m.startswith('toolkit.questionnaire')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
