"""Intake of the States' returned questionnaires: archive, check, read, validate, store, receipt.

``archive`` keeps every received file under its SHA-256; ``container`` checks the zip before any
parser sees it; ``reader`` runs the bounded cell reader of ``xlsx`` in a sandboxed worker process;
``validate`` (with ``metadata``, ``rows`` and ``cover``) matches the workbook to its
questionnaire and collects the answers as canonical keys (``words``: the labels issued, in every
language), in the same worker and in the workbook's language; ``store`` records accepted
submissions in SQLite; ``receipt`` tells the State what happened; ``export`` gives the answers
back (CSV formula-safe, diffs); ``ingest`` runs the steps in that order and ``cli`` offers them
as ``cosp ingest``, ``responses`` and ``diff``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.exports import lazy_exports

if TYPE_CHECKING:
    from toolkit.intake.config import Limits, Policy
    from toolkit.intake.ingest import ingest_file, ingest_files
    from toolkit.intake.receipt import Receipt
    from toolkit.intake.store import Store

__all__ = ["Limits", "Policy", "Receipt", "Store", "ingest_file", "ingest_files"]
__getattr__ = lazy_exports(
    __name__,
    {
        "Limits": "config",
        "Policy": "config",
        "Receipt": "receipt",
        "Store": "store",
        "ingest_file": "ingest",
        "ingest_files": "ingest",
    },
)
