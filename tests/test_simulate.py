"""``cosp simulate``: real workbooks filled as States return them, the same bytes for the same
seed, every kind of reply, and intake doing with each what the batch's list says."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from toolkit import cli
from toolkit.intake import Store
from toolkit.simulate.content import Asked, Vocabulary, answers_of
from toolkit.simulate.plan import StatePlan, plan_replies

CYCLE = """\
id: sim-test
title: Review of articles 7 and 8
instrument: default
scope: [7, 8]
recipients: [FRA, DEU, NOR, KEN, SEN, CHL, BOL, JPN]
deadline: 2027-03-31
reference: CU 2026/45/DTA/OCB/CSS
contact_email: review.secretariat@un.org
languages: [en]
"""


def make_workspace(root: Path) -> Path:
    (root / "cycles").mkdir(parents=True)
    (root / "cosp.toml").write_text("[workspace]\n", encoding="utf-8")
    (root / "cycles" / "sim-test.yaml").write_text(CYCLE, encoding="utf-8")
    return root


def simulate(workspace: Path, out: Path, *args: str) -> int:
    return cli.main(["simulate", "-q", "--workspace", str(workspace), "--cycle", "sim-test",
                     "--out", str(out), *args])  # fmt: skip


def contents(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict[str, str]]]:
    """A workspace with no workbooks yet, the batch simulated (seed 1) and its list."""
    workspace = make_workspace(tmp_path_factory.mktemp("sim") / "ws")
    out = workspace.parent / "replies"
    assert simulate(workspace, out) == 0
    with (out / "replies.csv").open(encoding="utf-8") as stream:
        return workspace, out, list(csv.DictReader(stream))


def test_the_missing_workbooks_are_issued_first_through_the_questionnaire_stage(batch) -> None:
    workspace, _, _ = batch
    issued = workspace / "questionnaires" / "sim-test"
    assert sorted(p.name for p in issued.glob("*.xlsx")) == [
        f"sim-test_{code}.xlsx" for code in sorted(("FRA", "DEU", "NOR", "KEN", "SEN", "CHL",
                                                     "BOL", "JPN"))
    ]  # fmt: skip
    assert (workspace / "cycles" / "sim-test.questions.json").is_file()


def test_the_same_seed_gives_the_same_bytes_and_another_seed_others(batch, tmp_path) -> None:
    workspace, out, _ = batch
    again = tmp_path / "again"
    assert simulate(workspace, again) == 0
    assert contents(again) == contents(out)
    serial = tmp_path / "serial"
    assert simulate(workspace, serial, "-j", "1") == 0
    assert contents(serial) == contents(out)
    other = tmp_path / "other"
    assert simulate(workspace, other, "--seed", "2") == 0
    assert set(contents(other).values()).isdisjoint(contents(out).values())
    # Simulating again into the same folder replaces the earlier batch's files.
    assert simulate(workspace, other) == 0
    assert contents(other) == contents(out)


def test_the_files_are_dated_the_day_they_arrived_not_by_the_clock(batch) -> None:
    _, out, rows = batch
    row = rows[0]
    with zipfile.ZipFile(out / row["file"]) as archive:
        times = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
    year, month, day = (int(part) for part in row["arrived"].split("-"))
    assert times == {(year, month, day, 9, 0, 0)}
    assert f"{row['arrived']}T09:00:00Z" in core
    assert row["file"] == f"{row['arrived']}_{row['state']}.xlsx"


def test_the_batch_holds_every_kind_of_reply(batch) -> None:
    _, out, rows = batch
    assert [r["arrived"] for r in rows] == sorted(r["arrived"] for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"first", "late", "resubmission", "damaged", "corrected"}
    assert {r["late"] for r in rows} == {"yes", "no"}
    assert all(r["late"] == "yes" for r in rows if r["kind"] == "late")
    assert {r["consent"] for r in rows} >= {"yes", "no", "summary", ""}  # keys, as stored
    assert {r["profile"] for r in rows} >= {"complete", "partial", "blank"}
    damaged = [r for r in rows if r["kind"] == "damaged"]
    assert {r["damage"] for r in damaged} == {"id-edited", "row-deleted"}
    assert all(r["expected"] == "rejected" for r in damaged)
    assert {r["findings"] for r in damaged} == {
        "intake.id-edited;intake.row-deleted",
        "intake.row-deleted",
    }
    resubmitted = {r["state"] for r in rows if r["kind"] == "resubmission"}
    assert resubmitted and all(sum(r["state"] == state for r in rows) == 2 for state in resubmitted)
    document = json.loads((out / "replies.json").read_text(encoding="utf-8"))
    assert (document["cycle"], document["seed"], document["deadline"]) == (
        "sim-test", 1, "2027-03-31"
    )  # fmt: skip
    assert [r["file"] for r in document["replies"]] == [r["file"] for r in rows]
    for row in rows:
        assert hashlib.sha256((out / row["file"]).read_bytes()).hexdigest() == row["sha256"]


def test_intake_accepts_and_rejects_what_the_list_says_with_the_days_of_arrival(
    batch, tmp_path, capsys
) -> None:
    workspace, out, rows = batch
    db = tmp_path / "store" / "cosp.sqlite3"
    status = cli.main(["ingest", "-q", "--workspace", str(workspace), "--db", str(db),
                       "--replies", str(out / "replies.csv"), "--json"])  # fmt: skip
    assert status == 1  # the damaged files are rejected
    receipts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["file"] for r in receipts] == [r["file"] for r in rows]
    for row, receipt in zip(rows, receipts, strict=True):
        assert receipt["status"] == row["expected"], (row, receipt["errors"])
        assert receipt["sha256"] == row["sha256"]
        codes = {e["code"] for e in receipt["errors"]}
        assert codes == set(filter(None, row["findings"].split(";"))), row
        if row["expected"] == "accepted":
            assert receipt["received_on"] == row["arrived"]
            assert receipt["answered"] == int(row["answered"])
            assert receipt["consent"] == (row["consent"] or None)
    with Store.open(db, create=False) as store:
        submissions = store.cycle_submissions("sim-test")
        assert [s.received_on for s in submissions] == [
            r["arrived"] for r in rows if r["expected"] == "accepted"
        ]
        focal_points = [json.loads(s.focal_point) for s in submissions]
        answers = [a for s in submissions for a in store.answers(s.id)]
    for details in focal_points:
        if any(details):
            assert re.fullmatch(r"Focal point \d+", details[0])
            assert details[3].endswith(".example.org")
    citing = [a for a in answers if a.answer in ("yes", "partially")]  # the keys stored
    cited = [a for a in citing if a.legislation]
    assert 0.75 <= len(cited) / len(citing) < 1.0  # most of the time, not always
    assert any(a.examples for a in answers) and any(a.challenges for a in answers)
    assert any(a.needs and a.needs != "none" for a in answers)


def test_simulate_ingest_checks_the_verdicts_of_intake(batch, tmp_path, capsys) -> None:
    workspace, _, rows = batch
    db = tmp_path / "cosp.sqlite3"
    folder = tmp_path / "replies"
    assert simulate(workspace, folder, "--ingest", "--db", str(db)) == 0
    err = capsys.readouterr().err
    rejected = sum(r["expected"] == "rejected" for r in rows)
    assert f"{len(rows) - rejected} accepted, {rejected} rejected, 0 duplicate" in err
    with Store.open(db, create=False) as store:
        states = {s.state for s in store.cycle_submissions("sim-test")}
    assert states == {r["state"] for r in rows if r["expected"] == "accepted"}


def test_the_paths_written_are_printed(batch, tmp_path, capsys) -> None:
    workspace, _, _ = batch
    out = tmp_path / "printed"
    assert simulate(workspace, out, "--state", "CHL", "KEN") == 0
    captured = capsys.readouterr()
    printed = captured.out.splitlines()
    assert printed[-2:] == [str(out / "replies.csv"), str(out / "replies.json")]
    assert all(Path(line).is_file() for line in printed)
    assert "of 2 State(s)" in captured.err


def test_a_folder_holding_other_files_is_refused(batch, tmp_path, capsys) -> None:
    workspace, _, _ = batch
    out = tmp_path / "inbox"
    out.mkdir()
    (out / "from-a-state.xlsx").write_bytes(b"not ours")
    assert simulate(workspace, out) == 1
    assert "[simulate.out-not-empty]" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["from-a-state.xlsx"]


def test_an_unknown_state_is_an_error_naming_it(batch, tmp_path, capsys) -> None:
    workspace, _, _ = batch
    assert simulate(workspace, tmp_path / "x", "--state", "CHX") == 1  # not found
    err = capsys.readouterr().err
    assert "[simulate.unknown-state]" in err and "'CHX' is not the code of a State" in err


def test_the_reply_rate_leaves_some_states_silent() -> None:
    codes = [f"S{n:02d}" for n in range(20)]
    plans = plan_replies(codes, date(2027, 3, 31), seed=1, reply_rate=0.8)
    assert sum(not p.files for p in plans) == 4


def test_answers_vary_by_regional_group() -> None:
    """Over many States, the Western group answers Yes more often than the African group."""
    vocabulary = Vocabulary(
        {"mandatory": ("Yes", "Partially", "No", "Not applicable")}, ("None", "Other"), {}
    )
    questions = [Asked(f"{n}.1", n, "mandatory") for n in range(7, 47)]

    def yes_share(group: str) -> float:
        answers = [
            entry.answer
            for n in range(30)
            for entry in answers_of(
                StatePlan(f"X{n:02d}", "complete", 0.0, "yes", ()),
                group,
                "en",
                questions,
                vocabulary,
                seed=1,
            ).values()
        ]
        return answers.count("Yes") / len(answers)

    western, african = yes_share("Western European and other States"), yes_share("African")
    assert western > african + 0.15
