"""Answers leaving the store: CSV with formulas neutralised, and the diff of two submissions.

A State's text is stored verbatim, formulas included (``=HYPERLINK(...)`` stays text).  Any
spreadsheet export must keep it text: a value starting with ``=``, ``+``, ``-``, ``@`` (or their
full-width forms), after any leading spaces, or with a tab or a carriage return, gets a leading
apostrophe, so a spreadsheet program never runs it; control characters other than tab and line
breaks (NUL, escape sequences for a terminal) become U+FFFD.  JSON keeps every value exactly,
but writes invisible and control characters (bidi overrides, C1 controls) as ``\\u`` escapes,
so that neither a terminal nor an editor shows the State's text other than as it is.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from toolkit.intake.layout import RESPONSE_FIELDS
from toolkit.intake.store import Answer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a formula-like value starts with once leading spaces are left out (with ＝＋－＠)."""
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters no cell needs (tab, line feed and carriage return are kept)."""
HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories written as escapes in JSON: controls, format (bidi), separators."""
RECORD_FIELDS = ("id", *RESPONSE_FIELDS)


def neutralise(value: str | None) -> str:
    """A cell value safe for a spreadsheet: formula-like text gets a leading apostrophe,
    control characters no cell needs become U+FFFD."""
    if value is None:
        return ""
    value = CONTROLS.sub("\ufffd", value)
    formula = value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    return f"'{value}" if formula else value


def json_text(document: Any, **options: Any) -> str:
    """``document`` as JSON with the same values, its invisible characters as escapes."""
    text = json.dumps(document, ensure_ascii=False, **options)
    return re.sub(r"[^\x00-\x7e]", _escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in HIDDEN:
        return char
    return json.dumps(char)[1:-1]  # \u escapes (a surrogate pair above U+FFFF)


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
