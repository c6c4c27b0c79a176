"""The bundled Convention parsed into the right tree: every article, chapter, note and word.

The expectations come from reading ``toolkit/data/convention.txt`` (see the fixture files in
``tests/fixtures/instrument/``), never from the parser's own output.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from toolkit.instrument import load
from toolkit.instrument.model import Instrument, Provision
from toolkit.instrument.text import clean, footnote, words
from toolkit.resources import CONVENTION as DEFAULT_SOURCE

FIXTURES = Path(__file__).parent / "fixtures" / "instrument"
SOURCE_LINES = DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")


def read_table(name: str) -> list[list[str]]:
    """The ``|``-separated rows of a fixture file, comments and blank lines skipped."""
    rows = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


EXPECTED_ARTICLES = {
    int(number): (title, [] if ids == "-" else ids.split())
    for number, title, ids in read_table("convention_structure.txt")
}
EXPECTED_CHAPTERS = read_table("convention_chapters.txt")


def source_line(text: str) -> int:
    """The 1-based number of the only source line that is exactly ``text``."""
    found = [i for i, line in enumerate(SOURCE_LINES, start=1) if line.strip() == text]
    assert len(found) == 1, f"{text!r} is on lines {found}"
    return found[0]


# --- articles and their provisions -------------------------------------------------------


def test_the_expectation_file_lists_articles_1_to_68():
    assert sorted(EXPECTED_ARTICLES) == list(range(1, 69))


def test_the_convention_has_68_articles_in_order(convention):
    assert [a.article for a in convention.articles()] == list(range(1, 69))
    assert [a.id for a in convention.articles()] == [str(n) for n in range(1, 69)]


@pytest.mark.parametrize("number", sorted(EXPECTED_ARTICLES))
def test_article_has_the_provisions_and_title_read_from_the_text(convention, number):
    title, ids = EXPECTED_ARTICLES[number]
    article = convention.get(str(number))
    assert article.title == title
    assert [p.id for p in convention.descendants(article.id)] == ids


def test_provisions_are_in_document_order_articles_first(convention):
    expected = []
    for number in sorted(EXPECTED_ARTICLES):
        expected += [str(number), *EXPECTED_ARTICLES[number][1]]
    assert [p.id for p in convention.provisions] == expected
    lines = [p.line for p in convention.provisions]
    assert lines == sorted(lines)


def test_kinds_follow_the_depth_of_the_id(convention):
    for provision in convention.provisions:
        parts = provision.id.split(".")
        if len(parts) == 1:
            assert provision.kind == "article"
        elif parts[1].isdigit():
            kinds = ["paragraph", "subparagraph", "clause"]
            assert provision.kind == kinds[len(parts) - 2], provision.id
        else:  # an article without numbered paragraphs: 13.a, 2.e.i
            assert provision.kind == ["subparagraph", "clause"][len(parts) - 2], provision.id


def test_parent_and_children_agree(convention):
    for provision in convention.provisions:
        for child_id in provision.children:
            child = convention.get(child_id)
            assert child.parent == provision.id
            assert child.article == provision.article
            assert child.chapter == provision.chapter
        if provision.parent:
            assert provision.id in convention.get(provision.parent).children
            assert provision.id.rsplit(".", 1)[0] == provision.parent
            assert provision.label == provision.id.rsplit(".", 1)[1]


def test_articles_without_numbered_paragraphs_hold_their_text(convention):
    for number in (10, 20, 32, 38, 46, 48, 51):
        article = convention.get(str(number))
        assert article.children == ()
        assert article.text.startswith(("Each State Party", "States Parties", "Without prejudice"))
    assert convention.get("10").text.endswith("altering or suppressing electronic data.")


def test_articles_record_the_line_of_their_heading(convention):
    assert convention.get("1").line == source_line("Article 1")
    assert convention.get("13").line == source_line("Article 13.")
    assert convention.get("22").line == source_line("Article 22 *Jurisdiction*")
    assert convention.get("40").line == source_line(
        "*Article 40**General principles and procedures relating to mutual legal assistance*"
    )


def test_ids_are_unique(convention):
    ids = [p.id for p in convention.provisions]
    assert len(ids) == len(set(ids))


# --- chapters ---------------------------------------------------------------------------------


def test_chapters_have_numerals_titles_and_article_ranges(convention):
    got = [(c.number, c.title, c.articles) for c in convention.chapters]
    expected = []
    for numeral, title, span in EXPECTED_CHAPTERS:
        first, last = (int(n) for n in span.split("-"))
        expected.append((numeral, title, tuple(range(first, last + 1))))
    assert got == expected


def test_every_provision_names_the_chapter_of_its_article(convention):
    chapter_of = {n: c.number for c in convention.chapters for n in c.articles}
    for provision in convention.provisions:
        assert provision.chapter == chapter_of[provision.article], provision.id


def test_chapter_heading_with_bold_title_is_read(convention):
    # "Chapter III **Jurisdiction**" and "Chapter IV **Procedural measures ...**" on one line.
    assert convention.chapter("III").title == "Jurisdiction"
    assert convention.chapter("III").line == source_line("Chapter III **Jurisdiction**")
    assert convention.chapter("IV").title == "Procedural measures and law enforcement"


# --- resolution, preamble, testimonium, notes, footnotes ------------------------------------

CONVENTION_TITLE = (
    "United Nations Convention against Cybercrime; Strengthening International Cooperation for "
    "Combating Certain Crimes Committed by Means of Information and Communications Technology "
    "Systems and for the Sharing of Evidence in Electronic Form of Serious Crimes"
)


def test_instrument_title_is_the_convention_title(convention):
    assert convention.title == CONVENTION_TITLE


def test_resolution_has_5_preamble_and_12_operative_paragraphs(convention):
    resolution = convention.resolution
    assert resolution is not None
    assert resolution.title == CONVENTION_TITLE
    assert len(resolution.preamble) == 5
    assert [p[:30] for p in resolution.preamble] == [
        "Recalling its resolution 74/24",
        "Recalling also its resolution ",
        "Strongly convinced of the urge",
        "Strongly convinced also that t",
        "Expressing its appreciation to",
    ]
    assert [p.number for p in resolution.operative] == list(range(1, 13))
    assert resolution.operative[0].line == 81
    assert resolution.operative[11].text.startswith("Decides that, in order to raise awareness")


def test_resolution_opens_with_the_general_assembly(convention):
    assert convention.resolution.opening == "The General Assembly,"
    assert convention.resolution.preamble[0].startswith("Recalling its resolution 74/247")


def test_resolution_paragraph_cut_by_a_page_break_is_joined(convention):
    first = convention.resolution.operative[0].text
    assert "Information and Communications Technology Systems and for the Sharing" in first
    assert first.endswith("commends the Ad Hoc Committee for its work;")


def test_the_report_paragraphs_are_not_part_of_the_resolution(convention):
    texts = [p.text for p in convention.resolution.operative]
    assert not any("Third Committee" in text for text in texts)


RECITALS = (
    "Bearing Noting Concerned Convinced Determined Stressing Recognizing Determined "
    "Bearing Recognizing Mindful Acknowledging Commending Recalling Taking"
)
"""The first word of each of the 15 recitals of the Convention's preamble."""


def test_convention_preamble_runs_from_the_states_parties_to_have_agreed(convention):
    preamble = convention.preamble
    assert len(preamble) == 17  # opening line, 15 recitals, "Have agreed as follows:"
    assert preamble[0] == "The States Parties to the present Convention,"
    assert preamble[-1] == "Have agreed as follows:"
    recitals = [p.split()[0] for p in preamble[1:-1]]
    assert recitals == RECITALS.split()
    assert "resolutions 74/247 of 27 December 2019 and 75/282" in preamble[14]


def test_testimonium_is_kept_apart_without_its_footnote_marker(convention):
    assert convention.testimonium == (
        "IN WITNESS WHEREOF, the undersigned plenipotentiaries, being duly authorized thereto "
        "by their respective Governments, have signed this Convention."
    )
    assert "IN WITNESS" not in convention.get("68.2").own_text


def test_five_interpretative_notes_with_their_articles(convention):
    notes = {n.number: n.articles for n in convention.notes}
    assert notes == {1: (2,), 2: (2,), 3: (17,), 4: (23, 35), 5: (35,)}
    note4 = convention.notes[3]
    assert note4.heading == "Articles 23 and 35, with regard to the term “investigation”"
    assert note4.text.startswith("The term “criminal investigations” covers situations")
    assert convention.notes[0].text.startswith(
        "The definition of the term “service provider” in article 2 (e) includes"
    )
    assert convention.notes[4].text.endswith("or equivalent arrangements.")


def test_notes_are_attached_to_the_articles_they_concern(convention):
    attached = {a.article: a.notes for a in convention.articles() if a.notes}
    assert attached == {2: (1, 2), 17: (3,), 23: (4,), 35: (4, 5)}
    # Only articles carry notes.
    assert all(not p.notes for p in convention.provisions if p.kind != "article")


def test_note_headings_are_not_read_as_articles(convention):
    # The annex headings "Article 2", "Article 17", "Article 35" come after article 68.
    assert convention.get("2").line < convention.get("68").line
    assert convention.articles()[-1].article == 68


def test_footnotes_are_collected_with_their_lines(convention):
    got = [(f.marker, f.line, f.text[:30]) for f in convention.footnotes]
    assert got == [
        ("¹", 29, "A/C.3/79/SR.5, A/C.3/79/SR.6 a"),
        ("²", 59, "See A/C.3/79/SR.47."),
        ("¹", 1399, "It is noted that interpretativ"),
    ]


# --- the special cases of the PDF conversion ------------------------------------------------


def test_article_heading_with_a_stray_period(convention):
    article = convention.get("13")
    assert (
        article.title == "Information and communications technology system-related theft or fraud"
    )
    assert article.children == ("13.a", "13.b", "13.c")


@pytest.mark.parametrize(
    ("number", "title"),
    [
        ("19", "Participation and attempt"),
        ("20", "Statute of limitations"),
        ("38", "Transfer of sentenced persons"),
        ("63", "Settlement of disputes"),
        ("64", "Signature, ratification, acceptance, approval and accession"),
    ],
)
def test_article_heading_in_emphasis_with_its_title(convention, number, title):
    assert convention.get(number).title == title


def test_article_heading_with_title_in_emphasis_on_the_same_line(convention):
    assert convention.get("22").title == "Jurisdiction"
    assert convention.get("22").children[0] == "22.1"


@pytest.mark.parametrize(
    ("paragraph", "first", "opening"),
    [
        ("23.3", "23.3.a", "Each State Party may reserve the right to apply the measures"),
        ("36.1", "36.1.a", "A State Party transferring personal data pursuant to"),
        ("40.12", "40.12.a", "Each State Party shall designate a central authority"),
    ],
)
def test_paragraph_and_letter_on_one_line(convention, paragraph, first, opening):
    # "3. (a) Each State Party may reserve ...": the paragraph has no words of its own.
    assert convention.get(paragraph).text == ""
    assert convention.get(paragraph).children[0] == first
    assert convention.get(first).text.startswith(opening)


def test_bullet_letter_and_clause_on_one_line(convention):
    # "- (a) (i) The conversion ..." in article 17.
    assert convention.get("17.1.a").text == ""
    assert convention.get("17.1.a").children == ("17.1.a.i", "17.1.a.ii")
    assert convention.get("17.1.a.i").text.startswith("The conversion or transfer of property")


def test_sentence_cut_by_a_page_break_is_joined_article_15(convention):
    text = convention.get("15.1").text
    assert "under its domestic law the act of intentionally communicating, soliciting" in text
    assert text.endswith("article 14 of this Convention.")
    assert convention.get("15").children == ("15.1", "15.2", "15.3", "15.4")


def test_sentence_cut_by_a_page_break_is_joined_article_17(convention):
    text = convention.get("17.1.a.i").text
    assert "helping any person who is involved in the commission of the predicate offence" in text
    assert text.endswith("to evade the legal consequences of that person's actions;")


@pytest.mark.parametrize(
    ("pid", "words_across_the_break"),
    [
        ("24.2", "the right to an effective remedy"),
        ("37.1", "another form of detention imposed"),
        ("37.11", "as in the case of any other offence of a comparable nature"),
        ("40.13", "at the time it deposits its instrument of ratification, acceptance or approval"),
        ("40.19", "If, in an exceptional case, advance notice is not possible, the requesting"),
        ("40.29", "restriction of the person's liberty in that territory in respect of acts"),
        ("51", "might assist the receiving State Party in initiating"),
        ("53.3.a", "academic institutions and private sector entities for the purpose"),
        ("53.4", "accessible to the public, where appropriate, for the reporting, including"),
        ("56.4", "skills, capacity, expertise and technical capabilities"),
        ("65.1", "by a regional economic integration organization shall not be counted"),
    ],
)
def test_other_page_breaks_are_joined(convention, pid, words_across_the_break):
    assert words_across_the_break in convention.get(pid).text


def test_page_break_does_not_create_provisions(convention):
    # Continuations start in lower case: none may become a provision of its own.
    for provision in convention.provisions:
        if provision.kind != "article":
            assert not provision.text[:1].islower(), provision.id


def test_text_after_a_list_closes_the_chapeau_article_11(convention):
    a = convention.get("11.1.a")
    assert a.text.endswith("otherwise making available of:")
    assert a.wrap_up.startswith("with the intent that the device, including a program")
    assert a.wrap_up.endswith("articles 7 to 10 of this Convention; and")
    assert "with the intent" not in convention.get("11.1.a.ii").own_text
    assert convention.get("11.1").wrap_up == ""


def test_text_after_a_list_closes_the_chapeau_article_13(convention):
    article = convention.get("13")
    assert article.text.endswith("to another person by means of:")
    assert article.wrap_up == (
        "with the fraudulent or dishonest intent of procuring for oneself or for another "
        "person, without right, a gain in money or other property."
    )
    assert convention.get("13.c").wrap_up == ""
    assert convention.get("13.c").text.endswith("would not otherwise do or omit to do;")


def test_text_after_a_list_closes_the_chapeau_article_28(convention):
    assert convention.get("28.1").wrap_up == "in the territory of that State Party."
    assert convention.get("28.1.b").own_text.endswith("may be stored;")


@pytest.mark.parametrize(("article", "what"), [("29", "traffic data"), ("30", "content data")])
def test_text_after_a_nested_list_closes_the_paragraph_articles_29_30(convention, article, what):
    # "(a) ...; and (b) ...: (i) ...; or (ii) ... of;" then "traffic data, in real time ...".
    paragraph = convention.get(f"{article}.1")
    assert paragraph.wrap_up.startswith(f"{what}, in real time")
    assert paragraph.wrap_up.endswith("information and communications technology system.")
    assert convention.get(f"{article}.1.b").wrap_up == ""
    assert convention.get(f"{article}.1.b.ii").own_text.endswith("collection or recording of;")


def test_text_after_a_list_closes_the_chapeau_article_23(convention):
    b = convention.get("23.3.b")
    assert b.text.endswith("of a service provider which:")
    assert b.wrap_up.startswith("that State Party may reserve the right not to apply")
    assert b.wrap_up.endswith("referred to in articles 29 and 30 of this Convention.")
    assert convention.get("23.3.b.ii").own_text.endswith("whether public or private;")


@pytest.mark.parametrize(
    ("pid", "opening"),
    [
        ("2.i", "“Property” shall mean assets of every kind"),
        ("40.3.i", "Providing originals or certified copies"),
        ("53.3.i", "Undertaking specific and tailored efforts to keep children safe online"),
        ("54.3.i", "Training in relevant substantive and procedural law"),
    ],
)
def test_letter_i_after_h_is_a_subparagraph(convention, pid, opening):
    provision = convention.get(pid)
    assert provision.kind == "subparagraph"
    assert provision.text.startswith(opening)


@pytest.mark.parametrize(
    ("pid", "opening"),
    [
        ("2.e.i", "Provides to users of its service the ability to communicate"),
        ("2.f.i", "The type of communications service used"),
        ("47.1.b.i", "The identity, whereabouts and activities of persons"),
    ],
)
def test_roman_i_under_a_letter_is_a_clause(convention, pid, opening):
    provision = convention.get(pid)
    assert provision.kind == "clause"
    assert provision.text.startswith(opening)


def test_letter_after_clauses_returns_to_the_letter_level(convention):
    # "- (iii) ..." then "- (c) To provide, where appropriate ..." in article 47.
    assert convention.get("47.1").children == tuple(f"47.1.{x}" for x in "abcdef")
    assert convention.get("47.1.c").text.startswith("To provide, where appropriate")


def test_item_without_final_punctuation_stays_separate(convention):
    # "(k) Facilitating the voluntary appearance ... in the requesting State Party" (no ";").
    assert convention.get("40.3.k").text == (
        "Facilitating the voluntary appearance of persons in the requesting State Party"
    )
    assert convention.get("40.3.l").text == "Recovering proceeds of crime;"


def test_indented_bullets_are_stripped(convention):
    assert convention.get("42.3.a").text == "The authority seeking the preservation;"
    assert convention.get("52.3.b").text.startswith("Sharing with other States Parties")


# --- eIds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "eid"),
    [
        ("7", "art_7"),
        ("7.1", "art_7__para_1"),
        ("13.a", "art_13__point_a"),
        ("2.e.i", "art_2__point_e__point_i"),
        ("11.1.a.ii", "art_11__para_1__point_a__point_ii"),
        ("40.21.b", "art_40__para_21__point_b"),
    ],
)
def test_eid_follows_akn4un_naming(convention, pid, eid):
    assert convention.get(pid).eid == eid


def akn_eid(provision: Provision) -> str:
    """The AKN4UN eId written from the ID alone: art_N, then para_N for numbers, point_x."""
    article, *rest = provision.id.split(".")
    parts = [f"art_{article}"]
    parts += [f"para_{label}" if label.isdigit() else f"point_{label}" for label in rest]
    return "__".join(parts)


def test_every_eid_maps_from_its_id(convention):
    for provision in convention.provisions:
        assert provision.eid == akn_eid(provision)
    eids = [p.eid for p in convention.provisions]
    assert len(eids) == len(set(eids))


# --- no residue of the conversion -----------------------------------------------------------

RESIDUE = re.compile(r"\*|\]\(#?\)|\]\(#|[¹²³⁴⁵⁶⁷⁸⁹⁰]")


def all_texts(convention: Instrument) -> list[str]:
    texts = [convention.title, convention.testimonium, *convention.preamble]
    resolution = convention.resolution
    texts += [resolution.title, *resolution.preamble, *(p.text for p in resolution.operative)]
    texts += [c.title for c in convention.chapters]
    texts += [n.text for n in convention.notes] + [n.heading for n in convention.notes]
    texts += [f.text for f in convention.footnotes]
    for provision in convention.provisions:
        texts += [provision.title, provision.text, provision.wrap_up]
    return texts


def test_no_markdown_or_footnote_marker_left_in_any_text(convention):
    leftovers = [text for text in all_texts(convention) if RESIDUE.search(text)]
    assert leftovers == []


def test_emphasis_and_links_keep_their_words(convention):
    assert "including, inter alia, conditions" in convention.get("37.8").text
    assert "matters of a de minimis nature" in convention.get("40.8").text
    assert "security, ordre public or other" in convention.get("40.21.b").text
    assert "are applicable, mutatis mutandis, to this article" in convention.get("50.3").text
    assert convention.resolution.preamble[0].startswith("Recalling its resolution 74/247 of")


def test_no_text_has_double_or_edge_spaces(convention):
    for text in all_texts(convention):
        assert text == text.strip() and "  " not in text


# --- the word-count proof -----------------------------------------------------------------


def source_words(first: int, last: int) -> list[str]:
    """Words of source lines ``first`` to ``last`` (1-based, inclusive), footnotes skipped.

    Emphasis marks become spaces so that ``*Article 19**Participation`` gives two words.
    """
    out: list[str] = []
    for line in SOURCE_LINES[first - 1 : last]:
        if footnote(line):
            continue
        out += words(clean(line.replace("*", " ")))
    return out


def provision_words(convention: Instrument, provision: Provision) -> list[str]:
    """Label, own words, children's words and closing words, in reading order."""
    out = [] if provision.kind == "article" else [provision.label]
    out += words(provision.text)
    for child in provision.children:
        out += provision_words(convention, convention.get(child))
    return out + words(provision.wrap_up)


def model_words(convention: Instrument) -> list[str]:
    out: list[str] = []
    for chapter in convention.chapters:
        out += ["Chapter", chapter.number, *words(chapter.title)]
        for number in chapter.articles:
            article = convention.get(str(number))
            out += ["Article", str(number), *words(article.title)]
            out += provision_words(convention, article)
    return out


def test_no_word_of_the_convention_body_is_lost_or_duplicated(convention):
    expected = source_words(*body_lines())
    got = model_words(convention)
    assert len(expected) > 19_000
    if got != expected:  # show where the two first part, not two huge lists
        at = next(
            (i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
            min(len(got), len(expected)),
        )
        pytest.fail(
            f"word {at} differs: model {got[at - 5 : at + 5]} vs source {expected[at - 5 : at + 5]}"
            f" ({len(got)} vs {len(expected)} words)"
        )


def test_no_word_of_the_convention_preamble_is_lost_or_duplicated(convention):
    first = source_line("Preamble") + 1
    last = source_line("Chapter I") - 1
    expected = source_words(first, last)
    got = [w for paragraph in convention.preamble for w in words(paragraph)]
    assert got == expected
    assert len(got) > 500


def resolution_words(convention: Instrument) -> list[str]:
    """The resolution's words in reading order: title, opening, preamble, numbered paragraphs."""
    resolution = convention.resolution
    assert resolution is not None
    out = words(resolution.title) + words(resolution.opening)
    for paragraph in resolution.preamble:
        out += words(paragraph)
    for numbered in resolution.operative:
        out += [str(numbered.number), *words(numbered.text)]
    return out


def resolution_lines() -> tuple[int, int]:
    """First and last line of the draft resolution: after the Third Committee's
    recommendation, to before the annex that holds the Convention."""
    recommends = source_line(
        "15. The Third Committee recommends to the General Assembly the adoption of the "
        "following draft resolution:"
    )
    annex = next(
        i for i, line in enumerate(SOURCE_LINES, 1) if i > recommends and line.strip() == "Annex"
    )
    return recommends + 1, annex - 1


def test_no_word_of_the_resolution_is_lost_or_duplicated(convention):
    expected = source_words(*resolution_lines())
    got = resolution_words(convention)
    assert got[:4] == ["United", "Nations", "Convention", "against"]
    assert got[got.index("Recalling") - 3 :][:4] == ["The", "General", "Assembly", "Recalling"]
    assert got[-3:] == ["International", "Anti-Cybercrime", "Day"]
    assert len(expected) > 1_000
    assert got == expected


def test_resolution_word_count_proof_detects_a_lost_word(convention):
    # "The General Assembly," dropped (as the edition once did) must fail the proof.
    resolution = dataclasses.replace(convention.resolution, opening="")
    lost = dataclasses.replace(convention, resolution=resolution)
    assert resolution_words(lost) != source_words(*resolution_lines())


def body_lines() -> tuple[int, int]:
    """First and last line of the Convention body: ``Chapter I`` to before ``IN WITNESS``."""
    last = next(i for i, line in enumerate(SOURCE_LINES, 1) if line.startswith("IN WITNESS"))
    return source_line("Chapter I"), last - 1


def with_text(convention: Instrument, pid: str, **changes: str) -> Instrument:
    provisions = tuple(
        dataclasses.replace(p, **changes) if p.id == pid else p for p in convention.provisions
    )
    return dataclasses.replace(convention, provisions=provisions, _index={})


def test_word_count_proof_detects_a_lost_or_duplicated_word(convention):
    # The proof is only worth something if it can fail.
    expected = source_words(*body_lines())
    text = convention.get("15.1").text
    lost = with_text(convention, "15.1", text=text.replace(" intentionally", "", 1))
    doubled = with_text(convention, "13", wrap_up=convention.get("13").wrap_up + " property")
    assert model_words(lost) != expected
    assert model_words(doubled) != expected
    assert sorted(model_words(lost)) != sorted(expected)


def test_no_word_of_the_protocol_fixture_is_lost_or_duplicated():
    path = FIXTURES / "protocol.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    protocol = load(path)
    first = lines.index("Chapter I")
    last = next(i for i, line in enumerate(lines) if line.startswith("IN WITNESS"))
    expected = []
    for line in lines[first:last]:
        expected += words(clean(line.replace("*", " ")))
    assert model_words(protocol) == expected
    assert [a.title for a in protocol.articles()] == [
        "Relation with the Convention",
        "Use of terms",
        "Statement of purpose",
        "Deployment of automated attack tools",
        "Laundering of proceeds",
        "Cooperation",
        "Settlement of disputes",
        "Signature, ratification, acceptance, approval and accession",
        "Entry into force",
        "Amendment",
        "Denunciation",
        "Depositary and languages",
    ]
    assert [(c.number, c.title) for c in protocol.chapters] == [
        ("I", "General provisions"),
        ("II", "Criminalization and cooperation"),
        ("III", "Final provisions"),
    ]
