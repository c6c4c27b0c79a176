"""What a genuine questionnaire must contain, recomputed from the cycle and the instrument.

Validation asks a :class:`Reference` whether a State is known and which questions a cycle's
questionnaire holds.  :class:`ToolkitReference` answers from the States registry, the review
cycles and the questionnaire generator's own ``build_questions`` and ``question_set_hash``
(docs/CONTRACTS.md), so a workbook is recognised by the same computation that produced it.
Tests pass a small reference of their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from toolkit.intake.layout import chapter_sheet


@dataclass(frozen=True)
class ExpectedQuestion:
    """A question row a workbook must hold."""

    id: str
    """The provision ID in the ``ID`` cell (``11.1.a``)."""
    sheet: str
    """The chapter sheet it stands on (``Chapter II``)."""


@dataclass(frozen=True)
class Expected:
    """The question set of one cycle's questionnaire."""

    cycle: str
    questions: tuple[ExpectedQuestion, ...]
    question_set_hash: str

    def sheets(self) -> tuple[str, ...]:
        """The chapter sheets, in order."""
        return tuple(dict.fromkeys(q.sheet for q in self.questions))


class Reference(Protocol):
    """What validation needs to know beyond the file."""

    def known_state(self, iso3: str) -> bool:
        """Whether the code names a State (or organization) of the registry."""
        ...

    def expected(self, cycle: str) -> Expected | None:
        """The question set of the cycle, or ``None`` when no such cycle is known."""
        ...

    def checksum(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The checksum of the metadata sheet's other key/value pairs."""
        ...


def metadata_checksum(pairs: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of the ``key=value`` lines, in order (the formula agreed in CONTRACTS.md)."""
    text = "\n".join(f"{key}={value}" for key, value in pairs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ToolkitReference:
    """The reference of the toolkit: registry, cycles, instrument and questionnaire generator."""

    def known_state(self, iso3: str) -> bool:
        """Whether the registry holds this code."""
        try:
            _registry().get(iso3)
        except (KeyError, LookupError):
            return False
        return True

    def expected(self, cycle: str) -> Expected | None:
        """The question set of a known cycle, as the generator builds it."""
        return _expected(cycle)

    def checksum(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The generator's metadata checksum (the agreed formula while it exports none)."""
        try:
            from toolkit.questionnaire.metadata import metadata_checksum as generator_checksum
        except ImportError:
            return metadata_checksum(pairs)
        return str(generator_checksum(pairs))


@cache
def _registry() -> Any:
    from toolkit.registry import load_registry

    return load_registry()


@cache
def _expected(cycle_id: str) -> Expected | None:
    from toolkit import instrument as instruments
    from toolkit.cycle import find_cycle
    from toolkit.errors import ToolkitError
    from toolkit.questionnaire.questions import build_questions, question_set_hash

    try:
        cycle = find_cycle(cycle_id)
    except (KeyError, LookupError, ToolkitError):
        return None
    instrument = instruments.load(cycle.source)
    questions = build_questions(instrument, cycle)
    expected = tuple(ExpectedQuestion(id=str(q.id), sheet=_sheet(q, instrument)) for q in questions)
    return Expected(cycle.id, expected, str(question_set_hash(questions)))


def _sheet(question: Any, instrument: Any) -> str:
    sheet = getattr(question, "sheet", None)
    if sheet is None:
        sheet = chapter_sheet(str(instrument.get(str(question.id)).chapter))
    return str(sheet)
