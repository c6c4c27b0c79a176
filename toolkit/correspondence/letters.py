"""Which letters a batch prepares, and the facts each one states.

* **invitation**: every recipient of the cycle (or the States named), the questionnaire of the
  cycle's current issue enclosed;
* **reminder**: the recipients invited that have no accepted submission on the letter's date
  (a State named that was never invited gets no letter: it lacks the invitation's date);
* **acknowledgement**: the States whose current accepted submission has not been acknowledged.

What the questionnaires asked comes from the cycle's sealed lock (:mod:`toolkit.lock`): the
title, the instrument and the number of questions; what came back from the store and the
reception log (:mod:`.record`).  :func:`context` turns a :class:`Letter` into the fields the
templates see (:mod:`.render`).  A letter goes out in the State's language when the cycle
lists it and the templates have it, else in English, with one warning naming the States.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.correspondence.record import History, Kind, Reception, arrived
from toolkit.correspondence.render import Fields
from toolkit.cycle import Cycle
from toolkit.errors import Finding, Location
from toolkit.intake.store import Submission
from toolkit.lock import QuestionSet
from toolkit.registry import Registry, State

MAX_CORRECTIONS = 12
"""Points to correct quoted from a rejected file's receipt; the letter counts the others."""


@dataclass(frozen=True)
class Letter:
    """One note verbale to prepare: to whom, of which kind, and the facts it states."""

    kind: Kind
    state: State
    cycle: Cycle
    issue: QuestionSet
    """The cycle's current issue, from its lock: what the questionnaires ask."""
    dated: date
    """The date the letter bears."""
    language: str
    """The language it is written in (ISO 639-1)."""
    invited: date | None = None
    """The date of the State's first invitation (a reminder refers to it)."""
    submission: Submission | None = None
    """The accepted submission an acknowledgement acknowledges."""
    rejection: Reception | None = None
    """The latest file received from the State, when it was rejected (and, for an
    acknowledgement, received after the submission acknowledged)."""

    @property
    def stem(self) -> str:
        """The letter's file name without suffix: ``<cycle>_<kind>_<ISO3>``."""
        return f"{self.cycle.id}_{self.kind}_{self.state.iso3}"

    @property
    def address(self) -> tuple[str, ...]:
        """The address block (mission, street lines, and the city unless a line names it),
        empty while no street address is confirmed in the registry."""
        street = tuple(line.strip() for line in self.state.address_lines if line.strip())
        if not street:
            return ()
        city = self.state.city.strip()
        named = not city or any(city.casefold() in line.casefold() for line in street)
        return (self.state.mission, *street, *(() if named else (city,)))


@dataclass(frozen=True)
class Selection:
    """The letters of a batch and what was noticed choosing them."""

    letters: tuple[Letter, ...]
    registry: Path
    """The registry file the States were read from (for messages)."""
    findings: tuple[Finding, ...]
    """Warnings (States skipped and why, letters in English instead of the State's
    language) and errors (a State named that cannot receive this kind of letter)."""


def select(
    kind: Kind,
    cycle: Cycle,
    registry: Registry,
    issue: QuestionSet,
    history: History,
    dated: date,
    named: Sequence[str] = (),
    languages: Collection[str] = ("en",),
) -> Selection:
    """The letters of one kind for the cycle's recipients (or the States ``named``)."""
    states = tuple(registry.get(c) for c in named) if named else cycle.recipients_in(registry)
    letters: list[Letter] = []
    findings: list[Finding] = []
    skipped: dict[str, list[str]] = {}
    for state in states:
        language = letter_language(state, cycle, languages)
        invitations = [x.dated for x in history.letters_of(state.iso3, "invitation")]
        accepted = [s for s in history.submissions_of(state.iso3) if arrived(s) <= dated]
        received = [r for r in history.receptions_of(state.iso3) if r.on <= dated]
        latest = received[-1] if received else None
        rejection = latest if latest is not None and latest.status == "rejected" else None
        letter = Letter(kind, state, cycle, issue, dated, language, min(invitations, default=None))
        reason = _skip_reason(kind, letter, accepted, history, bool(named))
        if reason == "nothing-to-acknowledge" and named:
            findings.append(_not_acknowledged(letter))
            continue
        if reason is not None:
            skipped.setdefault(reason, []).append(state.iso3)
            continue
        if kind == "acknowledgement":
            current = accepted[-1]
            later = rejection is not None and rejection.at > current.received_at
            letter = _with(letter, submission=current, rejection=rejection if later else None)
        elif kind == "reminder":
            letter = _with(letter, rejection=rejection)
        letters.append(letter)
    findings += [_skipped(reason, codes, cycle) for reason, codes in skipped.items()]
    fallback = [x.state.iso3 for x in letters if x.language != x.state.language]
    if fallback:
        findings.append(_fallback(cycle, fallback, languages))
    return Selection(tuple(letters), registry.path, tuple(findings))


def _with(letter: Letter, **changes: Any) -> Letter:
    values = {name: getattr(letter, name) for name in letter.__dataclass_fields__}
    return Letter(**(values | changes))


def letter_language(state: State, cycle: Cycle, languages: Collection[str]) -> str:
    """The State's language when the cycle lists it and the templates have it, else English."""
    wanted = state.language
    return wanted if wanted in cycle.languages and wanted in languages else "en"


def _skip_reason(
    kind: Kind,
    letter: Letter,
    accepted: Sequence[Submission],
    history: History,
    named: bool,
) -> str | None:
    """Why the State gets no letter of this kind (None: it gets one)."""
    if kind == "reminder" and accepted:
        return "not-due"
    if kind == "reminder" and letter.invited is None and not named:
        return "not-invited"
    if kind != "acknowledgement":
        return None
    if not accepted:
        return "nothing-to-acknowledge"
    code = letter.state.iso3
    done = [x for x in history.letters_of(code, kind) if x.submission_id == accepted[-1].id]
    return "acknowledged" if done and not named else None


_SKIPPED = {
    "not-due": ("have an accepted submission: no reminder is prepared for them", ""),
    "not-invited": (
        "have not been invited yet: no reminder is prepared for them",
        "Prepare their invitations first: cosp letters --kind invitation --state ISO3...",
    ),
    "nothing-to-acknowledge": (
        "have no accepted submission: there is nothing to acknowledge",
        "",
    ),
    "acknowledged": (
        "have had their current submission acknowledged already",
        "To prepare an acknowledgement again, name the State: --state ISO3.",
    ),
}


def _skipped(reason: str, codes: Sequence[str], cycle: Cycle) -> Finding:
    """One warning for the States skipped for one reason, named."""
    what, hint = _SKIPPED[reason]
    return Finding(
        f"letters.{reason}",
        "warning",
        f"{len(codes)} State(s) {what}: {_listed(codes)}.",
        Location(str(cycle.path), key="recipients"),
        hint,
    )


def _not_acknowledged(letter: Letter) -> Finding:
    code = letter.state.iso3
    return Finding(
        "letters.nothing-to-acknowledge",
        "error",
        f"{code} has no accepted submission for cycle {letter.cycle.id}: there is nothing to "
        "acknowledge.",
        Location("--state"),
        "Ingest the State's file first (cosp ingest FILE).",
    )


def _listed(codes: Sequence[str]) -> str:
    return ", ".join(codes[:20]) + (f" and {len(codes) - 20} more" if len(codes) > 20 else "")


def _fallback(cycle: Cycle, codes: Sequence[str], languages: Collection[str]) -> Finding:
    shown = _listed(codes)
    missing = sorted(set(cycle.languages) - set(languages))
    return Finding(
        "letters.language-fallback",
        "warning",
        f"{len(codes)} letter(s) are written in English, not in the State's language of "
        f"correspondence: {shown}.",
        Location(str(cycle.path), key="languages"),
        "A language is used when the cycle lists it and the letter templates have a "
        "catalogue for it (templates/letters/locale/<lang>/LC_MESSAGES/letters.mo); "
        f"missing: {', '.join(missing) or 'none (the cycle does not list the language)'}.",
    )


def context(letter: Letter) -> dict[str, Any]:
    """The fields the templates see for a letter (see ``templates/letters/base.xml.jinja``)."""
    state, cycle, issue = letter.state, letter.cycle, letter.issue
    particulars = issue.particulars
    values: dict[str, Any] = {
        "kind": letter.kind,
        "language": letter.language,
        "date": letter.dated,
        "overdue": letter.dated > cycle.deadline,
        "address": letter.address,
        "state": Fields(
            "state",
            {
                "iso3": state.iso3,
                "short_name": state.short_name,
                "formal_name": state.formal_name,
                "mission": state.mission,
                "city": state.city,
                "email": state.email,
            },
        ),
        "cycle": Fields(
            "cycle",
            {
                "id": cycle.id,
                "title": cycle.title,
                "reference": cycle.reference,
                "deadline": cycle.deadline,
                "contact_email": cycle.contact_email,
                "office": cycle.office,
                "place": cycle.place,
            },
        ),
        "issue": Fields(
            "issue",
            {
                "title": particulars.title,
                "instrument": particulars.instrument_title.split(";")[0].strip(),
                "instrument_title": particulars.instrument_title,
                "question_count": len(issue.questions),
                "workbook": f"{cycle.id}_{state.iso3}.xlsx",
            },
        ),
        "invitation": Fields("invitation", {"dated": letter.invited}),
        "submission": None,
        "rejection": None,
    }
    if letter.submission is not None:
        found = letter.submission
        values["submission"] = Fields(
            "submission",
            {
                "file": found.file_name,
                "received_on": arrived(found),
                "answered": found.answered,
                "question_count": found.question_count,
                "remaining": max(0, found.question_count - found.answered),
                "sha256": found.file_sha256,
            },
        )
    if letter.rejection is not None:
        values["rejection"] = _rejection(letter.rejection)
    return values


def _rejection(reception: Reception) -> Fields:
    points = [
        Fields(
            "rejection.corrections",
            {"sheet": c.sheet, "cell": c.cell, "message": c.message, "hint": c.hint},
            optional=("sheet", "cell", "hint"),
        )
        for c in reception.corrections
    ]
    return Fields(
        "rejection",
        {
            "file": reception.file,
            "received_on": reception.on,
            "corrections": tuple(points[:MAX_CORRECTIONS]),
            "more": max(0, len(points) - MAX_CORRECTIONS),
        },
    )
