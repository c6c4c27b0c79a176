"""Terms defined in an instrument's "Use of terms" article, and where they occur in a text.

In the Convention, article 2 defines terms in the form ``“Electronic data” shall mean ...``
(sometimes two: ``“Freezing” or “seizure” shall mean ...``).  Every later occurrence of such a
term can link to its definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from toolkit.instrument.model import Instrument

USE_OF_TERMS = "use of terms"
"""Title of the article that defines terms (lower case)."""

_QUOTED = re.compile(r"[“\"]([^”\"]{2,80})[”\"]")
_DEFINES = re.compile(r"\bshall mean\b")


@dataclass(frozen=True)
class DefinedTerm:
    """A term and the provision that defines it."""

    term: str
    """The term as quoted in the definition, lower case (``electronic data``); also the
    cross-reference target of the term."""
    provision: str
    """ID of the defining provision (``2.b``)."""


@dataclass(frozen=True)
class TermSpan:
    """An occurrence of a defined term in a text."""

    start: int
    end: int
    term: DefinedTerm


def defined_terms(instrument: Instrument) -> tuple[DefinedTerm, ...]:
    """The terms defined in the "Use of terms" article, longest first (so longer terms win)."""
    articles = [a for a in instrument.articles() if a.title.strip().lower() == USE_OF_TERMS]
    if not articles:
        return ()
    found: dict[str, DefinedTerm] = {}
    for provision in instrument.descendants(articles[0].id):
        match = _DEFINES.search(provision.text)
        if not match:
            continue
        for quoted in _QUOTED.finditer(provision.text, 0, match.start()):
            term = " ".join(quoted.group(1).split()).lower()
            found.setdefault(term, DefinedTerm(term, provision.id))
    return tuple(sorted(found.values(), key=lambda t: (-len(t.term), t.term)))


def term_pattern(terms: tuple[DefinedTerm, ...]) -> re.Pattern[str] | None:
    """One regular expression matching any of the terms as whole words (plural ``s`` allowed)."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t.term).replace(r"\ ", r"\s+") for t in terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})s?(?![\w-])", re.IGNORECASE)


def find_terms(
    text: str,
    by_term: Mapping[str, DefinedTerm],
    pattern: re.Pattern[str] | None,
    *,
    exclude_provision: str | None = None,
) -> list[TermSpan]:
    """The first occurrence of each defined term in ``text``.

    ``by_term`` maps each term's words (lower case) to the term; ``pattern`` is
    :func:`term_pattern` of the same terms.  A term is not linked inside the provision that
    defines it (``exclude_provision``).
    """
    if pattern is None:
        return []
    seen: set[str] = set()
    spans: list[TermSpan] = []
    for match in pattern.finditer(text):
        words = " ".join(match.group(0).split()).lower()
        term = by_term.get(words) or by_term.get(words[:-1] if words.endswith("s") else words)
        if term is None or term.term in seen or term.provision == exclude_provision:
            continue
        seen.add(term.term)
        spans.append(TermSpan(match.start(), match.end(), term))
    return spans
