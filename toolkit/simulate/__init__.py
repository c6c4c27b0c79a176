"""Simulated replies: the cycle's real workbooks filled as States would return them.

So that the demo, the tests and the benchmarks run the real intake path on plausible data.
``plan`` deals out who replies how and when (late, resubmitted, damaged files); ``content``
invents what each State writes (answers varying by regional group, legislation, examples,
challenges, needs, the cover); ``workbook`` fills a blank workbook with openpyxl and saves it
reproducibly; ``manifest`` writes the batch's list (``replies.csv``, ``replies.json``);
``batch`` runs the steps and ``cli`` offers them as ``cosp simulate``.  Everything comes from
the seed: the same seed and States give the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.exports import lazy_exports

if TYPE_CHECKING:
    from toolkit.simulate.batch import Batch, simulate
    from toolkit.simulate.manifest import Reply

__all__ = ["Batch", "Reply", "simulate"]
__getattr__ = lazy_exports(__name__, {"Batch": "batch", "simulate": "batch", "Reply": "manifest"})
