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
