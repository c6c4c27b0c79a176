"""A review cycle as issued, sealed: the lock file between the questionnaire and intake stages.

When a cycle's questionnaires are issued, ``cosp questionnaire`` records in the workspace's
``cycles/<cycle>.questions.json`` everything its workbooks carry: the cycle's particulars
printed on the cover (title, deadline, reference, contact, instrument), the chapter sheets, and
every question with every field of its row in every language it was issued in (the Question and
Provision cells as written).  From then on the lock, not the treaty model of the day, says what
the cycle asks: the questionnaire stage writes late recipients' workbooks from it, and intake
recognises returned workbooks by it alone (it never imports the generator).

**The seal.**  Every question entry and every issue carries the SHA-256 of its own content
(``digest``), and the file carries the SHA-256 of all of it (``seal``), each over the canonical
JSON of the values (sorted keys, no white space), so that re-indenting the file changes nothing
but changing any value is detected.  Reading a lock verifies every digest in order and then the
seal: an edited lock is refused with its file name and the first entry that differs.  The seal
detects edits; it does not authenticate (whoever can write the workspace can write a lock):
the lock's history belongs in version control or backups.

A deliberate re-issue keeps the earlier question sets (``issues``, the current one first), so
that the workbooks of every issue stay readable.  The file is written deterministically (sorted
keys, two-space indent, UTF-8, a newline at the end): the same issue gives the same bytes, and a
re-issue shows as a readable diff.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from toolkit.errors import ConfigError, Location
from toolkit.files import write_atomically

FORMAT = 2
"""Version of the lock file's layout; a toolkit reads only the formats it knows."""
ABOUT = (
    "The questions of this review cycle as issued to the States, sealed, written by `cosp "
    "questionnaire`. Do not edit: any change is detected, and intake reads returned workbooks "
    "by this file. To issue changed questions, run `cosp questionnaire --relock`."
)
KINDS = ("mandatory", "consider", "optional", "reservation", "notification")
"""Kinds of question (each has its own wording)."""


@dataclass(frozen=True)
class Particulars:
    """What the cover of every workbook of an issue prints about the cycle."""

    title: str
    deadline: date
    reference: str
    contact_email: str
    instrument_title: str


@dataclass(frozen=True)
class LockedQuestion:
    """One question as issued: everything its row holds, in every language of the issue."""

    id: str
    """The provision ID in the ``ID`` column (``11.1``)."""
    eid: str
    chapter: str
    sheet: str
    """The chapter sheet the row stands on (``Chapter II``)."""
    article: int
    kind: str
    """One of :data:`KINDS`."""
    obligation: str
    citation: str
    title: str
    provision_text: str
    """The provision's full text (what the question-set hash covers)."""
    question: tuple[tuple[str, str], ...]
    """``(language, Question cell)``, by language."""
    provision: tuple[tuple[str, str], ...]
    """``(language, Provision cell)``, by language."""

    def question_in(self, language: str) -> str:
        """The Question cell in ``language`` (KeyError when not issued in it)."""
        return dict(self.question)[language]

    def provision_in(self, language: str) -> str:
        """The Provision cell in ``language`` (KeyError when not issued in it)."""
        return dict(self.provision)[language]


@dataclass(frozen=True)
class QuestionSet:
    """One issue of a cycle's questionnaires: what every workbook of it holds."""

    template_version: str
    language: str
    """The base language of the wording (the blank master's)."""
    languages: tuple[str, ...]
    """Every language the questions were issued in."""
    particulars: Particulars
    chapters: tuple[tuple[str, str], ...]
    """``(roman numeral, title)`` of each chapter sheet, in order."""
    questions: tuple[LockedQuestion, ...]
    question_set_hash: str
    """What the workbooks' ``Metadata`` sheet carries: see :func:`question_set_hash`."""
    labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """The vocabularies the workbooks offered, by language: ``(language, ((key, label), ...))``
    with keys ``<list>.<canonical key>`` (``answer.optional.not_used``, ``need.training``,
    ``column.answer``); empty for template version 1, whose vocabulary is fixed by the
    layout contract.  Intake reads returned workbooks by these labels."""

    def labels_in(self, language: str) -> dict[str, str]:
        """The labels the workbooks in ``language`` offered (empty when none is recorded)."""
        return dict(dict(self.labels).get(language, ()))


@dataclass(frozen=True)
class Lock:
    """A cycle's lock file: the current issue and the earlier ones, newest first."""

    path: Path
    cycle: str
    current: QuestionSet
    earlier: tuple[QuestionSet, ...] = ()

    @property
    def issues(self) -> tuple[QuestionSet, ...]:
        """Every issue, the current one first."""
        return (self.current, *self.earlier)

    def reissued(self, issue: QuestionSet) -> Lock:
        """The lock after issuing ``issue``: the current issue becomes the latest earlier one."""
        earlier = tuple(dict.fromkeys(i for i in self.issues if i != issue))
        return replace(self, current=issue, earlier=earlier)

    def issue(self, question_set_hash: str) -> QuestionSet | None:
        """The newest issue whose workbooks carry this hash, or None."""
        return next((i for i in self.issues if i.question_set_hash == question_set_hash), None)


class Hashed(Protocol):
    """What the question-set hash is computed from."""

    @property
    def id(self) -> str: ...
    @property
    def chapter(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def provision_text(self) -> str: ...


def question_set_hash(questions: Iterable[Hashed]) -> str:
    """SHA-256 identifying a question set: IDs, chapters, kinds and provision texts, in order.

    The lines ``id<TAB>chapter<TAB>kind<TAB>sha256(provision_text)`` joined by ``\\n``.  The
    wording is left out on purpose: the workbooks of one issue share the hash whatever their
    language; the lock records (and seals) the wording.
    """
    lines = []
    for q in questions:
        text_hash = hashlib.sha256(q.provision_text.encode("utf-8")).hexdigest()
        lines.append(f"{q.id}\t{q.chapter}\t{q.kind}\t{text_hash}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# -- the file ---------------------------------------------------------------------------------


def digest(value: Any) -> str:
    """SHA-256 of a JSON value's canonical form (sorted keys, no white space, UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sealed(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "digest": digest(entry)}


def _question_json(q: LockedQuestion) -> dict[str, Any]:
    return _sealed(
        {
            "id": q.id,
            "eid": q.eid,
            "chapter": q.chapter,
            "sheet": q.sheet,
            "article": q.article,
            "kind": q.kind,
            "obligation": q.obligation,
            "citation": q.citation,
            "title": q.title,
            "provision_text": q.provision_text,
            "question": dict(q.question),
            "provision": dict(q.provision),
        }
    )


def _issue_json(issue: QuestionSet) -> dict[str, Any]:
    p = issue.particulars
    own = _sealed(
        {
            "template_version": issue.template_version,
            "language": issue.language,
            "languages": list(issue.languages),
            "particulars": {
                "title": p.title,
                "deadline": p.deadline.isoformat(),
                "reference": p.reference,
                "contact_email": p.contact_email,
                "instrument_title": p.instrument_title,
            },
            "chapters": [{"number": n, "title": t} for n, t in issue.chapters],
            "question_set_hash": issue.question_set_hash,
            # Only when recorded: a lock of template version 1 keeps its bytes and its seal.
            **(
                {"labels": {lang: dict(words) for lang, words in issue.labels}}
                if issue.labels
                else {}
            ),
        }
    )
    return {**own, "questions": [_question_json(q) for q in issue.questions]}


def lock_bytes(lock: Lock) -> bytes:
    """The lock file's bytes: sealed, sorted keys, two-space indent, UTF-8, a final newline."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "cycle": lock.cycle,
        "issues": [_issue_json(issue) for issue in lock.issues],
    }
    document["seal"] = digest(document)
    document["about"] = ABOUT
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_lock(lock: Lock) -> Path:
    """Write the lock file whole or not at all; return its path."""
    try:
        write_atomically(lock.path, lock_bytes(lock))
    except OSError as error:
        raise _error(
            lock.path,
            "lock-unwritable",
            f"the lock file cannot be written ({error.strerror}); nothing was issued.",
            "The lock of a cycle is kept in the workspace's cycles/ folder: check that you may "
            "write there.",
        ) from None
    return lock.path


def read_lock(path: Path, cycle_id: str) -> Lock | None:
    """The lock of cycle ``cycle_id`` (None when the file does not exist: never issued).

    A lock that cannot be trusted is a :class:`ConfigError` naming the file and, where known,
    the line or the entry: not JSON, another format, another cycle's lock, an edited value
    (``questionnaire.lock-edited``, naming the first entry that differs) or a damaged layout.
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
    if document.get("format") != FORMAT:
        raise _error(
            path,
            "lock-format",
            f"the lock file has format {document.get('format')!r}; this toolkit reads format "
            f"{FORMAT}.",
            "Use the toolkit version that wrote it, or restore the file from a backup.",
            key="format",
        )
    _verify(path, document, shape)
    locked_cycle = shape.text(document, "cycle", "")
    if locked_cycle != cycle_id:
        raise _error(
            path,
            "lock-cycle",
            f"the lock file records the questions of cycle {locked_cycle!r}, not of cycle "
            f"{cycle_id!r}.",
            "A cycle's lock is cycles/<cycle id>.questions.json. If the cycle's id was changed "
            "after its questionnaires were issued, restore the id; if the file was copied from "
            "another cycle, remove it.",
            key="cycle",
        )
    issues = tuple(
        shape.issue(shape.mapping(item, f"issues[{n}]"), f"issues[{n}].")
        for n, item in enumerate(shape.list(document, "issues", ""))
    )
    if not issues:
        raise shape.fail("issues", "at least one issue")
    return Lock(path=path, cycle=cycle_id, current=issues[0], earlier=issues[1:])


def issued_lock(path: Path, cycle_id: str, stage: str) -> Lock:
    """The lock of a cycle that a later stage needs (letters, statistics, simulated replies,
    the site): a cycle without one was never issued, a ConfigError ``<stage>.not-issued``."""
    lock = read_lock(path, cycle_id)
    if lock is None:
        raise ConfigError.at(
            f"{stage}.not-issued",
            Location(str(path)),
            f"the questionnaires of cycle {cycle_id!r} have not been issued in this workspace: "
            "there is no lock saying what they asked.",
            f"Check --cycle and --workspace, or issue the cycle first (cosp questionnaire "
            f"--cycle {cycle_id}).",
        )
    return lock


def _verify(path: Path, document: dict[str, Any], shape: _Shape) -> None:
    """Check every entry's digest in order, then the seal; the first difference is named."""
    for n, issue in enumerate(shape.list(document, "issues", "")):
        issue = shape.mapping(issue, f"issues[{n}]")
        questions = shape.list(issue, "questions", f"issues[{n}].")
        own = {k: v for k, v in issue.items() if k not in ("digest", "questions")}
        if digest(own) != issue.get("digest"):
            raise _edited(path, f"issues[{n}]", f"the particulars of issue {n + 1}")
        for m, question in enumerate(questions):
            question = shape.mapping(question, f"issues[{n}].questions[{m}]")
            values = {k: v for k, v in question.items() if k != "digest"}
            if digest(values) != question.get("digest"):
                name = question.get("id") if isinstance(question.get("id"), str) else m + 1
                where = f"issues[{n}].questions[{m}]"
                raise _edited(path, where, f"question {name} of issue {n + 1}")
    body = {k: v for k, v in document.items() if k not in ("seal", "about")}
    if digest(body) != document.get("seal"):
        raise _edited(
            path,
            "seal",
            "its cycle, or its list of issues or questions: an entry removed, added or moved",
        )


def _edited(path: Path, key: str, what: str) -> ConfigError:
    return _error(
        path,
        "lock-edited",
        f"the lock file was changed after it was written ({what} differs from what was "
        "sealed). Nothing was written.",
        key=key,
    )


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
        "The lock file is written by `cosp questionnaire` and must not be edited by hand: it "
        "says what was sent to the States. Restore it from version control or a backup; if the "
        "questions must change, issue them again with `cosp questionnaire --relock`."
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

    def list(self, data: dict[str, Any], name: str, prefix: str) -> list[Any]:
        value = data.get(name)
        if not isinstance(value, list):
            raise self.fail(prefix + name, "a list")
        return value

    def text(self, data: dict[str, Any], name: str, prefix: str, empty: bool = False) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not (value or empty):
            raise self.fail(prefix + name, "a text" if empty else "a non-empty text")
        return value

    def by_language(
        self, data: dict[str, Any], name: str, prefix: str
    ) -> tuple[tuple[str, str], ...]:
        value = self.mapping(data.get(name), prefix + name)
        if not value or not all(isinstance(v, str) and v for v in value.values()):
            raise self.fail(prefix + name, 'the text by language ({"en": ...})')
        return tuple(sorted(value.items()))

    def issue(self, data: dict[str, Any], prefix: str) -> QuestionSet:
        particulars = self.mapping(data.get("particulars"), prefix + "particulars")
        where = prefix + "particulars."
        try:
            deadline = date.fromisoformat(self.text(particulars, "deadline", where))
        except ValueError:
            raise self.fail(where + "deadline", "a date written YYYY-MM-DD") from None
        chapters = []
        for n, item in enumerate(self.list(data, "chapters", prefix)):
            at = f"{prefix}chapters[{n}]."
            chapter = self.mapping(item, at[:-1])
            chapters.append(
                (self.text(chapter, "number", at), self.text(chapter, "title", at, True))
            )
        languages = self.list(data, "languages", prefix)
        if not languages or not all(isinstance(x, str) and x for x in languages):
            raise self.fail(prefix + "languages", "a list of language codes")
        questions = tuple(
            self.question(self.mapping(item, f"{prefix}questions[{n}]"), f"{prefix}questions[{n}].")
            for n, item in enumerate(self.list(data, "questions", prefix))
        )
        if not questions:
            raise self.fail(prefix + "questions", "at least one question")
        recorded = self.text(data, "question_set_hash", prefix)
        if question_set_hash(questions) != recorded:
            raise self.fail(prefix + "question_set_hash", "the hash of the questions it lists")
        labels = []
        for code, words in sorted(self.mapping(data.get("labels", {}), prefix + "labels").items()):
            where = f"{prefix}labels.{code}"
            words = self.mapping(words, where)
            if not words or not all(isinstance(v, str) and v for v in words.values()):
                raise self.fail(where, "the labels by key, each a non-empty text")
            labels.append((code, tuple(sorted(words.items()))))
        return QuestionSet(
            template_version=self.text(data, "template_version", prefix),
            language=self.text(data, "language", prefix),
            languages=tuple(languages),
            particulars=Particulars(
                title=self.text(particulars, "title", where),
                deadline=deadline,
                reference=self.text(particulars, "reference", where),
                contact_email=self.text(particulars, "contact_email", where),
                instrument_title=self.text(particulars, "instrument_title", where, True),
            ),
            chapters=tuple(chapters),
            questions=questions,
            question_set_hash=recorded,
            labels=tuple(labels),
        )

    def question(self, data: dict[str, Any], prefix: str) -> LockedQuestion:
        kind = self.text(data, "kind", prefix)
        if kind not in KINDS:
            raise self.fail(prefix + "kind", f"one of {', '.join(KINDS)}")
        article = data.get("article")
        if not isinstance(article, int) or isinstance(article, bool):
            raise self.fail(prefix + "article", "a whole number")
        return LockedQuestion(
            id=self.text(data, "id", prefix),
            eid=self.text(data, "eid", prefix),
            chapter=self.text(data, "chapter", prefix, empty=True),
            sheet=self.text(data, "sheet", prefix),
            article=article,
            kind=kind,
            obligation=self.text(data, "obligation", prefix),
            citation=self.text(data, "citation", prefix),
            title=self.text(data, "title", prefix, empty=True),
            provision_text=self.text(data, "provision_text", prefix, empty=True),
            question=self.by_language(data, "question", prefix),
            provision=self.by_language(data, "provision", prefix),
        )


def changes(before: QuestionSet, after: QuestionSet) -> tuple[tuple[str, str], ...]:
    """``(what, how it changed)`` from one issue to the other: the particulars, then each
    question in order (``("23.3.b", "kind reservation, now optional")``)."""
    found: list[tuple[str, str]] = []
    for name in ("title", "deadline", "reference", "contact_email", "instrument_title"):
        was, now = getattr(before.particulars, name), getattr(after.particulars, name)
        if was != now:
            found.append((f"the cycle's {name.replace('_', ' ')}", f"{was}, now {now}"))
    if before.chapters != after.chapters:
        found.append(("the chapter sheets", "their titles or order changed"))
    if set(before.languages) != set(after.languages):
        found.append(
            ("the languages", f"{', '.join(before.languages)}, now {', '.join(after.languages)}")
        )
    if before.template_version != after.template_version:
        found.append(
            (
                "the template version",
                f"{before.template_version}, now {after.template_version}",
            )
        )
    for code in sorted({c for c, _ in before.labels} | {c for c, _ in after.labels}):
        was, now = before.labels_in(code), after.labels_in(code)
        if was != now and was and now:
            words = sorted(k for k in was.keys() | now.keys() if was.get(k) != now.get(k))
            found.append((f"the {code} vocabulary", f"{', '.join(words[:4])} changed"))
    old = {q.id: q for q in before.questions}
    new = {q.id: q for q in after.questions}
    for qid in dict.fromkeys([*old, *new]):
        a, b = old.get(qid), new.get(qid)
        if a is None:
            found.append((qid, "new question"))
        elif b is None:
            found.append((qid, "no longer asked"))
        elif a != b and (difference := _difference(a, b)):
            found.append((qid, difference))
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
    # A language added or dropped is said once for the issue (the languages); the cells of
    # the languages both issues have are compared here.
    shared = set(dict(a.question)) & set(dict(b.question))
    if any(dict(a.question)[code] != dict(b.question)[code] for code in shared):
        what.append("question wording changed")
    shared = set(dict(a.provision)) & set(dict(b.provision))
    edited = any(dict(a.provision)[code] != dict(b.provision)[code] for code in shared)
    if edited and a.provision_text == b.provision_text:
        what.append("provision cell changed")
    if (a.citation, a.title, a.eid, a.article) != (b.citation, b.title, b.eid, b.article):
        what.append("citation or title changed")
    if not what and _texts_by_language(a) == _texts_by_language(b):
        return ""  # only languages added or dropped: said once, for the issue
    return "; ".join(what) or "changed"


def _texts_by_language(question: LockedQuestion) -> LockedQuestion:
    """The question without its cells by language (what stays when only languages change)."""
    return replace(question, question=(), provision=())


def languages_of(questions: Sequence[LockedQuestion]) -> tuple[str, ...]:
    """Every language the questions are worded in, sorted."""
    return tuple(sorted({language for q in questions for language, _ in q.question}))
