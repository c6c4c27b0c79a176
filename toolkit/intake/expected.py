"""What a genuine questionnaire must contain: the question set of its cycle as issued.

Validation asks a :class:`Reference` whether a State is known and which questions a cycle's
questionnaire holds.  :class:`ToolkitReference` answers from the States registry, the review
cycles and each cycle's lock file (``<cycle>.questions.json``, ``toolkit.questionnaire.lock``),
which records the questions as they were issued: a workbook stays readable when the treaty
model changes after it was sent, and the workbooks of an earlier issue stay readable after a
re-issue.  A cycle never issued (no lock file) is recomputed with the generator's own
``prepare`` and ``question_set_hash`` (docs/CONTRACTS.md).  Tests pass a small reference of
their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

from toolkit.questionnaire.metadata import metadata_checksum


@dataclass(frozen=True)
class ExpectedQuestion:
    """A question row a workbook must hold."""

    id: str
    """The provision ID in the ``ID`` cell (``11.1.a``)."""
    sheet: str
    """The chapter sheet it stands on (``Chapter II``)."""
    wordings: frozenset[str] = frozenset()
    """The ``Question`` cell's text as issued, one per language, in :func:`plain` form
    (empty: not checked)."""
    provision: str | None = None
    """The ``Provision`` cell's text as issued, in :func:`plain` form (None: not checked)."""


@dataclass(frozen=True)
class Expected:
    """The question set of one cycle's questionnaire."""

    cycle: str
    questions: tuple[ExpectedQuestion, ...]
    question_set_hash: str
    earlier: tuple[Expected, ...] = ()
    """The question sets of earlier issues of the cycle, newest first (kept by a re-issue)."""

    def sheets(self) -> tuple[str, ...]:
        """The chapter sheets, in order."""
        return tuple(dict.fromkeys(q.sheet for q in self.questions))

    def issue(self, question_set_hash: str) -> Expected | None:
        """The issue whose workbooks carry this hash (the current one first), or None."""
        for candidate in (self, *self.earlier):
            if candidate.question_set_hash == question_set_hash:
                return candidate
        return None


def plain(text: str | None) -> str:
    """Text as compared with what was issued: every run of white space as one space.

    Programs differ in how they save line breaks and trailing spaces; a word changed is an edit.
    """
    if text is not None and len(text) <= PLAIN_CACHED_CHARS:
        return _plain(text)  # the issued texts recur in every workbook of a cycle
    return " ".join((text or "").split())


PLAIN_CACHED_CHARS = 4096
"""Texts up to this length keep their plain form in a cache of at most 2,048 (bounded memory)."""


@lru_cache(maxsize=2048)
def _plain(text: str) -> str:
    return " ".join(text.split())


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


class ToolkitReference:
    """The reference of the toolkit: registry, cycles and the cycles' lock files."""

    def __init__(self, cycles: Path | None = None) -> None:
        self.cycles = cycles
        """The folder of the cycle files (default: the bundled cycles)."""

    def known_state(self, iso3: str) -> bool:
        """Whether the registry holds this code."""
        try:
            _registry().get(iso3)
        except LookupError:
            return False
        return True

    def expected(self, cycle: str) -> Expected | None:
        """The question set of a known cycle as issued (a damaged lock is a ConfigError)."""
        found = _cycle(self.cycles, cycle)
        if found is None:
            return None
        try:
            status = found.lock_path.stat()
        except FileNotFoundError:
            return _from_model(found)
        # The lock is re-read when it changes (a re-issue while this process runs).
        stamp = (status.st_ino, status.st_mtime_ns, status.st_size)
        return _from_lock(found.id, found.lock_path, stamp)

    def checksum(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The generator's own metadata checksum (``toolkit.questionnaire.metadata``)."""
        return metadata_checksum(pairs)


@cache
def _registry() -> Any:
    from toolkit.registry import load_registry

    return load_registry()


@cache
def _cycle(directory: Path | None, cycle_id: str) -> Any:
    from toolkit.cycle import find_cycle
    from toolkit.errors import ToolkitError

    try:
        return find_cycle(cycle_id) if directory is None else find_cycle(cycle_id, directory)
    except (LookupError, ToolkitError):
        return None


@cache
def _from_lock(cycle_id: str, path: Path, stamp: tuple[int, int, int]) -> Expected:
    from toolkit.questionnaire.lock import read_lock

    lock = read_lock(path, cycle_id)
    assert lock is not None, path
    return _from_issues(cycle_id, lock.issues)


@cache
def _from_model(cycle: Any) -> Expected:
    """A cycle never issued: its question set as the generator computes it today."""
    from toolkit import instrument as instruments
    from toolkit.questionnaire.issue import current_issue
    from toolkit.questionnaire.template import load_template, load_translations

    template = load_template()
    translations = load_translations(None, cycle.languages)
    _, _, issue = current_issue(cycle, instruments.load(cycle.source), template, translations)
    return _from_issues(cycle.id, (issue,))


def _from_issues(cycle_id: str, issues: Sequence[Any]) -> Expected:
    """The expected question sets of a cycle's issues (``toolkit.questionnaire.lock.Issue``)."""
    from toolkit.questionnaire.chapters import provision_cell

    # Issues of one hash differ only in wording (a re-issue for a new wording): accept each.
    wordings: dict[tuple[str, str], set[str]] = {}
    for issue in issues:
        for q in issue.questions:
            key = (issue.question_set_hash, q.id)
            wordings.setdefault(key, set()).update(plain(text) for _, text in q.wording)
    expected = [
        Expected(
            cycle_id,
            tuple(
                ExpectedQuestion(
                    id=q.id,
                    sheet=q.sheet,
                    wordings=frozenset(wordings[(issue.question_set_hash, q.id)]),
                    provision=plain(provision_cell(q.question(issue.language, issue.language))),
                )
                for q in issue.questions
            ),
            issue.question_set_hash,
        )
        for issue in issues
    ]
    return replace(expected[0], earlier=tuple(expected[1:]))
