"""What the stored words mean: answers, consent and needs as canonical keys.

The store keeps what a workbook's dropdowns gave, verbatim: today the English labels of the
template (``Yes``, ``Partially``, ``No``, ``Not applicable``; consent ``Yes``, ``No``, ``Only
the summary``; a need category, or ``None``).  Statistics count keys, never labels, and this
module is the only place that turns one into the other: a workbook issued with another
vocabulary (a translated dropdown) is taught here, in :func:`answer_key` (and its siblings),
and nowhere else.
"""

from __future__ import annotations

from typing import Literal, get_args

AnswerKey = Literal["yes", "partially", "no", "not_applicable"]
"""An answer as statistics count it."""
ANSWER_KEYS: tuple[AnswerKey, ...] = get_args(AnswerKey)
"""The answer keys, in the order of the workbook's dropdown and of every count table."""
ConsentKey = Literal["yes", "summary", "no"]
"""The consent to publication: the whole report, only the summary, nothing."""
CONSENT_KEYS: tuple[ConsentKey, ...] = get_args(ConsentKey)

_ANSWERS: dict[str, AnswerKey] = {
    "yes": "yes",
    "partially": "partially",
    "no": "no",
    "not applicable": "not_applicable",
}
_CONSENTS: dict[str, ConsentKey] = {"yes": "yes", "only the summary": "summary", "no": "no"}
_NO_NEED = frozenset({"none"})
"""Need categories that say there is no need (the template's ``None``)."""
_NOTHING = frozenset({"", "-", "\u2013", "\u2014", "none", "n/a", "na", "nil", "not applicable"})
"""Free texts that say there is nothing to report (a dash, ``N/A``...)."""


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def answer_key(stored: str | None) -> AnswerKey | None:
    """The key of a stored answer; ``None`` for an unanswered question.

    Intake stores only words of the answer vocabulary (it normalises ``yes `` to ``Yes``), so
    an unknown word is an error of the store, raised as ``ValueError`` naming it.
    """
    if stored is None or not stored.strip():
        return None
    try:
        return _ANSWERS[_folded(stored)]
    except KeyError:
        raise ValueError(f"not an answer of the vocabulary: {stored!r}") from None


def consent_key(stored: str | None) -> ConsentKey | None:
    """The key of the cover's consent to publication as stored; ``None`` when it was left
    empty or holds something else than an option of the list (no consent is assumed)."""
    if stored is None:
        return None
    return _CONSENTS.get(_folded(stored))


def need_key(stored: str | None) -> str | None:
    """The technical-assistance need a Needs cell names (the category, white space tidied);
    ``None`` when the cell is empty or says there is no need (``None``)."""
    if stored is None:
        return None
    need = " ".join(stored.split())
    return None if not need or need.casefold() in _NO_NEED else need


def reported(text: str | None) -> bool:
    """Whether a free-text cell (Challenges, Examples...) reports something: not empty, not
    a dash or a word for nothing (``N/A``, ``None``)."""
    return text is not None and _folded(text) not in _NOTHING
