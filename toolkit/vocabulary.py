"""The vocabularies of the workbook as data: canonical keys, their English labels, what they mean.

A State chooses its answer, its technical-assistance needs and its consent to publication from
dropdowns, in its own language.  What the store keeps, what statistics count and what the site
shows is the **canonical key** (``yes``, ``not_used``, ``training``, ``summary``), never a
label; this module is the one place that knows the keys, the English label of each
(``toolkit/data/vocabulary.yaml``), and what an answer counts as (:data:`Outcome`).  The labels
in the other languages come from the questionnaire catalogue, each with its list as context
(:func:`label`); a workbook's labels are recorded in the cycle's lock when it is issued
(:func:`issued_labels`), and intake reads returned workbooks by those.

Answers depend on the kind of question (``mandatory``, ``consider``, ``optional``,
``reservation``, ``notification``): a "No" to an optional provision is a choice the Convention
allows, not a gap (:func:`outcome`).  Workbooks of template version 1 offered Yes, Partially, No
and Not applicable for every kind; their answers are stored as ``yes``, ``partially``, ``no``,
``not_applicable`` and :func:`outcome` knows what those mean for each kind too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import yaml

from toolkit.resources import DATA

Outcome = Literal["in_place", "partial", "gap", "choice", "not_applicable"]
"""How an answer counts: in place, in part, a gap, an allowed choice, not applicable."""
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
KINDS = ("mandatory", "consider", "optional", "reservation", "notification")
"""The kinds of question, each with its own answers."""
SOURCE = DATA / "vocabulary.yaml"


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    key: str
    """The canonical key, as stored (``not_used``)."""
    label: str
    """The English label, the msgid of its translations (``No, it has not``)."""
    outcome: Outcome | None = None
    """For an answer: how it counts (:data:`Outcome`)."""
    cites: bool = False
    """For an answer: whether it must cite legislation."""


@dataclass(frozen=True)
class Vocabulary:
    """Every list of the workbook (template version 2) and the words of version 1."""

    answers: Mapping[str, tuple[Term, ...]]
    """The answers offered for each kind of question, in dropdown order."""
    earlier: Mapping[str, Mapping[str, Outcome]]
    """Keys stored from earlier template versions, by kind, with what they count as."""
    needs: tuple[Term, ...]
    consent: tuple[Term, ...]
    columns: tuple[Term, ...]
    """The chapter sheets' column headings, in order."""
    outcomes: tuple[Term, ...]
    """Progress's names of the :data:`OUTCOMES`."""
    version_1: Mapping[str, Mapping[str, str]]
    """Template version 1's English words, by list (``answers``, ``needs``, ``consent``):
    label -> key."""


def _load() -> Vocabulary:
    data: dict[str, Any] = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))

    def terms(items: list[dict[str, Any]], where: str) -> tuple[Term, ...]:
        found = tuple(
            Term(
                key=str(item["key"]),
                label=str(item["label"]),
                outcome=item.get("outcome"),
                cites=bool(item.get("cites", False)),
            )
            for item in items
        )
        keys = [t.key for t in found]
        if len(set(keys)) != len(keys) or len({t.label.casefold() for t in found}) != len(keys):
            raise ValueError(f"{SOURCE}: {where}: a key or a label is repeated")
        for term in found:
            if term.outcome is not None and term.outcome not in OUTCOMES:
                raise ValueError(f"{SOURCE}: {where}: unknown outcome {term.outcome!r}")
        return found

    answers = {kind: terms(data["answers"][kind], f"answers.{kind}") for kind in KINDS}
    for kind, listed in answers.items():
        if any(t.outcome is None for t in listed):
            raise ValueError(f"{SOURCE}: answers.{kind}: every answer needs an outcome")
    return Vocabulary(
        answers=answers,
        earlier={kind: dict(data["earlier_answers"][kind]) for kind in KINDS},
        needs=terms(data["needs"], "needs"),
        consent=terms(data["consent"], "consent"),
        columns=terms(data["columns"], "columns"),
        outcomes=terms(data["outcomes"], "outcomes"),
        version_1={name: dict(words) for name, words in data["version_1"].items()},
    )


VOCABULARY = _load()
ANSWER_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [t.key for kind in KINDS for t in VOCABULARY.answers[kind]]
        + [key for kind in KINDS for key in VOCABULARY.earlier[kind]]
    )
)
"""Every answer key the store may hold, of any kind and template version."""
NEED_KEYS: tuple[str, ...] = tuple(t.key for t in VOCABULARY.needs)
CONSENT_KEYS: tuple[str, ...] = tuple(t.key for t in VOCABULARY.consent)
NO_NEED = "none"
"""The need key saying that no assistance is needed."""
NEEDS_SEPARATOR = ","
"""What separates the need keys of one question in the store (``training,equipment``)."""


def answers(kind: str) -> tuple[Term, ...]:
    """The answers offered to a question of this kind (KeyError for an unknown kind)."""
    return VOCABULARY.answers[kind]


def outcome(kind: str, key: str) -> Outcome:
    """What an answer counts as for a question of this kind (any template version).

    ``outcome("optional", "not_used") == "choice"``; ``outcome("mandatory", "no") == "gap"``.
    A key the kind never offered is a ``ValueError`` naming both.
    """
    for term in VOCABULARY.answers[kind]:
        if term.key == key:
            return term.outcome  # type: ignore[return-value]
    try:
        return VOCABULARY.earlier[kind][key]
    except KeyError:
        raise ValueError(f"{key!r} is not an answer to a question of kind {kind!r}") from None


def cites(kind: str, key: str) -> bool:
    """Whether this answer to a question of this kind must cite legislation (version 1's
    ``yes`` and ``partially`` did, for every kind)."""
    for term in VOCABULARY.answers[kind]:
        if term.key == key:
            return term.cites
    return key in ("yes", "partially")


def need_keys(stored: str | None) -> tuple[str, ...]:
    """The need keys of a stored ``needs`` value (``"training,equipment"``), in the order the
    State gave them; ``()`` when empty."""
    if not stored:
        return ()
    return tuple(key for key in stored.split(NEEDS_SEPARATOR) if key)


def stored_needs(keys: tuple[str, ...]) -> str | None:
    """The ``needs`` value the store keeps for these keys (``None`` for none given)."""
    return NEEDS_SEPARATOR.join(keys) if keys else None


NOTHING = frozenset(
    {
        "",
        "-",
        "\u2013",
        "\u2014",
        "/",
        "none",
        "n/a",
        "na",
        "nil",
        "not applicable",
        "néant",
        "aucun",
        "aucune",
        "sans objet",
        "s.o.",
        "ninguno",
        "ninguna",
        "no procede",
        "no se aplica",
        "нет",
        "не применимо",
        "неприменимо",
        "无",
        "没有",
        "不适用",
        "لا يوجد",
        "لا شيء",
        "لا ينطبق",
    }
)
"""Free texts that say there is nothing to report, in the six languages."""


def says_nothing(text: str | None) -> bool:
    """Whether a free-text cell (Challenges, Examples...) reports nothing: empty, a dash, or a
    word for nothing in one of the six languages (``N/A``, ``néant``, ``нет``, ``无``)."""
    return text is None or " ".join(text.split()).casefold().rstrip(".") in NOTHING


# -- labels ---------------------------------------------------------------------------------

LIST_CONTEXTS = {
    **{f"answer.{kind}": VOCABULARY.answers[kind] for kind in KINDS},
    "need": VOCABULARY.needs,
    "consent": VOCABULARY.consent,
    "column": VOCABULARY.columns,
    "outcome": VOCABULARY.outcomes,
}
"""Each list by the context its labels carry in the catalogue (``answer.optional``)."""


def label(context: str, term: Term, language: str | None = None) -> str:
    """A term's label in ``language`` (default: the active one), from the catalogue."""
    from toolkit.i18n import QUESTIONNAIRE
    from toolkit.i18n import language as active

    if language is None:
        return QUESTIONNAIRE.pgettext(context, term.label)
    with active(language):
        return QUESTIONNAIRE.pgettext(context, term.label)


def issued_labels(language: str) -> dict[str, str]:
    """Every label of the workbook in ``language``, by ``<context>.<key>``
    (``answer.optional.not_used``, ``need.training``, ``column.answer``): what a cycle's lock
    records of the vocabularies its workbooks were issued with."""
    return {
        f"{context}.{term.key}": label(context, term, language)
        for context, terms in LIST_CONTEXTS.items()
        for term in terms
    }
