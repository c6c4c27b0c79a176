"""Portability (issue 8): the toolkit imports, and intake runs, without the POSIX-only modules.

Windows has no ``fcntl``, ``resource`` or ``termios`` and no ``os.fork``.  Each test runs a fresh
interpreter in which those modules cannot be imported (``sys.modules[name] = None``, set by a
``sitecustomize`` on its ``PYTHONPATH``, so that the sandbox's spawned workers lack them too)
and, for intake, ``os.fork`` is gone: the sandbox must then spawn its workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fixtures.intake import workbooks as wb

import toolkit

BLOCKED = ("fcntl", "resource", "termios")
TESTS = Path(__file__).resolve().parent


def run_without_posix(tmp_path: Path, program: str, *, fork: bool = True) -> dict:
    """Run ``program`` (which prints one JSON line last) where the POSIX-only modules are
    missing (and ``os.fork`` too unless ``fork``); its answer."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    blocking = f"import sys\nsys.modules.update(dict.fromkeys({BLOCKED!r}))\n"
    if not fork:
        blocking += "import os\ndel os.fork\n"
    (site / "sitecustomize.py").write_text(blocking)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(TESTS)])}
    env.pop("COSP_SANDBOX", None)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def module_names() -> set[str]:
    """Every module and package of the toolkit but ``toolkit`` itself and ``__main__``s."""
    root = Path(toolkit.__file__).parent
    names = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] != "__main__" and len(parts) > 1:
            names.add(".".join(parts))
    return names


def test_every_toolkit_module_imports_without_posix_modules(tmp_path: Path) -> None:
    """``__main__`` modules are left out: importing one runs the command."""
    answer = run_without_posix(
        tmp_path,
        """
        import importlib, json, pkgutil, sys
        import toolkit

        names = [
            info.name
            for info in pkgutil.walk_packages(toolkit.__path__, "toolkit.")
            if not info.name.endswith(".__main__")
        ]
        failed = {}
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as error:
                failed[name] = repr(error)
        blocked = {name: sys.modules[name] is None for name in ("fcntl", "resource", "termios")}
        print(json.dumps({"modules": names, "failed": failed, "blocked": blocked}))
        """,
    )
    assert answer["failed"] == {}
    assert answer["blocked"] == {"fcntl": True, "resource": True, "termios": True}
    expected = module_names()
    assert set(answer["modules"]) == expected
    assert {"toolkit.intake.sandbox", "toolkit.intake.worker"} <= expected


def test_intake_spawns_its_workers_where_there_is_no_fork(tmp_path: Path) -> None:
    """As on Windows: no fork, no rlimits; a batch with a hostile file is read by spawned
    workers, in order, and the genuine files are accepted; a worker that hangs is stopped."""
    genuine = wb.fill(wb.blank(tmp_path / "genuine.xlsx"), wb.full_answers())
    laughs = wb.minimal_xlsx(tmp_path / "laughs.xlsx", wb.LAUGHS)
    french = wb.fill(wb.blank(tmp_path / "fra.xlsx", "FRA"), wb.full_answers())
    answer = run_without_posix(
        tmp_path,
        f"""
        import json
        from pathlib import Path
        from fixtures.intake import hostile, workbooks as wb
        from toolkit.intake import Limits, Store, ingest_files
        from toolkit.intake.reader import Sandbox
        from toolkit.intake.sandbox import start_method

        files = [Path(p) for p in {[str(genuine), str(laughs), str(french)]!r}]
        with Store.open(Path("store") / "cosp.sqlite3") as store:
            receipts = list(ingest_files(files, store, reference=wb.Reference()))
        with Sandbox(Limits(reader_seconds=1.0), hostile.check) as sandbox:
            hung = sandbox.read(files[0], "hang.xlsx")
            after = sandbox.read(files[0], "after.xlsx")
        print(json.dumps({{
            "method": start_method(),
            "receipts": [[r.status, r.state, [f.code for f in r.errors]] for r in receipts],
            "hung": hung,
            "after": after["name"],
        }}))
        """,
        fork=False,
    )
    assert answer == {
        "method": "spawn",
        "receipts": [
            ["accepted", "KEN", []],
            ["rejected", None, ["intake.xml-entities"]],
            ["accepted", "FRA", []],
        ],
        "hung": {"ok": False, "kind": "time"},
        "after": "after.xlsx",
    }


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the platform does not fork")
def test_intake_still_forks_where_only_the_posix_modules_are_missing(tmp_path: Path) -> None:
    """A fork without ``resource`` (no memory limit) or ``fcntl`` (a narrow pipe) still reads."""
    genuine = wb.fill(wb.blank(tmp_path / "genuine.xlsx"), wb.full_answers())
    answer = run_without_posix(
        tmp_path,
        f"""
        import json
        from toolkit.intake import Limits
        from toolkit.intake.reader import read_workbook
        from toolkit.intake.sandbox import start_method

        from pathlib import Path

        workbook = read_workbook(Path({str(genuine)!r}), "genuine.xlsx", Limits())
        print(json.dumps({{"method": start_method(), "sheets": [s.name for s in workbook.sheets]}}))
        """,
    )
    assert answer == {
        "method": "fork",
        "sheets": ["Cover", "Chapter II", "Chapter IV", "Progress", "Lists", "Metadata"],
    }
