"""The store and the commands: duplicates, resubmissions, exports, concurrent ingests."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
from fixtures.intake import workbooks as wb
from fixtures.intake.workbooks import ingest

from toolkit.cli import main
from toolkit.errors import ConfigError
from toolkit.intake import Store, ingest_files
from toolkit.intake.export import neutralise
from toolkit.intake.store import MIGRATIONS, SCHEMA_VERSION


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "cosp.sqlite3"


@pytest.fixture
def fake_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands use the test reference (three States, one cycle of six questions)."""
    monkeypatch.setattr("toolkit.intake.expected.ToolkitReference", wb.Reference)


def test_a_new_store_is_migrated_with_wal_and_foreign_keys(db: Path) -> None:
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store.open(db) as store:  # opening again applies nothing twice
        count = store._db.execute("SELECT count(*) FROM schema_version").fetchone()[0]
        assert count == len(MIGRATIONS)


def test_a_version_1_store_is_migrated_keeping_its_submissions(tmp_path: Path, db: Path) -> None:
    from toolkit.intake import store as store_module

    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), {"7": {"Answer": "No"}})
    original = store_module.MIGRATIONS
    store_module.MIGRATIONS = original[:1]
    try:
        with Store.open(db) as old:
            old._db.execute(
                "INSERT INTO submissions (state, cycle, received_at, file_sha256, file_name, "
                "file_size, template_version, question_set_hash, ingested_by, question_count, "
                "answered) VALUES ('KEN', 'c', '2027-05-03T22:10:00+00:00', 'h', 'f', 1, '1', "
                "'q', 'me', 6, 1)"
            )
    finally:
        store_module.MIGRATIONS = original
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        (kept,) = store.submissions("KEN")
        assert (kept.file_sha256, kept.focal_point, kept.consent) == ("h", "[]", None)
        # A submission recorded before the day of arrival was: the day it was recorded.
        assert kept.received_on == "2027-05-03"
        assert ingest(path, store).status == "accepted"


def test_a_store_from_a_newer_toolkit_is_refused(db: Path) -> None:
    Store.open(db).close()
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(ConfigError, match="schema version 99"):
        Store.open(db)


def test_the_same_file_twice_is_recorded_once(tmp_path: Path, db: Path) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    copy = tmp_path / "same-bytes-other-name.xlsx"
    copy.write_bytes(path.read_bytes())
    with Store.open(db) as store:
        first, second = ingest(path, store), ingest(copy, store)
        assert (first.status, second.status) == ("accepted", "duplicate")
        assert second.submission == first.submission
        assert store.counts() == (1, 6)
        assert "ALREADY RECEIVED" in second.as_text()


def test_a_resubmission_becomes_current_and_the_earlier_stays(tmp_path: Path, db: Path) -> None:
    first = wb.fill(wb.blank(tmp_path / "first.xlsx"), {"7": {"Answer": "No"}})
    second = wb.fill(
        wb.blank(tmp_path / "second.xlsx"),
        {"7": {"Answer": "Yes", "Legislation": "Cybercrime Act 2025, s. 4"}},
    )
    with Store.open(db) as store:
        a, b = ingest(first, store), ingest(second, store)
        assert store.current("KEN", wb.CYCLE).id == b.submission
        assert [s.id for s in store.submissions("KEN", wb.CYCLE)] == [a.submission, b.submission]
        assert store.answers(a.submission)[0].answer == "no"


def test_ingest_command_exit_codes_and_json(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    good = wb.fill(wb.blank(tmp_path / "good.xlsx"), {"7": {"Answer": "yes", "Legislation": "x"}})
    bad = tmp_path / "bad.ods"
    wb.ods(bad)
    assert main(["ingest", str(good), "--db", str(db), "--json"]) == 0
    assert main(["ingest", str(good), str(bad), "--db", str(db), "--json"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["status"] for r in lines] == ["accepted", "duplicate", "rejected"]
    accepted = lines[0]
    assert (accepted["file"], accepted["state"], accepted["cycle"]) == (
        "good.xlsx",
        "KEN",
        wb.CYCLE,
    )
    assert accepted["answered"] == 1 and accepted["errors"] == []
    assert accepted["warnings"][0] | {"message": ""} == {
        "code": "intake.answer-normalised",
        "severity": "warning",
        "sheet": "Chapter II",
        "cell": "D4",
        "message": "",
        "hint": accepted["warnings"][0]["hint"],
    }
    assert "save as" in lines[2]["errors"][0]["hint"].lower()
    assert main(["ingest", "--db", str(db)]) == 1  # no file named, and no inbox: not found
    assert "[intake.no-inbox]" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.xlsx"), "--db", str(db)]) == 1  # not found


def test_ingest_command_reads_a_folder_and_writes_receipts(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wb.fill(wb.blank(inbox / "ken.xlsx", "KEN"), wb.full_answers())
    wb.fill(wb.blank(inbox / "fra.xlsx", "FRA"), wb.full_answers())
    receipts = tmp_path / "receipts"
    assert main(["ingest", str(inbox), "--db", str(db), "--receipts", str(receipts)]) == 0
    assert len(list(receipts.glob("*.txt"))) == 2
    assert "ACCEPTED" in capsys.readouterr().out


def test_responses_as_json_and_formula_safe_csv(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = wb.full_answers()
    answers["7"]["Comments"] = "=cmd|' /C calc'!A0"
    answers["8.1"]["Comments"] = "@SUM(1)"
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), answers)
    assert main(["ingest", str(path), "--db", str(db), "--json"]) == 0
    capsys.readouterr()
    assert main(["responses", "ken", "--db", str(db)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == [qid for qid, _ in wb.QUESTIONS]
    assert set(records[0]) == {
        "id",
        "answer",
        "legislation",
        "examples",
        "challenges",
        "steps",
        "needs",
        "assistance",
        "comments",
    }
    assert records[0]["comments"] == "=cmd|' /C calc'!A0"  # JSON keeps the text verbatim
    assert main(["responses", "KEN", "--cycle", wb.CYCLE, "--format", "csv", "--db", str(db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["comments"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["comments"] == "'@SUM(1)"
    assert main(["responses", "FRA", "--db", str(db)]) == 1


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (" =1+1", "' =1+1"),
        ("\n=1+1", "'\n=1+1"),
        (" \t@x", "' \t@x"),
        ("\u3000-1", "'\u3000-1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("a = b", "a = b"),
        ("\x1b[2Jred\x07", "\ufffd[2Jred\ufffd"),
        ("nul\x00\x08\x9b", "nul\ufffd\ufffd\ufffd"),
        ("two\nlines\r\n\tindented", "two\nlines\r\n\tindented"),
        ("Law 1", "Law 1"),
        (None, ""),
    ],
)
def test_neutralise(value: str | None, safe: str) -> None:
    assert neutralise(value) == safe


HIDDEN = ("\u202e", "\u2028", "\x85", "\x9b", "\x7f", "\x1b", "\x00", "\x07")
"""Characters that must never reach a terminal or a file raw from a State's text."""


def test_json_outputs_keep_hostile_text_exact_but_never_raw(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bidi overrides, C1 controls and line separators are JSON escapes in every JSON output
    (ingest --json, receipts, responses, diff --json); the values read back are the same."""
    hostile = "safe\u202egnp.exe _x001B_[2J_x009B_31m_x007F_ \u2028_x0085_ _x0000__x0007_"
    value = "safe\u202egnp.exe \x1b[2J\x9b31m\x7f \u2028\x85 \x00\x07"
    first = wb.fill(wb.blank(tmp_path / "first.xlsx"), {"7": {"Answer": "No"}})
    answers = {"7": {"Answer": "No", "Comments": hostile}, "8.1": {"Answer": "No"}}
    second = wb.fill(wb.blank(tmp_path / "second\u202e.xlsx"), answers)
    receipts = tmp_path / "receipts"
    args = ["--db", str(db), "--json", "--receipts", str(receipts)]
    assert main(["ingest", str(first), *args]) == 0
    assert main(["ingest", str(second), *args]) == 0
    outputs = [capsys.readouterr().out]
    outputs += [p.read_text(encoding="utf-8") for p in sorted(receipts.glob("*.json"))]
    assert main(["responses", "KEN", "--db", str(db)]) == 0
    outputs.append(capsys.readouterr().out)
    assert json.loads(outputs[-1])[0]["comments"] == value  # the exact text
    assert main(["diff", "KEN", "--format", "json", "--db", str(db)]) == 0
    outputs.append(capsys.readouterr().out)
    assert json.loads(outputs[-1])["changes"][0]["after"] == value
    assert json.loads(outputs[0].splitlines()[-1])["file"] == "second\u202e.xlsx"
    for output in outputs:
        assert not [c for c in HIDDEN if c in output], output
    assert main(["responses", "KEN", "--format", "csv", "--db", str(db)]) == 0
    csv_text = capsys.readouterr().out
    assert not [c for c in HIDDEN[2:] if c in csv_text]


def test_file_names_reach_standard_error_as_escapes(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A received file's name holding an escape sequence does not drive the terminal."""
    inbox = tmp_path / "inbox"
    (inbox / "sub\x1b[2Jdir").mkdir(parents=True)
    missing = tmp_path / "gone\x1b]0;title\x07.xlsx"
    assert main(["ingest", str(missing), "--db", str(db)]) == 1  # not found
    assert main(["ingest", str(inbox), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "gone\\x1b]0;title\\x07.xlsx: error: The file does not exist" in err
    assert "name it: cosp ingest " + str(inbox / "sub\\x1b[2Jdir") in err


def test_diff_shows_what_changed(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    first = wb.fill(wb.blank(tmp_path / "first.xlsx"), {"7": {"Answer": "No"}})
    assert main(["ingest", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["diff", "KEN", "--db", str(db)]) == 0
    assert "nothing to compare" in capsys.readouterr().out
    second = wb.fill(
        wb.blank(tmp_path / "second.xlsx"),
        {"7": {"Answer": "Yes", "Legislation": "Act 5"}, "40.1": {"Comments": "new"}},
    )
    assert main(["ingest", str(second), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["diff", "KEN", "--cycle", wb.CYCLE, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "7  answer: \u201cno\u201d -> \u201cyes\u201d" in out
    assert "40.1  comments: (empty) -> \u201cnew\u201d" in out
    assert "2 question(s) changed" in out
    assert main(["diff", "KEN", "--format", "json", "--db", str(db)]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert {(c["id"], c["field"]) for c in changes} == {
        ("7", "answer"),
        ("7", "legislation"),
        ("40.1", "comments"),
    }


# -- two ingests at the same time ------------------------------------------------------------


def _ingest_all(db: str, paths: list[str]) -> list[tuple[str, str, int | None]]:
    with Store.open(Path(db)) as store:
        receipts = ingest_files([Path(p) for p in paths], store, reference=wb.Reference())
        return [(r.file, r.status, r.submission) for r in receipts]


def test_two_concurrent_ingests_lose_and_duplicate_nothing(tmp_path: Path, db: Path) -> None:
    paths = []
    for n, state in enumerate(sorted(wb.STATES) * 4):
        answers = wb.full_answers()
        answers["7"]["Comments"] = f"version {n}"
        paths.append(str(wb.fill(wb.blank(tmp_path / f"{state}-{n}.xlsx", state), answers)))
    # Both processes create the store, then ingest the same files in opposite orders.
    with multiprocessing.get_context("fork").Pool(2) as pool:
        jobs = [(str(db), paths), (str(db), list(reversed(paths)))]
        outcomes = pool.starmap_async(_ingest_all, jobs).get(timeout=300)
    for path in paths:
        name = Path(path).name
        statuses = sorted(status for outcome in outcomes for f, status, _ in outcome if f == name)
        assert statuses == ["accepted", "duplicate"], (name, statuses)
    with Store.open(db) as store:
        assert store.counts() == (len(paths), 6 * len(paths))
        for state in wb.STATES:
            assert len(store.submissions(state, wb.CYCLE)) == 4


# -- the commands' paths: mistakes are named, nothing is written ------------------------------


def test_a_db_that_is_not_a_database_is_named_and_left_as_it_is(
    tmp_path: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("my notes, not a database\n", encoding="utf-8")
    for command in (["ingest", str(path)], ["responses", "KEN"], ["diff", "KEN"]):
        assert main([*command, "--db", str(notes)]) == 1
        err = capsys.readouterr().err
        assert f"cosp: {notes}: error: this file cannot be used as the store's database" in err
        assert "[intake.store-unusable]" in err and "Traceback" not in err
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_another_programs_database_is_refused(
    tmp_path: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE submissions (x)")
    connection.close()
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    assert main(["ingest", str(path), "--db", str(other)]) == 1
    assert "[store.foreign-database]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("db", "code"),
    [(".", "intake.store-path"), ("memo.txt/cosp.sqlite3", "usage.not-a-folder")],
)
def test_a_db_path_that_is_a_folder_or_under_a_file_is_a_usage_error(
    tmp_path: Path, fake_reference: None, capsys: pytest.CaptureFixture[str], db: str, code: str
) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    (tmp_path / "memo.txt").write_text("memo", encoding="utf-8")
    assert main(["ingest", str(path), "--db", str(tmp_path / db)]) == 2
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "--db" in err and "Traceback" not in err
    assert not (tmp_path / "archive").exists()


def test_receipts_in_a_file_stop_before_anything_is_ingested(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    (tmp_path / "receipts").write_text("", encoding="utf-8")
    status = main(["ingest", str(path), "--db", str(db), "--receipts", str(tmp_path / "receipts")])
    assert status == 2
    assert "--receipts" in capsys.readouterr().err
    assert not db.exists()


def test_a_duplicate_never_replaces_the_receipt_of_the_first_reception(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    receipts = tmp_path / "receipts"
    args = ["ingest", str(path), str(path), "--db", str(db), "--receipts", str(receipts)]
    assert main(args) == 0
    names = sorted(p.name for p in receipts.iterdir())
    sha = names[0].split(".")[0]
    assert names == [f"{sha}.duplicate.json", f"{sha}.duplicate.txt", f"{sha}.json", f"{sha}.txt"]
    assert "ACCEPTED" in (receipts / f"{sha}.txt").read_text(encoding="utf-8")
    assert "ALREADY RECEIVED" in (receipts / f"{sha}.duplicate.txt").read_text(encoding="utf-8")
    assert json.loads((receipts / f"{sha}.json").read_text(encoding="utf-8"))["status"] == (
        "accepted"
    )


def test_folders_inside_the_inbox_and_an_empty_folder_are_named(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2027-05").mkdir(parents=True)
    wb.fill(wb.blank(inbox / "ken.xlsx", "KEN"), wb.full_answers())
    wb.fill(wb.blank(inbox / "2027-05" / "fra.xlsx", "FRA"), wb.full_answers())
    (tmp_path / "empty").mkdir()
    assert main(["ingest", str(inbox), str(tmp_path / "empty"), "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["state"] for line in captured.out.splitlines()] == ["KEN"]
    assert f"cosp: {inbox / '2027-05'}: warning: skipped: the folders inside" in captured.err
    assert f"name it: cosp ingest {inbox / '2027-05'}" in captured.err
    assert f"cosp: {tmp_path / 'empty'}: warning: this folder holds no file" in captured.err


def test_the_archiver_copies_ahead_in_order_and_ends_its_thread(tmp_path: Path) -> None:
    """Files are archived by a thread ahead of their turn; none runs once paused (the sandbox
    forks then) or after the batch; a file that cannot be read fails at its own turn."""
    import threading

    from toolkit.intake.archive import Archiver

    paths = []
    for n in range(6):
        path = tmp_path / f"file-{n}.xlsx"
        path.write_bytes(f"content {n}".encode())
        paths.append(path)
    missing = tmp_path / "missing.xlsx"
    threads = threading.active_count()
    received = []
    with Archiver(tmp_path / "archive", ahead=2) as archiver:
        batch = archiver.archive([*paths[:3], missing, *paths[3:]])
        for archived in batch:
            received.append(archived)
            if len(received) == 2:
                archiver.pause()
                assert threading.active_count() == threads
            if len(received) == 3:
                break
        with pytest.raises(FileNotFoundError):
            next(batch)
    assert threading.active_count() == threads
    assert [a.name for a in received] == [p.name for p in paths[:3]]
    for archived, path in zip(received, paths, strict=False):
        assert archived.path.read_bytes() == path.read_bytes()
        assert archived.path.parent.parent == tmp_path / "archive"


def test_another_programs_database_without_conflicting_tables_is_left_untouched(
    tmp_path: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "contacts.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.close()
    before = other.read_bytes()
    path = wb.fill(wb.blank(tmp_path / "w.xlsx"), wb.full_answers())
    for command in (["ingest", str(path)], ["responses", "KEN"]):
        assert main([*command, "--db", str(other)]) == 1
        err = capsys.readouterr().err
        assert "[store.foreign-database]" in err and "another program" in err
    assert other.read_bytes() == before
    assert not other.with_name("contacts.sqlite3-wal").exists()


def test_reading_commands_do_not_turn_an_empty_file_into_a_store(
    tmp_path: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    for command in (["responses", "KEN"], ["diff", "KEN"]):
        assert main([*command, "--db", str(empty)]) == 1
        assert "[store.empty]" in capsys.readouterr().err
    assert empty.read_bytes() == b""


def test_a_file_name_that_is_not_utf8_is_kept_readable(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    name = b"ken-r\xe9ponse.xlsx"  # Latin-1 "é", as a name written on another system
    path = Path(folder / os.fsdecode(name))
    wb.fill(wb.blank(path), wb.full_answers())
    assert main(["ingest", str(folder), "--db", str(db), "--json"]) == 0
    receipt = json.loads(capsys.readouterr().out)
    assert (receipt["status"], receipt["file"]) == ("accepted", "ken-r\ufffdponse.xlsx")


def test_several_new_files_of_one_state_in_one_run_are_pointed_out(
    tmp_path: Path, db: Path, fake_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wb.fill(wb.blank(inbox / "ken (2).xlsx"), {"7": {"Answer": "No"}})
    wb.fill(wb.blank(inbox / "ken.xlsx"), {"7": {"Answer": "Yes", "Legislation": "Act 1"}})
    wb.fill(wb.blank(inbox / "fra.xlsx", "FRA"), wb.full_answers())
    assert main(["ingest", str(inbox), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "2 new files of KEN for cycle" in err
    assert "the last one, “ken.xlsx”, is the current submission" in err
    assert "FRA" not in err
    assert main(["ingest", str(inbox), "--db", str(db)]) == 0  # again: duplicates only
    assert "new files of" not in capsys.readouterr().err


def test_version_5_stores_the_english_words_of_version_1_as_keys(db: Path) -> None:
    """A store written before template version 2 kept the English words: they become keys;
    a need typed off the list stays as it was."""
    from toolkit.intake import store as store_module

    original = store_module.MIGRATIONS
    store_module.MIGRATIONS = tuple(m for m in original if m[0] < 5)
    try:
        with Store.open(db) as old:
            old._db.execute(
                "INSERT INTO submissions (state, cycle, received_at, file_sha256, file_name, "
                "file_size, template_version, question_set_hash, ingested_by, question_count, "
                "answered, consent) VALUES ('KEN', 'c', 't', 'h', 'f', 1, '1', 'q', 'me', 4, 4, "
                "'Only the summary')"
            )
            rows = [
                ("7", "Yes", "Training of practitioners (police, prosecutors, judges)"),
                ("8.1", "Not applicable", "None"),
                ("8.2", "Partially", "Other (specify in Comments)"),
                ("11.1", "No", "Translators"),
            ]
            for position, (qid, answer, needs) in enumerate(rows):
                old._db.execute(
                    "INSERT INTO answers (submission_id, position, question_id, sheet, row, "
                    "answer, needs) VALUES (1, ?, ?, 'Chapter II', ?, ?, ?)",
                    (position, qid, position + 4, answer, needs),
                )
    finally:
        store_module.MIGRATIONS = original
    with Store.open(db) as store:
        (kept,) = store.submissions("KEN")
        answers = store.answers(kept.id)
    assert (kept.consent, kept.language, kept.consulted) == ("summary", "en", None)
    assert [(a.id, a.answer, a.needs) for a in answers] == [
        ("7", "yes", "training"),
        ("8.1", "not_applicable", "none"),
        ("8.2", "partially", "other"),
        ("11.1", "no", "Translators"),
    ]
    assert [(a.steps, a.assistance) for a in answers] == [(None, None)] * 4


def test_a_version_skipped_by_a_parallel_branch_is_applied_later(db: Path) -> None:
    """A store made before an earlier version number was merged gets that version too."""
    from toolkit.intake import store as store_module

    original = store_module.MIGRATIONS
    # Version 4 (the letters) was merged after version 5 had been written in parallel; an
    # earlier version 5 depends on (version 2's consent) is never missing in a real store.
    store_module.MIGRATIONS = tuple(m for m in original if m[0] != 4)
    try:
        Store.open(db).close()
    finally:
        store_module.MIGRATIONS = original
    with Store.open(db) as store:
        versions = [row[0] for row in store._db.execute("SELECT version FROM schema_version")]
        tables = {row[0] for row in store._db.execute("SELECT name FROM sqlite_master")}
    assert sorted(versions) == [m[0] for m in original]
    assert "letters" in tables
