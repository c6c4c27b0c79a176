"""Benchmark: ingesting every recipient's filled workbook, against python-calamine reading them.

Run ``python benchmarks/intake.py [--limit N] [--out DIR]``.  The script generates the default
cycle's workbook for every recipient, fills every question (openpyxl, untimed), then times

* the toolkit's ingest of all files (archive, zip checks, sandboxed bounded read, validation,
  SQLite store), as ``cosp ingest`` does, into a fresh store; and
* python-calamine (Rust) reading every cell of every sheet of the same files: the speed
  reference.  Calamine is used here on trusted files only, never on what States send; and
* the toolkit's sandboxed reader alone on the same files (no archive, validation or store).

It prints the best of three runs of each and their ratio (target: within 3x), the CPU time
behind them (ingest reads and validates in two worker processes beside this one, so its wall time
depends on a second core being free; calamine uses one), then the peak memory of ingesting N
files for growing N, each in a fresh process (target: flat in N).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 3


def prepare_files(out: Path, limit: int | None) -> list[Path]:
    """Generate the default cycle's workbook for every recipient, each in its State's language,
    and fill every question as its focal point would, with the words of that workbook's lists
    (the simulation's filler, :mod:`toolkit.simulate.workbook`); not timed."""
    from datetime import date

    from toolkit import instrument
    from toolkit.cycle import load_cycle
    from toolkit.lock import write_lock
    from toolkit.questionnaire.generate import generate
    from toolkit.questionnaire.issuing import prepare_issue
    from toolkit.questionnaire.template import load_template
    from toolkit.registry import load_registry
    from toolkit.simulate.content import Cover, Entry
    from toolkit.simulate.workbook import filled, open_blank, read_form

    cycle = load_cycle()
    issuing = prepare_issue(
        cycle, locks(out) / f"{cycle.id}.questions.json", instrument.load(cycle.source),
        load_template(),
    )  # fmt: skip
    write_lock(issuing.lock)
    questionnaire = issuing.questionnaire
    recipients = cycle.recipients_in(load_registry())[:limit]
    blanks = generate(questionnaire, recipients, out / "blank", master=False, progress=False)
    kinds = {q.id: q.kind for q in questionnaire.questions}
    filled_folder = out / "filled"
    filled_folder.mkdir(parents=True, exist_ok=True)
    files = []
    for path in blanks:
        book = open_blank(path)
        form = read_form(book)
        entries = {}
        for n, row in enumerate(form.rows):
            offered = [label for label in form.vocabulary.answers[kinds[row.id]] if label]
            answer = offered[n % len(offered)]
            entries[row.id] = Entry(
                answer=answer,
                legislation=f"Law {n}, article {n % 7 + 1}",
                examples=f"{n} cases reported in 2025",
                challenges="Capacity of the courts",
                needs=form.vocabulary.needs[1 + n % (len(form.vocabulary.needs) - 1)],
                comments=f"Comment on provision {row.id}",
            )
        consent = next(iter(form.vocabulary.consent.values()))
        cover = Cover(("Focal point", "Adviser", "Ministry of Justice", "fp@example.org", ""),
                      consent)  # fmt: skip
        target = filled_folder / path.name
        target.write_bytes(filled(book, entries, cover, date(2027, 6, 1)))
        files.append(target)
    return files


def locks(work: Path) -> Path:
    """The cycles folder of the benchmark's workspace, where the default cycle is issued."""
    return work / "cycles"


def load_reference(work: Path) -> tuple[object, float]:
    """The toolkit's reference (registry, the issued questions), loaded once: its time."""
    from toolkit.cycle import load_cycle
    from toolkit.intake.expected import ToolkitReference

    started = time.perf_counter()
    reference = ToolkitReference(locks(work))
    reference.expected(load_cycle().id)
    reference.known_state("FRA")
    return reference, time.perf_counter() - started


def ingest_all(files: list[Path], db: Path, reference: object) -> float:
    """Seconds to ingest every file into a fresh store; every file must be accepted."""
    return _ingest_timed(files, db, reference)[0]


def _ingest_timed(files: list[Path], db: Path, reference: object) -> tuple[float, float, float]:
    """Wall seconds, and CPU seconds of this process and of the (ended) worker processes."""
    from toolkit.intake import Store, ingest_files

    before = os.times()
    started = time.perf_counter()
    with Store.open(db) as store:
        statuses = [r.status for r in ingest_files(files, store, reference=reference)]
    elapsed = time.perf_counter() - started
    after = os.times()
    if statuses.count("accepted") != len(files):
        raise SystemExit(f"benchmark: not every file was accepted: {statuses}")
    own = after.user + after.system - before.user - before.system
    workers = after.children_user + after.children_system
    workers -= before.children_user + before.children_system
    return elapsed, own, workers


def read_all(files: list[Path]) -> float:
    """Seconds for the toolkit's sandboxed reader alone to read the same files."""
    from toolkit.intake.config import Limits
    from toolkit.intake.reader import Sandbox

    started = time.perf_counter()
    with Sandbox(Limits()) as worker:
        for path in files:
            assert worker.read(path)["ok"]
    return time.perf_counter() - started


def calamine_all(files: list[Path]) -> float:
    """Seconds for python-calamine to read every cell of every sheet of every file (its CPU
    time is the same: it reads in this process, on one core)."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = 0
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    elapsed = time.perf_counter() - started
    assert cells
    return elapsed


def memory_worker(files_list: Path, count: int, db: Path) -> None:
    """Ingest the first ``count`` files in this (fresh) process and print its peak memory."""
    from toolkit.intake.expected import ToolkitReference

    files = [Path(line) for line in files_list.read_text().splitlines()][:count]
    ingest_all(files, db, ToolkitReference(locks(files_list.parent)))
    import resource  # POSIX only: the memory curve is measured where rusage exists

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"files": count, "parent_kib": own, "reader_kib": children}))


def memory_curve(files: list[Path], work: Path) -> list[dict[str, int]]:
    """Peak memory of ingesting N files for growing N, each in a fresh process."""
    listing = work / "files.txt"
    listing.write_text("\n".join(str(p) for p in files))
    counts = sorted({max(1, len(files) // 8), max(1, len(files) // 4), len(files) // 2, len(files)})
    curve = []
    for count in counts:
        db = work / f"memory-{count}" / "cosp.sqlite3"
        result = subprocess.run(
            [sys.executable, __file__, "--memory-worker", str(listing), str(count), str(db)],
            check=True,
            capture_output=True,
            text=True,
        )
        curve.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return curve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N recipients")
    parser.add_argument("--out", type=Path, help="keep the files here (default: a temp folder)")
    parser.add_argument("--memory-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_worker:
        listing, count, db = args.memory_worker
        memory_worker(Path(listing), int(count), Path(db))
        return 0
    with tempfile.TemporaryDirectory(prefix="cosp-intake-bench-") as temporary:
        work = args.out or Path(temporary)
        started = time.perf_counter()
        files = prepare_files(work, args.limit)
        size = sum(p.stat().st_size for p in files) / len(files) / 1000
        print(
            f"{len(files)} filled workbooks of the default cycle ({size:.0f} KB each), "
            f"prepared in {time.perf_counter() - started:.1f} s"
        )
        calamine_all(files[:3])  # warm the file cache and imports for both contenders
        toolkit_reference, setup = load_reference(work)
        # Best of three runs each (a fresh store every time): this machine may be shared.
        ours, own_cpu, worker_cpu = min(
            _ingest_timed(files, work / f"store-{run}" / "cosp.sqlite3", toolkit_reference)
            for run in range(ROUNDS)
        )
        reference = min(calamine_all(files) for _ in range(ROUNDS))
        reading = min(read_all(files) for _ in range(ROUNDS))
        per = 1000 / len(files)
        print(f"one-time setup (Convention, registry, question set): {setup:.2f} s")
        print(f"toolkit ingest:        {ours:7.2f} s  ({ours * per:6.1f} ms/file)")
        print(f"python-calamine read:  {reference:7.2f} s  ({reference * per:6.1f} ms/file)")
        ratio = ours / reference
        verdict = "within" if ratio <= 3 else "OUTSIDE"
        print(f"ratio: {ratio:.2f}x ({verdict} the 3x target)")
        figure(
            "intake", f"ingest {len(files)} workbooks", ours, reference=reference,
            target="ratio <= 3 (python-calamine)", met=ratio <= 3,
        )  # fmt: skip
        with_setup = (ours + setup) / reference
        print(f"ratio counting the one-time setup: {with_setup:.2f}x")
        print(
            f"CPU time of that ingest: {(own_cpu + worker_cpu) * per:.1f} ms/file "
            f"({own_cpu * per:.1f} here, {worker_cpu * per:.1f} in the workers; "
            f"{(own_cpu + worker_cpu) / reference:.2f}x the reference)"
        )
        print(
            f"of which reading alone (sandboxed worker): {reading:.2f} s "
            f"({reading * per:.1f} ms/file, {reading / reference:.2f}x the reference)"
        )
        print("peak memory (fresh process per N; parent and largest sandboxed reader):")
        for point in memory_curve(files, work):
            print(
                f"  N={point['files']:4d}: parent {point['parent_kib'] / 1024:6.1f} MiB, "
                f"reader {point['reader_kib'] / 1024:6.1f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
