"""Classifying provisions: obligation, flags, qualifiers and addressee, by rules then overrides.

The rules read each modal verb of a provision's own words with the subject before it:
"Each State Party shall adopt" is mandatory, "States Parties shall consider" is consider,
"A State Party may require" is optional; "Nothing in this Convention shall", "shall mean",
"This article shall apply" and modals of the Conference, the Secretary-General or the
secretariat bind no State.  The first duty of a State found in the words decides.
A subparagraph without a modal of its own inherits its chapeau's.  The curated overrides file
(``toolkit/data/obligation_overrides.yaml``) corrects what rules cannot see, with a reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit.errors import ConfigError, Location
from toolkit.instrument.model import Flag, Instrument, Obligation, Provision

_MODAL = re.compile(
    r"\b(?:(?P<consider>shall(?:,[^,;.]{1,120},)?\s+(?:also\s+|in particular,?\s+)?"
    r"(?:consider\b(?!\s+(?:this|the\s+present)\s+(?:Convention|Protocol)\b)|endeavour\b|seek\b|"
    r"strive\b)|(?:are|is)\s+(?:strongly\s+)?encouraged\b)"
    r"|(?P<mandatory>shall\b|must\b|undertakes?\s+to\b|may\s+not\s+(?:refuse|decline)\b)"
    r"|(?P<optional>may\b))",
    re.I,
)
_NOT_A_DUTY_AFTER = re.compile(
    r"\s*(?:,[^,;.]{1,80},\s*)?(?:not\s+)?(?:mean|include|apply|deem|be\s+(?:interpreted|construed|"
    r"deemed|without\s+prejudice|open|subject\s+to\s+ratification|liable|available|"
    r"sufficient|counted)|affect|exclude|enter\s+into\s+force|be\s+supplemented|"
    r"cease|become\s+effective|also\s+apply|have\s+the\s+same\s+meaning)\b",
    re.I,
)
_SUBORDINATE_MAY = re.compile(
    r"\b(?:as|that|which|who|whom|what)"
    r"(?!\s+(?:requested\s+|requesting\s+)?State\s+Party$)(?:\s+[\w’'-]+){0,4}$",
    re.I,
)
"""'such measures as may be necessary': a relative clause; but in 'that State Party may',
'that' is a determiner of the subject."""
_CONSIDER_ITEM = re.compile(r"^\s*(?:Consider|Endeavour|Seek|Strive)\b")
"""A list item under "shall ...:" that begins "Consider taking ..." reads "shall consider"."""
_STATES = ("States Parties", "requested State Party", "requesting State Party")
_SENTENCE = re.compile(r"(?<=[.;:])\s+")

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
_NOT_ADDRESSED = re.compile(
    r"^\s*(?:Nothing\b|This\s+(?:Convention|Protocol|article|chapter)\b|The\s+provisions\s+of\s+this"
    r"|The\s+purposes\s+of|For\s+the\s+purposes?\s+of\s+this\s+(?:Convention|Protocol)\s*:)",
    re.I,
)
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


@dataclass(frozen=True)
class Reading:
    """What the rules read in one provision's own words."""

    obligation: Obligation | None
    """None when the words hold no modal at all (the provision inherits its chapeau's)."""
    addressee: str


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_INSTRUMENT_SUBJECT = re.compile(r"(?:^|,)\s*(?:this|the)\s+(?:Convention|Protocol)\s*$", re.I)
_SUBJECT_DISTANCE = 30
"""How far before "shall apply" / "shall include" a State must be named for it to be a duty."""


def _subject(before: str) -> tuple[str, int] | None:
    """Who the modal at the end of ``before`` binds, and where that subject ends.

    None when the sentence binds no one ("Nothing in this Convention shall ...", "This
    Convention shall enter into force"); ``("", -1)`` when no subject is named (a passive).
    """
    sentence = _QUOTED.sub("term", _SENTENCE.split(before)[-1])
    if _NOT_ADDRESSED.search(sentence) or _INSTRUMENT_SUBJECT.search(sentence):
        return None
    best, best_at = "", (-1, 0)
    for name, pattern in _SUBJECTS:
        for match in pattern.finditer(sentence):
            # The nearest subject wins; "requested State Party" over the "State Party" in it.
            at = (match.end(), -match.start())
            if at > best_at:
                best, best_at = name, at
    return best, len(sentence) - best_at[0] if best else -1


def read(text: str) -> Reading:
    """Classify the words of one provision (without its children's)."""
    best: Obligation | None = None
    addressee = ""
    saw_modal = False
    for match in _MODAL.finditer(text):
        before = text[: match.start()]
        kind = match.lastgroup
        if kind == "optional" and _SUBORDINATE_MAY.search(before.rstrip()):
            continue
        saw_modal = True
        found = _subject(before)
        if found is None:
            continue
        subject, distance = found
        if (
            match.group(0).lower() in ("shall", "may")
            and (not subject or distance > _SUBJECT_DISTANCE)
            and _NOT_A_DUTY_AFTER.match(text, match.end())
        ):
            # "... shall mean", "Such liability shall be without prejudice", "the provisions
            # of that treaty shall apply": a definition or a saving clause, not a duty.
            continue
        if not subject and addressee:
            # A passive after a sentence addressed to the Conference or the Secretary-General
            # ("Such rules ... shall take into account") continues that sentence's business.
            continue
        # A passive sentence ("Reasons shall be given") binds the States Parties.
        subject = subject or "States Parties"
        if subject not in _STATES:
            if not addressee and subject:
                addressee = subject
            continue
        # The first duty of a State in the words is the provision's own; later sentences
        # usually qualify it ("may reserve the right ... shall consider restricting ...").
        best, addressee = Obligation(kind), subject
        break
    if best is None and saw_modal:
        return Reading(Obligation.NONE, addressee)
    if best is None and not saw_modal and _NOT_ADDRESSED.search(text):
        return Reading(Obligation.NONE, "")
    return Reading(best, addressee)


def flags_of(text: str) -> tuple[Flag, ...]:
    """Reservation and notification flags of a provision's own words."""
    flags = []
    if _RESERVATION.search(text):
        flags.append(Flag.RESERVATION)
    if _NOTIFICATION.search(text):
        flags.append(Flag.NOTIFICATION)
    return tuple(flags)


def qualifiers_of(text: str) -> tuple[str, ...]:
    """The qualifying phrases of an obligation, as written, without repeats."""
    return tuple(dict.fromkeys(m.group(0) for m in _QUALIFIERS.finditer(text)))


@dataclass(frozen=True)
class Override:
    """One curated correction of the rules, with its reason."""

    ids: tuple[str, ...]
    obligation: Obligation | None
    flags: tuple[Flag, ...] | None
    addressee: str | None
    reason: str
    line: int


def load_overrides(path: Path) -> tuple[Override, ...]:
    """Read the overrides file; every entry needs ``ids`` and a ``reason``."""
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError.at(
            "overrides.yaml",
            Location(str(path), line=mark.line + 1 if mark else None),
            f"the file is not valid YAML ({error}).",
        ) from None
    data = yaml.safe_load(text) or {}
    entries = data.get("overrides", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError.at(
            "overrides.shape",
            Location(str(path), key="overrides"),
            "expected a list under 'overrides'.",
        )
    nodes = _entry_nodes(document)
    out = []
    for index, entry in enumerate(entries):
        line = nodes[index] if index < len(nodes) else None
        where = Location(str(path), line=line)
        if not isinstance(entry, dict) or not entry.get("reason"):
            raise ConfigError.at(
                "overrides.reason",
                where,
                "every override needs a 'reason'.",
                "Say in one sentence why the rules are wrong here.",
            )
        ids = entry.get("ids", entry.get("id"))
        ids = (
            (str(ids),) if isinstance(ids, str | int | float) else tuple(str(i) for i in ids or ())
        )
        if not ids:
            raise ConfigError.at("overrides.ids", where, "an override needs 'ids'.")
        try:
            obligation = Obligation(entry["obligation"]) if "obligation" in entry else None
            flags = tuple(Flag(f) for f in entry["flags"]) if "flags" in entry else None
        except ValueError as error:
            raise ConfigError.at(
                "overrides.value",
                where,
                f"{error}.",
                "Obligations: mandatory, consider, optional, none; "
                "flags: reservation, notification.",
            ) from None
        out.append(
            Override(ids, obligation, flags, entry.get("addressee"), entry["reason"], line or 0)
        )
    return tuple(out)


def _entry_nodes(document: yaml.Node | None) -> list[int]:
    if not isinstance(document, yaml.MappingNode):
        return []
    for key, value in document.value:
        if key.value == "overrides" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def classify(instrument: Instrument, overrides: Iterable[Override] = ()) -> Instrument:
    """The instrument with every provision's obligation, flags, qualifiers and addressee set."""
    by_id: dict[str, Provision] = {}
    for provision in instrument.provisions:
        words = provision.own_text
        reading = read(words)
        source = "rule"
        obligation = reading.obligation
        addressee = reading.addressee
        parent = by_id.get(provision.parent) if provision.parent else None
        if obligation is None:
            if parent is None:
                obligation = Obligation.NONE
            elif parent.obligation == Obligation.MANDATORY and _CONSIDER_ITEM.match(words):
                obligation, addressee = Obligation.CONSIDER, parent.addressee  # "(c) Consider ..."
            else:
                obligation, source = parent.obligation, "inherited"
                addressee = parent.addressee
        by_id[provision.id] = dataclasses.replace(
            provision,
            obligation=obligation,
            obligation_source=source,
            addressee=addressee,
            flags=flags_of(words),
            qualifiers=qualifiers_of(words),
        )
    provisions = [by_id[p.id] for p in instrument.provisions]
    provisions = _apply_overrides(instrument, provisions, overrides)
    return dataclasses.replace(instrument, provisions=tuple(provisions), _index={})


def _apply_overrides(
    instrument: Instrument, provisions: list[Provision], overrides: Iterable[Override]
) -> list[Provision]:
    """Apply each override to its IDs and their descendants (a more specific one wins)."""
    position = {p.id: i for i, p in enumerate(provisions)}
    decided: dict[str, int] = {}
    for override in overrides:
        for target in override.ids:
            if target not in position:
                raise ConfigError.at(
                    "overrides.unknown-id",
                    Location("obligation_overrides.yaml", line=override.line),
                    f"no provision {target!r} in {instrument.title[:60] or instrument.source}.",
                    "Use a provision ID as printed by 'cosp provisions'.",
                )
            depth = target.count(".")
            for pid in (target, *(d.id for d in instrument.descendants(target))):
                if decided.get(pid, -1) > depth:
                    continue
                decided[pid] = depth
                current = provisions[position[pid]]
                # The addressee of a descendant that names its own (57.2: "The Secretary-General
                # ... shall convene") stays its own; the override names the target's.
                addressee = current.addressee
                if override.addressee is not None and (pid == target or not addressee):
                    addressee = override.addressee
                provisions[position[pid]] = dataclasses.replace(
                    current,
                    obligation=override.obligation or current.obligation,
                    flags=override.flags if override.flags is not None else current.flags,
                    addressee=addressee,
                    obligation_source="override",
                    override_reason=override.reason,
                )
    return provisions
