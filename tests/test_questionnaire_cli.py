"""``cosp questionnaire``: paths printed, errors as findings without tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import cli
from toolkit.cycle import DEFAULT_CYCLE, load_cycle
from toolkit.registry import load_registry


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test the command on its own, whatever state the other stages' commands are in."""
    assert "toolkit.questionnaire.cli" in cli.COMMAND_MODULES
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("toolkit.questionnaire.cli",))


@pytest.fixture
def lock(isolated_workspace: Path) -> Path:
    """Where the default cycle's lock is written: in the test's own workspace."""
    return isolated_workspace / "cycles" / "first-review-cycle.questions.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = cli.main(["questionnaire", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_state_workbooks_are_written_and_their_paths_printed(
    tmp_path: Path, capsys, lock: Path, isolated_workspace: Path
) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path), "--state", "CHL", "sen")
    cycle = load_cycle()
    folder = tmp_path / cycle.id
    assert status == 0, err
    assert lines == [
        str(lock),  # the first run issues the cycle, in the workspace
        str(folder / f"{cycle.id}_CHL.xlsx"),
        str(folder / f"{cycle.id}_SEN.xlsx"),
    ]
    assert all(Path(line).is_file() for line in lines)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".manifest.json",
        f"{cycle.id}_CHL.xlsx",
        f"{cycle.id}_SEN.xlsx",
    ]
    assert f"cosp: workspace {isolated_workspace} (given by COSP_WORKSPACE)" in err


def test_without_out_the_workbooks_go_into_the_workspace(capsys, isolated_workspace: Path) -> None:
    status, lines, err = run(capsys, "--state", "CHL")
    assert status == 0, err
    assert lines[-1] == str(
        isolated_workspace / "questionnaires" / "first-review-cycle" / "first-review-cycle_CHL.xlsx"
    )


def test_a_cycle_is_found_by_its_id_in_the_workspace_first(
    capsys, isolated_workspace: Path
) -> None:
    own = isolated_workspace / "cycles" / "first-review-cycle.yaml"
    own.parent.mkdir()
    own.write_text(
        DEFAULT_CYCLE.read_text(encoding="utf-8").replace(
            'title: "First review cycle', 'title: "Our first review cycle'
        ),
        encoding="utf-8",
    )
    status, lines, err = run(capsys, "--cycle", "first-review-cycle", "--state", "CHL")
    assert status == 0, err
    import openpyxl

    cover = openpyxl.load_workbook(lines[-1])["Cover"]
    assert cover["B5"].value.startswith("Our first review cycle")
    status, _, err = run(capsys, "--cycle", "second-cycle", "--state", "CHL")
    assert status == 1 and "[workspace.unknown-cycle]" in err and "first-review-cycle" in err


def test_an_unknown_state_is_an_error_naming_it(tmp_path: Path, capsys) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path), "--state", "CHL", "XYZ", "FRX")
    assert status == 1  # not found
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
    assert "none.yaml" in err and "[workspace.no-cycle-file]" in err


def test_a_bad_template_is_reported(tmp_path: Path, capsys) -> None:
    template = tmp_path / "questions.yaml"
    template.write_text("questions: {}\n", encoding="utf-8")
    status, _, err = run(
        capsys, "--template", str(template), "--out", str(tmp_path), "--state", "CHL"
    )
    assert status == 1
    assert str(template) in err and "questions.mandatory" in err


@pytest.mark.slow
def test_without_state_the_master_and_every_recipient_are_written(
    tmp_path: Path, capsys, lock: Path
) -> None:
    status, lines, err = run(capsys, "--out", str(tmp_path))
    cycle = load_cycle()
    recipients = cycle.recipients_in(load_registry())
    assert status == 0, err
    assert lines[0] == str(lock)
    lines = lines[1:]
    assert lines[0].endswith(f"{cycle.id}_MASTER.xlsx")
    assert [Path(line).name for line in lines[1:]] == [
        f"{cycle.id}_{s.iso3}.xlsx" for s in recipients
    ]
    written = sorted(p.name for p in (tmp_path / cycle.id).iterdir())
    # No temporary files left: the workbooks and the record of what they were written from.
    assert written == sorted([".manifest.json", *(Path(line).name for line in lines)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [cycle.id]
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
    tmp_path: Path, capsys, out: str, lock: Path
) -> None:
    cycle = cycle_copy(tmp_path)
    (tmp_path / "report.txt").write_text("keep me", encoding="utf-8")
    status, lines, err = run(
        capsys, "--cycle", str(cycle), "--out", str(tmp_path / out), "--state", "CHL"
    )
    assert (status, lines) == (2, [])
    assert "report.txt" in err and "is a file, not a folder" in err
    assert "[usage.not-a-folder]" in err and "Traceback" not in err
    assert not lock.exists()  # the cycle was not issued
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "keep me"


def test_as_issued_without_a_lock_issues_nothing(tmp_path: Path, capsys, lock: Path) -> None:
    cycle = cycle_copy(tmp_path)
    out = tmp_path / "out"
    status, lines, err = run(
        capsys, "--cycle", str(cycle), "--out", str(out), "--state", "CHL", "--as-issued"
    )
    assert (status, lines) == (1, [])
    assert "[questionnaire.lock-missing]" in err
    assert "restore the lock file" in err
    assert not lock.exists()
    assert not out.exists()


def test_a_lock_that_cannot_be_written_is_named(
    tmp_path: Path, capsys, monkeypatch, lock: Path
) -> None:
    from toolkit import lock as lock_module

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(lock_module, "write_atomically", refuse)
    cycle = cycle_copy(tmp_path)
    out = tmp_path / "out"
    status, lines, err = run(capsys, "--cycle", str(cycle), "--out", str(out), "--state", "CHL")
    assert (status, lines) == (1, [])
    assert f"cosp: {lock}: error: the lock file cannot be written (Permission denied)" in err
    assert "nothing was issued" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*") if p.is_file()]  # no workbook of an unrecorded issue


def test_a_cycle_with_no_recipient_says_only_the_master_is_written(
    tmp_path: Path, capsys, isolated_workspace: Path
) -> None:
    registry = Path(__file__).parent / "fixtures" / "registry" / "valid.yaml"
    text = registry.read_text(encoding="utf-8").replace("ratification: 2026-05-04", "ratification:")
    (isolated_workspace / "data").mkdir()
    (isolated_workspace / "data" / "states.yaml").write_text(text, encoding="utf-8")
    cycle = cycle_copy(tmp_path, "recipients: all", "recipients: parties")
    status, lines, err = run(capsys, "--cycle", str(cycle), "--out", str(tmp_path / "out"))
    assert status == 0
    assert [Path(line).name for line in lines] == [
        "first-review-cycle.questions.json",
        "first-review-cycle_MASTER.xlsx",
    ]
    assert str(isolated_workspace / "data" / "states.yaml") in err  # the workspace's registry
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
