"""The executive summary of the thematic report: sentences filled from the figures.

Every sentence is a template whose blanks are numbers and names taken from the statistics
(the response rate, the counts by article and by group, the needs ranked, the challenges); a
sentence whose figures are missing (no reply yet, no need named) is left out, never guessed.
A gap is an answer saying the measures are not in place although the Convention requires
them; a "no" the Convention allows (a possibility not used, a reservation) is a choice, and
the sentences never count it as a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.publications.labels import CATEGORIES
from toolkit.publications.records import TallyRecord
from toolkit.publications.words import listing, long_date, number, percent, plural


@dataclass(frozen=True)
class Row:
    """A named row of counts (an article, a group)."""

    label: str
    counts: TallyRecord
    """``yes``, ``partially``, ``no``, ``choice``, ``not_applicable``, ``unanswered``,
    ``responding``."""

    @property
    def answers(self) -> int:
        return sum(self.count(name) for name in CATEGORIES)

    def count(self, outcome: str) -> int:
        value: int = self.counts[outcome]  # type: ignore[literal-required]
        return value

    def share(self, outcome: str) -> float:
        return self.count(outcome) / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Figures:
    """What the summary is written from."""

    cycle_title: str
    deadline: str
    recipients: int
    replied: int
    on_time: int
    late: int
    questions: int
    overall: Row
    articles: Sequence[Row]
    groups: Sequence[Row | None]
    """Each group's counts (None: withheld, fewer than 3 States)."""
    needs: Sequence[tuple[str, int]]
    """``(need, States naming it)``, ranked."""
    challenges: Sequence[tuple[str, int, int]]
    """``(article, States reporting challenges, States that answered)``, most first."""


def executive_summary(figures: Figures) -> list[str]:
    """The paragraphs of the executive summary."""
    paragraphs = [_replies(figures)]
    if figures.replied:
        paragraphs.append(_answers(figures))
        if sentence := _articles(figures.articles):
            paragraphs.append(sentence)
        if sentence := _groups(figures.groups):
            paragraphs.append(sentence)
        assistance = " ".join(s for s in (_needs(figures.needs), _challenges(figures)) if s)
        if assistance:
            paragraphs.append(assistance)
    return paragraphs


def _replies(f: Figures) -> str:
    asked = (
        f"The review cycle “{f.cycle_title}” asked {plural(f.recipients, 'State')} to assess "
        f"their implementation of the Convention by {long_date(f.deadline)}."
    )
    if not f.replied:
        return f"{asked} No State has replied yet."
    return (
        f"{asked} {plural(f.replied, 'State')} replied ({percent(f.replied, f.recipients)} of "
        f"those asked): {f.on_time} by the deadline and {f.late} after it."
    )


def _answers(f: Figures) -> str:
    o = f.overall

    def part(name: str) -> str:
        return f"{number(o.count(name))} ({percent(o.count(name), o.answers)})"

    def were(name: str) -> str:
        return "was" if o.count(name) == 1 else "were"

    return (
        f"Over the {plural(f.questions, 'question')} asked, the States that replied gave "
        f"{number(o.answers)} answers. {part('yes')} said the measures are in place, "
        f"{part('partially')} in place in part and {part('no')} not in place: a gap. "
        f"{part('choice')} {were('choice')} a choice the Convention allows, not a gap (a "
        "possibility not used, a reservation, measures considered and not adopted). "
        f"{part('not_applicable')} said the provision does not apply and "
        f"{part('unanswered')} {were('unanswered')} left unanswered."
    )


def _extremes(rows: Sequence[Row], outcome: str) -> tuple[list[Row], list[Row]]:
    counted = [r for r in rows if r.answers]
    if not counted:
        return [], []
    highest = max(r.share(outcome) for r in counted)
    lowest = min(r.share(outcome) for r in counted)
    return (
        [r for r in counted if r.share(outcome) == highest],
        [r for r in counted if r.share(outcome) == lowest],
    )


def _share_of(row: Row, outcome: str) -> str:
    return percent(row.count(outcome), row.answers)


def _articles(rows: Sequence[Row]) -> str:
    high, low = _extremes(rows, "yes")
    if len(rows) < 2 or not high or high == low:
        return ""
    return (
        f"The share of answers in place is highest under {_names(high)} "
        f"({_share_of(high[0], 'yes')}) and lowest under {_names(low)} "
        f"({_share_of(low[0], 'yes')}, with {_share_of(low[0], 'no')} not in place)."
    )


def _names(rows: list[Row]) -> str:
    names = [r.label for r in rows[:3]]
    more = len(rows) - len(names)
    return listing(names) + (f" and {more} more" if more else "")


def _groups(groups: Sequence[Row | None]) -> str:
    shown = [g for g in groups if g is not None]
    withheld = len(groups) - len(shown)
    sentence = ""
    if len(shown) >= 2:
        high, low = _extremes(shown, "yes")
        if high and low and high != low:
            sentence = (
                f"By regional group, the share of answers in place ranges from "
                f"{_share_of(low[0], 'yes')} ({_names(low)}) to "
                f"{_share_of(high[0], 'yes')} ({_names(high)})."
            )
    if withheld:
        sentence += (
            f" The counts of {plural(withheld, 'regional group')} with fewer than 3 responding "
            "States are not shown."
        )
    return sentence.strip()


def _needs(needs: Sequence[tuple[str, int]]) -> str:
    if not needs:
        return "No State named a technical-assistance need."
    first, states = needs[0]
    sentence = f"The technical-assistance need named by most States is “{first}” ({states})"
    others = [f"“{need}” ({count})" for need, count in needs[1:3]]
    return sentence + (f", then {listing(others)}." if others else ".")


def _challenges(f: Figures) -> str:
    reported = [c for c in f.challenges if c[1]]
    if not reported:
        return "No State reported challenges."
    top = [c for c in reported if c[1] == reported[0][1]]
    _, states, responding = top[0]
    names = listing([c[0] for c in top[:3]])
    return (
        f"Most States report challenges under {names}: {states} of the {responding} that "
        f"answered ({percent(states, responding)})."
    )
