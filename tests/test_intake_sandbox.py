"""The sandbox's workers, forked and spawned: a hang, a crash or exhausted memory is a result for
that file only, the worker is replaced, and the results come in the order of the files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fixtures.intake import hostile
from fixtures.intake import workbooks as wb

from toolkit.errors import ToolkitError
from toolkit.intake import Limits, Store, ingest_files, processes
from toolkit.intake.reader import Sandbox, SandboxPool, decode
from toolkit.intake.sandbox import start_method

METHODS = [
    pytest.param("fork", marks=pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")),
    "spawn",
]
SPAWN_SECONDS = 10.0
"""Room for a spawned worker to start (a fresh interpreter importing the toolkit)."""


@pytest.fixture(params=METHODS)
def method(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sandbox")
    return wb.fill(wb.blank(folder / "genuine.xlsx"), wb.full_answers())


def read_all(pool: SandboxPool, path: Path, names: list[str]) -> list[dict]:
    """Submit the file under each name (all before the first result), then take the results."""
    for name in names:
        pool.submit(path, name)
    return [pool.result() for _ in names]


def test_a_hanging_read_is_too_slow_and_the_next_file_is_read(genuine: Path, method: str) -> None:
    started = time.monotonic()
    with SandboxPool(Limits(reader_seconds=1.0), 1, hostile.check, start=method) as pool:
        hang, after = read_all(pool, genuine, ["hang.xlsx", "after.xlsx"])
    assert hang == {"ok": False, "kind": "time"}
    assert decode(hang, "hang.xlsx").code == "intake.too-slow"
    assert (after["ok"], after["name"]) == (True, "after.xlsx")
    assert time.monotonic() - started < 2 * SPAWN_SECONDS


def test_a_crash_is_unreadable_and_the_worker_is_replaced(genuine: Path, method: str) -> None:
    with SandboxPool(Limits(), 1, hostile.check, start=method) as pool:
        before, crash, after = read_all(pool, genuine, ["before.xlsx", "crash.xlsx", "z.xlsx"])
    assert crash == {"ok": False, "kind": "crash"}
    assert decode(crash, "crash.xlsx").code == "intake.unreadable"
    assert (before["name"], after["name"]) == ("before.xlsx", "z.xlsx")
    assert before["pid"] != after["pid"]
    assert before["first"] == after["first"] == "Self-assessment questionnaire"


def test_files_queued_behind_a_failure_go_to_the_new_worker(genuine: Path, method: str) -> None:
    with SandboxPool(Limits(reader_seconds=1.0), 1, hostile.check, start=method) as pool:
        results = read_all(pool, genuine, ["a.xlsx", "hang.xlsx", "b.xlsx", "c.xlsx"])
    assert [r.get("name", r.get("kind")) for r in results] == ["a.xlsx", "time", "b.xlsx", "c.xlsx"]
    first, _, second, third = (r.get("pid") for r in results)
    assert second == third != first


def test_results_come_in_the_order_of_the_files(tmp_path: Path, method: str) -> None:
    files = {state: wb.blank(tmp_path / f"{state}.xlsx", state) for state in sorted(wb.STATES)}
    started = time.monotonic()
    with SandboxPool(Limits(), workers=3, start=method) as pool:
        for state in sorted(wb.STATES) * 2:
            pool.submit(files[state], f"{state}.xlsx")
        states = [dict(pool.result()["sheets"][-1]["rows"])["state"] for _ in range(6)]
    # Each worker closes the others' pipes (forked) or holds none (spawned): closing is prompt.
    assert states == sorted(wb.STATES) * 2
    assert time.monotonic() - started < (4 if method == "fork" else 3 * SPAWN_SECONDS)


def test_the_same_worker_reads_file_after_file(genuine: Path, method: str) -> None:
    with Sandbox(Limits(), hostile.check, start=method) as sandbox:
        pids = {sandbox.read(genuine, f"{n}.xlsx")["pid"] for n in range(3)}
    assert len(pids) == 1 and os.getpid() not in pids


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="the memory limit needs rlimits and /proc"
)
def test_exhausted_memory_is_too_large_and_the_next_file_is_read(
    genuine: Path, method: str
) -> None:
    limits = Limits(reader_memory_bytes=64 << 20)
    with SandboxPool(limits, 1, hostile.check, start=method) as pool:
        hungry, after = read_all(pool, genuine, ["hungry.xlsx", "after.xlsx"])
    assert hungry == {"ok": False, "kind": "memory"}
    assert decode(hungry, "hungry.xlsx").code == "intake.too-large"
    assert after["name"] == "after.xlsx"


def test_a_spawned_worker_needs_a_picklable_check(genuine: Path) -> None:
    with (
        pytest.raises(TypeError, match="picklable check"),
        Sandbox(Limits(), check=lambda cells, name: cells, start="spawn") as sandbox,
    ):
        sandbox.read(genuine)


def test_the_start_method_comes_from_the_caller_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COSP_SANDBOX", raising=False)
    assert start_method() == ("fork" if hasattr(os, "fork") else "spawn")
    assert start_method("spawn") == "spawn"
    monkeypatch.setenv("COSP_SANDBOX", "spawn")
    assert start_method() == "spawn"
    monkeypatch.setenv("COSP_SANDBOX", "thread")
    with pytest.raises(ToolkitError) as raised:
        start_method()
    assert [f.code for f in raised.value.findings] == ["intake.sandbox-start"]
    assert "not 'thread'" in raised.value.findings[0].message
    monkeypatch.delenv("COSP_SANDBOX")
    monkeypatch.delattr(os, "fork", raising=False)  # as on Windows
    assert start_method() == "spawn"
    with pytest.raises(ToolkitError, match="cannot fork"):
        start_method("fork")


def test_what_a_spawned_worker_prints_does_not_disturb_its_answers(
    genuine: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with Sandbox(Limits(), hostile.noisy, start="spawn") as sandbox:
        answers = [sandbox.read(genuine, f"{n}.xlsx") for n in range(2)]
    assert [a["name"] for a in answers] == ["0.xlsx", "1.xlsx"]
    assert "noise from 1.xlsx" in capfd.readouterr().err


def test_a_worker_that_cannot_start_is_our_fault_not_the_files(
    tmp_path: Path, genuine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spawned worker that ends before it is ready (a broken installation) makes an internal
    error, with its cause, for each file: never "unreadable", which would blame the State."""
    monkeypatch.setattr(processes, "BOOTSTRAP", "raise SystemExit(3)")
    monkeypatch.setenv("COSP_SANDBOX", "spawn")
    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(ingest_files([genuine], store, reference=wb.Reference()))
    assert [f.code for f in receipts[0].errors] == ["intake.internal-error"]
    assert "WorkerStartError" in receipts[0].errors[0].message
