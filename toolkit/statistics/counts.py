"""How many States answered what: by question, article, chapter and regional group.

Every count is exact and a pure function of a :class:`~toolkit.statistics.dataset.Dataset`.

**Units.**  The answer fields of a :class:`Tally` (``yes``, ``partially``, ``no``,
``not_applicable``, ``unanswered``) count *answers*: one per responding State and question.
``responding`` counts *States*: those asked at least one of the questions counted (see the
dataset's rule on earlier issues).  For one question the two agree (the five fields add up to
``responding``); for an article or a chapter of several questions the five fields add up to
:attr:`Tally.answers`, the States times the questions each was asked.  ``unanswered`` is a
responding State's blank answer; a State that did not reply is in no count.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Literal, get_args

from toolkit.lock import LockedQuestion
from toolkit.registry import GROUPS
from toolkit.statistics.dataset import Dataset, Reply
from toolkit.statistics.vocabulary import ANSWER_KEYS, AnswerKey

Level = Literal["provision", "article", "chapter"]
"""What one row counts: a question, an article (its questions together), a chapter."""
LEVELS: tuple[Level, ...] = get_args(Level)
Outcome = AnswerKey | Literal["unanswered"]
"""What a responding State's answer to a question is: an answer key, or left blank."""
OUTCOMES: tuple[Outcome, ...] = (*ANSWER_KEYS, "unanswered")
MINIMUM_STATES = 3
"""A regional group with fewer responding States is shown as "fewer than 3" in public."""


@dataclass(frozen=True)
class Tally:
    """The counts of one row (see the module for the units)."""

    yes: int = 0
    """Answers ``Yes``."""
    partially: int = 0
    """Answers ``Partially``."""
    no: int = 0
    """Answers ``No``."""
    not_applicable: int = 0
    """Answers ``Not applicable``."""
    unanswered: int = 0
    """Questions a responding State left blank."""
    responding: int = 0
    """States asked at least one of the questions counted (those that replied)."""

    @property
    def answers(self) -> int:
        """Answers counted, blank ones included: the sum of the five answer fields."""
        return self.yes + self.partially + self.no + self.not_applicable + self.unanswered

    @property
    def answered(self) -> int:
        """Answers other than blank."""
        return self.answers - self.unanswered

    def count(self, outcome: Outcome) -> int:
        """The count of one outcome (``"yes"`` ... ``"unanswered"``)."""
        if outcome not in OUTCOMES:
            raise KeyError(outcome)
        return int(getattr(self, outcome))

    def share(self, outcome: Outcome) -> float:
        """The outcome's share of :attr:`answers` (0.0 when nothing was counted)."""
        return self.count(outcome) / self.answers if self.answers else 0.0

    def as_dict(self) -> dict[str, int]:
        """The six fields by name, in order (what ``cosp statistics`` prints)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


TALLY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Tally))
"""The fields of every count record: ``yes`` ... ``unanswered``, ``responding``."""


@dataclass(frozen=True)
class ProvisionCount:
    """The counts of one question."""

    id: str
    """The question (provision) ID."""
    article: int
    chapter: str
    """The chapter's roman numeral (``II``)."""
    kind: str
    """The kind of question (``mandatory``, ``reservation``... :data:`toolkit.lock.KINDS`)."""
    tally: Tally


@dataclass(frozen=True)
class ArticleCount:
    """The counts of one article's questions together."""

    article: int
    chapter: str
    title: str
    """The article's title (``Illegal access``)."""
    questions: int
    """Questions of the article in the issue."""
    tally: Tally


@dataclass(frozen=True)
class ChapterCount:
    """The counts of one chapter's questions together."""

    chapter: str
    title: str
    questions: int
    tally: Tally


@dataclass(frozen=True)
class RegionCount:
    """The counts of one regional group for one question, article or chapter."""

    group: str | None
    """The regional group; ``None`` for the States in no group (Holy See, European Union)."""
    by: Level
    """What :attr:`key` names."""
    key: str
    """The question ID, the article's number (``"7"``) or the chapter's numeral."""
    tally: Tally | None
    """The group's counts; ``None`` when fewer than :attr:`minimum` of its States responded
    (:func:`region_counts`: to be shown as "fewer than 3")."""
    minimum: int = 0
    """The number of responding States below which the counts are withheld."""

    @property
    def withheld(self) -> bool:
        """Whether the group's counts are withheld (fewer than :attr:`minimum` States)."""
        return self.tally is None


def tally(questions: Iterable[LockedQuestion], replies: Iterable[Reply]) -> Tally:
    """The counts of these questions over these replies (the building block of every table)."""
    questions = tuple(questions)
    counts = dict.fromkeys(OUTCOMES, 0)
    responding = 0
    for reply in replies:
        asked = False
        for question in questions:
            response = reply.answers.get(question.id)
            if response is not None:
                asked = True
                counts[response.answer or "unanswered"] += 1
        responding += asked
    return Tally(**counts, responding=responding)


def overall(dataset: Dataset, states: Collection[str] | None = None) -> Tally:
    """Every question of the issue together (``states``: only these ISO codes)."""
    return tally(dataset.questions, _replies(dataset, states))


def by_provision(
    dataset: Dataset, states: Collection[str] | None = None
) -> tuple[ProvisionCount, ...]:
    """One record per question, in workbook order (``states``: only these ISO codes)."""
    replies = _replies(dataset, states)
    return tuple(
        ProvisionCount(q.id, q.article, q.chapter, q.kind, tally((q,), replies))
        for q in dataset.questions
    )


def by_article(dataset: Dataset, states: Collection[str] | None = None) -> tuple[ArticleCount, ...]:
    """One record per article asked about, in workbook order (``states``: only these)."""
    replies = _replies(dataset, states)
    return tuple(
        ArticleCount(article, chapter, title, len(asked), tally(asked, replies))
        for article, chapter, title in dataset.articles()
        for asked in [[q for q in dataset.questions if q.article == article]]
    )


def by_chapter(dataset: Dataset, states: Collection[str] | None = None) -> tuple[ChapterCount, ...]:
    """One record per chapter of the issue, in order (``states``: only these ISO codes)."""
    replies = _replies(dataset, states)
    return tuple(
        ChapterCount(number, title, len(asked), tally(asked, replies))
        for number, title in dataset.chapters
        for asked in [[q for q in dataset.questions if q.chapter == number]]
    )


def groups(dataset: Dataset) -> tuple[str | None, ...]:
    """The regional groups of the cycle's recipients, in :data:`~toolkit.registry.GROUPS`
    order, then ``None`` when some recipient is in no group."""
    present = {r.group for r in dataset.recipients}
    return (*(g for g in GROUPS if g in present), *((None,) if None in present else ()))


def by_region(dataset: Dataset, by: Level = "provision") -> tuple[RegionCount, ...]:
    """Exact counts per regional group (:func:`groups`) and question, article or chapter:
    the groups in order, each with its rows in workbook order (the secretariat's figures)."""
    return region_counts(dataset, by, minimum=0)


def region_counts(
    dataset: Dataset, by: Level = "provision", minimum: int = MINIMUM_STATES
) -> tuple[RegionCount, ...]:
    """As :func:`by_region`, but a row whose group has fewer than ``minimum`` responding
    States carries no counts (``tally`` is ``None``): the public site says "fewer than 3"."""
    if by not in LEVELS:
        raise ValueError(f"unknown level {by!r} (one of {', '.join(LEVELS)})")
    rows: list[RegionCount] = []
    for group in groups(dataset):
        states = [r.iso3 for r in dataset.replies if r.group == group]
        counted: Sequence[tuple[str, Tally]]
        if by == "provision":
            counted = [(c.id, c.tally) for c in by_provision(dataset, states)]
        elif by == "article":
            counted = [(str(c.article), c.tally) for c in by_article(dataset, states)]
        else:
            counted = [(c.chapter, c.tally) for c in by_chapter(dataset, states)]
        rows += [
            RegionCount(group, by, key, t if t.responding >= minimum else None, minimum)
            for key, t in counted
        ]
    return tuple(rows)


def _replies(dataset: Dataset, states: Collection[str] | None) -> tuple[Reply, ...]:
    if states is None:
        return dataset.replies
    wanted = {s.upper() for s in states}
    return tuple(r for r in dataset.replies if r.iso3 in wanted)
