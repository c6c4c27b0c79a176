"""Answers leaving the store: CSV with formulas neutralised, and the diff of two submissions.

A State's text is stored verbatim, formulas included; the rules that keep it text in a
spreadsheet (:func:`neutralise`) and visible in JSON (:func:`json_text`) are those of
:mod:`toolkit.untrusted`, shared by every export and imported here under their old names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from toolkit.intake.layout import RESPONSE_FIELDS
from toolkit.intake.store import Answer
from toolkit.untrusted import CONTROLS, FORMULA_STARTS, HIDDEN, json_text, neutralise

__all__ = [
    "CONTROLS",
    "FORMULA_STARTS",
    "HIDDEN",
    "RECORD_FIELDS",
    "Change",
    "diff",
    "json_text",
    "neutralise",
    "write_csv",
]

RECORD_FIELDS = ("id", *RESPONSE_FIELDS)


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
