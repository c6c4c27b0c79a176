"""Run every benchmark and print one table of their figures (``nox -s bench``).

Each script in this folder is run in turn with this interpreter (the toolkit's environment),
its output shown as it comes; the JSON lines its figures end with (``benchmarks/figures.py``)
are gathered into one table: benchmark, figure, value, reference, ratio, target, met.
``python benchmarks/run.py intake letters`` runs only those; options after ``--`` go to every
script.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run", "figures"}


def scripts(names: list[str]) -> list[Path]:
    """The benchmark scripts to run (all of them when ``names`` is empty)."""
    found = sorted(p for p in HERE.glob("*.py") if p.stem not in NOT_BENCHMARKS)
    if names:
        unknown = set(names) - {p.stem for p in found}
        if unknown:
            sys.exit(f"bench: no benchmark {', '.join(sorted(unknown))} (have: "
                     f"{', '.join(p.stem for p in found)})")  # fmt: skip
        found = [p for p in found if p.stem in names]
    return found


def run(script: Path, options: list[str]) -> tuple[list[dict[str, object]], int]:
    """Run one benchmark, echoing its output; its figures and exit status."""
    print(f"\n== {script.stem} ==", flush=True)
    process = subprocess.Popen(
        [sys.executable, str(script), *options], stdout=subprocess.PIPE, text=True
    )
    figures = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith('{"benchmark"'):
            figures.append(json.loads(line))
        else:
            print(line, end="", flush=True)
    return figures, process.wait()


def table(figures: list[dict[str, object]]) -> Table:
    """The closing table of every figure."""
    out = Table(title="Benchmarks", title_justify="left")
    for heading in ("benchmark", "figure", "value", "reference", "ratio", "target", "met"):
        out.add_column(
            heading, justify="right" if heading in ("value", "reference", "ratio") else "left"
        )
    for f in figures:
        unit = f.get("unit") or ""
        value = f"{f['value']:g} {unit}".strip()
        reference = f"{f['reference']:g} {unit}".strip() if f.get("reference") is not None else ""
        ratio = f"{f['ratio']:.2f}x" if f.get("ratio") is not None else ""
        met = {True: "yes", False: "NO", None: ""}[f.get("met")]  # type: ignore[index]
        out.add_row(str(f["benchmark"]), str(f["figure"]), value, reference, ratio,
                    str(f.get("target") or ""), met)  # fmt: skip
    return out


def main(argv: list[str]) -> int:
    names, options = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    figures: list[dict[str, object]] = []
    failed = []
    for script in scripts(names):
        found, status = run(script, options)
        figures += found
        if status != 0:
            failed.append(script.stem)
    console = Console(width=140)
    console.print()
    console.print(table(figures))
    if failed:
        console.print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
