"""The words of a returned workbook: its headings and dropdown labels, read back as keys.

A workbook of template version 1 is English, with one answer list for every question (the
layout contract fixes its words).  A workbook of version 2 is worded in its State's language,
with an answer list per kind of question; the labels it offered are those recorded in the
cycle's lock when it was issued, in every language of the issue, so that an answer in any of
the six vocabularies is read as its canonical key, and a catalogue corrected after the issue
changes nothing here.  Comparisons ignore case, runs of white space and a final full stop
(``yes `` and ``PARTIALLY.`` read as the answers they mean, with a warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from toolkit.intake.layout import COLUMNS_V1
from toolkit.vocabulary import KINDS, LIST_CONTEXTS, VOCABULARY


def folded(text: str) -> str:
    """A label as compared: case, runs of white space and a final full stop left out."""
    return " ".join(text.split()).rstrip(".。").strip().casefold()


@dataclass(frozen=True)
class Words:
    """How the workbooks of one issue word their headings and lists, mapped back to keys."""

    columns: Mapping[str, str]
    """A heading (folded) -> the column's key (``answer``)."""
    answers: Mapping[str, Mapping[str, str]]
    """By kind of question: an answer's label (folded) -> its key."""
    needs: Mapping[str, str]
    """A technical-assistance need's label (folded) -> its key."""
    consent: Mapping[str, str]
    """A consent option's label (folded) -> its key."""
    exact: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """By list (``answer.<kind>``, ``need``, ``consent``): the labels exactly as offered ->
    key (no warning for these)."""
    shown: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """By language: ``<list>.<key>`` -> label, to quote a list's choices in a message."""

    @classmethod
    def version_1(cls) -> Words:
        """Template version 1's English words (every kind shares one answer list)."""
        v1 = VOCABULARY.version_1
        answers = {folded(label): key for label, key in v1["answers"].items()}
        labels = {
            **{
                f"answer.{kind}.{key}": label
                for kind in KINDS
                for label, key in v1["answers"].items()
            },
            **{f"need.{key}": label for label, key in v1["needs"].items()},
            **{f"consent.{key}": label for label, key in v1["consent"].items()},
        }
        return cls(
            columns={folded(heading): key for heading, key in COLUMNS_V1.items()},
            answers={kind: answers for kind in KINDS},
            needs={folded(label): key for label, key in v1["needs"].items()},
            consent={folded(label): key for label, key in v1["consent"].items()},
            exact={
                **{f"answer.{kind}": dict(v1["answers"]) for kind in KINDS},
                "need": dict(v1["needs"]),
                "consent": dict(v1["consent"]),
            },
            shown={"en": labels},
        )

    @classmethod
    def issued(cls, labels: Mapping[str, Mapping[str, str]]) -> Words:
        """The words of an issue of version 2, from the labels its lock records by language."""
        columns: dict[str, str] = {}
        answers: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        needs: dict[str, str] = {}
        consent: dict[str, str] = {}
        exact: dict[str, dict[str, str]] = {}
        for words in labels.values():
            for name, label in words.items():
                context, _, key = name.rpartition(".")
                exact.setdefault(context, {})[label] = key
                if context == "column":
                    columns.setdefault(folded(label), key)
                elif context.startswith("answer."):
                    answers.setdefault(context.split(".", 1)[1], {}).setdefault(folded(label), key)
                elif context == "need":
                    needs.setdefault(folded(label), key)
                elif context == "consent":
                    consent.setdefault(folded(label), key)
        return cls(columns, answers, needs, consent, exact, {k: dict(v) for k, v in labels.items()})

    def choices(self, context: str, language: str) -> tuple[str, ...]:
        """The labels of a list in ``language`` (English, or the first language recorded,
        when the workbook's is not), in the list's order, to quote in a message."""
        words = (
            self.shown.get(language) or self.shown.get("en") or next(iter(self.shown.values()), {})
        )
        found = {
            name.rpartition(".")[2]: label
            for name, label in words.items()
            if name.rpartition(".")[0] == context
        }
        order = [term.key for term in LIST_CONTEXTS.get(context, ())]
        ranked = sorted(found, key=lambda key: order.index(key) if key in order else len(order))
        return tuple(found[key] for key in ranked)


def merged(words: Iterable[Words]) -> Words:
    """One issue's words when several issues share its question set: every label of each."""
    found = list(words)
    first = found[0]
    if len(found) == 1:
        return first

    def union(maps: Iterable[Mapping[str, str]]) -> dict[str, str]:
        result: dict[str, str] = {}
        for mapping in maps:
            for key, value in mapping.items():
                result.setdefault(key, value)
        return result

    kinds = {kind for w in found for kind in w.answers}
    contexts = {context for w in found for context in w.exact}
    languages = {code for w in found for code in w.shown}
    return Words(
        columns=union(w.columns for w in found),
        answers={kind: union(w.answers.get(kind, {}) for w in found) for kind in kinds},
        needs=union(w.needs for w in found),
        consent=union(w.consent for w in found),
        exact={c: union(w.exact.get(c, {}) for w in found) for c in contexts},
        shown={code: union(w.shown.get(code, {}) for w in found) for code in languages},
    )
