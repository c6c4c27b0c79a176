"""The question set of a review cycle as issued: the lock file beside the cycle file.

When a cycle's questionnaires are first issued, ``cosp questionnaire`` records their questions
in ``<cycle>.questions.json`` beside the cycle file (``toolkit.cycle.lock_path``): in workbook
order, each question's ID, kind, wording in every language it was issued in, and the text of
the provision shown. From then on the lock, not the treaty model of the day, says what the
cycle asks: the command refuses to write workbooks with other questions unless told to
(``toolkit.questionnaire.issue``), and intake recognises returned workbooks by the lock's
question-set hash and checks their question rows against it.

A deliberate re-issue keeps the earlier question sets under ``earlier_issues``, so that the
workbooks of every issue stay readable. The file is JSON written deterministically (sorted
keys, two-space indent, UTF-8, a newline at the end): the same questions always give the same
bytes, and a re-issue shows as a readable diff. Reading it checks every key and recomputes
every question-set hash, so a hand-edited or misplaced lock is reported with its file name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast, get_args

from toolkit.errors import ConfigError, Location
from toolkit.files import write_atomically
from toolkit.instrument.model import Obligation
from toolkit.questionnaire.layout import TEMPLATE_VERSION, chapter_sheet
from toolkit.questionnaire.questions import (
    CycleInfo,
    Question,
    QuestionKind,
    Questionnaire,
    question_set_hash,
)
from toolkit.questionnaire.template import Template

LOCK_FORMAT = 1
"""Version of the lock file's layout (``format``); a toolkit reads only the formats it knows."""
ABOUT = (
    "The questions of this review cycle as issued to the States, written by `cosp "
    "questionnaire`. Do not edit: intake checks returned workbooks against this file. To issue "
    "changed questions, run `cosp questionnaire --relock` (see README, section 2)."
)
_KINDS = frozenset(get_args(QuestionKind))
_OBLIGATIONS = frozenset(o.value for o in Obligation)


@dataclass(frozen=True)
class LockedQuestion:
    """One question as issued: everything needed to write its row again, in every language."""

    id: str
    eid: str
    chapter: str
    article: int
    kind: QuestionKind
    obligation: str
    citation: str
    title: str
    wording: tuple[tuple[str, str], ...]
    """``(language, question)`` for every language the question was issued in, by language."""
    provision_text: str
    """The provision's full text, as the ``Provision`` column shows it."""

    @property
    def sheet(self) -> str:
        """The chapter sheet the question stands on."""
        return chapter_sheet(self.chapter)

    def question(self, language: str, fallback: str) -> Question:
        """The question worded in ``language`` (in ``fallback`` when not issued in it)."""
        wording = dict(self.wording)
        return Question(
            id=self.id,
            eid=self.eid,
            chapter=self.chapter,
            article=self.article,
            kind=self.kind,
            obligation=Obligation(self.obligation),
            citation=self.citation,
            title=self.title,
            text=wording.get(language, wording[fallback]),
            provision_text=self.provision_text,
        )


@dataclass(frozen=True)
class Issue:
    """One issue of a cycle's questionnaires: the questions every workbook of it holds."""

    template_version: str
    language: str
    """The language of the base wording (``templates/questions.yaml``)."""
    instrument_title: str
    chapters: tuple[tuple[str, str], ...]
    """``(roman numeral, title)`` of each chapter sheet, in order."""
    questions: tuple[LockedQuestion, ...]
    question_set_hash: str
    """What the workbooks' ``Metadata`` sheet carries (``question_set_hash``)."""

    @property
    def languages(self) -> frozenset[str]:
        """The languages the questions were issued in."""
        return frozenset(language for q in self.questions for language, _ in q.wording)

    def questionnaire(self, cycle: CycleInfo, template: Template) -> Questionnaire:
        """The questionnaire as issued, worded in the template's language where issued in it."""
        return Questionnaire.for_cycle(
            cycle,
            instrument_title=self.instrument_title,
            chapters=self.chapters,
            questions=tuple(q.question(template.language, self.language) for q in self.questions),
            template=template,
            question_set_hash=self.question_set_hash,
        )


@dataclass(frozen=True)
class Lock:
    """A cycle's lock file: the current issue and any earlier ones, newest first."""

    path: Path
    cycle: str
    issue: Issue
    earlier: tuple[Issue, ...] = ()

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue, the current one first."""
        return (self.issue, *self.earlier)

    def reissued(self, issue: Issue) -> Lock:
        """The lock after issuing ``issue``: the current issue becomes the latest earlier one."""
        earlier = tuple(dict.fromkeys(i for i in self.issues if i != issue))
        return replace(self, issue=issue, earlier=earlier)


def issue_of(
    questionnaire: Questionnaire, translations: Mapping[str, Questionnaire] | None = None
) -> Issue:
    """The issue a questionnaire (and its translations, by language) makes."""
    language = questionnaire.template.language
    worded = {language: questionnaire, **(translations or {})}
    questions = []
    for index, q in enumerate(questionnaire.questions):
        wording = tuple(sorted((lang, w.questions[index].text) for lang, w in worded.items()))
        questions.append(
            LockedQuestion(
                id=q.id,
                eid=q.eid,
                chapter=q.chapter,
                article=q.article,
                kind=q.kind,
                obligation=q.obligation.value,
                citation=q.citation,
                title=q.title,
                wording=wording,
                provision_text=q.provision_text,
            )
        )
    return Issue(
        template_version=TEMPLATE_VERSION,
        language=language,
        instrument_title=questionnaire.instrument_title,
        chapters=questionnaire.chapters,
        questions=tuple(questions),
        question_set_hash=questionnaire.question_set_hash,
    )


def changes(before: Issue, after: Issue) -> tuple[tuple[str, str], ...]:
    """``(question ID, what changed)`` from one issue to the other, in question order."""
    old = {q.id: q for q in before.questions}
    new = {q.id: q for q in after.questions}
    found = []
    for qid in dict.fromkeys([*old, *new]):
        a, b = old.get(qid), new.get(qid)
        if a is None:
            found.append((qid, "new question"))
        elif b is None:
            found.append((qid, "no longer asked"))
        elif a != b:
            found.append((qid, _difference(a, b)))
    return tuple(found)


def _difference(a: LockedQuestion, b: LockedQuestion) -> str:
    what = []
    if a.kind != b.kind:
        what.append(f"kind {a.kind}, now {b.kind}")
    if a.obligation != b.obligation and a.obligation not in (a.kind, b.kind):
        what.append(f"obligation {a.obligation}, now {b.obligation}")
    if a.chapter != b.chapter:
        what.append(f"chapter {a.chapter}, now {b.chapter}")
    if a.provision_text != b.provision_text:
        what.append("provision text changed")
    if a.wording != b.wording:
        what.append("question wording changed")
    if (a.citation, a.title, a.eid, a.article) != (b.citation, b.title, b.eid, b.article):
        what.append("citation or title changed")
    return "; ".join(what) or "obligation changed"


# -- the file ---------------------------------------------------------------------------------


def lock_bytes(lock: Lock) -> bytes:
    """The lock file's bytes: sorted keys, two-space indent, UTF-8, a newline at the end."""
    document = {
        "about": ABOUT,
        "format": LOCK_FORMAT,
        "cycle": lock.cycle,
        **_issue_json(lock.issue),
        "earlier_issues": [_issue_json(issue) for issue in lock.earlier],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def write_lock(lock: Lock) -> Path:
    """Write the lock file whole or not at all; return its path."""
    try:
        write_atomically(lock.path, lock_bytes(lock))
    except OSError as error:
        raise _error(
            lock.path,
            "lock-unwritable",
            f"the lock file cannot be written beside the cycle file ({error.strerror}); "
            "nothing was written.",
            "The questions of a cycle are recorded beside its cycle file, so that folder must "
            "accept files: check its permissions, or copy the cycle file to a folder you may "
            "write in and give the copy with --cycle.",
        ) from None
    return lock.path


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "template_version": issue.template_version,
        "language": issue.language,
        "instrument_title": issue.instrument_title,
        "chapters": [{"number": n, "title": t} for n, t in issue.chapters],
        "question_set_hash": issue.question_set_hash,
        "questions": [
            {
                "id": q.id,
                "eid": q.eid,
                "chapter": q.chapter,
                "article": q.article,
                "kind": q.kind,
                "obligation": q.obligation,
                "citation": q.citation,
                "title": q.title,
                "question": dict(q.wording),
                "provision_text": q.provision_text,
            }
            for q in issue.questions
        ],
    }


def read_lock(path: Path, cycle_id: str) -> Lock | None:
    """The lock file of cycle ``cycle_id`` (None when the cycle was never issued).

    A lock that cannot be trusted (not JSON, keys missing or of the wrong type, another cycle's
    lock, questions that no longer give their recorded hash) is a :class:`ConfigError` naming
    the file and, where known, the line or key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _error(path, "lock-unreadable", f"the lock file cannot be read ({error}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _error(
            path,
            "lock-json",
            f"the lock file is damaged: it is not valid JSON ({error.msg}, column {error.colno}).",
            line=error.lineno,
        ) from None
    shape = _Shape(path)
    document = shape.mapping(data, "")
    version = document.get("format")
    if version != LOCK_FORMAT:
        raise _error(
            path,
            "lock-format",
            f"the lock file has format {version!r}; this toolkit reads format {LOCK_FORMAT}.",
            "Use the toolkit version that wrote it, or restore the file from version control.",
            key="format",
        )
    locked_cycle = shape.text(document, "cycle", "")
    if locked_cycle != cycle_id:
        raise _error(
            path,
            "lock-cycle",
            f"the lock file records the questions of cycle {locked_cycle!r}, but its cycle file "
            f"has the id {cycle_id!r}.",
            "A lock file belongs beside its own cycle file (X.questions.json beside X.yaml). "
            "If the cycle's id was changed after its questionnaires were issued, restore the id; "
            "if the lock file was copied from another cycle, remove it.",
            key="cycle",
        )
    current = shape.issue(document, "")
    earlier = tuple(
        shape.issue(shape.mapping(item, f"earlier_issues[{n}]"), f"earlier_issues[{n}].")
        for n, item in enumerate(shape.list(document, "earlier_issues", "", required=False))
    )
    return Lock(path=path, cycle=cycle_id, issue=current, earlier=earlier)


def _error(
    path: Path,
    code: str,
    message: str,
    hint: str = "",
    *,
    line: int | None = None,
    key: str | None = None,
) -> ConfigError:
    hint = hint or (
        "The lock file is written by `cosp questionnaire` and must not be edited by hand. "
        f"Restore it from version control (git checkout -- {path.name}) or from a backup."
    )
    return ConfigError.at(
        f"questionnaire.{code}", Location(str(path), line=line, key=key), message, hint
    )


class _Shape:
    """Reads the lock's JSON, raising a ConfigError naming the key of the first wrong value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str) -> ConfigError:
        where = "" if key else " as a whole"
        message = f"the lock file is damaged: expected {expected}{where}."
        return _error(self.path, "lock-invalid", message, key=key or None)

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "a JSON object")
        return value

    def list(
        self, data: dict[str, Any], name: str, prefix: str, required: bool = True
    ) -> list[Any]:
        if name not in data and not required:
            return []
        value = data.get(name)
        if not isinstance(value, list):
            raise self.fail(prefix + name, "a list")
        return value

    def text(self, data: dict[str, Any], name: str, prefix: str, empty: bool = False) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not (value or empty):
            raise self.fail(prefix + name, "a text" if empty else "a non-empty text")
        return value

    def issue(self, data: dict[str, Any], prefix: str) -> Issue:
        chapters = []
        for n, item in enumerate(self.list(data, "chapters", prefix)):
            where = f"{prefix}chapters[{n}]."
            chapter = self.mapping(item, where[:-1])
            number = self.text(chapter, "number", where)
            chapters.append((number, self.text(chapter, "title", where, empty=True)))
        questions = tuple(
            self.question(self.mapping(item, f"{prefix}questions[{n}]"), f"{prefix}questions[{n}].")
            for n, item in enumerate(self.list(data, "questions", prefix))
        )
        if not questions:
            raise self.fail(prefix + "questions", "at least one question")
        language = self.text(data, "language", prefix)
        for n, question in enumerate(questions):
            if language not in dict(question.wording):
                raise self.fail(f"{prefix}questions[{n}].question", f"a wording in {language!r}")
        recorded = self.text(data, "question_set_hash", prefix)
        if question_set_hash(questions) != recorded:
            raise _error(
                self.path,
                "lock-edited",
                "the questions in the lock file no longer give its question-set hash: the file "
                "was edited by hand.",
                key=prefix + "question_set_hash",
            )
        return Issue(
            template_version=self.text(data, "template_version", prefix),
            language=language,
            instrument_title=self.text(data, "instrument_title", prefix),
            chapters=tuple(chapters),
            questions=questions,
            question_set_hash=recorded,
        )

    def question(self, data: dict[str, Any], prefix: str) -> LockedQuestion:
        kind = self.text(data, "kind", prefix)
        if kind not in _KINDS:
            raise self.fail(prefix + "kind", f"one of {', '.join(sorted(_KINDS))}")
        obligation = self.text(data, "obligation", prefix)
        if obligation not in _OBLIGATIONS:
            raise self.fail(prefix + "obligation", f"one of {', '.join(sorted(_OBLIGATIONS))}")
        article = data.get("article")
        if not isinstance(article, int) or isinstance(article, bool):
            raise self.fail(prefix + "article", "a whole number")
        wording = self.mapping(data.get("question"), prefix + "question")
        if not wording or not all(isinstance(v, str) and v for v in wording.values()):
            raise self.fail(prefix + "question", 'the question\'s text by language ({"en": ...})')
        return LockedQuestion(
            id=self.text(data, "id", prefix),
            eid=self.text(data, "eid", prefix),
            chapter=self.text(data, "chapter", prefix, empty=True),
            article=article,
            kind=cast(QuestionKind, kind),
            obligation=obligation,
            citation=self.text(data, "citation", prefix),
            title=self.text(data, "title", prefix, empty=True),
            wording=tuple(sorted(wording.items())),
            provision_text=self.text(data, "provision_text", prefix, empty=True),
        )
