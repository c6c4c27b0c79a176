"""Benchmark: the main job (README, first command) run again with nothing changed.

Run ``python benchmarks/review.py``.  In a fresh workspace (a temporary folder given by
``COSP_WORKSPACE``), the README's first command, ``python3 noxw.py -s review``, runs twice:
the first run does the whole review cycle (the reference), the second finds every stage up to
date.  Target: the second run takes at most 5 s.  The shared nox environment is made once
before the timing (``noxw.py -s review`` on a fresh clone makes it in its first run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

ROOT = Path(__file__).resolve().parent.parent
TARGET = 5.0


def main_job(workspace: Path) -> float:
    """Seconds of one run of the README's first command in ``workspace``."""
    environment = {**os.environ, "COSP_WORKSPACE": str(workspace)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "noxw.py"), "-s", "review"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the main job failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    with tempfile.TemporaryDirectory(prefix="cosp-review-bench-") as temporary:
        workspace = Path(temporary)
        (workspace / "cosp.toml").write_text('[workspace]\nname = "benchmark"\n', "utf-8")
        first = main_job(workspace)
        again = main_job(workspace)
    print(f"main job, first run:                 {first:6.1f} s")
    print(f"main job, again with nothing changed: {again:6.1f} s  (target: at most {TARGET:g} s)")
    figure("review", "main job again, nothing changed", again, reference=first,
           target=f"<= {TARGET:g} s", met=again <= TARGET)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
