"""The answers of a cycle as statistics read them: who was asked, who replied, what they said.

:func:`collect` reads the store once and returns a :class:`Dataset` of plain frozen records;
every count of :mod:`toolkit.statistics` is a pure function of it.

**What is counted.**  For each State, its *current* accepted submission of the cycle: the one
intake made current (the latest recorded, :meth:`toolkit.intake.Store.current`); earlier
submissions are listed but never counted.  Rejected files never reach the store, so a State
whose files were all rejected has not replied.

**Which questions.**  The questions of the cycle's current issue (the lock's
:attr:`~toolkit.lock.Lock.current`), in workbook order.  A State whose current submission
answers an earlier issue (a workbook sent before a ``--relock``) is counted on the questions
that issue shares with the current one *by ID*; a question of the current issue its workbook did
not ask is "not asked" of that State: it is neither an answer nor unanswered, and the State is
not among that question's responding States.  Its answers to questions the current issue
dropped are kept in :attr:`Reply.answers` but counted nowhere.

**Time.**  A file's day is the day it arrived (``Submission.received_on``, given to
``cosp ingest --received``); a State replied *on time* when its first accepted file (the
earliest day of arrival among its accepted submissions) arrived on or before the deadline of
the current issue, whatever the day of later corrections.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from toolkit.cycle import Cycle
from toolkit.intake.store import Answer, Store, Submission
from toolkit.lock import Lock, LockedQuestion
from toolkit.registry import Registry
from toolkit.statistics.vocabulary import AnswerKey, ConsentKey, answer_key, consent_key

Publication = Literal["full", "summary", "none"]
"""What a public build may show of a State: the whole report, the summary and the answers
without any free text, or nothing but its name among the States that replied."""


@dataclass(frozen=True)
class Response:
    """One question's response in a State's current submission."""

    id: str
    """The question (provision) ID, ``11.1.a``."""
    answer: AnswerKey | None
    """The answer's key (:mod:`toolkit.statistics.vocabulary`); ``None`` when left blank."""
    label: str | None
    """The answer as stored (the dropdown's label, ``Not applicable``); ``None`` when blank."""
    legislation: str | None
    """The legislation cited, verbatim (untrusted text: never markup)."""
    examples: str | None
    """Examples of implementation, verbatim."""
    challenges: str | None
    """Challenges met, verbatim."""
    needs: str | None
    """The technical-assistance need chosen (a category of the template), verbatim."""
    comments: str | None
    """Comments, verbatim."""


@dataclass(frozen=True)
class Reply:
    """A responding State: its accepted submissions of the cycle and its current answers."""

    iso3: str
    """ISO 3166-1 alpha-3 code (``EUU`` for the European Union)."""
    short_name: str
    """UN short name, from the registry (the code when the registry no longer lists it)."""
    group: str | None
    """UN regional group (:data:`toolkit.registry.GROUPS`), or ``None`` for a State in none."""
    language: str
    """The State's UN language of correspondence (``en``)."""
    submissions: tuple[Submission, ...]
    """Every accepted submission of the State for the cycle, oldest first; the last one is
    current (file names, hashes and receipts' data for internal reports)."""
    received_on: date
    """The day the current submission's file arrived."""
    first_received_on: date
    """The earliest day on which an accepted file of the State arrived (what
    :attr:`on_time` judges)."""
    on_time: bool
    """Whether the first accepted file arrived on or before the deadline."""
    consent: ConsentKey | None
    """The current submission's consent to publication; ``None`` when left empty."""
    current_issue: bool
    """Whether the current submission answers the cycle's current issue (else an earlier one,
    counted on the questions the issues share by ID)."""
    answers: Mapping[str, Response]
    """The current submission's responses by question ID, in its workbook's order (a plain
    mapping, so that a dataset pickles for parallel builds; do not change it)."""
    focal_point: tuple[str | None, ...]
    """The cover's focal-point cells of the current submission: name, title, institution,
    e-mail, telephone (``None`` where empty; internal builds only)."""

    @property
    def current(self) -> Submission:
        """The submission counted: the latest accepted one."""
        return self.submissions[-1]

    @property
    def resubmitted(self) -> bool:
        """Whether the State sent more than one accepted file."""
        return len(self.submissions) > 1

    @property
    def publication(self) -> Publication:
        """What a public build may show: ``Yes`` the whole report, ``Only the summary`` the
        summary and the answers without free text, ``No`` or no answer nothing."""
        if self.consent == "yes":
            return "full"
        return "summary" if self.consent == "summary" else "none"

    def asked(self, question_id: str) -> bool:
        """Whether the State's current workbook asked this question."""
        return question_id in self.answers


@dataclass(frozen=True)
class Recipient:
    """A State the cycle asked (or that replied without being listed)."""

    iso3: str
    short_name: str
    group: str | None
    listed: bool
    """Whether the cycle file names it as a recipient (``False``: it replied with a workbook
    written for it with ``cosp questionnaire --state``)."""
    replied: bool
    """Whether it has an accepted submission for the cycle."""


@dataclass(frozen=True)
class Dataset:
    """Everything the counts read about one cycle (see the module for the rules)."""

    cycle: str
    """The cycle's id."""
    title: str
    """The cycle's title as issued."""
    deadline: date
    """The deadline of the current issue."""
    question_set_hash: str
    """The current issue's question-set hash."""
    chapters: tuple[tuple[str, str], ...]
    """``(roman numeral, title)`` of each chapter of the current issue, in order."""
    questions: tuple[LockedQuestion, ...]
    """The current issue's questions, in workbook order: what is counted."""
    recipients: tuple[Recipient, ...]
    """The cycle's recipients in the cycle's order, then any other State that replied."""
    replies: tuple[Reply, ...]
    """The responding States, in the order of :attr:`recipients`."""

    def reply(self, iso3: str) -> Reply | None:
        """The reply of a State (code in any case), ``None`` when it has not replied."""
        wanted = iso3.upper()
        return next((r for r in self.replies if r.iso3 == wanted), None)

    def question(self, question_id: str) -> LockedQuestion:
        """A question of the current issue (KeyError naming the ID otherwise)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def articles(self) -> tuple[tuple[int, str, str], ...]:
        """``(article, chapter, title)`` of each article asked about, in workbook order."""
        seen = dict.fromkeys((q.article, q.chapter, q.title) for q in self.questions)
        return tuple(seen)

    def chapter_title(self, chapter: str) -> str:
        """The title of a chapter of the issue (``""`` when it has none)."""
        return dict(self.chapters).get(chapter, "")


def collect(store: Store, lock: Lock, registry: Registry, cycle: Cycle) -> Dataset:
    """Read the cycle's current submissions from the store, with the lock's questions and the
    registry's groups, into a :class:`Dataset`.

    ``lock`` is :func:`toolkit.lock.read_lock` of the workspace's lock of ``cycle`` (the cycle
    gives the recipients; the lock what was asked and by when).
    """
    if lock.cycle != cycle.id:
        raise ValueError(f"the lock is of cycle {lock.cycle!r}, not {cycle.id!r}")
    issue = lock.current
    deadline = issue.particulars.deadline
    by_state: dict[str, list[Submission]] = {}
    for submission in store.cycle_submissions(cycle.id):
        by_state.setdefault(submission.state, []).append(submission)
    listed = [s.iso3 for s in cycle.recipients_in(registry)]
    order = list(dict.fromkeys([*listed, *sorted(by_state)]))
    replies = tuple(
        _reply(registry, iso3, tuple(by_state[iso3]), store, deadline, issue.question_set_hash)
        for iso3 in order
        if iso3 in by_state
    )
    recipients = tuple(
        Recipient(
            iso3=iso3,
            short_name=_name(registry, iso3),
            group=_group(registry, iso3),
            listed=iso3 in listed,
            replied=iso3 in by_state,
        )
        for iso3 in order
    )
    return Dataset(
        cycle=cycle.id,
        title=issue.particulars.title,
        deadline=deadline,
        question_set_hash=issue.question_set_hash,
        chapters=issue.chapters,
        questions=issue.questions,
        recipients=recipients,
        replies=replies,
    )


def _reply(
    registry: Registry,
    iso3: str,
    submissions: Sequence[Submission],
    store: Store,
    deadline: date,
    current_hash: str,
) -> Reply:
    current = submissions[-1]
    first = min(received_on(s) for s in submissions)
    answers = {a.id: response(a) for a in store.answers(current.id)}
    return Reply(
        iso3=iso3,
        short_name=_name(registry, iso3),
        group=_group(registry, iso3),
        language=registry.get(iso3).language if iso3 in registry else "en",
        submissions=tuple(submissions),
        received_on=received_on(current),
        first_received_on=first,
        on_time=first <= deadline,
        consent=consent_key(current.consent),
        current_issue=current.question_set_hash == current_hash,
        answers=answers,
        focal_point=_focal_point(current.focal_point),
    )


def response(answer: Answer) -> Response:
    """A stored answer as statistics read it (its answer as a key)."""
    return Response(
        id=answer.id,
        answer=answer_key(answer.answer),
        label=answer.answer,
        legislation=answer.legislation,
        examples=answer.examples,
        challenges=answer.challenges,
        needs=answer.needs,
        comments=answer.comments,
    )


def received_on(submission: Submission) -> date:
    """The day a submission's file arrived (the day it was recorded, for submissions recorded
    before the day of arrival was: store version 3 copied it from the time of recording)."""
    return date.fromisoformat((submission.received_on or submission.received_at)[:10])


def _focal_point(text: str) -> tuple[str | None, ...]:
    try:
        values = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(values, list):
        return ()
    return tuple(v if isinstance(v, str) else None for v in values)


def _name(registry: Registry, iso3: str) -> str:
    return registry.get(iso3).short_name if iso3 in registry else iso3


def _group(registry: Registry, iso3: str) -> str | None:
    return registry.get(iso3).group if iso3 in registry else None
