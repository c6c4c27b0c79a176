"""Checks around the PDF build: the TeX tools it needs, and the problems xelatex does not fail on.

xelatex exits 0 when a font lacks a glyph ("Missing character: There is no ... in font ...")
and when a reference is undefined: the PDF then silently lacks words or links.  The ``pdf``
nox session runs ``python -m toolkit.publications.pdf check build/docs/latex`` after the
build, which fails on those lines of the ``.log``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

DEBIAN_PACKAGES = (
    "latexmk",
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "fonts-freefont-otf",
    "tex-gyre",
    "xindy",
    "make",
)
"""What the PDF build needs on Debian/Ubuntu (``.ci/run`` installs the same)."""

TOOLS = ("xelatex", "latexmk", "make")

PROBLEMS = (
    re.compile(r"Missing character: .*"),
    re.compile(r"LaTeX Warning: (?:Hyper r|R)eference `[^']*' on page \d+ undefined.*"),
    re.compile(r"LaTeX Warning: There were undefined references\."),
)
"""Log lines that mean the PDF lacks words (a glyph) or links (a reference)."""


def missing_tools() -> list[str]:
    """The TeX tools not found on ``PATH``."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def install_hint(missing: Sequence[str]) -> str:
    """The message telling what to install when TeX tools are missing."""
    return (
        f"the PDF build needs {', '.join(missing)}, not found on PATH. On Debian or Ubuntu: "
        f"sudo apt-get install --no-install-recommends {' '.join(DEBIAN_PACKAGES)}"
    )


def log_problems(log: Path) -> list[str]:
    """The problems a LaTeX log records, as ``file:line: text``."""
    found: list[str] = []
    text = log.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if any(pattern.search(line) for pattern in PROBLEMS):
            found.append(f"{log}:{number}: {line.strip()}")
    return found


def check(directory: Path) -> tuple[list[Path], list[str]]:
    """The ``.log`` files of a LaTeX output folder and the problems in them (an error if none)."""
    logs = _logs(directory)
    if not logs:
        return logs, [f"{directory}: no LaTeX .log file: did the PDF build run?"]
    return logs, [problem for log in logs for problem in log_problems(log)]


def _logs(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.log") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """``check FOLDER``: exit 1 listing the problems of the LaTeX logs; ``tools``: check TeX."""
    parser = argparse.ArgumentParser(prog="python -m toolkit.publications.pdf")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser(
        "check", help="fail on missing glyphs and undefined references"
    )
    check_parser.add_argument("folder", type=Path)
    commands.add_parser("tools", help="fail, naming the Debian packages, if TeX tools are missing")
    args = parser.parse_args(argv)
    if args.command == "tools":
        missing = missing_tools()
        if missing:
            print(f"pdf: {install_hint(missing)}", file=sys.stderr)
            return 1
        return 0
    logs, problems = check(args.folder)
    for problem in problems:
        print(f"pdf: {problem}", file=sys.stderr)
    if problems and logs:
        print(
            f"pdf: {len(problems)} problem(s) in the LaTeX log: the PDF is incomplete.",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
