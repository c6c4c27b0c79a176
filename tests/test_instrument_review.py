"""What the review asks about and at which level; the obligation rows and their counts.

The counts below were made by reading the Convention article by article (which paragraphs
bind, which items are covered by their chapeau's question, which carry a flag), not by
running the code; ``tests/fixtures/instrument/obligations_sample.txt`` holds the readings.
"""

from __future__ import annotations

import pytest

from toolkit.instrument.model import Flag, Obligation
from toolkit.instrument.review import NOT_BINDING, final_clause
from toolkit.instrument.summary import chapter_counts, obligation_rows

# chapter | mandatory consider optional | reservation notification | reviewed | rows
COUNTS = """
I       |   3   0   0 | 0  0 |   3 |   3
II      |  22   1  19 | 1  1 |  42 |  42
III     |   3   0   2 | 0  0 |   5 |   5
IV      |  31   4   4 | 2  0 |  39 |  39
V       |  65  16  28 | 1  6 | 109 | 109
VI      |   3   2   1 | 0  1 |   6 |   6
VII     |   6  11   1 | 0  0 |  18 |  18
VIII    |   1   0   0 | 0  0 |   1 |   1
IX      |   6   1   6 | 2  5 |   2 |  13
total   | 140  35  61 | 6 13 | 225 | 236
"""


def expected_counts() -> list[tuple[str, list[int], list[int], int, int]]:
    rows = []
    for line in COUNTS.strip().splitlines():
        chapter, kinds, flags, reviewed, total = (cell.split() for cell in line.split("|"))
        rows.append(
            (
                "" if chapter == ["total"] else chapter[0],
                [int(n) for n in kinds],
                [int(n) for n in flags],
                int(reviewed[0]),
                int(total[0]),
            )
        )
    return rows


def test_the_convention_has_236_obligation_rows(convention):
    assert len(obligation_rows(convention)) == 236


def test_summary_counts_by_chapter_as_read_in_the_text(convention):
    got = [
        (
            c.number,
            [
                c.obligations[o]
                for o in (Obligation.MANDATORY, Obligation.CONSIDER, Obligation.OPTIONAL)
            ],
            [c.flags[Flag.RESERVATION], c.flags[Flag.NOTIFICATION]],
            c.reviewed,
            c.rows,
        )
        for c in chapter_counts(convention)
    ]
    assert got == expected_counts()


def test_every_flagged_provision_is_an_obligation_row(convention):
    # The table's flag filter and the summary count the same provisions: none is left out
    # (63.3 and 37.6 (a) once were).
    flagged = [p.id for p in convention.provisions if p.flags]
    rows = {p.id for p in obligation_rows(convention)}
    assert flagged == [
        "11.3", "17.2.d", "23.3.a", "23.3.b", "37.6.a", "37.19", "40.12.c", "40.13", "41.2",
        "42.5", "50.5", "53.7", "63.3", "63.4", "64.3", "64.4", "66.1", "67.1",
    ]  # fmt: skip
    assert set(flagged) <= rows


# --- question levels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "question_level", "asked", "kind"),
    [
        ("11.1", True, True, "mandatory"),  # the chapeau asks
        ("11.1.a", False, False, None),  # covered by 11.1's question
        ("14.1.d", False, False, None),  # binds as its chapeau does
        ("17.2", True, True, "mandatory"),  # a chapeau whose items say "shall"
        ("17.2.a", False, False, None),  # covered by 17.2
        ("17.2.d", True, True, "notification"),  # adds a notification
        ("17.2.e", True, True, "optional"),  # a "may" under the "shall" items
        ("37.6.a", True, True, "notification"),  # inherited, but with a flag of its own
        ("40.10.a", False, False, None),  # covered by 40.10
        ("40.12", False, False, None),  # no words of its own: its items are asked
        ("40.12.c", True, True, "notification"),
        ("23.3.a", True, True, "reservation"),
        ("7", False, False, None),  # an article of paragraphs
        ("63.3", True, False, "reservation"),  # a row of the table, not asked: a final clause
        ("2.a", False, False, None),  # a definition
    ],
)
def test_question_level_is_decided_in_the_model(convention, pid, question_level, asked, kind):
    provision = convention.get(pid)
    assert (provision.question_level, provision.asked, provision.question_kind) == (
        question_level,
        asked,
        kind,
    )


def test_reviewed_reasons(convention):
    assert convention.get("7.1").reviewed_reason == "obliges States Parties"
    assert convention.get("21.3").reviewed_reason == "asks States Parties to consider or endeavour"
    assert convention.get("7.2").reviewed_reason == "lets States Parties act"
    assert convention.get("2.a").reviewed_reason == NOT_BINDING
    assert convention.get("63.1").reviewed_reason == (
        "a final clause (settlement of disputes): not implemented by domestic measures"
    )
    assert convention.get("64.3").reviewed_reason == (
        "a final clause (signature and ratification): not implemented by domestic measures"
    )


# --- final clauses, by their titles --------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "chapter", "clause"),
    [
        (
            "Signature, ratification, acceptance, approval and accession",
            "",
            "signature and ratification",
        ),
        ("Ratification, acceptance, approval or accession", "Other", "signature and ratification"),
        ("Entry into force", "", "entry into force"),
        ("Entry  into   force", "General provisions", "entry into force"),  # spacing of a PDF
        ("Amendment", "", "amendment"),
        ("Amendments", "", "amendment"),
        ("Denunciation", "", "denunciation"),
        ("Withdrawal", "", "denunciation"),
        ("Reservations", "", "reservations"),
        ("Depositary and languages", "", "depositary"),
        ("Depositary", "", "depositary"),
        ("Authentic texts", "", "authentic texts"),
        ("Relation with protocols", "Final provisions", "relation with other instruments"),
        ("Effects of the Convention", "Final provisions", "effects of the instrument"),
        ("Settlement of disputes", "FINAL PROVISIONS", "settlement of disputes"),
        ("Adoption of supplementary protocols", "Final provisions", "protocols"),
        # outside a "Final provisions" chapter these are substance
        ("Relation with the Convention", "General provisions", ""),
        ("Settlement of disputes", "", ""),
        # never final clauses
        ("Implementation of the Convention", "Final provisions", ""),
        ("Electronic signatures", "Criminalization", ""),
        ("Jurisdiction", "", ""),
    ],
)
def test_final_clauses_are_recognised_by_their_titles(title, chapter, clause):
    assert final_clause(title, chapter) == clause
