"""Benchmark of the annotated edition's HTML build: full build, then incremental rebuilds.

Usage: ``python benchmarks/edition.py [--jobs N]``.  Copies ``docs/`` to a temporary folder,
builds it from scratch, then rebuilds after editing one hand-written page, after touching
one generated chapter page, and with no change.  Prints each time, what Sphinx re-read, and
the size of the theme's sidebar (which must not list every page on every page).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

DOCS = Path(__file__).resolve().parent.parent / "docs"
_UPDATED = re.compile(r"updating environment: .*")
_SIDEBAR = re.compile(r'<div class="sidebar-tree">.*?</div>', re.S)


def sphinx(source: Path, out: Path, jobs: str) -> tuple[float, str]:
    """Run one HTML build; its wall time and Sphinx's "updating environment" line."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "-j",
        jobs,
        str(source),
        str(out),
    ]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr}")
    match = _UPDATED.search(result.stdout)
    return elapsed, match.group(0) if match else ""


def sidebar_bytes(out: Path) -> tuple[int, int]:
    """Number of pages and the largest sidebar navigation (bytes) among them."""
    pages = list(out.rglob("*.html"))
    largest = 0
    for page in pages:
        found = _SIDEBAR.search(page.read_text(encoding="utf-8"))
        largest = max(largest, len(found.group(0)) if found else 0)
    return len(pages), largest


def report(label: str, seconds: float, line: str) -> None:
    """One line of the benchmark's output."""
    print(f"{label + ':':<40}{seconds:6.2f} s   {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (a number or auto)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        source, out = Path(tmp) / "docs", Path(tmp) / "html"
        shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
        full, line = sphinx(source, out, args.jobs)
        report(f"full build (-j {args.jobs})", full, line)

        index = source / "index.rst"
        index.write_text(index.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
        edited, line = sphinx(source, out, args.jobs)
        report("rebuild after editing index.rst", edited, line)

        (source / "edition" / "chapter-v.rst").touch()
        touched, line = sphinx(source, out, args.jobs)
        report("rebuild after touching chapter-v.rst", touched, line)

        unchanged, line = sphinx(source, out, args.jobs)
        report("rebuild with no change", unchanged, line)
        figure("edition", f"full HTML build (-j {args.jobs})", full)
        figure(
            "edition", "rebuild after touching one chapter", touched, reference=full,
            target="ratio <= 0.5", met=touched <= full / 2,
        )  # fmt: skip

        pages, sidebar = sidebar_bytes(out)
        print(f"{pages} HTML pages; largest sidebar navigation: {sidebar} bytes")


if __name__ == "__main__":
    main()
