"""Who replied and when: the response rate, the timeline of replies, the consents given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.statistics.dataset import Dataset, received_on


@dataclass(frozen=True)
class ResponseRate:
    """How many of the cycle's recipients replied, and how many of them by the deadline."""

    recipients: int
    """States asked (:attr:`Dataset.recipients`: the cycle's, and any other that replied)."""
    replied: int
    """Recipients with an accepted submission."""
    on_time: int
    """Of those, the States whose first accepted file arrived by the deadline."""
    late: int
    """Of those, the States whose first accepted file arrived after the deadline."""
    deadline: date
    """The deadline of the current issue."""

    @property
    def not_replied(self) -> int:
        """Recipients without an accepted submission."""
        return self.recipients - self.replied

    @property
    def rate(self) -> float:
        """The share of recipients that replied (0.0 without recipients)."""
        return self.replied / self.recipients if self.recipients else 0.0


@dataclass(frozen=True)
class TimelineDay:
    """One day on which at least one accepted file arrived."""

    day: date
    first: int
    """States whose first accepted file arrived that day."""
    resubmissions: int
    """Later accepted files (a State's second, third...) that arrived that day."""
    replied: int
    """States that had replied by the end of the day (the running total of :attr:`first`)."""
    late: bool
    """Whether the day is after the deadline."""


@dataclass(frozen=True)
class ConsentCount:
    """The consents to publication of the responding States' current submissions."""

    yes: int
    """``Yes``: the whole country report may be published."""
    summary: int
    """``Only the summary``: the summary and the answers, without free text."""
    no: int
    """``No``: only the State's name among those that replied."""
    not_given: int
    """Left empty (treated as ``No``)."""


def response_rate(dataset: Dataset) -> ResponseRate:
    """Recipients, replies, replies on time and late."""
    on_time = sum(r.on_time for r in dataset.replies)
    return ResponseRate(
        recipients=len(dataset.recipients),
        replied=len(dataset.replies),
        on_time=on_time,
        late=len(dataset.replies) - on_time,
        deadline=dataset.deadline,
    )


def timeline(dataset: Dataset) -> tuple[TimelineDay, ...]:
    """Accepted files by the day they arrived, in order of days.

    A file's day is its submission's ``received_on``; a State's first file counts as its
    reply, the others as resubmissions (a rejected file is not counted: it never reached the
    store).
    """
    first: dict[date, int] = {}
    later: dict[date, int] = {}
    for reply in dataset.replies:
        days = sorted(received_on(s) for s in reply.submissions)
        first[days[0]] = first.get(days[0], 0) + 1
        for day in days[1:]:
            later[day] = later.get(day, 0) + 1
    total = 0
    rows = []
    for day in sorted({*first, *later}):
        total += first.get(day, 0)
        rows.append(
            TimelineDay(day, first.get(day, 0), later.get(day, 0), total, day > dataset.deadline)
        )
    return tuple(rows)


def consents(dataset: Dataset) -> ConsentCount:
    """How many responding States gave each consent to publication."""
    keys = [r.consent for r in dataset.replies]
    return ConsentCount(
        yes=keys.count("yes"),
        summary=keys.count("summary"),
        no=keys.count("no"),
        not_given=keys.count(None),
    )
