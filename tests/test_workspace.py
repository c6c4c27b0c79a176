"""The workspace: how commands find it, what ``cosp init`` makes, and the workspace's own copies
of the bundled defaults winning over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import cli, resources
from toolkit.errors import ConfigError
from toolkit.workspace import Settings, locate, read_settings


def make(root: Path, settings: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cosp.toml").write_text(f"[workspace]\n{settings}", encoding="utf-8")
    return root


def test_the_option_wins_over_the_environment_which_wins_over_the_folders(tmp_path: Path) -> None:
    given, named, found = make(tmp_path / "given"), make(tmp_path / "named"), make(tmp_path / "up")
    below = found / "inbox" / "2027"
    below.mkdir(parents=True)
    environment = {"COSP_WORKSPACE": str(named)}
    assert (locate(given, environment, below).root, locate(given, environment).origin) == (
        given,
        "option",
    )
    assert locate(None, environment, below).root == named
    assert locate(None, environment, below).origin == "environment"
    upwards = locate(None, {}, below)
    assert (upwards.root, upwards.origin) == (found, "found")
    assert upwards.describe() == f"workspace {found} (cosp.toml found from the current folder)"


def test_outside_any_workspace_the_current_folder_serves_and_says_so(tmp_path: Path) -> None:
    workspace = locate(None, {}, tmp_path)
    assert (workspace.root, workspace.origin, workspace.settings) == (
        tmp_path,
        "current",
        Settings(),
    )
    assert "no cosp.toml here or above: the current folder serves as the workspace" in (
        workspace.describe()
    )
    assert workspace.store_db == tmp_path / "store" / "cosp.sqlite3"


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_given_folder_without_cosp_toml_is_refused(tmp_path: Path, how: str) -> None:
    with pytest.raises(ConfigError) as caught:
        if how == "option":
            locate(tmp_path, {})
        else:
            locate(None, {"COSP_WORKSPACE": str(tmp_path / "missing")})
    (finding,) = caught.value.findings
    assert finding.code == "workspace.not-a-workspace"
    assert "cosp init" in finding.hint


def test_settings_are_checked_with_their_line(tmp_path: Path) -> None:
    path = make(tmp_path, 'name = "Review"\ndefault_cyle = "x"\n') / "cosp.toml"
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    (finding,) = caught.value.findings
    assert (finding.location.line, finding.location.key) == (3, "default_cyle")
    assert "unknown setting 'default_cyle'. Did you mean \"default_cycle\"?" in finding.message
    path.write_text('[workspace]\ndefault_cycle = "First Cycle"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    assert "is not a cycle id" in caught.value.findings[0].message
    path.write_text("[workspace\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    assert caught.value.findings[0].location.line == 1


def test_init_makes_the_folders_and_keeps_what_is_there(tmp_path: Path, capsys) -> None:
    root = tmp_path / "review"
    assert cli.main(["init", str(root), "--name", "Review 2027"]) == 0
    assert sorted(p.name for p in root.iterdir()) == [
        "build", "cosp.toml", "cycles", "data", "inbox", "letters", "questionnaires", "store",
        "templates",
    ]  # fmt: skip
    assert read_settings(root / "cosp.toml") == Settings(name="Review 2027")
    (root / "cosp.toml").write_text('[workspace]\nname = "Edited"\n', encoding="utf-8")
    (root / "letters").rmdir()
    capsys.readouterr()
    assert cli.main(["init", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"made  {root / 'letters'}/" in out and "cosp.toml" not in out.split("\n")[0]
    assert read_settings(root / "cosp.toml").name == "Edited"  # kept
    assert cli.main(["init", str(root)]) == 0
    assert "complete already: nothing to do" in capsys.readouterr().out


def test_init_refuses_a_file_in_the_way(tmp_path: Path, capsys) -> None:
    (tmp_path / "review").write_text("notes", encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "review")]) == 2
    assert "[usage.not-a-folder]" in capsys.readouterr().err


def test_a_copied_default_is_used_instead_of_the_bundled_one(tmp_path: Path, capsys) -> None:
    root = tmp_path / "review"
    assert cli.main(["init", str(root), "--copy", "registry", "cycle"]) == 0
    own = root / "data" / "states.yaml"
    assert own.read_bytes() == resources.REGISTRY.read_bytes()
    assert (root / "cycles" / "first-review-cycle.yaml").is_file()
    workspace = locate(root, {})
    assert workspace.registry_file == own
    assert workspace.overrides_file == resources.OVERRIDES  # not copied: the bundled one
    assert workspace.cycle_file() == root / "cycles" / "first-review-cycle.yaml"
    own.write_text("edited", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["init", str(root), "--copy", "registry"]) == 0
    assert own.read_text(encoding="utf-8") == "edited"  # never overwritten
    assert "kept: the workspace already has its own copy" in capsys.readouterr().err


def test_a_corrected_mission_reaches_the_workbook_without_touching_the_code(
    tmp_path: Path, capsys
) -> None:
    """The secretariat edits its copy of the registry; the next workbook shows it."""
    import openpyxl

    root = tmp_path / "review"
    assert cli.main(["init", str(root), "--copy", "registry"]) == 0
    registry = root / "data" / "states.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "short_name: Chile\n", "short_name: Chile (test)\n"
        ),
        encoding="utf-8",
    )
    status = cli.main(["questionnaire", "--workspace", str(root), "--state", "CHL"])
    assert status == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(
        root / "questionnaires" / "first-review-cycle" / "first-review-cycle_CHL.xlsx"
    )
    assert book["Cover"]["B4"].value == "Chile (test)"
    assert (root / "cycles" / "first-review-cycle.questions.json").is_file()


def test_the_default_cycle_setting_names_the_cycle_used(tmp_path: Path) -> None:
    root = make(tmp_path / "review", 'default_cycle = "second-cycle"\n')
    (root / "cycles").mkdir()
    (root / "cycles" / "second-cycle.yaml").write_text("id: second-cycle\n", encoding="utf-8")
    workspace = locate(root, {})
    assert workspace.cycle_file() == root / "cycles" / "second-cycle.yaml"
    assert (
        workspace.cycle_file("first-review-cycle") == resources.CYCLES / "first-review-cycle.yaml"
    )
    with pytest.raises(ConfigError) as caught:
        workspace.cycle_file("third-cycle")
    assert "second-cycle" in caught.value.findings[0].message


def test_every_command_takes_workspace_before_or_after_its_name(tmp_path: Path) -> None:
    parser = cli.build_parser()
    root = str(make(tmp_path / "w"))
    for command in ("provisions", "questionnaire", "ingest", "responses", "review"):
        extra = ["CHL"] if command == "responses" else []
        after = parser.parse_args([command, *extra, "--workspace", root])
        before = parser.parse_args(["--workspace", root, command, *extra])
        assert str(after.workspace) == str(before.workspace) == root, command
