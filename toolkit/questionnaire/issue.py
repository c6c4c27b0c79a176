"""Issuing a cycle's questionnaires: the questions to write, held to the cycle's lock file.

The first time a cycle's workbooks are written, its question set is recorded in the lock file
(``toolkit.questionnaire.lock``). Every later run computes the questions again from the treaty
model and the wording, and compares them with the lock: the same questions are written as
before, so a late recipient's workbook is identical to those already sent. When they differ
(a corrected obligation rule, a new wording), nothing is written and the error names the
changed questions; the secretariat then decides:

- ``as_issued``: write the workbooks from the lock, as they were sent (``--as-issued``);
- ``relock``: issue the new questions (``--relock``). The lock records them and keeps the
  earlier issue, so that the workbooks already sent remain readable by intake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from toolkit.errors import ConfigError, Finding, Location
from toolkit.instrument.model import Instrument
from toolkit.questionnaire.layout import TEMPLATE_VERSION
from toolkit.questionnaire.lock import Issue, Lock, changes, issue_of, read_lock, write_lock
from toolkit.questionnaire.questions import CycleInfo, Questionnaire, prepare
from toolkit.questionnaire.template import Template

LISTED = 12
"""Changed questions named in the error; the others are counted."""


class IssuedCycle(CycleInfo, Protocol):
    """What issuing needs of a review cycle (``toolkit.cycle.Cycle``)."""

    @property
    def lock_path(self) -> Path: ...


@dataclass(frozen=True)
class Issued:
    """The questionnaire to write, in the base wording and by language, and the cycle's lock."""

    questionnaire: Questionnaire
    translations: dict[str, Questionnaire]
    lock: Lock
    lock_written: bool
    """Whether this run wrote the lock file (first issue or re-issue)."""


def issue(
    cycle: IssuedCycle,
    instrument: Instrument,
    template: Template,
    translations: Mapping[str, Template] | None = None,
    *,
    relock: bool = False,
    as_issued: bool = False,
) -> Issued:
    """The questionnaire of a cycle as its lock allows; writes the lock on the first issue.

    ``translations`` maps a language to its wording (besides the template's own language).
    A question set that differs from the lock is a :class:`ConfigError` naming the lock file
    and the changed questions, unless ``relock`` (issue it) or ``as_issued`` (use the lock).
    """
    if relock and as_issued:
        raise ValueError("relock and as_issued exclude each other")
    translations = {k: v for k, v in (translations or {}).items() if k != template.language}
    current, worded, now = current_issue(cycle, instrument, template, translations)
    lock = read_lock(cycle.lock_path, cycle.id)
    if lock is None and as_issued:
        # Issuing now would record today's questions as those "sent": the opposite of asked.
        raise ConfigError.at(
            "questionnaire.lock-missing",
            Location(str(cycle.lock_path)),
            f"--as-issued writes the questions recorded when cycle {cycle.id!r} was issued, but "
            "there is no lock file beside the cycle file. Nothing was written.",
            "If the questionnaires were sent, restore the lock file from version control or a "
            "backup; if the cycle has never been issued, run the command without --as-issued.",
        )
    if lock is None:
        lock = Lock(path=cycle.lock_path, cycle=cycle.id, issue=now)
        write_lock(lock)
        return Issued(current, worded, lock, lock_written=True)
    if lock.issue == now:
        return Issued(current, worded, lock, lock_written=False)
    if relock:
        lock = lock.reissued(now)
        write_lock(lock)
        return Issued(current, worded, lock, lock_written=True)
    if as_issued:
        return _as_issued(cycle, lock, template, translations)
    raise _changed(cycle, lock, now)


def current_issue(
    cycle: CycleInfo,
    instrument: Instrument,
    template: Template,
    translations: Mapping[str, Template],
) -> tuple[Questionnaire, dict[str, Questionnaire], Issue]:
    """The questions today's model and wording give: in the template's language, in every
    other language of ``translations``, and as the issue a lock would record."""
    current = prepare(instrument, cycle, template)
    worded = {
        language: prepare(instrument, cycle, t)
        for language, t in translations.items()
        if language != template.language
    }
    return current, worded, issue_of(current, worded)


def _as_issued(
    cycle: IssuedCycle, lock: Lock, template: Template, translations: Mapping[str, Template]
) -> Issued:
    issued = lock.issue
    if issued.template_version != TEMPLATE_VERSION:
        raise ConfigError.at(
            "questionnaire.lock-template",
            Location(str(lock.path), key="template_version"),
            f"the questionnaires of cycle {cycle.id!r} were issued with template version "
            f"{issued.template_version}; this toolkit writes version {TEMPLATE_VERSION}, so it "
            "cannot write them again as issued.",
            "Use the toolkit version that issued them, or issue new ones with --relock.",
        )
    worded = {
        language: issued.questionnaire(cycle, t)
        for language, t in translations.items()
        if language in issued.languages
    }
    return Issued(issued.questionnaire(cycle, template), worded, lock, lock_written=False)


def _changed(cycle: IssuedCycle, lock: Lock, now: Issue) -> ConfigError:
    changed = changes(lock.issue, now)
    if changed:
        listed = "; ".join(f"{qid} ({what})" for qid, what in changed[:LISTED])
        if len(changed) > LISTED:
            listed += f"; and {len(changed) - LISTED} more"
        plural = "s" if len(changed) != 1 else ""
        what = f"{len(changed)} question{plural} changed since ({listed})"
    else:
        what = "the chapter titles, the instrument's title or the template version changed"
    message = (
        f"the questions of cycle {cycle.id!r} are no longer those issued to the States and "
        f"recorded in {lock.path.name}: {what}. Nothing was written."
    )
    hint = (
        "The treaty model (obligation rules, overrides), the cycle's scope or the "
        "questionnaire wording changed after the questionnaires were issued. To write "
        "workbooks identical to those sent (for a late recipient), run the command again "
        "with --as-issued. To send the changed questions deliberately, run it with --relock: "
        "the lock file is rewritten, and the workbooks already sent stay readable by intake."
    )
    where = Location(str(lock.path))
    return ConfigError(Finding("questionnaire.lock-changed", "error", message, where, hint))
