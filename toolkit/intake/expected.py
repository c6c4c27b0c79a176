"""What a genuine questionnaire must contain: the questions of its cycle as issued.

Validation asks a :class:`Reference` whether a State is known and which questions a cycle's
questionnaire holds.  :class:`ToolkitReference` answers from the States registry and the
workspace's lock of each cycle (``cycles/<cycle>.questions.json``, :mod:`toolkit.lock`), which
seals everything the workbooks of every issue carry: a workbook stays readable when the treaty
model changes after it was sent, and the workbooks of an earlier issue stay readable after a
re-issue.  A cycle without a lock was never issued: no workbook of it can be genuine.  Intake
never asks the questionnaire generator (docs/CONTRACTS.md).  Tests pass a small reference of
their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

from toolkit.intake.words import Words, merged
from toolkit.lock import QuestionSet, read_lock
from toolkit.registry import Registry, load_registry


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
    provisions: frozenset[str] = frozenset()
    """The ``Provision`` cell's text as issued, one per language, in :func:`plain` form
    (empty: not checked)."""
    kind: str = "mandatory"
    """The kind of question (its answers depend on it: :mod:`toolkit.vocabulary`)."""


@dataclass(frozen=True)
class Expected:
    """The question set of one cycle's questionnaire."""

    cycle: str
    questions: tuple[ExpectedQuestion, ...]
    question_set_hash: str
    earlier: tuple[Expected, ...] = ()
    """The question sets of earlier issues of the cycle, newest first (kept by a re-issue)."""
    vocabularies: Mapping[str, Words] = field(default_factory=lambda: {"1": Words.version_1()})
    """How the issue's workbooks word their headings and lists, by template version (one
    question set may be issued with both: a re-issue in a new template keeps the hash)."""
    languages: tuple[str, ...] = ("en",)
    """The languages the issue's workbooks were issued in."""

    def words(self, template_version: str) -> Words:
        """The words of this issue's workbooks of a template version."""
        if template_version in self.vocabularies:
            return self.vocabularies[template_version]
        if template_version == "1":
            return Words.version_1()
        return merged(self.vocabularies.values())

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

    def state_language(self, iso3: str) -> str:
        """The registry's language of correspondence of a State (English when unknown)."""
        ...


def metadata_checksum(pairs: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of the ``key=value`` lines of the metadata sheet, ``checksum`` row excluded.

    The formula of the workbook contract (docs/CONTRACTS.md): lines joined with ``\\n`` in
    sheet order, an empty value written ``key=``.  The generator has its own copy; a test checks
    that the two agree.
    """
    lines = (f"{key}={value}" for key, value in pairs if key != "checksum")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


class ToolkitReference:
    """The reference of a workspace: its registry and the locks in its cycles folder."""

    def __init__(self, locks: Path, registry: Path | None = None) -> None:
        self.locks = locks
        """The folder of the cycles' lock files (the workspace's ``cycles/``)."""
        self.registry = registry
        """The registry file (default: the bundled one)."""

    def known_state(self, iso3: str) -> bool:
        """Whether the registry holds this code."""
        return iso3 in _registry(self.registry)

    def expected(self, cycle: str) -> Expected | None:
        """The question sets a cycle was issued with (None: no lock, never issued; a damaged
        lock is a ConfigError)."""
        if not cycle or "/" in cycle or "\\" in cycle or cycle.startswith("."):
            return None
        path = self.locks / f"{cycle}.questions.json"
        try:
            status = path.stat()
        except OSError:
            return None
        # The lock is re-read when it changes (a re-issue while this process runs).
        stamp = (status.st_ino, status.st_mtime_ns, status.st_size)
        return _from_lock(cycle, path, stamp)

    def checksum(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The metadata checksum of the workbook contract."""
        return metadata_checksum(pairs)

    def state_language(self, iso3: str) -> str:
        """The registry's language of the State (English when the registry lacks it)."""
        registry = _registry(self.registry)
        return registry.get(iso3).language if iso3 in registry else "en"


@cache
def _registry(path: Path | None) -> Registry:
    return load_registry(path)


@cache
def _from_lock(cycle_id: str, path: Path, stamp: tuple[int, int, int]) -> Expected:
    lock = read_lock(path, cycle_id)
    assert lock is not None, path
    return _from_issues(cycle_id, lock.issues)


def _from_issues(cycle_id: str, issues: Sequence[QuestionSet]) -> Expected:
    """The expected question sets of a cycle's issues, the current one first."""
    # Issues of one hash differ only in wording or particulars: accept each one's texts.
    questions: dict[tuple[str, str], set[str]] = {}
    provisions: dict[tuple[str, str], set[str]] = {}
    words: dict[str, dict[str, list[Words]]] = {}
    for issue in issues:
        for q in issue.questions:
            key = (issue.question_set_hash, q.id)
            questions.setdefault(key, set()).update(plain(text) for _, text in q.question)
            provisions.setdefault(key, set()).update(plain(text) for _, text in q.provision)
        issued = (
            Words.issued({code: dict(labels) for code, labels in issue.labels})
            if issue.labels
            else Words.version_1()
        )
        by_version = words.setdefault(issue.question_set_hash, {})
        by_version.setdefault(issue.template_version, []).append(issued)
    expected = [
        Expected(
            cycle_id,
            tuple(
                ExpectedQuestion(
                    id=q.id,
                    sheet=q.sheet,
                    wordings=frozenset(questions[(issue.question_set_hash, q.id)]),
                    provisions=frozenset(provisions[(issue.question_set_hash, q.id)]),
                    kind=q.kind,
                )
                for q in issue.questions
            ),
            issue.question_set_hash,
            vocabularies={
                version: merged(found) for version, found in words[issue.question_set_hash].items()
            },
            languages=tuple(issue.languages),
        )
        for issue in issues
    ]
    return replace(expected[0], earlier=tuple(expected[1:]))
