"""``cosp questionnaire``: paths printed, errors as findings without tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import toolkit.cycle
from toolkit import cli
from toolkit.cycle import DEFAULT_CYCLE, load_cycle
from toolkit.registry import load_registry


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test the command on its own, whatever state the other stages' commands are in."""
    assert "toolkit.questionnaire.cli" in cli.COMMAND_MODULES
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("toolkit.questionnaire.cli",))


@pytest.fixture(autouse=True)
def default_cycle(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """A copy of the default cycle, so that its lock is written there, never over the shipped
    lock (whose questions change with the obligation rules)."""
    copy = tmp_path_factory.mktemp("cycles") / DEFAULT_CYCLE.name
    shutil.copyfile(DEFAULT_CYCLE, copy)
    monkeypatch.setattr(toolkit.cycle, "DEFAULT_CYCLE", copy)
    return copy


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = cli.main(["questionnaire", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_state_workbooks_are_written_and_their_paths_printed(tmp_path: Path, capsys) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path), "--state", "CHL", "sen")
    cycle = load_cycle()
    folder = tmp_path / cycle.id
    assert status == 0, err
    assert lines == [
        str(cycle.lock_path),  # the first run issues the cycle
        str(folder / f"{cycle.id}_CHL.xlsx"),
        str(folder / f"{cycle.id}_SEN.xlsx"),
    ]
    assert all(Path(line).is_file() for line in lines)
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{cycle.id}_CHL.xlsx",
        f"{cycle.id}_SEN.xlsx",
    ]


def test_an_unknown_state_is_a_usage_error_naming_it(tmp_path: Path, capsys) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path), "--state", "CHL", "XYZ", "FRX")
    assert status == 2
    assert lines == []
    assert "'XYZ' is not the code of a State" in err
    assert 'Did you mean "FRA"?' in err
    assert "[questionnaire.unknown-state]" in err
    assert "Traceback" not in err
    assert not any(tmp_path.iterdir())


def test_a_bad_cycle_file_is_reported_with_file_and_key(tmp_path: Path, capsys) -> None:
    text = DEFAULT_CYCLE.read_text(encoding="utf-8").replace(
        "deadline: 2027-06-30", "deadline: soon"
    )
    bad = tmp_path / "bad-cycle.yaml"
    bad.write_text(text, encoding="utf-8")
    status, lines, err = run(capsys, "--cycle", str(bad), "--out", str(tmp_path / "out"))
    assert status == 1
    assert lines == []
    assert str(bad) in err and "deadline" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_missing_cycle_file_is_reported(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "--cycle", str(tmp_path / "none.yaml"), "--out", str(tmp_path))
    assert status == 1
    assert "none.yaml" in err


def test_a_bad_template_is_reported(tmp_path: Path, capsys) -> None:
    template = tmp_path / "questions.yaml"
    template.write_text("questions: {}\n", encoding="utf-8")
    status, _, err = run(
        capsys, "--template", str(template), "--out", str(tmp_path), "--state", "CHL"
    )
    assert status == 1
    assert str(template) in err and "questions.mandatory" in err


def test_out_is_required(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["questionnaire"])
    assert caught.value.code == 2
    assert "--out" in capsys.readouterr().err


@pytest.mark.slow
def test_without_state_the_master_and_every_recipient_are_written(tmp_path: Path, capsys) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path))
    cycle = load_cycle()
    recipients = cycle.recipients_in(load_registry())
    assert status == 0, err
    assert lines[0] == str(cycle.lock_path)
    lines = lines[1:]
    assert lines[0].endswith(f"{cycle.id}_MASTER.xlsx")
    assert [Path(line).name for line in lines[1:]] == [
        f"{cycle.id}_{s.iso3}.xlsx" for s in recipients
    ]
    written = sorted(p.name for p in (tmp_path / cycle.id).iterdir())
    assert written == sorted(Path(line).name for line in lines)  # no temporary files left
    assert "━" not in err  # no progress bar when stderr is not a terminal


def cycle_copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """The default cycle in a folder of its own, with one line changed."""
    text = DEFAULT_CYCLE.read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "cycles"
    folder.mkdir()
    path = folder / "cycle.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("out", ["report.txt", "report.txt/questionnaires"])
def test_an_out_that_is_or_lies_under_a_file_writes_nothing(
    tmp_path: Path, capsys, out: str
) -> None:
    cycle = cycle_copy(tmp_path)
    (tmp_path / "report.txt").write_text("keep me", encoding="utf-8")
    status, lines, err = run(
        capsys, "--cycle", str(cycle), "--out", str(tmp_path / out), "--state", "CHL"
    )
    assert (status, lines) == (2, [])
    assert "report.txt" in err and "is a file, not a folder" in err
    assert "[usage.not-a-folder]" in err and "Traceback" not in err
    assert not load_cycle(cycle).lock_path.exists()  # the cycle was not issued
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "keep me"


def test_as_issued_without_a_lock_issues_nothing(tmp_path: Path, capsys) -> None:
    cycle = cycle_copy(tmp_path)
    out = tmp_path / "out"
    status, lines, err = run(
        capsys, "--cycle", str(cycle), "--out", str(out), "--state", "CHL", "--as-issued"
    )
    assert (status, lines) == (1, [])
    assert "[questionnaire.lock-missing]" in err
    assert "restore the lock file" in err
    assert not load_cycle(cycle).lock_path.exists()
    assert not out.exists()


def test_a_lock_that_cannot_be_written_is_named(tmp_path: Path, capsys, monkeypatch) -> None:
    from toolkit.questionnaire import lock

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(lock, "write_atomically", refuse)
    cycle = cycle_copy(tmp_path)
    out = tmp_path / "out"
    status, lines, err = run(capsys, "--cycle", str(cycle), "--out", str(out), "--state", "CHL")
    assert (status, lines) == (1, [])
    assert err.startswith(f"cosp: {cycle.with_name('cycle.questions.json')}: error: the lock file")
    assert "(Permission denied)" in err and "--cycle" in err and "Traceback" not in err
    assert not out.exists()


def test_a_cycle_with_no_recipient_says_only_the_master_is_written(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    registry = Path(__file__).parent / "fixtures" / "registry" / "valid.yaml"
    text = registry.read_text(encoding="utf-8").replace("ratification: 2026-05-04", "ratification:")
    (tmp_path / "states.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr("toolkit.registry.DEFAULT_REGISTRY", tmp_path / "states.yaml")
    cycle = cycle_copy(tmp_path, "recipients: all", "recipients: parties")
    status, lines, err = run(capsys, "--cycle", str(cycle), "--out", str(tmp_path / "out"))
    assert status == 0
    assert [Path(line).name for line in lines] == [
        "cycle.questions.json",
        "first-review-cycle_MASTER.xlsx",
    ]
    assert "warning: no State in the registry" in err
    assert "[questionnaire.no-recipient]" in err


def test_a_passed_deadline_is_a_warning_and_the_workbooks_are_written(
    tmp_path: Path, capsys
) -> None:
    cycle = cycle_copy(tmp_path, "deadline: 2027-06-30", "deadline: 2020-01-01")
    status, lines, err = run(
        capsys, "--cycle", str(cycle), "--out", str(tmp_path / "out"), "--state", "CHL"
    )
    assert status == 0
    assert Path(lines[-1]).name == "first-review-cycle_CHL.xlsx"
    assert "warning: the deadline of the cycle (2020-01-01) has passed" in err
    assert "[questionnaire.deadline-passed]" in err


def test_a_deadline_to_come_says_nothing(tmp_path: Path, capsys) -> None:
    cycle = cycle_copy(tmp_path, "deadline: 2027-06-30", "deadline: 2999-12-31")
    status, _, err = run(
        capsys, "--cycle", str(cycle), "--out", str(tmp_path / "out"), "--state", "CHL"
    )
    assert status == 0
    assert "deadline" not in err
