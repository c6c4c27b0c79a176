"""Obligations of the bundled Convention: a hand-checked sample across all nine chapters.

Each expectation was decided by reading the provision in ``toolkit/data/convention.txt``;
the comment says why.  Flags are listed in full (an empty list means no flag).
"""

from __future__ import annotations

import pytest

from toolkit.instrument import load
from toolkit.instrument.model import Flag, Obligation
from toolkit.instrument.obligations import classify, flags_of, load_overrides, qualifiers_of, read

MUST, CONSIDER, MAY, NONE = "mandatory", "consider", "optional", "none"
R, NOTE = "reservation", "notification"

# (provision ID, obligation, flags): reason
SAMPLE: list[tuple[str, str, tuple[str, ...]]] = [
    # Chapter I: general provisions
    ("1", NONE, ()),  # "The purposes of this Convention are to:": statement of purpose
    ("1.a", NONE, ()),  # a purpose, under the purpose chapeau
    ("2", NONE, ()),  # "For the purposes of this Convention:": definitions
    ("2.a", NONE, ()),  # "shall mean": a definition
    ("2.e.i", NONE, ()),  # part of the definition of "service provider"
    ("2.n", NONE, ()),  # definition; "shall apply to such organizations" is interpretation
    ("3", NONE, ()),  # "This Convention shall apply ... to:": scope
    ("3.a", NONE, ()),  # item of the scope
    ("4.1", MUST, ()),  # "States Parties shall ensure"
    ("4.2", NONE, ()),  # "Nothing in this article shall be interpreted": saving clause
    ("5.1", MUST, ()),  # "States Parties shall carry out their obligations"
    ("5.2", NONE, ()),  # "Nothing in this Convention shall entitle": saving clause
    ("6.1", MUST, ()),  # "States Parties shall ensure"
    ("6.2", NONE, ()),  # "Nothing in this Convention shall be interpreted": saving clause
    # Chapter II: criminalization
    ("7.1", MUST, ()),  # "Each State Party shall adopt"
    ("7.2", MAY, ()),  # "A State Party may require"
    ("10", MUST, ()),  # article without paragraphs: "Each State Party shall adopt"
    ("11.1", MUST, ()),  # "Each State Party shall adopt"
    ("11.1.a", MUST, ()),  # no modal of its own: the chapeau's "shall adopt"
    ("11.1.a.i", MUST, ()),  # no modal of its own: inherited through (a)
    ("11.1.b", MUST, ()),  # no modal of its own: inherited
    ("11.2", NONE, ()),  # "This article shall not be interpreted": interpretation
    ("11.3", MAY, (R,)),  # "may reserve the right not to apply"
    ("13", MUST, ()),  # "Each State Party shall adopt ... by means of:"
    ("13.a", MUST, ()),  # inherited from the article's chapeau
    ("14.1.d", MUST, ()),  # override: "which States Parties may establish as a separate offence"
    ("14.2", NONE, ()),  # "the term ... shall include ... and may include": a definition
    ("14.3", MAY, ()),  # "A State Party may require"
    ("14.4", MAY, ()),  # "States Parties may take steps to exclude"
    ("14.5", NONE, ()),  # "Nothing in this Convention shall affect": saving clause
    ("15.1", MUST, ()),  # "Each State Party shall adopt" (across a page break)
    ("15.3", MAY, ()),  # "A State Party may consider extending": permission, not "shall consider"
    ("16.2", NONE, ()),  # "'intimate image' shall mean": a definition
    ("17.1", MUST, ()),  # "Each State Party shall adopt"
    ("17.1.a.i", MUST, ()),  # inherited from paragraph 1
    (
        "17.1.b",
        MUST,
        (),
    ),  # "Subject to the basic concepts of its legal system:" qualifies, inherits
    ("17.2.a", MUST, ()),  # "Each State Party shall establish as predicate offences"
    ("17.2.d", MUST, (NOTE,)),  # "shall furnish copies of its laws ... to the Secretary-General"
    ("17.2.e", MAY, ()),  # "it may be provided that the offences ... do not apply"
    ("18.3", NONE, ()),  # "Such liability shall be without prejudice": saving clause
    ("18.4", MUST, ()),  # "Each State Party shall, in particular, ensure"
    ("19.1", MUST, ()),  # "Each State Party shall adopt"
    ("19.2", MAY, ()),  # "Each State Party may adopt"
    ("20", MUST, ()),  # "Each State Party shall, where appropriate, ... establish"
    ("21.3", CONSIDER, ()),  # "Each State Party shall endeavour to ensure"
    ("21.5", MUST, ()),  # "each State Party shall take appropriate measures ... to seek to ensure"
    ("21.8", NONE, ()),  # "Nothing contained in this Convention shall affect": saving clause
    # Chapter III: jurisdiction
    ("22.1", MUST, ()),  # "Each State Party shall adopt such measures"
    ("22.1.a", MUST, ()),  # inherited
    ("22.2", MAY, ()),  # "a State Party may also establish its jurisdiction"
    ("22.2.c", MAY, ()),  # inherited from the optional chapeau
    ("22.3", MUST, ()),  # "each State Party shall take such measures"
    ("22.4", MAY, ()),  # "Each State Party may also adopt"
    ("22.5", MUST, ()),  # "the competent authorities of those States Parties shall ... consult"
    ("22.6", NONE, ()),  # "this Convention shall not exclude": saving clause
    # Chapter IV: procedural measures and law enforcement
    ("23.2", MUST, ()),  # "each State Party shall apply the powers and procedures"
    ("23.2.a", MUST, ()),  # inherited
    ("23.3.a", MAY, (R,)),  # "may reserve the right" (the "shall consider restricting" follows it)
    ("24.1", MUST, ()),  # "Each State Party shall ensure"
    ("24.2", MUST, ()),  # override: the conditions and safeguards paragraph 1 requires
    ("24.5", NONE, ()),  # "References to ... review ... are references to": interpretation
    ("25.2", MUST, ()),  # "the State Party shall adopt" ("may provide" comes later)
    ("26", MUST, ()),  # "Each State Party shall adopt ... to:"
    ("26.a", MUST, ()),  # inherited
    ("28.1", MUST, ()),  # "Each State Party shall adopt ... to search or similarly access:"
    ("29.2", MAY, ()),  # "it may instead adopt"
    ("31.1", MUST, ()),  # "Each State Party shall adopt, to the greatest extent possible"
    ("31.7", MUST, ()),  # "each State Party shall empower its courts"
    ("31.8", MAY, ()),  # "Each State Party may consider the possibility"
    ("31.9", NONE, ()),  # "shall not be construed as prejudicing": saving clause
    ("31.10", NONE, ()),  # "Nothing contained in this article shall affect": saving clause
    ("32", MAY, ()),  # "Each State Party may adopt"
    ("33.1", MUST, ()),  # "Each State Party shall take appropriate measures"
    ("33.3", CONSIDER, ()),  # "States Parties shall consider entering into agreements"
    ("33.4", NONE, ()),  # "The provisions of this article shall also apply to victims": scope
    ("34.1", MUST, ()),  # "Each State Party shall take appropriate measures within its means"
    ("34.2", MUST, ()),  # "Each State Party shall, subject to its domestic law, establish"
    ("34.6", MUST, ()),  # "Each State Party shall, to the extent consistent with ..., take"
    # Chapter V: international cooperation
    ("35.1", MUST, ()),  # "States Parties shall cooperate"
    ("35.2", NONE, ()),  # "the relevant paragraphs of article 40 ... shall apply": scope
    ("36.1.a", MUST, ()),  # "A State Party transferring personal data ... shall do so"
    ("36.1.b", MAY, ()),  # "States Parties may seek to impose appropriate conditions"
    ("36.1.c", CONSIDER, ()),  # "States Parties are encouraged to establish"
    ("36.3", MUST, ()),  # "a State Party shall notify the original transferring State Party"
    ("37.4", MUST, ()),  # "States Parties undertake to include such offences"
    ("37.5", MAY, ()),  # "it may consider this Convention the legal basis"
    ("37.6", MUST, ()),  # "States Parties that make extradition conditional ... shall:"
    ("37.6.a", MUST, (NOTE,)),  # inherited; "inform the Secretary-General"
    ("37.9", CONSIDER, ()),  # "States Parties shall, subject to their domestic law, endeavour"
    ("37.15", NONE, ()),  # "Nothing in this Convention shall be interpreted": saving clause
    ("37.16", MUST, ()),  # "States Parties may not refuse": a prohibition
    ("37.19", MUST, (NOTE,)),  # "communicate to the Secretary-General ... the name and address"
    ("37.20", CONSIDER, ()),  # "States Parties shall seek to conclude"
    ("38", MAY, ()),  # "States Parties may, ..., consider entering into"
    ("39.1", CONSIDER, ()),  # "States Parties shall consider the possibility of transferring"
    ("40.1", MUST, ()),  # "States Parties shall afford one another the widest measure"
    ("40.8", MAY, ()),  # "States Parties may decline to render assistance"
    ("40.12.a", MUST, ()),  # "Each State Party shall designate a central authority"
    ("40.12.c", MUST, (NOTE,)),  # override: passive "The Secretary-General ... shall be notified"
    ("40.13", MUST, (NOTE,)),  # "Requests shall be made in writing"; languages notified to the SG
    ("40.14", CONSIDER, ()),  # "central authorities ... are encouraged to transmit"
    ("40.21", MAY, ()),  # "Mutual legal assistance may be refused:"
    ("40.21.b", MAY, ()),  # a ground of refusal, under the optional chapeau
    ("40.22", NONE, ()),  # "Nothing in this Convention shall be interpreted": saving clause
    ("40.23", MUST, ()),  # "States Parties may not refuse"
    ("40.24", MUST, ()),  # "States Parties shall not decline"
    ("40.25", MUST, ()),  # "Reasons shall be given": a passive duty
    ("40.26", MUST, ()),  # "The requested State Party shall execute the request"
    ("40.31.a", MUST, ()),  # "Shall provide ... copies of government records"
    ("40.31.b", MAY, ()),  # "May, at its discretion, provide"
    (
        "40.32",
        CONSIDER,
        (),
    ),  # "States Parties shall consider, as may be necessary, the possibility"
    ("41.1", MUST, ()),  # "Each State Party shall designate a point of contact"
    ("41.2", MUST, (NOTE,)),  # override: passive "The Secretary-General ... shall be notified"
    ("41.3", MUST, ()),  # override: "Such assistance shall include"
    ("41.5", MUST, ()),  # "Each State Party shall ensure"
    ("41.6", MAY, ()),  # "States Parties may also use and strengthen"
    ("42.1", MAY, ()),  # "A State Party may request"
    ("42.4", MUST, ()),  # "the requested State Party shall take all appropriate measures"
    ("42.5", MAY, (R,)),  # "may ... reserve the right to refuse the request"
    ("43.1", MUST, ()),  # "the requested State Party shall expeditiously disclose"
    ("45.1", CONSIDER, ()),  # "States Parties shall endeavour to provide"
    ("45.2", CONSIDER, ()),  # "Each State Party shall endeavour to provide"
    ("46", CONSIDER, ()),  # "States Parties shall endeavour to provide"
    ("47.1", MUST, ()),  # "States Parties shall cooperate closely"
    ("47.1.b.i", MUST, ()),  # inherited through (b)
    ("47.2", CONSIDER, ()),  # "States Parties shall consider entering into"
    ("48", CONSIDER, ()),  # "States Parties shall consider concluding"
    ("49.1", MUST, ()),  # "Each State Party ... shall, in accordance with its domestic law:"
    ("49.1.a", MUST, ()),  # "Take such measures": inherits "shall"
    ("50.1", MUST, ()),  # "A State Party that has received a request ... shall"
    ("50.1.a", MUST, ()),  # inherited
    ("50.5", MUST, (NOTE,)),  # "shall furnish copies ... to the Secretary-General"
    ("51", CONSIDER, ()),  # "each State Party shall endeavour to take measures"
    ("52.1", MUST, ()),  # "shall be disposed of by that State Party": passive duty of the State
    ("52.2", MUST, ()),  # "States Parties shall ... give priority consideration to returning"
    ("52.3", MAY, ()),  # "a State Party may ... give special consideration"
    # Chapter VI: preventive measures
    ("53.1", CONSIDER, ()),  # "Each State Party shall endeavour"
    ("53.2", MUST, ()),  # "Each State Party shall take appropriate measures"
    ("53.4", MUST, ()),  # "Each State Party shall take appropriate measures" (page break)
    ("53.5", CONSIDER, ()),  # "States Parties shall endeavour"
    ("53.6", MAY, ()),  # "States Parties may collaborate"
    ("53.7", MUST, (NOTE,)),  # "shall inform the Secretary-General ... of the name and address"
    # Chapter VII: technical assistance and information exchange
    ("54.1", CONSIDER, ()),  # "States Parties shall, according to their capacity, consider"
    ("54.2", MUST, ()),  # "States Parties shall, to the extent necessary, initiate"
    ("54.4", CONSIDER, ()),  # "States Parties shall, subject to their domestic law, endeavour"
    ("54.5", MUST, ()),  # "States Parties shall assist one another"
    ("54.6", CONSIDER, ()),  # "States Parties shall consider assisting"
    ("54.7", MUST, ()),  # "States Parties shall promote training"
    ("54.9", CONSIDER, ()),  # "States Parties shall consider establishing"
    ("54.10", CONSIDER, ()),  # "Each State Party shall endeavour to make voluntary contributions"
    ("55.1", CONSIDER, ()),  # "Each State Party shall consider analysing"
    ("56.2", CONSIDER, ()),  # "States Parties are strongly encouraged"
    ("56.2.c", CONSIDER, ()),  # "States Parties shall endeavour to make ... contributions"
    ("56.4", MUST, ()),  # "To the extent possible, States Parties shall ensure"
    ("56.5", NONE, ()),  # "shall be without prejudice to existing ... commitments": saving clause
    # Chapter VIII: mechanism of implementation
    ("57", NONE, ()),  # override: establishes the Conference
    ("57.1", NONE, ()),  # "A Conference ... is hereby established"
    ("57.2", NONE, ()),  # "The Secretary-General ... shall convene the Conference"
    ("57.3", NONE, ()),  # "The Conference of the States Parties shall adopt rules"
    ("57.5.g", NONE, ()),  # a task of the Conference
    (
        "57.6",
        MUST,
        (),
    ),  # override: "Each State Party shall provide the Conference with information"
    ("58.1", NONE, ()),  # "The Secretary-General ... shall provide ... secretariat services"
    ("58.2", NONE, ()),  # "The secretariat shall:"
    ("58.2.a", NONE, ()),  # a task of the secretariat
    # Chapter IX: final provisions
    ("59.1", MUST, ()),  # "Each State Party shall take the necessary measures"
    ("59.2", MAY, ()),  # "Each State Party may adopt more strict or severe measures"
    ("60.1", NONE, ()),  # final clause (effects of the Convention)
    ("61.1", NONE, ()),  # "This Convention may be supplemented by one or more protocols"
    ("63.3", NONE, (R,)),  # final clause; "declare that it does not consider itself bound"
    ("63.4", NONE, (R, NOTE)),  # final clause; withdraw the reservation by notification to the SG
    ("64.3", NONE, (NOTE,)),  # final clause; instruments deposited with the Secretary-General
    ("67.1", NONE, (NOTE,)),  # final clause; denunciation by notification to the Secretary-General
    ("68.2", NONE, ()),  # override: the depositary's custody is not a communication by a State
    # Readings that once went wrong
    ("23.3.b", MAY, (R,)),  # "that State Party may reserve": a determiner, not "that ... may"
    ("49.1.c", CONSIDER, ()),  # "Consider taking such measures" under a "shall ...:" chapeau
    ("49.2.c", CONSIDER, ()),  # "Consider taking additional measures"
    ("50.6", MUST, ()),  # "shall consider this Convention the ... treaty basis": shall regard as
]


def test_the_sample_is_broad():
    assert len(SAMPLE) >= 60
    chapters = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
    convention = load()
    assert {convention.get(pid).chapter for pid, _, _ in SAMPLE} == chapters
    assert {o for _, o, _ in SAMPLE} == {MUST, CONSIDER, MAY, NONE}
    assert len({pid for pid, _, _ in SAMPLE}) == len(SAMPLE)


@pytest.mark.parametrize(("pid", "obligation", "flags"), SAMPLE, ids=[s[0] for s in SAMPLE])
def test_obligation_and_flags_as_read_in_the_text(convention, pid, obligation, flags):
    provision = convention.get(pid)
    assert provision.obligation.value == obligation
    assert [f.value for f in provision.flags] == list(flags)


def test_every_provision_has_an_obligation(convention):
    assert all(isinstance(p.obligation, Obligation) for p in convention.provisions)
    assert all(
        p.obligation_source in ("rule", "inherited", "override") for p in convention.provisions
    )


# --- where the decision came from -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "source"),
    [
        ("7.1", "rule"),  # its own "shall adopt"
        ("11.1.a", "inherited"),  # no modal: the chapeau decides
        ("11.1.a.ii", "inherited"),
        ("13.c", "inherited"),
        ("2.a", "rule"),  # its own "shall mean"
        ("14.1.d", "override"),
        ("41.2", "override"),
        ("57.2", "override"),  # under the override of article 57
        ("57.6", "override"),  # its own, more specific override
        ("63.3", "override"),  # final clauses
    ],
)
def test_obligation_source_says_what_decided(convention, pid, source):
    assert convention.get(pid).obligation_source == source


def test_override_records_its_reason(convention):
    provision = convention.get("41.2")
    assert provision.obligation_source == "override"
    assert "Secretary-General" in provision.override_reason
    assert "notify" in provision.override_reason
    assert "Final clauses" in convention.get("63.3").override_reason
    assert convention.get("7.1").override_reason == ""


def test_more_specific_override_wins_over_its_article(convention):
    assert convention.get("57").obligation == Obligation.NONE
    assert convention.get("57.6").obligation == Obligation.MANDATORY
    assert "reporting duty" in convention.get("57.6").override_reason
    assert convention.get("68").flags == ()
    assert convention.get("68.2").flags == ()


def test_final_clauses_keep_their_reservation_flag(convention):
    provision = convention.get("63.3")
    assert provision.obligation == Obligation.NONE
    assert Flag.RESERVATION in provision.flags


def test_rules_alone_without_overrides_differ_only_where_an_override_applies():
    from toolkit.instrument.parser import parse_path
    from toolkit.paths import DEFAULT_SOURCE

    bare = classify(parse_path(DEFAULT_SOURCE))
    curated = load()
    overridden = {p.id for p in curated.provisions if p.obligation_source == "override"}
    for provision in bare.provisions:
        if provision.id not in overridden:
            other = curated.get(provision.id)
            assert (provision.obligation, provision.flags) == (other.obligation, other.flags)
    # 41.2 is a passive sentence about the Secretary-General: the rules see no State's duty.
    assert bare.get("41.2").obligation == Obligation.NONE


def test_every_override_entry_has_a_reason_and_known_ids():
    from toolkit.instrument import DEFAULT_OVERRIDES

    convention = load()
    for override in load_overrides(DEFAULT_OVERRIDES):
        assert override.reason.strip()
        assert all(pid in convention for pid in override.ids)


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


def test_a_qualified_obligation_stays_mandatory(convention):
    for pid in ("33.1", "34.1", "31.1", "17.1", "53.2"):
        assert convention.get(pid).obligation == Obligation.MANDATORY


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
        ("58.1", "Secretary-General"),  # "The Secretary-General ... shall provide"
        ("58.2", "secretariat"),  # "The secretariat shall:"
        ("58.2.a", "secretariat"),  # inherited with the obligation
        ("57.3", "Conference of the States Parties"),
        ("41.2", "States Parties"),  # override: each State Party must notify
    ],
)
def test_addressee_is_who_the_provision_binds(convention, pid, addressee):
    assert convention.get(pid).addressee == addressee


def test_addressee_of_57_2_is_the_secretary_general(convention):
    assert convention.get("57.2").addressee == "Secretary-General"


def test_definitions_and_saving_clauses_have_no_addressee(convention):
    for pid in ("2.a", "4.2", "14.5", "21.8", "40.22"):
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
        ("“Personal data” shall mean any information.", Obligation.NONE),
        ("Nothing in this Convention shall affect the rights of the child.", Obligation.NONE),
        ("This Convention shall enter into force on the ninetieth day.", Obligation.NONE),
        ("The Conference of the States Parties shall adopt rules.", Obligation.NONE),
        ("The secretariat shall assist the Conference.", Obligation.NONE),
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


def test_qualifiers_of_single_sentences():
    assert qualifiers_of("shall, in accordance with its domestic law and within its means,") == (
        "in accordance with its domestic law",
        "within its means",
    )
