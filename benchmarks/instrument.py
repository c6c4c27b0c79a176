"""Benchmark: parsing, classifying and resolving the bundled Convention.

Run ``python benchmarks/instrument.py [--runs N] [--source PATH]``.  Each run times, on the
same bytes (read once, untimed):

* read: decoding the bytes into lines (``source.decode_source``);
* parse: blocks and the tree of provisions (``parser.parse``);
* classify: modal elements, obligations, flags, qualifiers, addressees, with the curated
  overrides;
* derive: what is reviewed and asked at which level, cross-references to provision IDs;

and prints the median (and the fastest and slowest run) of each stage and of the total.
Target: the total well under a second.  No assertion: this prints, a person judges.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from figures import figure

from toolkit.instrument import DEFAULT_OVERRIDES, derive
from toolkit.instrument.obligations import classify
from toolkit.instrument.overrides import load_overrides
from toolkit.instrument.parser import parse
from toolkit.instrument.source import decode_source
from toolkit.resources import CONVENTION as DEFAULT_SOURCE

TARGET_SECONDS = 1.0


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def one_run(name: str, data: bytes, overrides: tuple) -> dict[str, float]:
    """The seconds of each stage of one pipeline run."""
    times: dict[str, float] = {}
    times["read"], source = timed(lambda: decode_source(name, data))
    times["parse"], instrument = timed(lambda: parse(source))
    times["classify"], classified = timed(lambda: classify(instrument, overrides))
    times["derive"], resolved = timed(lambda: derive(classified, overrides))
    times["total"] = sum(times.values())
    times["provisions"] = len(resolved.provisions)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="number of timed runs (default 21)")
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="instrument text (default: the bundled Convention)",
    )
    args = parser.parse_args(argv)

    data = args.source.read_bytes()
    bundled = args.source.resolve() == DEFAULT_SOURCE
    overrides = load_overrides(DEFAULT_OVERRIDES) if bundled else ()
    one_run(str(args.source), data, overrides)  # warm-up: imports, regex compilation
    runs = [one_run(str(args.source), data, overrides) for _ in range(args.runs)]

    print(
        f"{args.source.name}: {len(data):,} bytes, {int(runs[0]['provisions'])} provisions, "
        f"{args.runs} runs"
    )
    print(f"{'stage':<10}{'median':>12}{'fastest':>12}{'slowest':>12}")
    for stage in ("read", "parse", "classify", "derive", "total"):
        values = [run[stage] for run in runs]
        print(
            f"{stage:<10}{statistics.median(values) * 1000:>10.1f}ms"
            f"{min(values) * 1000:>10.1f}ms{max(values) * 1000:>10.1f}ms"
        )
    median_total = statistics.median(run["total"] for run in runs)
    verdict = (
        "well under"
        if median_total < TARGET_SECONDS / 3
        else ("under" if median_total < TARGET_SECONDS else "OVER")
    )
    print(
        f"target: total well under {TARGET_SECONDS:.0f} s; median total "
        f"{median_total:.3f} s is {verdict} it"
    )
    figure(
        "instrument", "parse and classify the Convention", median_total,
        target=f"< {TARGET_SECONDS:g} s", met=median_total < TARGET_SECONDS,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
