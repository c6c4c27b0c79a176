"""Benchmark of ``cosp publish``: the full site, then the rebuild after one new response.

Usage: ``python benchmarks/publish.py [--jobs auto] [--seed N] [--audience public|internal]
[--pdf] [--keep DIR]``.  In a workspace of its own (a temporary folder, or ``--keep DIR``), it
simulates the replies of every recipient of the default cycle (``cosp simulate``), takes them
all in (``cosp ingest --replies``) but one: the first and only reply of a State that agreed to
publication, the last to arrive.  Then, side by side in one run:

1. the full build (``cosp publish -j auto``), with its time per country report;
2. the same command again with nothing changed (it must take a few seconds);
3. the held-back reply taken in, and the site built again: the rebuild after one new
   response, whose target is at most 10 % of the full build.

Each ``cosp`` runs as an installed toolkit runs, in a process of its own with Python's
compiled bytecode kept (``PYTHONDONTWRITEBYTECODE`` is left out of its environment).  The last
lines are the JSON figures of ``benchmarks/figures.py``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

TARGET = 0.10
"""The rebuild after one new response takes at most this share of the full build."""
UP_TO_DATE = 5.0
"""Seconds within which a build with nothing changed must be done."""


def cosp(workspace: Path, *args: str) -> tuple[float, str]:
    """Run one ``cosp`` command in the workspace; its wall time and its output."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("SOURCE_DATE_EPOCH", "1732665600")
    command = [sys.executable, "-m", "toolkit", "--workspace", str(workspace), "-q", *args]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1) or (result.returncode and args[0] != "ingest"):
        sys.exit(f"cosp {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def held_back(listing: Path) -> dict[str, str]:
    """The reply to take in last: the latest first-and-only accepted file of a State that
    agreed to publication."""
    rows = list(csv.DictReader(listing.open(encoding="utf-8")))
    files: dict[str, int] = {}
    for row in rows:
        files[row["state"]] = files.get(row["state"], 0) + 1
    candidates = [
        row
        for row in rows
        if row["kind"] == "first"
        and row["expected"] == "accepted"
        and row["consent"] == "yes"  # the key (toolkit/data/vocabulary.yaml)
        and files[row["state"]] == 1
    ]
    if not candidates:
        sys.exit("no State sent one accepted file with consent yes: try another --seed")
    return candidates[-1]


def without(listing: Path, row: dict[str, str], out: Path) -> Path:
    """The list of received files without one of them."""
    with listing.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(r for r in reader if r["file"] != row["file"])
    return out


def read_count(output: str) -> str:
    match = re.search(r"(\d+) page\(s\) read", output)
    return match.group(1) if match else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="auto", help="cosp publish -j (a number or auto)")
    parser.add_argument("--seed", default="2027", help="cosp simulate --seed")
    parser.add_argument("--audience", default="public", choices=("public", "internal"))
    parser.add_argument("--pdf", action="store_true", help="also build the PDFs (needs TeX)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        root = (args.keep or Path(tmp)) / "workspace"
        subprocess.run(
            [sys.executable, "-m", "toolkit", "-q", "init", str(root)],
            check=True,
            capture_output=True,
        )
        replies = root / "inbox" / "simulated"
        print(f"workspace {root}: simulating the replies of every recipient...", flush=True)
        jobs = str(os.cpu_count() or 1) if args.jobs == "auto" else args.jobs
        cosp(root, "simulate", "--out", str(replies), "--seed", args.seed, "-j", jobs)
        last = held_back(replies / "replies.csv")
        seconds, _ = cosp(
            root,
            "ingest",
            "--replies",
            str(without(replies / "replies.csv", last, replies / "all-but-one.csv")),
        )
        print(f"ingested every reply but {last['state']}'s ({seconds:.1f} s)", flush=True)

        site = root / "site"
        options = ["publish", "--out", str(site), "--audience", args.audience, "-j", args.jobs]
        options += ["--pdf"] if args.pdf else []
        full, output = cosp(root, *options)
        reports = len(list((site / "countries").glob("*.html"))) - 1
        print(
            f"{'full build:':<44}{full:8.1f} s   {read_count(output)} pages read, "
            f"{reports} country reports"
        )
        per_report = full / max(reports, 1)
        print(f"{'  per country report:':<44}{per_report:8.2f} s")

        same, output = cosp(root, *options)
        print(f"{'again, nothing changed:':<44}{same:8.1f} s   {output.strip().splitlines()[-1]}")

        cosp(root, "ingest", "--received", last["arrived"], str(replies / last["file"]))
        rebuild, output = cosp(root, *options)
        ratio = rebuild / full
        print(
            f"{'rebuild after one new response (' + last['state'] + '):':<44}{rebuild:8.1f} s   "
            f"{read_count(output)} pages read; ratio {ratio:.3f} (target <= {TARGET:.2f})"
        )
        if args.keep:
            print(f"kept: {root} (the site in {site})")
        name = f"publish-{args.audience}" + ("-pdf" if args.pdf else "")
        figure(name, "full build", full, reference=full, target="reference", met=True)
        figure(name, "per country report", per_report, reference=full, target="reported")
        figure(
            name,
            "rebuild after one new response",
            rebuild,
            reference=full,
            target=f"ratio <= {TARGET}",
            met=ratio <= TARGET,
        )
        figure(
            name,
            "nothing changed",
            same,
            reference=full,
            target=f"value <= {UP_TO_DATE} s",
            met=same <= UP_TO_DATE,
        )


if __name__ == "__main__":
    main()
