"""The obligations of an instrument as rows and counts: one definition for every table.

An *obligation row* is a provision at question level (:attr:`Provision.question_level`): it
obliges, asks to consider or allows something by its own words, and no provision above it
says the same.  The flags counted are the flags of the rows.  The edition's obligations table
lists the rows and its summary counts them by chapter, so the two always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.instrument.model import Flag, Instrument, Obligation, Provision

KINDS: tuple[Obligation, ...] = (Obligation.MANDATORY, Obligation.CONSIDER, Obligation.OPTIONAL)
"""The obligations a row can have, in the order the tables show them."""
FLAGS: tuple[Flag, ...] = (Flag.RESERVATION, Flag.NOTIFICATION)


def obligation_rows(instrument: Instrument) -> tuple[Provision, ...]:
    """The provisions at question level, in document order (reviewed or not)."""
    return tuple(p for p in instrument.provisions if p.question_level)


@dataclass(frozen=True)
class ChapterCounts:
    """The obligation rows of one chapter, counted (or of all chapters: ``number`` "")."""

    number: str
    title: str
    articles: tuple[int, ...]
    obligations: dict[Obligation, int]
    """Rows by obligation (every kind of :data:`KINDS` present, 0 included)."""
    flags: dict[Flag, int]
    """Rows carrying each flag."""
    reviewed: int
    """Rows the review asks about."""

    @property
    def rows(self) -> int:
        """How many obligation rows the chapter has."""
        return sum(self.obligations.values())


def _count(
    number: str, title: str, articles: tuple[int, ...], rows: list[Provision]
) -> ChapterCounts:
    obligations = Counter(p.obligation for p in rows)
    flags = Counter(flag for p in rows for flag in p.flags)
    return ChapterCounts(
        number=number,
        title=title,
        articles=articles,
        obligations={kind: obligations[kind] for kind in KINDS},
        flags={flag: flags[flag] for flag in FLAGS},
        reviewed=sum(1 for p in rows if p.reviewed),
    )


def chapter_counts(instrument: Instrument) -> tuple[ChapterCounts, ...]:
    """The counts of every chapter, in order, then the total (``number`` "")."""
    rows = obligation_rows(instrument)
    out = []
    for chapter in instrument.chapters:
        mine = [p for p in rows if p.chapter == chapter.number]
        out.append(_count(chapter.number, chapter.title, chapter.articles, mine))
    out.append(_count("", "All chapters", (), list(rows)))
    return tuple(out)
