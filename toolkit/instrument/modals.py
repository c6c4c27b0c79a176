"""Reading the modal elements of a provision's words: who "shall", "may" or "shall consider".

Each modal verb is read with the subject before it: "Each State Party shall adopt" binds the
States Parties (mandatory), "States Parties shall consider" asks them to consider, "A State
Party may require" lets them act (optional).  Some modals bind no one: "Nothing in this
Convention shall", "shall mean", "This Convention shall enter into force", "The original of
this Convention shall be deposited", and those of the Conference, the Secretary-General or the
secretariat.  A passive binds the States Parties ("Reasons shall be given", "such property
shall be liable to the measures"), except after a sentence addressed to the Conference or the
Secretary-General, whose business it continues.  "The Secretary-General shall be notified" is
a duty of the States Parties to notify.

:func:`read` returns every element found (:class:`~toolkit.instrument.model.Element`); the
provision's obligation is the strongest of those that bind a State
(:mod:`toolkit.instrument.obligations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.instrument.model import Element, Obligation

_MODAL = re.compile(
    r"\b(?:(?P<consider>shall(?:,[^;.]{1,200}?,)?\s+(?:also\s+|in particular,?\s+)?"
    r"(?:consider\b(?!\s+(?:this|the\s+present)\s+(?:Convention|Protocol)\b)|endeavour\b|seek\b|"
    r"strive\b)|(?:are|is)\s+(?:strongly\s+)?encouraged\b)"
    r"|(?P<entitled>shall\s+(?:also\s+)?be\s+entitled\b)"
    r"|(?P<mandatory>shall\b|must\b|undertakes?\s+to\b|may\s+not\s+(?:refuse|decline)\b)"
    r"|(?P<optional>may\b))",
    re.I,
)
_LEVELS = {
    "consider": Obligation.CONSIDER,
    "entitled": Obligation.OPTIONAL,
    "mandatory": Obligation.MANDATORY,
    "optional": Obligation.OPTIONAL,
}
_ADVERBS = re.compile(
    r"\s+(?:also|still|not|then|thereupon|promptly|expeditiously|annually|immediately|duly|"
    r"at\s+any\s+time|in\s+particular,?|be)\b",
    re.I,
)
_INSERTION = r"(?:,[^,;.]{1,120},)?"
_BARE = ("shall", "may", "must")
_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")
_STOP = re.compile(r"[.;:]")
_ILLUSTRATES = re.compile(r"\b(?:include|deal)\b", re.I)
_COMMA_WORD = re.compile(r",\s+([\w’'-]+)")
_NOT_A_VERB = re.compile(
    r"^(?:\w+(?:tion|sion|ance|ence|ment|al|ity)|and|or|upon|in|at|to|of|with|for|by|if|when|"
    r"where|after|before|as|on|the|its|their|any|such)$",
    re.I,
)
"""Words after a comma that continue an insertion ("at the time of signature, ratification,
acceptance or approval ..., declare"): nouns of the list, prepositions, conjunctions."""
_STATUS = re.compile(
    rf"{_INSERTION}(?:\s+(?:also|still|not))*\s+(?:mean|have\s+the\s+same\s+meaning|cease|"
    r"become\s+effective|enter\s+into\s+force|entail|not\s+prevent|include|deal\b|"
    r"be\s+(?:interpreted|construed|bound|binding|sufficient|counted|open|"
    r"without\s+prejudice|subject\s+to\s+ratification|governed|supplemented|a\s+Party))\b",
    re.I,
)
"""Words that state what something is or means, never a duty of anyone: "shall mean", "shall
be construed", "shall not be bound", "shall cease to be a Party".  "include" and "deal with" are
here only after "may" (an illustrative list, "Preventive measures may include:")."""
_NOT_A_DUTY_UNLESS_NAMED = re.compile(
    rf"{_INSERTION}\s*(?:not\s+)?(?:include|apply|also\s+apply|affect|exclude|deem)\b", re.I
)
"""Not a duty unless a State is named just before: "the provisions of that treaty shall
apply" (no), "each State Party shall apply the powers" (yes)."""
_RELEASE = re.compile(r"\s*(?:not\s+)?be\s+required\b", re.I)
"""With a State as subject, a release or a quorum ("States Parties shall not be required to
transfer"); without one, a prohibition ("dual criminality shall not be required")."""
_NOTIFIED = re.compile(rf"{_INSERTION}\s*be\s+(?:notified|informed)\b", re.I)
"""After "The Secretary-General": the States Parties' duty to notify it."""
_SUBORDINATE_MAY = re.compile(
    r"\b(?:as|that|which|who|whom|what|whether)"
    r"(?!\s+(?:requested\s+|requesting\s+)?State\s+Party$)(?:\s+[\w’'-]+){0,4}$",
    re.I,
)
"""'such measures as may be necessary': a relative clause, no modal of the provision; but in
'that State Party may', 'that' is a determiner of the subject."""
_DISCRETION = re.compile(r"\s+(?:deem|have)\b", re.I)
"""'any action it may deem necessary', 'any obligations the transferring Party may have': the
discretion of whoever acts or a possibility, no modal of the provision."""
_COMPLEMENT = re.compile(
    r"\bmay\s+(?:\w+\s+){0,2}?(?:agree|require|request|decide|provide)\s+that\b[^.;:]*$", re.I
)
"""'States Parties may agree that the hearing shall be conducted ...': the "shall" is what
they may agree, part of the permission."""
STATES = ("States Parties", "requested State Party", "requesting State Party")
"""The addressees that are States Parties."""
_SENTENCE = re.compile(r"(?<=[.;:])\s+")
_PRONOUN = re.compile(r"\b(?:it|they)\b")
_SUBJECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "Conference of the States Parties",
        re.compile(r"\bConference of the States Parties(?: to the Convention)?|\bConference\b"),
    ),
    ("Secretary-General", re.compile(r"\bSecretary-General\b")),
    ("secretariat", re.compile(r"\bsecretariat\b")),
    ("requested State Party", re.compile(r"\brequested State Party\b")),
    ("requesting State Party", re.compile(r"\brequesting State Party\b")),
    ("States Parties", re.compile(r"\bStates? Part(?:y|ies)\b|\b(?:it|they)\b")),
)
NOT_ADDRESSED = re.compile(
    r"^\s*(?:Nothing\b|This\s+(?:Convention|Protocol|article|chapter)\b|The\s+provisions\s+of\s+this"
    r"|The\s+purposes\s+of|The\s+original\s+of\s+this\s+(?:Convention|Protocol)\b"
    r"|For\s+the\s+purposes?\s+of\s+this\s+(?:Convention|Protocol)\s*:)",
    re.I,
)
"""Sentences that bind no one by their shape: saving clauses, the instrument's own life."""
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_TERM = re.compile(r"\bterm\b")
_INSTRUMENT_SUBJECT = re.compile(r"(?:^|,)\s*(?:this|the)\s+(?:Convention|Protocol)\s*$", re.I)
_SUBJECT_DISTANCE = 30
"""How far before "shall apply" / "shall include" a State must be named for it to be a duty."""
_CONSIDER_ITEM = re.compile(
    r"^\s*(?:(?:If|Where|When|Whenever)\b[^;:]*?,\s+)?(consider|endeavour|seek|strive)\b", re.I
)
"""A list item under "shall ...:" that begins "Consider taking ..." (or "If ..., seek, where
appropriate, to conclude") reads "shall consider" ("shall seek")."""


@dataclass(frozen=True)
class Reading:
    """The modal elements of some words, with offsets into those words."""

    elements: tuple[Element, ...]
    not_addressed: bool = False
    """The words bind no one by their shape even without a modal ("For the purposes of this
    Convention:", "The purposes of this Convention are to:")."""

    @property
    def obligation(self) -> Obligation | None:
        """The strongest level of the elements that bind a State; None without any element."""
        binding = strongest(self.elements)
        if binding is not None:
            return binding.obligation
        return Obligation.NONE if self.elements or self.not_addressed else None

    @property
    def addressee(self) -> str:
        """Who the deciding element binds; else the first body named (the Conference)."""
        binding = strongest(self.elements)
        if binding is not None:
            return binding.addressee
        return next((e.addressee for e in self.elements if e.addressee), "")


def binds_a_state(element: Element) -> bool:
    """Whether an element binds a State Party (at any level but none)."""
    return element.obligation != Obligation.NONE and element.addressee in STATES


def strongest(elements: tuple[Element, ...]) -> Element | None:
    """The first of the strongest elements that bind a State (None when none does)."""
    best: Element | None = None
    for element in elements:
        if binds_a_state(element) and (
            best is None or element.obligation.rank > best.obligation.rank
        ):
            best = element
    return best


def subject_of(text: str) -> str:
    """The State a chapeau names at its end ("The requested State Party:"), or ""."""
    found = _subject(text.rstrip().rstrip(":"))
    return found[0] if found is not None and found[0] in STATES else ""


def consider_item(text: str, chapeau: Obligation, addressee: str) -> Element | None:
    """The element of a list item "Consider taking ..." under a "shall ...:" chapeau."""
    match = _CONSIDER_ITEM.match(text)
    if match is None or chapeau != Obligation.MANDATORY:
        return None
    return Element(match.group(1), Obligation.CONSIDER, addressee, match.start(1), match.end(1))


def _subject(before: str) -> tuple[str, int] | None:
    """Who the modal at the end of ``before`` binds, and how far before it the subject ends.

    None when the sentence binds no one ("Nothing in this Convention shall ...", "This
    Convention shall enter into force"); ``("", -1)`` when no subject is named (a passive).
    A pronoun ("it shall") stands for the first State the sentence names ("If the requested
    State Party cannot comply ..., it shall").
    """
    sentence = _QUOTED.sub("term", _SENTENCE.split(before)[-1])
    if NOT_ADDRESSED.search(sentence) or _INSTRUMENT_SUBJECT.search(sentence):
        return None
    best, best_at, best_words = "", (-1, 0), ""
    first_state: tuple[int, str] = (len(sentence), "")
    for name, pattern in _SUBJECTS:
        for match in pattern.finditer(sentence):
            # The nearest subject wins; "requested State Party" over the "State Party" in it.
            at = (match.end(), -match.start())
            if at > best_at:
                best, best_at, best_words = name, at, match.group(0)
            if name in STATES and not _PRONOUN.fullmatch(match.group(0)):
                first_state = min(first_state, (match.start(), name))
    if not best:
        return "", -1
    if _PRONOUN.fullmatch(best_words) and first_state[1]:
        best = first_state[1]
    return best, len(sentence) - best_at[0]


def _words(text: str, match: re.Match[str]) -> int:
    """Where the words of an element end: a bare modal takes the verb it governs ("shall,
    where appropriate, consult", "may at any time withdraw")."""
    modal = match.group(0).lower()
    if modal not in _BARE and not re.fullmatch(r"undertakes?\s+to", modal):
        return match.end()
    position = match.end()
    if text.startswith(",", position):
        stop = _STOP.search(text, position)
        limit = min(stop.start() if stop else len(text), position + 240)
        verb_after = next(
            (
                c
                for c in _COMMA_WORD.finditer(text, position + 1, limit)
                if not _NOT_A_VERB.match(c.group(1))
            ),
            None,
        )
        if verb_after is None:
            return match.end()
        position = verb_after.start(1) - 1
    while adverb := _ADVERBS.match(text, position):
        position = adverb.end()
    verb = _NEXT_WORD.match(text, position)
    return verb.end() if verb else position


def read(text: str, subject: str = "") -> Reading:
    """Every modal element of some words (one provision's own, without its children's).

    ``subject`` is the State a list item's chapeau names ("The requested State Party:"): an
    item that starts with its modal ("Shall provide ...") binds that State.
    """
    elements: list[Element] = []
    last_named = ""
    for match in _MODAL.finditer(text):
        before = text[: match.start()]
        kind = match.lastgroup or "mandatory"
        if kind == "optional" and (
            _SUBORDINATE_MAY.search(before.rstrip()) or _DISCRETION.match(text, match.end())
        ):
            continue
        if _COMPLEMENT.search(before):
            continue
        end = _words(text, match)
        found = _subject(before)
        if found is None:
            elements.append(
                Element(text[match.start() : end], Obligation.NONE, "", match.start(), end)
            )
            continue
        named, distance = found
        if not named and subject and not _SENTENCE.search(before):
            named, distance = subject, 0
        level, addressee = _level(text, match, kind, named, distance, before)
        if named:
            last_named = named
        elif addressee and last_named and last_named not in STATES:
            # A passive after a sentence addressed to the Conference or the Secretary-General
            # ("Such rules ... shall take into account") continues that sentence's business.
            level, addressee = Obligation.NONE, last_named
        elements.append(Element(text[match.start() : end], level, addressee, match.start(), end))
    return Reading(tuple(elements), not_addressed=bool(NOT_ADDRESSED.search(text)))


def _level(
    text: str, match: re.Match[str], kind: str, named: str, distance: int, before: str
) -> tuple[Obligation, str]:
    """The level of one modal and whom it binds, from its subject and the words after it."""
    modal = match.group(0).lower()
    after = match.end()
    if modal not in _BARE:  # "shall consider", "are encouraged", "may not refuse", ...
        return _binding(kind, named)
    if named == "Secretary-General" and _NOTIFIED.match(text, after):
        return _LEVELS[kind], "States Parties"  # "The Secretary-General shall be notified"
    status = _STATUS.match(text, after)
    if status is not None and (modal == "may" or not _ILLUSTRATES.search(status.group(0))):
        return Obligation.NONE, ""
    close = bool(named) and distance <= _SUBJECT_DISTANCE
    if close and named in STATES and _RELEASE.match(text, after):
        return Obligation.NONE, ""
    unless_named = _NOT_A_DUTY_UNLESS_NAMED.match(text, after)
    if unless_named is not None and not close:
        defines = bool(_TERM.search(_QUOTED.sub("term", _SENTENCE.split(before)[-1])))
        if defines or not _ILLUSTRATES.search(unless_named.group(0)):
            # "the provisions of that treaty shall apply", "the term ... shall include": which
            # rules govern or what a term covers, not a duty.  "Such assistance shall include"
            # says what the States' assistance must comprise: a duty.
            return Obligation.NONE, ""
    return _binding(kind, named)


def _binding(kind: str, named: str) -> tuple[Obligation, str]:
    """The modal's own level for a State (a passive binds the States Parties); none for a
    body that is not a State (the Conference, the Secretary-General)."""
    if named and named not in STATES:
        return Obligation.NONE, named
    return _LEVELS[kind], named or "States Parties"
