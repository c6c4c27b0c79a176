"""The words the site shows for the vocabulary's keys: answers, needs, consents, categories.

The store keeps canonical keys (``not_used``, ``training``, ``summary``: :mod:`toolkit.vocabulary`);
the site is published in English and never shows a key to its readers.  An answer reads as the
English label its question's kind offered (``No, it has not`` for an optional provision); a key
of template version 1 that the kind's list no longer has (an optional provision answered
``yes`` in an earlier workbook) reads as version 1's word for it (``Yes``).  The counts read in
the statistics' five categories and the blank answers, named as the workbook's Progress sheet
names them (``In place`` ... ``Not applicable``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from toolkit import vocabulary
from toolkit.stamps import code_digest

CATEGORIES = ("yes", "partially", "no", "choice", "not_applicable", "unanswered")
"""The fields of a tally that count answers (:data:`toolkit.statistics.OUTCOMES`), in the
order of every table, figure and download."""
_OUTCOME_OF = {
    "yes": "in_place",
    "partially": "partial",
    "no": "gap",
    "choice": "choice",
    "not_applicable": "not_applicable",
}
"""The vocabulary's outcome behind each category of the statistics."""
_OUTCOME_WORDS = {term.key: term.label for term in vocabulary.VOCABULARY.outcomes}
CATEGORY_WORDS: dict[str, str] = {
    **{category: _OUTCOME_WORDS[outcome] for category, outcome in _OUTCOME_OF.items()},
    "unanswered": "Unanswered",
}
"""How each category is named in tables, figures and sentences: ``In place``, ``In part``,
``Not in place``, ``Not used or reserved (allowed)``, ``Not applicable``, ``Unanswered``."""
CATEGORY_LEGEND = (
    f"{CATEGORY_WORDS['yes']}: what the provision asks for is in place, or the possibility it "
    f"offers is used. {CATEGORY_WORDS['partially']}: in place in part. "
    f"{CATEGORY_WORDS['no']}: not in place although the Convention requires it (a gap). "
    f"{CATEGORY_WORDS['choice']}: a “no” the Convention allows, never a gap: a possibility "
    "not used, a reservation or declaration made or intended, measures considered and not "
    f"adopted. {CATEGORY_WORDS['not_applicable']}: the provision does not apply to the State. "
    f"{CATEGORY_WORDS['unanswered']}: left blank by a State that replied."
)
"""What each category counts, in words (beside the tables and figures of counts)."""

_NEEDS = {term.key: term.label for term in vocabulary.VOCABULARY.needs}
_CONSENTS = {term.key: term.label for term in vocabulary.VOCABULARY.consent}
_EARLIER = {key: word for word, key in vocabulary.VOCABULARY.version_1["answers"].items()}
NOT_GIVEN = "Not given (treated as No)"
"""How a consent left blank reads."""


def answer_label(kind: str, key: str | None) -> str | None:
    """The English words of a stored answer to a question of ``kind`` (None when blank).

    The kind's own label first; then template version 1's word for the key; then the label
    of another kind's list that has the key (an answer to an earlier issue that asked the
    question as another kind).  The store holds keys only, so the key itself is never shown
    unless it is of no list at all.
    """
    if key is None:
        return None
    for term in vocabulary.VOCABULARY.answers.get(kind, ()):
        if term.key == key:
            return term.label
    if key in _EARLIER:
        return _EARLIER[key]
    for listed in vocabulary.VOCABULARY.answers.values():
        for term in listed:
            if term.key == key:
                return term.label
    return key


def is_need(key: str) -> bool:
    """Whether a stored value names a category of the questionnaire's list of needs."""
    return key in _NEEDS


def need_label(key: str) -> str:
    """The English label of a need's key (``Financial resources``)."""
    return _NEEDS[key]


def need_words(need: str) -> str:
    """How a need of the statistics' ranking reads: its label, or a State's own words."""
    return _NEEDS.get(need, need)


def listed_needs(stored: str | None) -> tuple[str, ...] | None:
    """The need keys of a stored ``needs`` value in the State's order (``"none"`` included,
    as chosen), or None when the value is not keys of the list: a need in the State's own
    words, which stores of template version 1 may hold."""
    keys = vocabulary.need_keys(stored)
    return keys if all(is_need(key) for key in keys) else None


def consent_label(key: str | None) -> str:
    """The English label of a consent key; blank reads ``Not given (treated as No)``."""
    return _CONSENTS.get(key, NOT_GIVEN) if key is not None else NOT_GIVEN


def joined(labels: Iterable[str]) -> str:
    """Labels in one cell: ``Training ...; Financial resources``."""
    return "; ".join(labels)


def vocabulary_digest() -> str:
    """SHA-256 of the vocabulary (its module and its data): new words make new records."""
    digest = hashlib.sha256(code_digest("vocabulary").encode())
    digest.update(vocabulary.SOURCE.read_bytes())
    return digest.hexdigest()
