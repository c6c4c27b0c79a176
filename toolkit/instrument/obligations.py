"""Classifying provisions: obligation, elements, flags, qualifiers and addressee, by rules.

Every modal element of a provision's own words is read (:mod:`toolkit.instrument.modals`) and
recorded; the provision's obligation is the strongest of those that bind States Parties
(mandatory > consider > optional > none): 40.20 "may require" and "shall promptly inform" is
mandatory.  Without a modal of its own, a list item takes its chapeau's obligation
(``inherited``) and a chapeau or an article made of paragraphs the strongest of the provisions
under it (``items``: 40.10 "For the purposes of paragraph 9 of this article:" over four
"shall" items is mandatory).  Flags mark what a sentence binding a State lets it reserve or
asks it to communicate to the Secretary-General.  The overrides file
(:mod:`toolkit.instrument.overrides`) corrects what the rules cannot read, with a reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.instrument.modals import Reading, binds_a_state, consider_item, read, subject_of
from toolkit.instrument.model import (
    Element,
    Flag,
    Instrument,
    Obligation,
    ObligationSource,
    Provision,
)
from toolkit.instrument.overrides import Override, apply_overrides

__all__ = ["classify", "flags_of", "qualifiers_of", "read"]

_QUALIFIERS = re.compile(
    r"in accordance with (?:(?:the )?fundamental principles of )?(?:its|their) "
    r"(?:domestic law|legal system|domestic legal system)"
    r"|subject to (?:its|their) domestic law|within (?:its|their) means"
    r"|to the (?:greatest|fullest) extent possible(?: within its domestic legal system)?"
    r"|to the extent possible|where appropriate|as appropriate|as may be necessary"
    r"|consistent with (?:its|their) (?:legal principles|domestic law)"
    r"|subject to the basic concepts of its legal system|according to (?:its|their) capacity"
    r"|to the extent (?:necessary|permitted by (?:its |their )?domestic law|consistent with "
    r"its domestic legal framework)|where feasible|within its existing technical capability"
    r"|if permitted by (?:the|its) domestic law(?: and practice of the requested State Party)?"
    r"|without prejudice to (?:its|their) domestic law"
    r"|where not prohibited by their respective laws",
    re.I,
)
_RESERVATION = re.compile(
    r"reserve the right|\breservations?\b|not consider itself bound|declare that it does not", re.I
)
_NOTIFICATION = re.compile(
    r"(?:notif\w*|inform|communicate|furnish|transmit|deposit\w*)\b[^.;]{0,250}?"
    r"Secretary-General|Secretary-General\b[^.;]{0,120}?\b(?:be\s+notified|be\s+informed)",
    re.I,
)
_SENTENCE_END = re.compile(r"[.;:](?=\s)")


def _sentence_at(text: str, position: int) -> tuple[int, int]:
    """The bounds of the sentence (or list item) that holds ``position``."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > position:
            return start, match.end()
        start = match.end()
    return start, len(text)


def flags_of(
    text: str,
    elements: tuple[Element, ...] | None = None,
    obligation: Obligation | None = None,
) -> tuple[Flag, ...]:
    """Reservation and notification flags of a provision's own words.

    A flag counts in a sentence that binds a State: one with an element binding a State, or,
    without any modal, the words of a provision that binds by its chapeau (``obligation``).
    "The original of this Convention ... shall be deposited with the Secretary-General" binds
    no one: no notification.  ``elements`` are the words' elements (read when not given).
    """
    if elements is None:
        elements = read(text).elements
    flags = []
    for pattern, flag in ((_RESERVATION, Flag.RESERVATION), (_NOTIFICATION, Flag.NOTIFICATION)):
        for match in pattern.finditer(text):
            start, end = _sentence_at(text, match.start())
            inside = [e for e in elements if start <= e.start < end]
            binding = (
                any(binds_a_state(e) for e in inside)
                if inside
                else obligation is None or obligation != Obligation.NONE
            )
            if binding:
                flags.append(flag)
                break
    return tuple(flags)


def qualifiers_of(text: str) -> tuple[str, ...]:
    """The qualifying phrases of an obligation, as written, without repeats."""
    return tuple(dict.fromkeys(m.group(0) for m in _QUALIFIERS.finditer(text)))


@dataclass(frozen=True)
class _Decision:
    """What decided one provision's obligation (None while its items are still to be read)."""

    obligation: Obligation | None
    source: ObligationSource
    addressee: str
    elements: tuple[Element, ...] = ()


class _Classifier:
    """Decides the obligation of every provision of one instrument, article by article."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.decisions: dict[str, _Decision] = {}

    def decide(self, provision: Provision, parent: Provision | None) -> _Decision:
        """Decide a provision and everything under it; returns the provision's decision."""
        above = self.decisions.get(parent.id) if parent is not None else None
        decision = self.own(provision, parent, above)
        self.decisions[provision.id] = decision
        children = [self.instrument.get(c) for c in provision.children]
        for child in children:
            self.decide(child, provision)
        if decision.obligation is None and decision.source == "items":
            decision = self.from_items(provision, children)
            self.decisions[provision.id] = decision
            for child in children:  # items without a modal of their own take the new level
                if self.decisions[child.id].source == "inherited":
                    self.decide(child, provision)
        return decision

    def own(
        self, provision: Provision, parent: Provision | None, above: _Decision | None
    ) -> _Decision:
        """The decision from the provision's own words, or from its chapeau's."""
        words = provision.own_text
        # A list item reads on from its chapeau's words, or from those above an item that has
        # none of its own (17.1 (a) (i) under the empty 17.1 (a)).
        chapeau = (
            parent is not None
            and above is not None
            and (bool(parent.own_text) or above.source == "inherited")
        )
        hint = subject_of(parent.text) if parent is not None and parent.text.endswith(":") else ""
        reading = read(words, hint)
        if not reading.elements and chapeau and above is not None and above.obligation:
            item = consider_item(words, above.obligation, above.addressee)
            if item is not None:  # "(c) Consider taking ..." under "shall ...:"
                reading = Reading((item,))
        if reading.obligation is not None:
            return _Decision(reading.obligation, "rule", reading.addressee, reading.elements)
        if chapeau and above is not None:
            return _Decision(above.obligation, "inherited", above.addressee)
        return _Decision(None, "items", "")

    def from_items(self, provision: Provision, children: list[Provision]) -> _Decision:
        """A chapeau without a modal, or an article of paragraphs: its strongest item's level."""
        best: _Decision | None = None
        for child in children:
            decision = self.decisions[child.id]
            if decision.obligation is None:
                continue
            if best is None or decision.obligation.rank > (best.obligation or Obligation.NONE).rank:
                best = decision
        if best is None or best.obligation is None:
            return _Decision(Obligation.NONE, "items" if children else "rule", "")
        addressee = best.addressee if best.obligation != Obligation.NONE else ""
        return _Decision(best.obligation, "items", addressee)


def _placed(provision: Provision, element: Element) -> Element:
    """An element read in the provision's own words, placed in its ``text`` or ``wrap_up``."""
    if not provision.text:
        return dataclasses.replace(element, part="wrap_up")
    if element.start <= len(provision.text):
        return element
    shift = len(provision.text) + 1
    return dataclasses.replace(
        element, part="wrap_up", start=element.start - shift, end=element.end - shift
    )


def classify(instrument: Instrument, overrides: Iterable[Override] = ()) -> Instrument:
    """The instrument with every provision's obligation, elements, flags, qualifiers and
    addressee set by the rules, then corrected by ``overrides``."""
    classifier = _Classifier(instrument)
    for article in instrument.articles():
        classifier.decide(article, None)
    provisions = []
    for provision in instrument.provisions:
        decision = classifier.decisions[provision.id]
        obligation = decision.obligation or Obligation.NONE
        words = provision.own_text
        provisions.append(
            dataclasses.replace(
                provision,
                obligation=obligation,
                obligation_source=decision.source,
                addressee=decision.addressee,
                elements=tuple(_placed(provision, e) for e in decision.elements),
                flags=flags_of(words, decision.elements, obligation),
                qualifiers=qualifiers_of(words),
            )
        )
    classified = dataclasses.replace(instrument, provisions=tuple(provisions), _index={})
    overrides = tuple(overrides)
    return apply_overrides(classified, overrides) if overrides else classified
