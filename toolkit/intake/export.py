"""Answers leaving the store: CSV with formulas neutralised, and the diff of two submissions.

A State's text is stored verbatim, formulas included (``=HYPERLINK(...)`` stays text).  Any
spreadsheet export must keep it text: a value starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe, so a spreadsheet program never runs it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from toolkit.intake.layout import RESPONSE_FIELDS
from toolkit.intake.store import Answer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RECORD_FIELDS = ("id", *RESPONSE_FIELDS)


def neutralise(value: str | None) -> str:
    """A cell value safe for a spreadsheet: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_csv(answers: Iterable[Answer], stream: TextIO) -> None:
    """Write one CSV row per question (the columns of :data:`RECORD_FIELDS`)."""
    writer = csv.writer(stream)
    writer.writerow(RECORD_FIELDS)
    for answer in answers:
        record = answer.record()
        writer.writerow([neutralise(record[name]) for name in RECORD_FIELDS])


@dataclass(frozen=True)
class Change:
    """One field of one question that differs between two submissions."""

    id: str
    field: str
    before: str | None
    after: str | None


def diff(before: Sequence[Answer], after: Sequence[Answer]) -> tuple[Change, ...]:
    """What changed from one submission to the next, question by question, in order."""
    old = {a.id: a.record() for a in before}
    new = {a.id: a.record() for a in after}
    ids = [a.id for a in after] + [a.id for a in before if a.id not in new]
    changes = []
    for qid in ids:
        for name in RESPONSE_FIELDS:
            was = old.get(qid, {}).get(name)
            now = new.get(qid, {}).get(name)
            if (was or None) != (now or None):
                changes.append(Change(qid, name, was, now))
    return tuple(changes)
