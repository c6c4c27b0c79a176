"""Benchmark: the invitations of every recipient of the default cycle, against one letter.

Run ``python benchmarks/letters.py [--limit N] [--rounds R] [--out DIR]``.  In a fresh
workspace holding the default cycle's lock (the repository's ``cycles/`` copy, else issued
with ``cosp questionnaire``), it prepares the invitation of one State (``--state CHL``: a cold
XeLaTeX start, one PDF, one docx; the reference), then the invitations of all the cycle's
recipients as ``cosp letters --kind invitation`` does (render, one XeLaTeX run, one PDF and one
docx per State, the manifest, the store's record).  Prints both times, the batch's time per
letter and the ratio; the target is the whole batch in at most 60 s on two cores.  The last
lines are JSON, one per figure, for ``nox -s bench`` (``benchmarks/figures.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

from toolkit.cli import main as cosp
from toolkit.cycle import load_cycle
from toolkit.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
CYCLE = "first-review-cycle"
TARGET_SECONDS = 60.0


def workspace(folder: Path) -> Path:
    """A workspace with the default cycle issued (its lock), nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cosp.toml").write_text('[workspace]\nname = "bench"\n', encoding="utf-8")
    (folder / "cycles").mkdir(exist_ok=True)
    lock = ROOT / "cycles" / f"{CYCLE}.questions.json"
    if lock.is_file():
        shutil.copy(lock, folder / "cycles" / lock.name)
    else:
        quiet("--workspace", str(folder), "questionnaire", "--out", str(folder / "q"))
    return folder


def quiet(*args: str) -> None:
    """Run a cosp command, its output discarded; stop on failure."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cosp(["-q", *args])
    if code != 0:
        sys.exit(f"cosp {' '.join(args)} failed ({code}):\n{err.getvalue()}")


def timed(ws: Path, out: Path, states: list[str]) -> float:
    """Seconds to prepare the invitations of ``states`` into a new folder."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    quiet(
        "--workspace",
        str(ws),
        "letters",
        "--kind",
        "invitation",
        "--date",
        "2026-12-01",
        "--out",
        str(out),
        "--state",
        *states,
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N recipients")
    parser.add_argument("--rounds", type=int, default=1, help="best of R batch runs (1)")
    parser.add_argument("--out", type=Path, help="keep the files here (default: a temp folder)")
    args = parser.parse_args(argv)
    cycle = load_cycle()
    recipients = [s.iso3 for s in cycle.recipients_in(load_registry())][: args.limit]
    with tempfile.TemporaryDirectory(prefix="cosp-letters-bench-") as temporary:
        work = args.out or Path(temporary)
        ws = workspace(work / "workspace")
        timed(ws, work / "warm", ["CHL"])  # fonts and caches warm for both measures
        one = min(timed(ws, work / f"one-{n}", ["CHL"]) for n in range(3))
        batch = min(timed(ws, work / f"batch-{n}", recipients) for n in range(args.rounds))
        folder = work / f"batch-{args.rounds - 1}" / CYCLE / "invitation-2026-12-01"
        written = len(list(folder.glob("*.pdf"))), len(list(folder.glob("*.docx")))
    count = len(recipients)
    cores = os.cpu_count() or 1
    print(f"cycle {CYCLE}: {count} recipients, {written[0]} PDFs and {written[1]} docx written")
    print(f"one letter (cold engine, PDF and docx):   {one:6.2f} s")
    print(
        f"all {count} invitations (one batch):      {batch:6.2f} s "
        f"({batch / count * 1000:.0f} ms per letter)"
    )
    ratio = batch / one
    print(
        f"ratio batch / one letter: {ratio:.1f}x for {count}x the letters (a letter of the "
        f"batch costs {batch / count / one:.0%} of a letter prepared alone)"
    )
    verdict = "within" if batch <= TARGET_SECONDS else "OUTSIDE"
    print(
        f"target: the batch in at most {TARGET_SECONDS:.0f} s on two cores ({cores} here): "
        f"{verdict}"
    )
    target = f"<= {TARGET_SECONDS:.0f} s for the {count} invitations (PDF and docx), two cores"
    figure("letters", "invitations-batch", batch, reference=one, target=target,
           met=batch <= TARGET_SECONDS)  # fmt: skip
    figure("letters", "invitation-in-a-batch", batch / count, reference=one,
           target="a letter of the batch costs less than one prepared alone",
           met=batch / count < one)  # fmt: skip
    return 0 if batch <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
