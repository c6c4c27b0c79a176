"""Obligations of the bundled Convention as the text says them: a broad hand-labelled sample.

The sample (``tests/fixtures/instrument/obligations_sample.txt``) holds several hundred
provisions from all nine chapters, each labelled by reading its words in
``toolkit/data/convention.txt``: the obligation, whether the review asks about it, its flags,
and the decisive words.  The other tests pin the modal elements the rules record, where a
decision comes from, qualifiers and addressees, with values written from the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.instrument import load
from toolkit.instrument.modals import read
from toolkit.instrument.model import Element, Flag, Obligation
from toolkit.instrument.obligations import flags_of, qualifiers_of

SAMPLE_FILE = Path(__file__).parent / "fixtures" / "instrument" / "obligations_sample.txt"
FLAG_LETTERS = {"R": Flag.RESERVATION, "N": Flag.NOTIFICATION}


def read_sample() -> list[tuple[str, str, bool, tuple[Flag, ...], str]]:
    """The rows of the sample: (id, obligation, reviewed, flags, the decisive words)."""
    rows = []
    for line in SAMPLE_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, obligation, reviewed, flags, why = (cell.strip() for cell in line.split("|", 4))
        letters = () if flags == "-" else tuple(FLAG_LETTERS[f] for f in flags.split())
        rows.append((pid, obligation, {"yes": True, "no": False}[reviewed], letters, why))
    return rows


SAMPLE = read_sample()


def test_the_sample_is_broad_and_well_formed(convention):
    assert len(SAMPLE) >= 120
    assert len({row[0] for row in SAMPLE}) == len(SAMPLE), "a provision labelled twice"
    chapters = {convention.get(pid).chapter for pid, *_ in SAMPLE}
    assert chapters == {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
    assert {row[1] for row in SAMPLE} == {"mandatory", "consider", "optional", "none"}
    kinds = {convention.get(pid).kind for pid, *_ in SAMPLE}
    assert kinds == {"article", "paragraph", "subparagraph", "clause"}
    assert all(row[4] for row in SAMPLE), "every label says which words decide"


@pytest.mark.parametrize(
    ("pid", "obligation", "reviewed", "flags", "why"), SAMPLE, ids=[row[0] for row in SAMPLE]
)
def test_obligation_review_and_flags_as_read_in_the_text(
    convention, pid, obligation, reviewed, flags, why
):
    provision = convention.get(pid)
    assert (provision.obligation.value, provision.reviewed, provision.flags) == (
        obligation,
        reviewed,
        flags,
    ), why


def test_the_bundled_convention_needs_no_override(convention):
    assert [p.id for p in convention.provisions if p.obligation_source == "override"] == []


# --- every modal element is recorded ----------------------------------------------------------


def test_40_20_records_the_permission_and_the_duty(convention):
    provision = convention.get("40.20")
    assert provision.elements == (
        Element("may require", Obligation.OPTIONAL, "requesting State Party", 27, 38),
        Element("shall promptly inform", Obligation.MANDATORY, "requested State Party", 269, 290),
    )
    assert provision.obligation == Obligation.MANDATORY
    assert provision.addressee == "requested State Party"
    assert provision.text[269:290] == "shall promptly inform"


def test_23_3_a_records_the_reservation_and_the_consideration(convention):
    words = [(e.words, e.obligation.value) for e in convention.get("23.3.a").elements]
    assert words == [("may reserve", "optional"), ("shall consider", "consider")]


def test_elements_in_closing_words_say_so(convention):
    (permission, consideration) = convention.get("23.3.b").elements
    assert (permission.part, permission.words) == ("wrap_up", "may reserve")
    assert convention.get("23.3.b").wrap_up[permission.start : permission.end] == "may reserve"
    assert (consideration.part, consideration.obligation) == ("wrap_up", Obligation.CONSIDER)


def test_elements_that_bind_no_state_are_recorded_as_none(convention):
    assert [
        (e.words, e.obligation.value, e.addressee) for e in convention.get("57.6").elements
    ] == [
        ("shall provide", "mandatory", "States Parties"),
        ("shall examine", "none", "Conference of the States Parties"),
        ("may also be considered", "none", "Conference of the States Parties"),
    ]
    assert [(e.words, e.obligation.value) for e in convention.get("2.b").elements] == [
        ("shall mean", "none")
    ]


def test_a_passive_duty_binds_the_states_parties(convention):
    (element,) = convention.get("31.4").elements
    assert (element.words, element.obligation, element.addressee) == (
        "shall be liable",
        Obligation.MANDATORY,
        "States Parties",
    )


def test_items_without_a_modal_have_no_elements(convention):
    assert convention.get("11.1.a").elements == ()
    assert convention.get("40.10").elements == ()


# --- where the decision came from -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "source"),
    [
        ("7.1", "rule"),  # its own "shall adopt"
        ("11.1.a", "inherited"),  # no modal: the chapeau decides
        ("11.1.a.ii", "inherited"),
        ("17.1.a.i", "inherited"),  # through the empty 17.1 (a)
        ("14.1.d", "inherited"),  # "which States Parties may establish": a relative clause
        ("2.a", "rule"),  # its own "shall mean"
        ("40.10", "items"),  # "For the purposes of paragraph 9 of this article:"
        ("40.31", "items"),  # "The requested State Party:"
        ("7", "items"),  # an article made of paragraphs
        ("58", "items"),
        ("49.1.c", "rule"),  # "Consider taking" under "shall ...:"
        ("57.1", "rule"),  # no modal, no chapeau: binds no one
    ],
)
def test_obligation_source_says_what_decided(convention, pid, source):
    assert convention.get(pid).obligation_source == source


def test_every_provision_has_an_obligation_and_a_source(convention):
    assert all(isinstance(p.obligation, Obligation) for p in convention.provisions)
    sources = {p.obligation_source for p in convention.provisions}
    assert sources == {"rule", "inherited", "items"}


# --- qualifiers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "qualifiers"),
    [
        ("33.1", ["in accordance with its domestic law", "within its means"]),
        ("34.1", ["within its means"]),
        ("34.2", ["subject to its domestic law"]),
        ("31.1", ["to the greatest extent possible"]),
        ("50.1", ["to the greatest extent possible"]),
        ("17.1", ["in accordance with fundamental principles of its domestic law"]),
        ("17.1.b", ["subject to the basic concepts of its legal system"]),
        ("53.1", ["in accordance with fundamental principles of its legal system"]),
        (
            "53.2",
            ["within its means", "in accordance with fundamental principles of its domestic law"],
        ),
        ("54.1", ["according to their capacity"]),
        ("37.9", ["subject to their domestic law"]),
        ("20", ["where appropriate"]),
        ("14.4", ["in accordance with their domestic law"]),
        ("40.14", ["where not prohibited by their respective laws"]),
        ("51", ["without prejudice to its domestic law"]),
    ],
)
def test_qualifiers_of_the_obligation_are_recorded(convention, pid, qualifiers):
    got = [q.lower() for q in convention.get(pid).qualifiers]
    for qualifier in qualifiers:
        assert any(g.startswith(qualifier) for g in got), (qualifier, got)


def test_unqualified_obligation_has_no_domestic_law_qualifier(convention):
    assert convention.get("5.1").qualifiers == ()
    assert convention.get("7.2").qualifiers == ()


# --- addressees --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "addressee"),
    [
        ("7.1", "States Parties"),
        ("40.26", "requested State Party"),  # "The requested State Party shall execute"
        ("42.4", "requested State Party"),  # "the requested State Party shall take"
        ("43.1", "requested State Party"),
        ("40.31.a", "requested State Party"),  # "Shall provide" under "The requested State Party:"
        ("42.7", "requested State Party"),  # "Where the requested State Party ..., it shall"
        ("58.1", "Secretary-General"),  # "The Secretary-General ... shall provide"
        ("58.2", "secretariat"),  # "The secretariat shall:"
        ("58.2.a", "secretariat"),  # inherited with the obligation
        ("57.2", "Secretary-General"),
        ("57.3", "Conference of the States Parties"),
        ("41.2", "States Parties"),  # "The Secretary-General ... shall be notified": they notify
    ],
)
def test_addressee_is_who_the_provision_binds(convention, pid, addressee):
    assert convention.get(pid).addressee == addressee


def test_definitions_and_saving_clauses_have_no_addressee(convention):
    for pid in ("2.a", "4.2", "14.5", "21.8", "40.22", "68.2"):
        assert convention.get(pid).addressee == "", pid


# --- the rules on single sentences (no parse needed) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "obligation"),
    [
        ("Each State Party shall adopt such measures.", Obligation.MANDATORY),
        ("States Parties shall not decline to render assistance.", Obligation.MANDATORY),
        ("States Parties may not refuse a request.", Obligation.MANDATORY),
        ("Each State Party shall consider adopting such measures.", Obligation.CONSIDER),
        ("States Parties shall endeavour to cooperate.", Obligation.CONSIDER),
        ("States Parties shall seek to conclude agreements.", Obligation.CONSIDER),
        ("States Parties are strongly encouraged to apply them.", Obligation.CONSIDER),
        ("A State Party may require an intent to defraud.", Obligation.OPTIONAL),
        ("Each State Party may reserve the right not to apply paragraph 1.", Obligation.OPTIONAL),
        ("They shall also be entitled to apply that treaty.", Obligation.OPTIONAL),
        ("A State Party may require it. It shall then inform the other.", Obligation.MANDATORY),
        ("Such material shall be made available to the court.", Obligation.MANDATORY),
        ("“Personal data” shall mean any information.", Obligation.NONE),
        ("Nothing in this Convention shall affect the rights of the child.", Obligation.NONE),
        ("This Convention shall enter into force on the ninetieth day.", Obligation.NONE),
        ("The Conference of the States Parties shall adopt rules.", Obligation.NONE),
        ("The secretariat shall assist the Conference.", Obligation.NONE),
        ("The original of this Protocol shall be deposited with the Secretary-General.", "none"),
        ("The other States Parties shall not be bound by paragraph 2.", Obligation.NONE),
        ("Preventive measures may include:", Obligation.NONE),
    ],
)
def test_rule_reads_the_modal_with_its_subject(text, obligation):
    assert read(text).obligation == obligation


def test_a_text_without_modal_has_no_obligation_of_its_own():
    assert read("The possession of an item referred to in paragraph 1.").obligation is None


def test_flags_of_single_sentences():
    assert flags_of("Each State Party may reserve the right not to apply it.") == (
        Flag.RESERVATION,
    )
    assert flags_of("shall inform the Secretary-General of the United Nations of the name") == (
        Flag.NOTIFICATION,
    )
    assert flags_of("Each State Party shall adopt such measures.") == ()
    # A sentence that binds no one communicates nothing: the depositary keeps the original.
    assert (
        flags_of("The original of this Protocol shall be deposited with the Secretary-General.")
        == ()
    )


def test_qualifiers_of_single_sentences():
    assert qualifiers_of("shall, in accordance with its domestic law and within its means,") == (
        "in accordance with its domestic law",
        "within its means",
    )


def test_a_protocol_without_overrides_reads_its_own_final_clauses():
    protocol = load(Path(__file__).parent / "fixtures" / "instrument" / "protocol.txt")
    assert protocol.get("12.2").obligation == Obligation.NONE  # the original's custody
    assert protocol.get("12.2").flags == ()
    assert protocol.get("8.2").flags == (Flag.NOTIFICATION,)  # instruments deposited with the SG
