"""Issuing a cycle's questionnaires: what to write, held to the cycle's sealed lock.

The first time a cycle's workbooks are written, everything they carry is recorded in the
cycle's lock (:mod:`toolkit.lock`).  Every later run computes the questions and the cycle's
particulars again and compares them with the lock: the same issue is written as before, so a
late recipient's workbook is identical to those already sent.  When they differ (a corrected
obligation rule, a new wording, a new deadline), nothing is written and the error names what
changed; the secretariat then decides:

- ``as_issued``: write the workbooks from the lock, exactly as they were sent (``--as-issued``);
- ``relock``: issue what the model and the wording give now (``--relock``); the lock keeps the
  earlier issue, so that the workbooks already sent stay readable by intake.

Issuing is all or nothing: :func:`prepare_issue` never writes; the command writes every workbook
first and the lock (when :attr:`Issuing.lock_pending`) only once they all are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.errors import ConfigError, Finding, Location
from toolkit.instrument.model import Instrument, Obligation
from toolkit.lock import Lock, LockedQuestion, Particulars, QuestionSet, changes, read_lock
from toolkit.questionnaire.layout import TEMPLATE_VERSION
from toolkit.questionnaire.questions import CycleInfo, Question, Questionnaire, prepare
from toolkit.questionnaire.template import Template

LISTED = 12
"""Changes named in the error; the others are counted."""


@dataclass(frozen=True)
class Issuing:
    """What a run writes: the questionnaire in its base wording and by language, and the lock."""

    questionnaire: Questionnaire
    translations: dict[str, Questionnaire]
    lock: Lock
    lock_pending: bool
    """Whether the lock must be written once the workbooks are (a first issue or a re-issue)."""


def prepare_issue(
    cycle: CycleInfo,
    lock_path: Path,
    instrument: Instrument,
    template: Template,
    translations: Mapping[str, Template] | None = None,
    *,
    relock: bool = False,
    as_issued: bool = False,
) -> Issuing:
    """The questionnaire of a cycle as its lock (at ``lock_path``) allows; nothing is written.

    ``translations`` maps a language to its wording (besides the template's own language).
    An issue that differs from the lock is a :class:`ConfigError` naming the lock file and what
    changed, unless ``relock`` (issue it) or ``as_issued`` (write what the lock records).
    """
    if relock and as_issued:
        raise ValueError("relock and as_issued exclude each other")
    translations = {k: v for k, v in (translations or {}).items() if k != template.language}
    lock = read_lock(lock_path, cycle.id)
    if lock is not None and as_issued:
        return _as_issued(cycle.id, lock, template, translations)
    if lock is None and as_issued:
        # Issuing now would record today's questions as those "sent": the opposite of asked.
        raise ConfigError.at(
            "questionnaire.lock-missing",
            Location(str(lock_path)),
            f"--as-issued writes the workbooks as cycle {cycle.id!r} was issued, but the "
            "workspace has no lock for it. Nothing was written.",
            "If the questionnaires were sent, restore the lock file from a backup; if the cycle "
            "has never been issued, run the command without --as-issued.",
        )
    current = prepare(instrument, cycle, template)
    worded = {language: prepare(instrument, cycle, t) for language, t in translations.items()}
    now = question_set_of(current, worded)
    if lock is None:
        return Issuing(current, worded, Lock(lock_path, cycle.id, now), lock_pending=True)
    if lock.current == now:
        return Issuing(current, worded, lock, lock_pending=False)
    if relock:
        return Issuing(current, worded, lock.reissued(now), lock_pending=True)
    raise _changed(cycle.id, lock, now)


def question_set_of(
    questionnaire: Questionnaire, translations: Mapping[str, Questionnaire] | None = None
) -> QuestionSet:
    """The issue a questionnaire (and its translations, by language) makes: what the lock
    records of it."""
    language = questionnaire.template.language
    worded = {language: questionnaire, **(translations or {})}
    questions = []
    for index, q in enumerate(questionnaire.questions):
        in_each = {lang: w.questions[index] for lang, w in worded.items()}
        questions.append(
            LockedQuestion(
                id=q.id,
                eid=q.eid,
                chapter=q.chapter,
                sheet=q.sheet,
                article=q.article,
                kind=q.kind,
                obligation=q.obligation.value,
                citation=q.citation,
                title=q.title,
                provision_text=q.provision_text,
                question=tuple(sorted((lang, w.text) for lang, w in in_each.items())),
                provision=tuple(sorted((lang, w.cell) for lang, w in in_each.items())),
            )
        )
    return QuestionSet(
        template_version=TEMPLATE_VERSION,
        language=language,
        languages=tuple(sorted(worded)),
        particulars=Particulars(
            title=questionnaire.cycle_title,
            deadline=questionnaire.deadline,
            reference=questionnaire.reference,
            contact_email=questionnaire.contact_email,
            instrument_title=questionnaire.instrument_title,
        ),
        chapters=questionnaire.chapters,
        questions=tuple(questions),
        question_set_hash=questionnaire.question_set_hash,
        labels=tuple(
            sorted((lang, tuple(sorted(w.template.labels.items()))) for lang, w in worded.items())
        ),
    )


def questionnaire_of(
    cycle_id: str, issue: QuestionSet, template: Template, language: str | None = None
) -> Questionnaire:
    """The questionnaire exactly as issued, worded in ``language`` (default: the template's;
    the issue's base language when it was not issued in that one)."""
    wanted = language or template.language
    if wanted not in issue.languages:
        wanted = issue.language
    issued_labels = issue.labels_in(wanted)
    if issued_labels:  # the vocabulary as issued, even if a catalogue was corrected since
        template = replace(template, labels=issued_labels)
    p = issue.particulars
    return Questionnaire(
        cycle_id=cycle_id,
        cycle_title=p.title,
        deadline=p.deadline,
        reference=p.reference,
        contact_email=p.contact_email,
        instrument_title=p.instrument_title,
        chapters=issue.chapters,
        questions=tuple(_question(q, wanted) for q in issue.questions),
        template=template,
        question_set_hash=issue.question_set_hash,
    )


def _question(q: LockedQuestion, language: str) -> Question:
    return Question(
        id=q.id,
        eid=q.eid,
        chapter=q.chapter,
        article=q.article,
        kind=q.kind,  # type: ignore[arg-type]
        obligation=Obligation(q.obligation),
        citation=q.citation,
        title=q.title,
        text=q.question_in(language),
        provision_text=q.provision_text,
        provision_cell=q.provision_in(language),
    )


def _as_issued(
    cycle_id: str, lock: Lock, template: Template, translations: Mapping[str, Template]
) -> Issuing:
    issued = lock.current
    if issued.template_version != TEMPLATE_VERSION:
        raise ConfigError.at(
            "questionnaire.lock-template",
            Location(str(lock.path), key="template_version"),
            f"the questionnaires of cycle {cycle_id!r} were issued with template version "
            f"{issued.template_version}; this toolkit writes version {TEMPLATE_VERSION}, so it "
            "cannot write them again as issued.",
            "Use the toolkit version that issued them, or issue new ones with --relock.",
        )
    base = questionnaire_of(cycle_id, issued, template, issued.language)
    worded = {
        language: questionnaire_of(cycle_id, issued, t, language)
        for language, t in translations.items()
        if language in issued.languages
    }
    return Issuing(base, worded, lock, lock_pending=False)


def _changed(cycle_id: str, lock: Lock, now: QuestionSet) -> ConfigError:
    changed = changes(lock.current, now)
    listed = "; ".join(f"{what} ({how})" for what, how in changed[:LISTED])
    if len(changed) > LISTED:
        listed += f"; and {len(changed) - LISTED} more"
    message = (
        f"cycle {cycle_id!r} is no longer what was issued to the States and sealed in "
        f"{lock.path.name}: {len(changed)} change(s) since ({listed or 'the template version'}). "
        "Nothing was written."
    )
    hint = (
        "The treaty model (obligation rules, overrides), the cycle file or the wording changed "
        "after the questionnaires were issued. To write workbooks identical to those sent (for "
        "a late recipient), run the command again with --as-issued. To send the changes "
        "deliberately, run it with --relock: the lock is rewritten, and the workbooks already "
        "sent stay readable by intake."
    )
    return ConfigError(
        Finding("questionnaire.lock-changed", "error", message, Location(str(lock.path)), hint)
    )
