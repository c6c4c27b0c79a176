"""The questions of a review cycle: one per provision in scope that the review asks about.

Which provisions are asked about is decided once, in the treaty model
(:mod:`toolkit.instrument.review`): a provision is asked when it is reviewed (not a final
clause, and it binds or permits something for States) and at question level (the highest
provision with words of its own saying that obligation; a subparagraph is a question of its
own only when it asks something else, another obligation or a flag). So ``11.1`` ("Each State
Party shall adopt ... the following conduct:") is one question, shown with the full text of
its subparagraphs, and ``11.1.a`` is not asked again. The kind of question
(:attr:`~toolkit.instrument.model.Provision.question_kind`) follows the obligation, except that
a provision allowing a reservation or requiring a notification to the Secretary-General is
worded as such.

A cycle's scope selects the asked provisions it covers; a scope item that lies inside a
question (``11.1.a``, covered by ``11.1``'s) selects that question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from toolkit.errors import ConfigError, Location
from toolkit.instrument.citation import cite
from toolkit.instrument.model import Instrument, Obligation, Provision, QuestionKind
from toolkit.lock import question_set_hash
from toolkit.questionnaire.cells import fit_cell
from toolkit.questionnaire.layout import chapter_sheet
from toolkit.questionnaire.template import Template, load_template

ASKED = frozenset({Obligation.MANDATORY, Obligation.CONSIDER, Obligation.OPTIONAL})
"""Obligations a question can be about."""


class CycleScope(Protocol):
    """What :func:`build_questions` needs of a review cycle (``toolkit.cycle.Cycle``)."""

    def provisions(self, instrument: Instrument) -> tuple[Provision, ...]: ...


@dataclass(frozen=True)
class Question:
    """One row of a chapter sheet: a provision and what the State is asked about it."""

    id: str
    """The provision ID, shown in the ``ID`` column (``11.1``)."""
    eid: str
    """The Akoma Ntoso eId of the provision."""
    chapter: str
    """Roman numeral of the chapter: the question stands on sheet ``Chapter <chapter>``."""
    article: int
    kind: QuestionKind
    obligation: Obligation
    citation: str
    """How the Convention cites the provision ("article 11, paragraph 1")."""
    title: str
    """The article's title."""
    text: str
    """The question, worded by its kind from the template."""
    provision_text: str
    """The provision's full text, children included (``Instrument.full_text``)."""
    provision_cell: str = ""
    """The ``Provision`` cell as issued (empty: :func:`provision_cell` of the question)."""

    @property
    def sheet(self) -> str:
        """The chapter sheet the question stands on."""
        return chapter_sheet(self.chapter)

    @property
    def cell(self) -> str:
        """The text of the ``Provision`` cell: as issued, or made from the provision."""
        return self.provision_cell or provision_cell(self)


def provision_cell(question: Question) -> str:
    """The Provision column: the citation and title, then the full text (within Excel's limit)."""
    heading = question.citation[:1].upper() + question.citation[1:]
    if question.title:
        heading += f" — {question.title}"
    reference = f"see {question.citation} in the Convention"
    return fit_cell(f"{heading}\n\n{question.provision_text}", reference)


def asks_question(provision: Provision) -> bool:
    """Whether the review asks about a provision at its level (the model's ``asked``)."""
    return provision.asked


def question_kind(provision: Provision) -> QuestionKind:
    """The kind of wording a provision's question takes (the model's ``question_kind``)."""
    if provision.question_kind is None:
        raise ValueError(f"provision {provision.id} is not at question level")
    return provision.question_kind


def provisions_in_scope(instrument: Instrument, cycle: CycleScope) -> tuple[Provision, ...]:
    """The cycle's provisions with everything under them, once each, in document order."""
    wanted: set[str] = set()
    for provision in cycle.provisions(instrument):
        wanted.add(provision.id)
        wanted.update(p.id for p in instrument.descendants(provision.id))
    return tuple(p for p in instrument.provisions if p.id in wanted)


def covering_question(instrument: Instrument, provision: Provision) -> Provision | None:
    """The asked provision whose question covers ``provision`` (itself when it is asked);
    None when the review asks nothing about it."""
    if not provision.reviewed or provision.obligation not in ASKED:
        return None
    current: Provision | None = provision
    while current is not None:
        if current.asked:
            return current
        current = instrument.parent_of(current)
    return None


def asked_provisions(
    instrument: Instrument, provisions: Iterable[Provision]
) -> tuple[Provision, ...]:
    """The provisions that become questions for these provisions, in document order.

    Each asked provision among them, and for one that lies inside a question without being
    asked itself (a scope item such as ``11.1.a``), the question that covers it.
    """
    chosen = list(provisions)
    wanted = {p.id for p in chosen if p.asked}
    inside = {p.id for p in chosen}
    for provision in chosen:
        if provision.parent in inside or provision.asked:
            continue
        covering = covering_question(instrument, provision)
        if covering is not None:
            wanted.add(covering.id)
    return tuple(p for p in instrument.provisions if p.id in wanted)


def build_questions(
    instrument: Instrument, cycle: CycleScope, template: Template | None = None
) -> tuple[Question, ...]:
    """The questions of a cycle, in document order (what every workbook of the cycle asks)."""
    template = template or load_template()
    titles = {p.article: p.title for p in instrument.articles()}
    questions = []
    for provision in asked_provisions(instrument, provisions_in_scope(instrument, cycle)):
        citation = cite(provision.id)
        kind = question_kind(provision)
        title = titles.get(provision.article, "")
        questions.append(
            Question(
                id=provision.id,
                eid=provision.eid,
                chapter=provision.chapter,
                article=provision.article,
                kind=kind,
                obligation=provision.obligation,
                citation=citation,
                title=title,
                text=template.question(
                    kind,
                    citation=citation,
                    Citation=citation[:1].upper() + citation[1:],
                    title=title,
                    id=provision.id,
                ),
                provision_text=instrument.full_text(provision.id),
            )
        )
    return tuple(questions)


class CycleInfo(CycleScope, Protocol):
    """What a workbook shows of a review cycle (``toolkit.cycle.Cycle``)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def deadline(self) -> date: ...
    @property
    def reference(self) -> str: ...
    @property
    def contact_email(self) -> str: ...


@dataclass(frozen=True)
class Questionnaire:
    """Everything the workbooks of one cycle share: the cycle's particulars and its questions."""

    cycle_id: str
    cycle_title: str
    deadline: date
    reference: str
    contact_email: str
    instrument_title: str
    chapters: tuple[tuple[str, str], ...]
    """``(roman numeral, title)`` of each chapter that has questions, in order."""
    questions: tuple[Question, ...]
    template: Template
    question_set_hash: str

    @classmethod
    def for_cycle(
        cls,
        cycle: CycleInfo,
        *,
        instrument_title: str,
        chapters: tuple[tuple[str, str], ...],
        questions: tuple[Question, ...],
        template: Template,
        question_set_hash: str,
    ) -> Questionnaire:
        """The questionnaire of these questions, with the cycle's particulars."""
        return cls(
            cycle_id=cycle.id,
            cycle_title=cycle.title,
            deadline=cycle.deadline,
            reference=cycle.reference,
            contact_email=cycle.contact_email,
            instrument_title=instrument_title,
            chapters=chapters,
            questions=questions,
            template=template,
            question_set_hash=question_set_hash,
        )

    def chapter_questions(self, chapter: str) -> tuple[Question, ...]:
        """The questions standing on one chapter's sheet."""
        return tuple(q for q in self.questions if q.chapter == chapter)


def prepare(
    instrument: Instrument, cycle: CycleInfo, template: Template | None = None
) -> Questionnaire:
    """The questionnaire of a cycle: its questions and what every workbook of it shows."""
    template = template or load_template()
    questions = build_questions(instrument, cycle, template)
    if not questions:
        raise ConfigError.at(
            "questionnaire.no-questions",
            Location(str(getattr(cycle, "path", cycle.id)), key="scope"),
            "no provision in the cycle's scope binds or permits anything for States, "
            "so the questionnaire would have no questions.",
            "Add chapters, articles or provision IDs with obligations to the scope.",
        )
    numbers = list(dict.fromkeys(q.chapter for q in questions))
    titles = {c.number: c.title for c in instrument.chapters}
    return Questionnaire.for_cycle(
        cycle,
        instrument_title=instrument.title,
        chapters=tuple((n, titles.get(n, "")) for n in numbers),
        questions=questions,
        template=template,
        question_set_hash=question_set_hash(questions),
    )
