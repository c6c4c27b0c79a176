"""The default cycle asks what the text obliges or permits: its questions, pinned.

``tests/fixtures/cycles/first-review-cycle.questions.txt`` lists them (ID, chapter, kind) as read
against the Convention; the main job issues exactly these.  A change of the rules that changes
what the States would be asked shows here first, question by question.
"""

from __future__ import annotations

from pathlib import Path

from toolkit import instrument
from toolkit.cycle import load_cycle
from toolkit.questionnaire.questions import prepare

PINNED = Path(__file__).parent / "fixtures" / "cycles" / "first-review-cycle.questions.txt"


def pinned() -> tuple[list[tuple[str, str, str]], str]:
    rows, digest = [], ""
    for line in PINNED.read_text(encoding="utf-8").splitlines():
        if line.startswith("# question_set_hash "):
            digest = line.split()[-1]
        elif line and not line.startswith("#"):
            qid, chapter, kind = line.split("\t")
            rows.append((qid, chapter, kind))
    return rows, digest


def test_the_default_cycle_asks_the_pinned_questions() -> None:
    cycle = load_cycle()
    questionnaire = prepare(instrument.load(cycle.source), cycle)
    rows, digest = pinned()
    assert len(rows) == 81
    asked = [(q.id, q.chapter, q.kind) for q in questionnaire.questions]
    assert asked == rows, "the questions changed: check each against the text, then the fixture"
    assert questionnaire.question_set_hash == digest
