"""The one line each benchmark figure ends with, for ``nox -s bench`` (``benchmarks/run.py``).

Every benchmark prints its figures for people, and then one JSON line per figure::

    {"benchmark": "intake", "figure": "ingest", "value": 4.1, "unit": "s",
     "reference": 1.5, "ratio": 2.7, "target": "ratio <= 3", "met": true}

``reference`` is the reference run measured side by side (another program doing the same work,
or the same work done once), ``ratio`` is value / reference, and ``met`` says whether the
figure meets its target.
"""

from __future__ import annotations

import json


def figure(
    benchmark: str,
    name: str,
    value: float,
    *,
    unit: str = "s",
    reference: float | None = None,
    target: str = "",
    met: bool | None = None,
) -> dict[str, object]:
    """Print the JSON line of one figure and return it."""
    ratio = value / reference if reference else None
    line = {
        "benchmark": benchmark,
        "figure": name,
        "value": round(value, 4),
        "unit": unit,
        "reference": round(reference, 4) if reference is not None else None,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "target": target,
        "met": met,
    }
    print(json.dumps(line), flush=True)
    return line
