"""Which provisions become questions, how they are worded, and the question-set hash."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from toolkit.errors import ConfigError
from toolkit.instrument import derive
from toolkit.instrument.model import Chapter, Flag, Instrument, Obligation, Provision
from toolkit.questionnaire import build_questions, load_template, prepare, question_set_hash
from toolkit.questionnaire.template import DEFAULT_TEMPLATE

# id          obligation  source       own words                                flags
ROWS = """
7             none        rule         -
7.1           mandatory   rule         Each State Party shall adopt measures.
7.2           optional    rule         A State Party may require intent.
8             mandatory   rule         Each State Party shall adopt:
8.a           mandatory   inherited    The obtaining of devices;
8.a.i         mandatory   inherited    A device;
8.b           mandatory   inherited    The possession of an item.
8.c           mandatory   rule         The financing of such conduct;
8.d           optional    rule         A State Party may exempt minors.
9             none        rule         -
9.1           none        rule         Nothing in this article shall affect:
9.1.a         consider    rule         States Parties shall endeavour to cooperate.
9.2           optional    rule         Each State Party may reserve the right.  reservation
9.3           mandatory   rule         Each State Party shall notify the SG.    notification
9.4           consider    rule         States Parties shall consider measures.
10            none        rule         -
10.1          mandatory   override     -
"""


def provision(row: str, instrument_rows: list[str]) -> Provision:
    pid, obligation, source, *rest = row.split(maxsplit=3)
    words = rest[0] if rest else "-"
    flags: tuple[Flag, ...] = ()
    for flag in Flag:
        if words.endswith(flag.value):
            words = words[: -len(flag.value)].strip()
            flags = (flag,)
    parts = pid.split(".")
    ids = [r.split()[0] for r in instrument_rows]
    children = tuple(i for i in ids if i.rsplit(".", 1)[0] == pid and i != pid and "." in i)
    levels = ["article"] + ["paragraph" if p.isdigit() else "subparagraph" for p in parts[1:]]
    kind = "clause" if levels.count("subparagraph") > 1 else levels[-1]
    return Provision(
        id=pid,
        eid="art_" + pid.replace(".", "__"),
        kind=kind,  # type: ignore[arg-type]
        article=int(parts[0]),
        chapter="II" if int(parts[0]) < 10 else "III",
        label=parts[-1],
        parent=".".join(parts[:-1]) or None,
        children=children,
        title=f"Title of article {parts[0]}" if len(parts) == 1 else "",
        text="" if words == "-" else words,
        wrap_up="",
        line=1,
        obligation=Obligation(obligation),
        obligation_source=source,  # type: ignore[arg-type]
        flags=flags,
    )


def small_instrument() -> Instrument:
    """The rows as an instrument; what is reviewed and asked the model's stages derive."""
    rows = [r for r in ROWS.strip().splitlines() if r.strip()]
    return derive(
        Instrument(
            title="Test Convention",
            source="test",
            source_sha256="0" * 64,
            resolution=None,
            preamble=(),
            chapters=(
                Chapter("II", "Criminalization", (7, 8, 9), 1),
                Chapter("III", "Other", (10,), 2),
            ),
            provisions=tuple(provision(r, rows) for r in rows),
        )
    )


@dataclass(frozen=True)
class Cycle:
    """A cycle as the questionnaire sees it (toolkit.cycle.Cycle's interface)."""

    articles: tuple[int, ...] = (7, 8, 9, 10)
    id: str = "test-cycle"
    title: str = "Test cycle"
    deadline: date = date(2027, 6, 30)
    reference: str = "CU 2026/1/DTA/OCB/CSS"
    contact_email: str = "cosp@example.org"
    path: Path = Path("test-cycle.yaml")

    def provisions(self, instrument: Instrument) -> tuple[Provision, ...]:
        return tuple(p for p in instrument.articles() if p.article in self.articles)


def test_questions_are_asked_at_the_level_that_carries_its_own_obligation() -> None:
    questions = build_questions(small_instrument(), Cycle())
    ids = [q.id for q in questions]
    assert ids == ["7.1", "7.2", "8", "8.d", "9.1.a", "9.2", "9.3", "9.4", "10.1"]


def test_a_list_item_binding_as_its_chapeau_is_not_asked_again() -> None:
    ids = [q.id for q in build_questions(small_instrument(), Cycle())]
    assert "8.c" not in ids  # mandatory under a mandatory chapeau: covered by question 8
    assert "8.d" in ids  # a "may" under a "shall": a question of its own


def test_a_chapeau_question_shows_the_text_of_the_children_it_covers() -> None:
    (q8,) = [q for q in build_questions(small_instrument(), Cycle()) if q.id == "8"]
    assert "(a) The obtaining of devices;" in q8.provision_text
    assert "(i) A device;" in q8.provision_text
    assert "(b) The possession of an item." in q8.provision_text


def test_kinds_follow_obligation_and_flags() -> None:
    kinds = {q.id: q.kind for q in build_questions(small_instrument(), Cycle())}
    assert kinds == {
        "7.1": "mandatory",
        "7.2": "optional",
        "8": "mandatory",
        "8.d": "optional",
        "9.1.a": "consider",
        "9.2": "reservation",
        "9.3": "notification",
        "9.4": "consider",
        "10.1": "mandatory",
    }


def test_wording_comes_from_the_template_with_the_citation() -> None:
    questions = {q.id: q for q in build_questions(small_instrument(), Cycle())}
    template = load_template()
    assert questions["7.1"].text.startswith("Article 7, paragraph 1 (Title of article 7)")
    assert "reservation" in questions["9.2"].text
    assert "Secretary-General" in questions["9.3"].text
    assert questions["9.1.a"].citation == "article 9, paragraph 1 (a)"
    assert questions["7.1"].text == template.question(
        "mandatory",
        citation="article 7, paragraph 1",
        Citation="Article 7, paragraph 1",
        title="Title of article 7",
        id="7.1",
    )


def test_questions_know_their_chapter_sheet() -> None:
    questions = build_questions(small_instrument(), Cycle())
    assert {q.id: q.sheet for q in questions}["10.1"] == "Chapter III"
    assert {q.chapter for q in questions} == {"II", "III"}


def test_scope_limits_the_questions() -> None:
    questions = build_questions(small_instrument(), Cycle(articles=(8,)))
    assert [q.id for q in questions] == ["8", "8.d"]


HASH = "6ba17acd9ae24221ec7741e324a6a182e26fd29341eb71c9c0374f96748d04ac"
"""The question set of the small instrument, hashed by hand: SHA-256 of the lines
"id<TAB>chapter<TAB>kind<TAB>sha256(provision text)" joined by newlines (``sha256sum``)."""


def test_hash_is_pinned_and_changes_with_the_question_set() -> None:
    questions = build_questions(small_instrument(), Cycle())
    assert question_set_hash(questions) == HASH
    assert question_set_hash(questions[1:]) != HASH
    assert question_set_hash(reversed(questions)) != HASH
    edited = (replace(questions[0], provision_text="Other words."), *questions[1:])
    assert question_set_hash(edited) != HASH


def test_hash_ignores_the_wording_of_the_questions() -> None:
    questions = build_questions(small_instrument(), Cycle())
    reworded = tuple(replace(q, text=q.text.upper()) for q in questions)
    assert question_set_hash(reworded) == HASH


def test_a_final_clause_is_not_asked() -> None:
    instrument = small_instrument()
    final = tuple(
        replace(p, title="Entry into force") if p.id == "10" else p for p in instrument.provisions
    )
    renamed = derive(replace(instrument, provisions=final, _index={}))
    assert [q.id for q in build_questions(renamed, Cycle())][-1] == "9.4"
    assert renamed.get("10.1").reviewed_reason == (
        "a final clause (entry into force): not implemented by domestic measures"
    )


@dataclass(frozen=True)
class IdCycle(Cycle):
    """A cycle whose scope names provisions (toolkit.cycle accepts IDs such as 11.1.a)."""

    ids: tuple[str, ...] = ()

    def provisions(self, instrument: Instrument) -> tuple[Provision, ...]:
        return tuple(instrument.get(i) for i in self.ids)


def test_a_scope_item_inside_a_question_selects_that_question() -> None:
    questions = build_questions(small_instrument(), IdCycle(ids=("8.a.i", "9.2")))
    assert [q.id for q in questions] == ["8", "9.2"]


def test_prepare_lists_only_chapters_with_questions() -> None:
    questionnaire = prepare(small_instrument(), Cycle(articles=(7,)))
    assert questionnaire.chapters == (("II", "Criminalization"),)


def test_a_scope_without_obligations_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        prepare(small_instrument(), Cycle(articles=(99,)))
    (finding,) = caught.value.findings
    assert finding.code == "questionnaire.no-questions"
    assert finding.location.file == "test-cycle.yaml"
    assert finding.location.key == "scope"


def test_the_real_convention_has_questions_in_every_chapter_of_the_default_cycle() -> None:
    from toolkit import instrument
    from toolkit.cycle import load_cycle

    cycle = load_cycle()
    convention = instrument.load(cycle.source)
    questions = build_questions(convention, cycle)
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids)) == 81  # 81 before: -17.2.a, b, c; +17.2, 31.4, 31.5
    assert "11.1" in ids and "11.1.a" not in ids  # the chapeau asks; its list does not repeat
    assert "14.1" in ids and "14.1.d" not in ids  # a list item that binds as its chapeau
    # "For purposes of implementing ... paragraph 1:" asks for its "shall" items (a) to (c);
    # (d) adds a notification, (e) and (f) are permissions.
    assert [i for i in ids if i.startswith("17.2")] == ["17.2", "17.2.d", "17.2.e", "17.2.f"]
    assert "31.4" in ids and "31.5" in ids  # "such property shall be liable to the measures"
    kinds = {q.id: q.kind for q in questions}
    assert (kinds["23.3.a"], kinds["23.3.b"], kinds["17.2.d"]) == (
        "reservation",
        "reservation",
        "notification",
    )
    assert all(convention.get(q.id).asked for q in questions)


# --- the template file -------------------------------------------------------------------


def write_template(tmp_path: Path, edit: str, new: str) -> Path:
    text = DEFAULT_TEMPLATE.read_text(encoding="utf-8")
    assert edit in text
    path = tmp_path / "questions.yaml"
    path.write_text(text.replace(edit, new, 1), encoding="utf-8")
    return path


def test_the_bundled_template_loads() -> None:
    template = load_template()
    assert template.answers == ("Yes", "Partially", "No", "Not applicable")
    assert "Legislative drafting and legal advice" in template.needs
    assert set(template.questions) == {
        "mandatory",
        "consider",
        "optional",
        "reservation",
        "notification",
    }


@pytest.mark.parametrize(
    ("edit", "new", "key"),
    [
        ("  notification: >-", "  notified: >-", "questions.notification"),
        ('answers: ["Yes", "Partially"', 'answers: ["Oui", "Partially"', "answers"),
        (
            "{{ Citation }} ({{ title }}) allows each",
            "{{ article }} allows each",
            "questions.optional",
        ),
        ("{{ Citation }} ({{ title }}) allows each", "{% if %} allows each", "questions.optional"),
        (
            'prompt_title: "Answer"',
            'prompt_title: "' + "A" * 40 + '"',
            "validation.answer.prompt_title",
        ),
        ('  - "Financial resources"', '  - "None"', "needs"),
    ],
)
def test_template_mistakes_name_the_file_and_key(
    tmp_path: Path, edit: str, new: str, key: str
) -> None:
    path = write_template(tmp_path, edit, new)
    with pytest.raises(ConfigError) as caught:
        load_template(path)
    (finding,) = caught.value.findings
    assert finding.location.file == str(path)
    assert finding.location.key == key
    assert "expected" in finding.message or "template" in finding.message


def test_a_missing_template_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_template(tmp_path / "absent.yaml")
    assert caught.value.findings[0].code == "template.not-found"


def test_a_template_indented_with_a_tab_names_the_line_and_the_tab(tmp_path: Path) -> None:
    path = write_template(tmp_path, "  mandatory:", "\tmandatory:")
    line = DEFAULT_TEMPLATE.read_text(encoding="utf-8").splitlines().index("  mandatory: >-") + 1
    with pytest.raises(ConfigError) as caught:
        load_template(path)
    (finding,) = caught.value.findings
    assert (finding.code, finding.location.file, finding.location.line) == (
        "template.unreadable",
        str(path),
        line,
    )
    assert finding.message.startswith("this is not valid YAML: ")
    assert "\n" not in finding.message
    assert "tab" in finding.hint


def test_a_folder_or_a_missing_template_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_template(tmp_path)
    assert caught.value.findings[0].message == "this is a folder, not the questionnaire template."
    with pytest.raises(ConfigError) as caught:
        load_template(tmp_path / "absent.yaml")
    assert "--template" in caught.value.findings[0].hint


def test_a_key_written_twice_in_the_template_names_the_second(tmp_path: Path) -> None:
    # A second wording of "mandatory" pasted below the first: YAML would keep the last silently.
    path = write_template(tmp_path, "  mandatory: >-", "  mandatory: Twice.\n  mandatory: >-")
    line = DEFAULT_TEMPLATE.read_text(encoding="utf-8").splitlines().index("  mandatory: >-") + 2
    with pytest.raises(ConfigError) as caught:
        load_template(path)
    (finding,) = caught.value.findings
    assert (finding.code, finding.location.line, finding.location.key) == (
        "template.duplicate-key",
        line,
        "questions.mandatory",
    )
    assert "twice" in finding.message
