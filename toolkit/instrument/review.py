"""What the review asks about: the reviewed rule and the level a question is asked at.

**Reviewed.**  The review of implementation asks about what binds or permits something for
States, except the final clauses, which are not implemented by domestic measures: articles
on signature, ratification, acceptance, approval or accession, entry into force, amendment,
denunciation, reservations, the depositary and the authentic texts, in any instrument; and,
in a chapter headed "Final provisions", also the articles on the relation with protocols or
other instruments, the effects of the instrument, the adoption of protocols and the settlement
of disputes.  The article's title says which (an override can decide otherwise).  A final
clause keeps its obligation and flags: 63.3 is optional with a reservation, unreviewed.

**Question level.**  A question is asked at the highest provision that has words of its own
and an obligation, and again below it only where a provision asks something else: another
obligation ("may" under "shall") or a flag its question does not carry.  So 11.1 ("Each State
Party shall adopt ...:") is one question that covers 11.1 (a) and (b); 8 (d) "A State Party
may exempt ..." under a "shall" chapeau is a question of its own.  An article made only of
paragraphs is never a question: its paragraphs are.  The questionnaires ask the provisions
that are reviewed and at question level (``asked``); the edition marks and tabulates the
provisions at question level, reviewed or not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from toolkit.instrument.model import (
    Chapter,
    Flag,
    Instrument,
    Obligation,
    Provision,
    QuestionKind,
)

_ANYWHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "signature and ratification",
        re.compile(r"^(?:signature|ratification|acceptance|approval|accession)\b", re.I),
    ),
    (
        "entry into force",
        re.compile(r"^(?:entry\s+into\s+force|provisional\s+application)\b", re.I),
    ),
    ("amendment", re.compile(r"^amendments?\b", re.I)),
    ("denunciation", re.compile(r"^(?:denunciation|withdrawal)\b", re.I)),
    ("reservations", re.compile(r"^reservations?\b", re.I)),
    ("depositary", re.compile(r"^depositary\b", re.I)),
    ("authentic texts", re.compile(r"^(?:authentic\s+texts?|languages\s+and\s+authentic)\b", re.I)),
)
"""Titles of final clauses wherever they stand ("Signature, ratification, acceptance, approval
and accession", "Entry into force", "Amendment", "Denunciation", "Depositary and languages")."""
_IN_FINAL_CHAPTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("relation with other instruments", re.compile(r"^relation\s+(?:with|to)\b", re.I)),
    ("effects of the instrument", re.compile(r"^effects?\s+of\s+the\s+\w+", re.I)),
    ("settlement of disputes", re.compile(r"^settlement\s+of\s+disputes\b", re.I)),
    ("protocols", re.compile(r"^(?:adoption\s+of\s+)?(?:supplementary\s+)?protocols?\b", re.I)),
)
"""Titles of final clauses when they stand in a chapter headed "Final provisions" (elsewhere,
"Relation with the Convention" opens a protocol's general provisions)."""
_FINAL_CHAPTER = re.compile(r"^\s*final\s+(?:provisions|clauses)\s*$", re.I)
_WHAT = {
    Obligation.MANDATORY: "obliges States Parties",
    Obligation.CONSIDER: "asks States Parties to consider or endeavour",
    Obligation.OPTIONAL: "lets States Parties act",
}
_KINDS: dict[Obligation, QuestionKind] = {
    Obligation.MANDATORY: "mandatory",
    Obligation.CONSIDER: "consider",
    Obligation.OPTIONAL: "optional",
}
NOT_BINDING = "binds or permits nothing for States"
"""The reason a provision with obligation ``none`` is not reviewed."""


def final_clause(title: str, chapter_title: str = "") -> str:
    """What final clause an article's title names ("entry into force"), or "" for none."""
    title = " ".join(title.split())
    rules = _ANYWHERE + (_IN_FINAL_CHAPTER if _FINAL_CHAPTER.match(chapter_title) else ())
    return next((what for what, pattern in rules if pattern.match(title)), "")


def review_of(provision: Provision, final: str) -> tuple[bool, str]:
    """Whether the review asks about a provision, and why (``final``: its article's clause)."""
    if final:
        return False, f"a final clause ({final}): not implemented by domestic measures"
    if provision.obligation == Obligation.NONE:
        return False, NOT_BINDING
    return True, _WHAT[provision.obligation]


def question_kind(provision: Provision) -> QuestionKind:
    """How a question about a provision is worded: a notification or reservation it provides
    for, else its obligation."""
    if Flag.NOTIFICATION in provision.flags:
        return "notification"
    if Flag.RESERVATION in provision.flags:
        return "reservation"
    if provision.obligation == Obligation.NONE:
        raise ValueError(f"provision {provision.id} binds no one: it is asked no question")
    return _KINDS[provision.obligation]


def _asks(provision: Provision) -> bool:
    """Whether a provision could carry a question: an obligation and words of its own (or an
    override deciding it)."""
    if provision.obligation == Obligation.NONE:
        return False
    return bool(provision.own_text) or provision.obligation_source == "override"


def _covers(above: Provision, provision: Provision) -> bool:
    """Whether the question on ``above`` already asks what ``provision`` says."""
    return above.obligation == provision.obligation and set(provision.flags) <= set(above.flags)


def assess(
    instrument: Instrument, decided: Mapping[str, tuple[bool, str]] | None = None
) -> Instrument:
    """The instrument with ``reviewed``, ``question_level``, ``asked`` and ``question_kind``
    set on every provision; ``decided`` holds what the overrides file says of ``reviewed``."""
    decided = decided or {}
    chapters: dict[str, Chapter] = {c.number: c for c in instrument.chapters}
    out: dict[str, Provision] = {}
    level_of: dict[str, Provision] = {}  # each provision's nearest question level, itself too
    for provision in instrument.provisions:
        chapter = chapters.get(provision.chapter)
        title = instrument.get(str(provision.article)).title
        final = final_clause(title, chapter.title if chapter else "")
        reviewed, reason = decided.get(provision.id) or review_of(provision, final)
        above = level_of.get(provision.parent) if provision.parent else None
        at_level = _asks(provision) and (above is None or not _covers(above, provision))
        assessed = dataclasses.replace(
            provision,
            reviewed=reviewed,
            reviewed_reason=reason,
            question_level=at_level,
            asked=at_level and reviewed,
            question_kind=question_kind(provision) if at_level else None,
        )
        out[provision.id] = assessed
        if at_level:
            level_of[provision.id] = assessed
        elif above is not None:
            level_of[provision.id] = above
    provisions = tuple(out[p.id] for p in instrument.provisions)
    return dataclasses.replace(instrument, provisions=provisions, _index={})
