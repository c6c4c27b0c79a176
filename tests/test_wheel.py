"""The toolkit as a product: the wheel, installed in a fresh environment, runs every command the
README documents from an empty folder, and writes only into the workspace.

The commands are read from the README itself (every line of a ``sh`` block that starts with
``cosp``, and its ``cd`` lines), in order, so that the README and this test cannot drift apart.
The few files the examples name (a filled workbook, another cycle, another instrument) are put
where the README's reader would have them before the line that needs them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXIT = {"cosp ingest answers.xlsx other.xlsx": 0}
"""Exit statuses other than 0 that a documented line is expected to end with."""

pytestmark = pytest.mark.slow


def documented_lines() -> list[str]:
    """The ``cosp`` and ``cd`` lines of the README's shell blocks, comments removed, in order."""
    lines: list[str] = []
    inside = False
    for raw in README.read_text(encoding="utf-8").splitlines():
        if raw.startswith("```"):
            inside = raw.strip() == "```sh" if not inside else False
            continue
        if not inside:
            continue
        command = raw.split(" #", 1)[0].strip()
        if command.startswith(("cosp ", "cd ")):
            lines.append(command)
    return lines


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its scripts folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work), str(ROOT)],
        check=True,
    )
    (wheel,) = work.glob("cosp_toolkit-*.whl")
    venv = work / "venv"
    uv = shutil.which("uv")
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
        subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), str(wheel)],
                       check=True)  # fmt: skip
    else:  # this environment's pip installs into the new one (no ensurepip needed there)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                        "--quiet", str(wheel)], check=True)  # fmt: skip
    return python.parent


def _snapshot(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _prepare(line: str, here: Path, scripts: Path, environment: dict[str, str]) -> None:
    """Put in place the files a documented line names, as the README's reader would have them."""
    words = shlex.split(line)
    if "protocol.txt" in words:
        shutil.copyfile(FIXTURES / "instrument" / "protocol.txt", here / "protocol.txt")
    if "corrections.yaml" in words:  # the protocol's curated corrections: one, with its reason
        (here / "corrections.yaml").write_text(
            'overrides:\n  - ids: ["2.b"]\n    obligation: optional\n'
            "    reason: Read by the secretariat as a permission.\n",
            encoding="utf-8",
        )
    if "my-cycle.yaml" in words:
        bundled = subprocess.run(
            [str(scripts / "python"), "-c",
             "from toolkit.resources import CYCLES; print(CYCLES / 'first-review-cycle.yaml')"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        text = (
            Path(bundled)
            .read_text(encoding="utf-8")
            .replace("id: first-review-cycle", "id: my-cycle")
        )
        (here / "my-cycle.yaml").write_text(text, encoding="utf-8")
    if "answers.xlsx" in words:
        from fixtures.intake.workbooks import fill

        folder = here / "questionnaires" / "first-review-cycle"
        for name, state in (("answers.xlsx", "CHL"), ("other.xlsx", "SEN")):
            fill(
                folder / f"first-review-cycle_{state}.xlsx",
                {"7.1": {"Answer": "Yes", "Legislation": "Criminal Code, article 269"}},
                here / name,
            )


def test_the_wheel_runs_every_documented_command_from_an_empty_folder(
    installed: Path, tmp_path: Path
) -> None:
    lines = documented_lines()
    subcommands = {shlex.split(line)[1] for line in lines if line.startswith("cosp ")}
    assert {"init", "provisions", "questionnaire", "ingest", "responses", "diff"} <= subcommands
    empty = tmp_path / "empty"
    empty.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sentinel").write_text("untouched", encoding="utf-8")
    site = installed.parent
    before = _snapshot(site)
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("COSP_", "VIRTUAL_ENV"))
    }
    environment["PATH"] = f"{installed}{os.pathsep}{environment.get('PATH', '')}"
    here = empty
    for line in lines:
        if line.startswith("cd "):
            here = (here / line[3:].strip()).resolve()
            continue
        _prepare(line, here, installed, environment)
        result = subprocess.run(
            line, shell=True, cwd=here, env=environment, capture_output=True, text=True,
            check=False, timeout=600,
        )  # fmt: skip
        expected = EXIT.get(line, 0)
        assert result.returncode == expected, f"{line}\n{result.stdout[-2000:]}\n{result.stderr}"
        assert "Traceback" not in result.stderr, line
        if not line.startswith("cosp init"):  # the others say which workspace they use
            assert re.search(r"cosp: workspace \S+", result.stderr), line
    assert _snapshot(site) == before  # nothing written into the installed package
    assert [p.name for p in outside.iterdir()] == ["sentinel"]
    workspace = empty / "review-2027"
    assert (workspace / "cosp.toml").is_file()
    assert (workspace / "cycles" / "first-review-cycle.questions.json").is_file()
    assert (workspace / "store" / "cosp.sqlite3").is_file()
    assert sorted(p.name for p in empty.iterdir()) == ["review-2027"]
