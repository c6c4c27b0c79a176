"""What the stored answers count as: statistics' categories over the one vocabulary.

The store keeps canonical keys (:mod:`toolkit.vocabulary`, the one module that knows the
vocabularies of every template version and language: ``yes``, ``not_used``, ``made``...).
Statistics count an answer by what it means for its kind of question
(:func:`toolkit.vocabulary.outcome`), in five categories: ``yes`` (what the provision asks for
is in place, or the possibility used), ``partially`` (in part), ``no`` (not in place: a gap),
``choice`` (a "no" the Convention allows: a possibility not used, a reservation made or
intended, measures considered but not adopted; never a gap) and ``not_applicable``.
"""

from __future__ import annotations

from typing import Literal, get_args

from toolkit import vocabulary

AnswerKey = Literal["yes", "partially", "no", "choice", "not_applicable"]
"""An answer as statistics count it."""
ANSWER_KEYS: tuple[AnswerKey, ...] = get_args(AnswerKey)
"""The categories, in the order of every count table."""
ConsentKey = Literal["yes", "summary", "no"]
"""The consent to publication: the whole report, only the summary, nothing."""
CONSENT_KEYS: tuple[ConsentKey, ...] = get_args(ConsentKey)

_BY_OUTCOME: dict[vocabulary.Outcome, AnswerKey] = {
    "in_place": "yes",
    "partial": "partially",
    "gap": "no",
    "choice": "choice",
    "not_applicable": "not_applicable",
}


def answer_key(stored: str | None, kind: str = "mandatory") -> AnswerKey | None:
    """The category of a stored answer to a question of ``kind``; ``None`` when unanswered.

    The store holds keys only (intake and its migrations see to it), so a key the kind never
    offered is an error of the store, raised as ``ValueError`` naming it.
    """
    if stored is None or not stored.strip():
        return None
    return _BY_OUTCOME[vocabulary.outcome(kind, stored)]


def consent_key(stored: str | None) -> ConsentKey | None:
    """The consent to publication as stored; ``None`` when it was left empty or holds
    something else than a key of the list (no consent is assumed)."""
    return stored if stored in CONSENT_KEYS else None  # type: ignore[return-value]


def need_keys(stored: str | None) -> tuple[str, ...]:
    """The technical-assistance needs a question's stored value names, in order; "none" (no
    need) and empty cells are not needs."""
    return tuple(k for k in vocabulary.need_keys(stored) if k != vocabulary.NO_NEED)


def reported(text: str | None) -> bool:
    """Whether a free-text cell (Challenges, Examples...) reports something: not empty, not
    a dash or a word for nothing in one of the six languages (``N/A``, ``néant``, ``нет``)."""
    return not vocabulary.says_nothing(text)
