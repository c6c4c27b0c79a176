"""The benchmark scripts run, on a few recipients, and end with their figures' JSON lines.

Their figures are not checked here (timings belong in the benchmarks, never in a test): only
that each script still runs through the toolkit's real paths after a change of the code, and
that what ``nox -s bench`` gathers from it is there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
KEYS = {"benchmark", "figure", "value", "unit", "reference", "ratio", "target", "met"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "options", "benchmark"),
    [
        ("intake.py", ["--limit", "3"], "intake"),
        ("letters.py", ["--limit", "2"], "letters"),
        ("questionnaires.py", ["--limit", "2"], "questionnaires"),
        ("instrument.py", ["--runs", "1"], "instrument"),
    ],
)
def test_a_benchmark_runs_and_prints_its_figures(
    script: str, options: list[str], benchmark: str, tmp_path: Path
) -> None:
    env = {**os.environ, "COSP_WORKSPACE": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *options],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, run.stdout[-2000:]
    for line in lines:
        assert set(line) == KEYS and line["benchmark"].startswith(benchmark), line
        assert isinstance(line["value"], float | int) and line["value"] >= 0
