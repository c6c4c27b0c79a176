"""The States registry: who may receive a questionnaire, and how to address them.

The registry (``toolkit/data/states.yaml``) lists the 193 Member States, the two non-member
observer States and the European Union, with the names in UN terminology, the ISO code, the
regional group, the language of correspondence, the addressee of a note verbale and the dates
of signature and ratification.  The secretariat edits the file; :func:`load_registry` checks
every entry and reports every problem at once, each naming the file, the line, the entry and
the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import pycountry

from toolkit import datafile
from toolkit.datafile import Document, Findings
from toolkit.errors import Finding, Location, ToolkitError
from toolkit.resources import REGISTRY as DEFAULT_REGISTRY

Kind = Literal["member", "observer", "reio"]
"""UN Member State, non-member observer State, regional economic integration organization."""
Language = Literal["ar", "zh", "en", "fr", "ru", "es"]
"""An official language of the United Nations (ISO 639-1)."""

KINDS: tuple[str, ...] = get_args(Kind)
LANGUAGES: tuple[str, ...] = get_args(Language)
GROUPS: tuple[str, ...] = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and other States",
)
"""The five United Nations regional groups, by the names the registry uses."""

EU_CODE = "EUU"
"""The European Union's code: ISO 3166 reserves ``EU``/``EUU`` for it exceptionally, so it is
not an ISO country code and pycountry does not know it; it is accepted for the REIO only."""

OPENED_FOR_SIGNATURE = date(2025, 10, 25)
"""The Convention was opened for signature in Hanoi on 25 October 2025 (article 64)."""
SIGNATURE_CLOSES = date(2026, 12, 31)
"""Last day of signature at Headquarters (article 64, paragraph 1); later, States accede."""

Problem = Callable[[str, str, str, str], None]
"""Records a finding about one entry: code, key, message, hint."""

_REQUIRED = ("iso3", "short_name", "formal_name", "kind", "group", "language", "mission", "city")
_OPTIONAL = ("address_lines", "signature", "ratification", "email")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class State:
    """A State (or the European Union) as the secretariat addresses it."""

    iso3: str
    """ISO 3166-1 alpha-3 code (``BOL``); ``EUU`` for the European Union."""
    short_name: str
    """Short name in UN terminology (``Bolivia (Plurinational State of)``)."""
    formal_name: str
    """Formal name in UN terminology, with its article as used in running text
    (``the Plurinational State of Bolivia``)."""
    kind: Kind
    """``member``, ``observer`` (non-member observer State) or ``reio`` (the European Union)."""
    group: str | None
    """UN regional group (one of :data:`GROUPS`), or None for a State in no group (Kiribati)
    and for the Holy See and the European Union.  The United States of America, an observer of
    the Western European and other States Group that is counted with it for elections, is
    listed with that group."""
    language: Language
    """Official UN language in which the secretariat writes to the State."""
    mission: str
    """The addressee of a note verbale (``Permanent Mission of Chile to the United Nations
    (Vienna)``)."""
    address_lines: tuple[str, ...]
    """Street address of the mission, one line each; empty until the secretariat confirms it."""
    city: str
    """City of the mission (``Vienna``)."""
    signature: date | None = None
    """Date of signature of the Convention, None when not signed (or not yet recorded)."""
    ratification: date | None = None
    """Date of deposit of the instrument of ratification, acceptance, approval or accession."""
    email: str | None = None
    """The mission's e-mail address for notes verbales, None until the secretariat records it
    (the letters' manifest lists it beside each letter)."""

    @property
    def name_in_text(self) -> str:
        """The name as English running text writes it: the short name, with "the" where
        UN usage gives it one (``the United Arab Emirates``, ``the Philippines``, but
        ``Chile``, ``Maldives``), or the formal name where the short name inverts it
        (``Bolivia (Plurinational State of)``: ``the Plurinational State of Bolivia``).  The
        article is told from the formal name, which ends with "the" and the short name
        exactly when running text puts one before it."""
        if "(" in self.short_name:
            return self.formal_name
        formal, short = self.formal_name.casefold(), self.short_name.casefold()
        if formal == f"the {short}" or formal.endswith(f" the {short}"):
            return f"the {self.short_name}"
        return self.short_name

    @property
    def party(self) -> bool:
        """Whether the State has deposited its instrument (ratification or accession)."""
        return self.ratification is not None


@dataclass(frozen=True)
class Registry:
    """The States, in registry order, looked up by ISO code."""

    path: Path
    """The file the registry was read from."""
    states: tuple[State, ...]
    _index: dict[str, State] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update((s.iso3, s) for s in self.states)

    def __iter__(self) -> Iterator[State]:
        return iter(self.states)

    def __len__(self) -> int:
        return len(self.states)

    def __contains__(self, iso3: object) -> bool:
        return isinstance(iso3, str) and iso3.upper() in self._index

    def get(self, iso3: str) -> State:
        """The State with this code (case-insensitive); KeyError names the code otherwise."""
        try:
            return self._index[iso3.upper()]
        except KeyError:
            hint = datafile.suggest(iso3.upper(), self._index)
            raise KeyError(f"no State {iso3!r} in the registry {self.path}.{hint}") from None

    def parties(self) -> tuple[State, ...]:
        """The States Parties, in registry order."""
        return tuple(s for s in self.states if s.party)

    def of_kind(self, kind: Kind) -> tuple[State, ...]:
        """The States of one kind (``member``, ``observer``, ``reio``), in registry order."""
        return tuple(s for s in self.states if s.kind == kind)


def named_states(registry: Registry, codes: Iterable[str], stage: str) -> tuple[State, ...]:
    """The States of the registry that ``--state`` names, in the order given, once each.

    A code the registry lacks is a ToolkitError (``<stage>.unknown-state``, exit status 1: not
    found) naming the code and the closest one there is; every unknown code is reported at once.
    """
    codes = list(codes)
    unknown = [code for code in codes if code.upper() not in registry]
    if unknown:
        raise ToolkitError(
            *(
                Finding(
                    f"{stage}.unknown-state",
                    "error",
                    f"{code!r} is not the code of a State in the registry ({registry.path}).",
                    Location("--state"),
                    "Give ISO 3166-1 alpha-3 codes as listed in the registry (e.g. CHL, SEN)."
                    + datafile.suggest(code.upper(), (state.iso3 for state in registry)),
                )
                for code in unknown
            )
        )
    return tuple(registry.get(code) for code in dict.fromkeys(c.upper() for c in codes))


def load_registry(path: Path | None = None) -> Registry:
    """Read and check a registry file (default: the bundled one); ConfigError lists all problems."""
    path = Path(path) if path is not None else DEFAULT_REGISTRY
    document = datafile.read(path, "registry")
    findings = Findings(document, "registry")
    findings.add_duplicates(
        "Keep one of the two lines.", lambda key: f"{_entry(document, key[0])}: "
    )
    if not isinstance(document.data, list):
        findings.add(
            "shape",
            document.at(),
            "the registry must be a list of entries, each starting with '- iso3: ...'.",
            "See the bundled toolkit/data/states.yaml for the layout.",
        )
        findings.raise_if_any()
    read = [(index, _state(document, index, findings)) for index in range(len(document.data))]
    states = [(index, state) for index, state in read if state is not None]
    _check_unique(document, states, findings)
    findings.raise_if_any()
    return Registry(path, tuple(state for _, state in states))


def _entry(document: Document, index: Any) -> str:
    """``entry 12 (BOL)``: how messages name an entry (1-based, with its code when readable)."""
    if not isinstance(index, int) or not isinstance(document.data, list):
        return "the registry"
    raw = document.data[index]
    code = raw.get("iso3") if isinstance(raw, dict) else None
    return f"entry {index + 1} ({code})" if isinstance(code, str) else f"entry {index + 1}"


def _state(document: Document, index: int, findings: Findings) -> State | None:
    """The State of one entry, or None after recording what is wrong with it."""
    raw = document.data[index]
    name = _entry(document, index)
    if not isinstance(raw, dict):
        findings.add(
            "entry",
            Location(str(document.path), line=document.line(index)),
            f"{name} is not a set of keys and values.",
            "Start each entry with '- iso3: XXX' and indent its other keys under it.",
        )
        return None
    before = len(findings.items)

    def problem(code: str, key: str, message: str, hint: str) -> None:
        at = document.at(index, key) if key in raw else document.at(index, name=key)
        findings.add(code, at, f"{name}: {message}", hint)

    _check_keys(raw, problem)
    _check_values(raw, problem)
    _check_code(raw, problem)
    signed, ratified = _date(raw, "signature", problem), _date(raw, "ratification", problem)
    if signed and ratified and ratified < signed:
        problem(
            "date-order",
            "ratification",
            f"ratification ({ratified}) is before signature ({signed}).",
            "Check both dates against the depositary notification.",
        )
    if len(findings.items) > before:
        return None
    return State(
        iso3=raw["iso3"],
        short_name=raw["short_name"],
        formal_name=raw["formal_name"],
        kind=raw["kind"],
        group=raw["group"],
        language=raw["language"],
        mission=raw["mission"],
        address_lines=tuple(raw.get("address_lines") or ()),
        city=raw["city"] or "",
        signature=signed,
        ratification=ratified,
        email=raw.get("email") or None,
    )


def _check_keys(raw: dict[str, Any], problem: Problem) -> None:
    for key in raw:
        if key not in _REQUIRED + _OPTIONAL:
            guess = datafile.suggest(str(key), _REQUIRED + _OPTIONAL)
            problem(
                "unknown-key",
                str(key),
                f"unknown key {key!r}.{guess}",
                f"The keys of an entry are: {', '.join(_REQUIRED + _OPTIONAL)}.",
            )
    for key in _REQUIRED:
        if key not in raw:
            problem("missing-key", key, f"the key {key!r} is missing.", _HINTS[key])


def _check_values(raw: dict[str, Any], problem: Problem) -> None:
    for key in ("iso3", "short_name", "formal_name", "mission"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            problem("value", key, f"{key} must be a non-empty text.", _HINTS[key])
    for key, allowed, what in (
        ("kind", KINDS, "kind of entry"),
        ("language", LANGUAGES, "UN language code"),
        ("group", GROUPS, "UN regional group"),
    ):
        value = raw.get(key)
        if key in raw and value not in allowed and (value is not None or key != "group"):
            guess = datafile.suggest(str(value), allowed)
            problem(key, key, f"{value!r} is not a {what}.{guess}", _HINTS[key])
    lines = raw.get("address_lines")
    if lines is not None and not (
        isinstance(lines, list) and all(isinstance(x, str) for x in lines)
    ):
        problem("value", "address_lines", "address_lines must be a list.", _HINTS["address_lines"])
    if raw.get("city") is not None and not isinstance(raw["city"], str):
        problem("value", "city", "city must be a text.", _HINTS["city"])
    email = raw.get("email")
    if email is not None and not (isinstance(email, str) and _EMAIL.fullmatch(email)):
        problem("value", "email", f"{email!r} is not an e-mail address.", _HINTS["email"])


def is_state_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code (pycountry) or the European Union's."""
    return code == EU_CODE or (
        re.fullmatch(r"[A-Z]{3}", code) is not None
        and pycountry.countries.get(alpha_3=code) is not None
    )


def _check_code(raw: dict[str, Any], problem: Problem) -> None:
    code = raw.get("iso3")
    if not isinstance(code, str) or not code.strip():
        return
    if code == EU_CODE:
        if raw.get("kind") != "reio":
            problem(
                "iso3",
                "iso3",
                f"{EU_CODE!r} is reserved for the European Union, whose kind is 'reio'.",
                "Use the State's ISO 3166-1 alpha-3 code.",
            )
    elif not re.fullmatch(r"[A-Z]{3}", code):
        problem("iso3", "iso3", f"{code!r} is not three capital letters.", _HINTS["iso3"])
    elif pycountry.countries.get(alpha_3=code) is None:
        problem("iso3", "iso3", f"{code!r} is not an ISO 3166-1 alpha-3 code.", _HINTS["iso3"])


def _date(raw: dict[str, Any], key: str, problem: Problem) -> date | None:
    if raw.get(key) is None:
        return None
    try:
        when = datafile.parse_date(raw[key])
    except ValueError as error:
        problem("date", key, f"{key} {error}.", "Write the date as YYYY-MM-DD, or leave it empty.")
        return None
    if when < OPENED_FOR_SIGNATURE:
        problem(
            "date",
            key,
            f"{key} {when} is before the Convention was opened for signature "
            f"({OPENED_FOR_SIGNATURE}).",
            "Check the date against the depositary notification.",
        )
        return None
    if key == "signature" and when > SIGNATURE_CLOSES:
        problem(
            "date",
            key,
            f"signature {when} is after the Convention closed for signature "
            f"({SIGNATURE_CLOSES}, article 64, paragraph 1).",
            "A State that did not sign accedes: record the date of accession as ratification.",
        )
        return None
    return when


def _check_unique(document: Document, states: list[tuple[int, State]], findings: Findings) -> None:
    for attribute in ("iso3", "short_name", "formal_name"):
        first: dict[str, int] = {}
        for index, state in states:
            value = getattr(state, attribute)
            if value in first:
                other = first[value]
                findings.add(
                    "duplicate-code" if attribute == "iso3" else "duplicate-name",
                    document.at(index, attribute),
                    f"{_entry(document, index)}: {attribute} {value!r} is already used by "
                    f"{_entry(document, other)} (line {document.line(other)}).",
                    "Each State is listed once, under its own code and names.",
                )
            else:
                first[value] = index


_HINTS = {
    "iso3": "Write the ISO 3166-1 alpha-3 code in capitals (BOL, TUR); EUU for the European Union.",
    "short_name": "Write the short name as in UNTERM (Bolivia (Plurinational State of)).",
    "formal_name": "Write the formal name as in UNTERM (the Plurinational State of Bolivia).",
    "kind": f"Write one of: {', '.join(KINDS)}.",
    "group": f"Write one of: {'; '.join(GROUPS)}; or leave it empty for no group.",
    "language": f"Write one of: {', '.join(LANGUAGES)}.",
    "mission": "Write the addressee of notes verbales (Permanent Mission of X to the United "
    "Nations (Vienna)).",
    "city": "Write the city of the mission (Vienna), or leave it empty.",
    "address_lines": "Write the street address as a list ([Street 1, 1010]) or leave it [].",
    "email": "Write the mission's e-mail address (mission@example.org), or leave it empty.",
}
