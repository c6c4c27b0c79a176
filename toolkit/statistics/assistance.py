"""What States need and where they struggle: technical-assistance needs and challenges.

A *need* is the category a State chose in a question's Needs cell (``None``, the template's
"no need", and empty cells are not needs: :func:`~toolkit.statistics.vocabulary.need_key`).
A State *reports a challenge* under an article when the Challenges cell of at least one of the
article's questions says something (:func:`~toolkit.statistics.vocabulary.reported`).  Only the
questions of the current issue are read, in each State's current submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.lock import LockedQuestion
from toolkit.statistics.dataset import Dataset
from toolkit.statistics.vocabulary import need_key, reported


@dataclass(frozen=True)
class NeedCount:
    """One technical-assistance need, with how many States named it."""

    need: str
    """The category as chosen (``Training of practitioners (police, prosecutors, judges)``)."""
    states: int
    """States that named it for at least one of the questions counted."""
    mentions: int
    """Questions for which it was named, over all States."""


@dataclass(frozen=True)
class ArticleNeeds:
    """The needs named under one article, ranked."""

    article: int
    chapter: str
    title: str
    needs: tuple[NeedCount, ...]
    """Ranked as :func:`needs_ranking` ranks them (empty when no State named a need)."""


@dataclass(frozen=True)
class ChallengeCount:
    """How many States report challenges in implementing one article."""

    article: int
    chapter: str
    title: str
    states: int
    """States whose Challenges cell says something for at least one of the article's
    questions."""
    responding: int
    """States asked at least one of the article's questions."""

    @property
    def share(self) -> float:
        """:attr:`states` out of :attr:`responding` (0.0 when none responded)."""
        return self.states / self.responding if self.responding else 0.0


def needs_ranking(dataset: Dataset, article: int | None = None) -> tuple[NeedCount, ...]:
    """The needs named over every question (or one article's), most States first; ties by
    mentions (more first), then by the need's text."""
    return _ranked(dataset, _questions(dataset, article))


def needs_by_article(dataset: Dataset) -> tuple[ArticleNeeds, ...]:
    """Each article asked about, in workbook order, with its needs ranked."""
    return tuple(
        ArticleNeeds(number, chapter, title, _ranked(dataset, _questions(dataset, number)))
        for number, chapter, title in dataset.articles()
    )


def challenges_by_article(dataset: Dataset) -> tuple[ChallengeCount, ...]:
    """Every article asked about, those where most States report challenges first; ties by
    share (higher first), then in workbook order."""
    rows = []
    for number, chapter, title in dataset.articles():
        ids = [q.id for q in _questions(dataset, number)]
        states = responding = 0
        for reply in dataset.replies:
            responses = [reply.answers[i] for i in ids if i in reply.answers]
            responding += bool(responses)
            states += any(reported(r.challenges) for r in responses)
        rows.append(ChallengeCount(number, chapter, title, states, responding))
    order = {row.article: n for n, row in enumerate(rows)}
    return tuple(sorted(rows, key=lambda r: (-r.states, -r.share, order[r.article])))


def _questions(dataset: Dataset, article: int | None) -> tuple[LockedQuestion, ...]:
    if article is None:
        return dataset.questions
    return tuple(q for q in dataset.questions if q.article == article)


def _ranked(dataset: Dataset, questions: Iterable[LockedQuestion]) -> tuple[NeedCount, ...]:
    ids = [q.id for q in questions]
    states: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for reply in dataset.replies:
        named = [need_key(reply.answers[i].needs) for i in ids if i in reply.answers]
        for need in named:
            if need is not None:
                mentions[need] = mentions.get(need, 0) + 1
        for need in {n for n in named if n is not None}:
            states[need] = states.get(need, 0) + 1
    counts = [NeedCount(need, states[need], mentions[need]) for need in states]
    return tuple(sorted(counts, key=lambda c: (-c.states, -c.mentions, c.need)))
