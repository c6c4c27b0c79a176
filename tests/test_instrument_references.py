"""Cross-references resolved to provision IDs; references to other instruments never are."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.instrument import load, self_kind
from toolkit.instrument.model import Instrument
from toolkit.instrument.references import Reference, find_references

PROTOCOL = Path(__file__).parent / "fixtures" / "instrument" / "protocol.txt"


@pytest.fixture(scope="module")
def ids(convention) -> set[str]:
    return {p.id for p in convention.provisions}


def only(found: list[Reference]) -> Reference:
    assert len(found) == 1, found
    return found[0]


# --- the shapes the issue names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context", "targets"),
    [
        # a letter and clause of a paragraph of this article
        ("paragraph 1 (a) (ii) of this article", "11.3", ("11.1.a.ii",)),
        ("paragraph 1 (a) (i) or (ii) of this article", "11.1.b", ("11.1.a.i", "11.1.a.ii")),
        # letters and a second paragraph of another article (as the issue writes it ...)
        (
            "article 40, paragraph 21 (b) and (c), and paragraph 22, of this Convention",
            "42.6",
            ("40.21.b", "40.21.c", "40.22"),
        ),
        # ... and as article 42, paragraph 6, prints it (no comma after "(c)")
        (
            "article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention",
            "42.6",
            ("40.21.b", "40.21.c", "40.22"),
        ),
        # a range of articles
        ("articles 7 to 16 of this Convention", "17.2.a", tuple(str(n) for n in range(7, 17))),
        # a range of paragraphs of this article
        ("Paragraphs 8 to 31 of this article", "40.7", tuple(f"40.{n}" for n in range(8, 32))),
        # a range of letters of this paragraph
        ("subparagraphs (a) to (c) of this paragraph", "14.1.d", ("14.1.a", "14.1.b", "14.1.c")),
        # a letter of a paragraph of another article
        ("article 56, paragraph 2 (c), of this Convention", "52.3.a", ("56.2.c",)),
        # a paragraph, a letter of a paragraph and whole articles in one list
        ("articles 57, paragraph 5 (g), 61 and 62 of the Convention", None, ("57.5.g", "61", "62")),
        # clauses of two letters of another article's paragraph
        (
            "article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention",
            "22.2.c",
            ("17.1.a.i", "17.1.a.ii", "17.1.b.i"),
        ),
        ("paragraph 2 (a) to (c) of this article", "14.4.b", ("14.2.a", "14.2.b", "14.2.c")),
        ("paragraphs 1 and 2 of this article", "31.3", ("31.1", "31.2")),
        ("paragraph 1 or 2 of this article", "22.5", ("22.1", "22.2")),
        ("article 31, paragraph 1, of this Convention", "50.1", ("31.1",)),
        ("articles 14 and 16 of this Convention", "34.6", ("14", "16")),
        ("article 2 (e)", "2", ("2.e",)),
        ("subparagraph (b) of this paragraph", "17.2.c", ("17.2.b",)),
    ],
)
def test_reference_resolves_to_provision_ids(ids, text, context, targets):
    reference = only(find_references(text, ids, context))
    assert reference.targets == targets
    assert reference.unresolved == ()
    assert not reference.external


def test_reference_span_covers_its_words(ids):
    text = "as defined in article 17 of this Convention;"
    reference = only(find_references(text, ids, "2.m"))
    assert text[reference.start : reference.end] == reference.text
    assert reference.text == "article 17 of this Convention"


def test_reference_to_a_missing_provision_is_unresolved(ids):
    reference = only(find_references("paragraph 40 of this article", ids, "7.1"))
    assert reference.targets == ()
    assert reference.unresolved == ("7.40",)


def test_text_without_references_gives_none(ids):
    assert find_references("Each State Party shall adopt such measures.", ids, "7.1") == []


# --- references to other instruments ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "article 1 of the Convention on the Rights of the Child",
        "article 3 of the Protocol against the Smuggling of Migrants",
    ],
)
def test_reference_to_another_instrument_is_external(ids, text):
    reference = only(find_references(text, ids, "21.7"))
    assert reference.external
    assert reference.targets == ()
    assert reference.unresolved == ()


def test_the_convention_inside_a_protocol_is_another_instrument():
    # A protocol calls itself "this Protocol"; "the Convention" is then someone else.
    reference = only(find_references("article 17 of the Convention", {"17", "1"}, "1", "Protocol"))
    assert reference.external
    assert reference.targets == ()


def test_this_protocol_inside_a_protocol_resolves():
    reference = only(
        find_references("article 2 (b) of this Protocol", {"2", "2.b"}, "4.1.a", "Protocol")
    )
    assert reference.targets == ("2.b",)
    assert not reference.external


def test_the_convention_inside_the_convention_resolves(ids):
    # The resolution and the notes say "article 56 of the Convention" about this Convention.
    assert only(find_references("article 56 of the Convention", ids)).targets == ("56",)


def test_general_mention_of_other_conventions_is_no_reference(ids):
    text = "In giving effect to other applicable United Nations conventions and protocols"
    assert find_references(text, ids, "4.1") == []


# --- on the model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "references"),
    [
        ("42.6", ("40.21.b", "40.21.c", "40.22")),
        ("43.2", ("43.1", "40.21.b", "40.21.c", "40.22")),
        ("17.2.a", tuple(str(n) for n in range(7, 17))),
        ("11.1.b", ("11.1.a.i", "11.1.a.ii", "7", "8", "9", "10")),
        ("11.3", ("11.1", "11.1.a.ii")),
        ("14.1.d", ("14.1.a", "14.1.b", "14.1.c")),
        ("40.7", tuple(f"40.{n}" for n in range(8, 32))),
        ("52.3.a", ("56.2.c",)),
        ("57.5.g", ("61", "62")),
        ("57.8", ("57.5", "57.6", "57.7")),
        ("35.2", ("35.1.b", "35.1.c", "40", "41", "42", "43", "44", "45", "46")),
        ("22.2.c", ("17.1.b.ii", "17.1.a.i", "17.1.a.ii", "17.1.b.i")),
        ("2.m", ("17",)),
        ("3.b", ("23", "35")),
        ("40.28", ("40.21", "40.27")),
        ("50.3", ("40", "40.15")),
        ("7.1", ()),
        ("21.7", ()),  # only the Convention on the Rights of the Child: external
    ],
)
def test_provision_references_in_order_of_first_mention(convention, pid, references):
    assert convention.get(pid).references == references


def test_references_in_a_wrap_up_are_found(convention):
    # Article 23, paragraph 3 (b): "articles 29 and 30" stands in the text after its clauses.
    assert convention.get("23.3.b").references == ("29", "30")
    assert convention.get("11.1.a").references == ("7", "8", "9", "10")


def test_every_reference_in_the_convention_resolves(convention, ids):
    unresolved = [
        (p.id, r.text)
        for p in convention.provisions
        for r in find_references(p.own_text, ids, p.id)
        if r.unresolved
    ]
    assert unresolved == []


def test_every_reference_target_exists_and_is_not_the_provision_itself(convention):
    for provision in convention.provisions:
        for target in provision.references:
            assert target in convention, (provision.id, target)
            assert target != provision.id


def test_the_resolution_refers_to_articles_of_the_convention(convention, ids):
    paragraph5 = convention.resolution.operative[4]
    assert paragraph5.number == 5
    targets = [t for r in find_references(paragraph5.text, ids) for t in r.targets]
    assert targets == ["57.5.g", "61", "62"]
    paragraph4 = convention.resolution.operative[3]
    assert [t for r in find_references(paragraph4.text, ids) for t in r.targets] == ["56"]


def test_notes_refer_to_the_articles_they_explain(convention, ids):
    note3 = convention.notes[2]
    found = [t for r in find_references(note3.text, ids) for t in r.targets]
    assert found == ["17", *(str(n) for n in range(7, 17))]


def test_convention_names_itself_convention(convention):
    assert self_kind(convention) == "Convention"


# --- a protocol parsed with the same code -------------------------------------------------


@pytest.fixture(scope="module")
def protocol() -> Instrument:
    return load(PROTOCOL)


def test_protocol_names_itself_protocol(protocol):
    assert self_kind(protocol) == "Protocol"


def test_protocol_references_to_its_own_articles_resolve(protocol):
    assert protocol.get("4.1.a").references == ("2.b",)
    assert protocol.get("4.1.b").references == ("4.1.a",)
    assert protocol.get("4.2").references == ("4.1.b",)
    assert protocol.get("6.2").references == ("6.1",)
    assert protocol.get("1.3").references == ("4",)


def test_protocol_references_to_the_convention_stay_external(protocol):
    ids = {p.id for p in protocol.provisions}
    # "article 17 of the Convention": the protocol has no article 17, and must not get one.
    article5 = find_references(protocol.get("5").own_text, ids, "5", "Protocol")
    assert [(r.text, r.external, r.targets) for r in article5] == [
        ("article 4 of this Protocol", False, ("4",)),
        ("article 17 of the Convention", True, ()),
    ]
    assert protocol.get("5").references == ("4",)
    # "article 2 of the Convention": the protocol has an article 2, which is not meant.
    assert protocol.get("2.c").references == ()
    # "articles 35 to 52 of the Convention" is external; "article 4 of this Protocol" is not.
    assert protocol.get("6.1").references == ("4",)
