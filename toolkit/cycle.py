"""Review cycles: which provisions are reviewed, who is asked, by when, under which reference.

A cycle is a small YAML file the secretariat writes (the bundled default is
``toolkit/data/cycles/first-review-cycle.yaml``)::

    id: first-review-cycle
    title: First review cycle
    instrument: default              # or a path to another instrument text, beside this file
    scope: [II, IV, 40.21]           # chapters, articles (7) or provision IDs (11.1.a)
    recipients: all                  # all | parties | [CHL, SEN, ...]
    deadline: 2027-03-31
    reference: CU 2026/123/DTA/OCB/CSS
    contact_email: someone@un.org
    languages: [ar, zh, en, fr, ru, es]
    office: Conference Support Section, ...   # optional: who in the secretariat receives replies
    place: Vienna                             # optional: where the letters are dated

The optional keys are those of the cycle's notes verbales (:mod:`toolkit.correspondence`):
``office`` names the office of the secretariat that receives the replies (default:
:data:`DEFAULT_OFFICE`), ``place`` the city the letters are dated from (default:
:data:`DEFAULT_PLACE`).  Replies go to ``contact_email``, the cycle's functional mailbox, never
to a person.

:func:`load_cycle` checks every key and reports every problem at once; the scope and the
recipients are checked against the instrument and the registry when they are resolved
(:meth:`Cycle.provisions`, :meth:`Cycle.recipients_in`), with the line they were written on.
Once the cycle's questionnaires are issued, what they carry is sealed in the workspace's lock
of the cycle (``cycles/<id>.questions.json``, :mod:`toolkit.lock`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from toolkit import datafile
from toolkit.datafile import Document, Findings
from toolkit.errors import ConfigError, Finding, Location
from toolkit.instrument.model import Instrument, Provision
from toolkit.registry import LANGUAGES, Language, Registry, State, is_state_code
from toolkit.resources import CYCLES

DEFAULT_CYCLE = CYCLES / "first-review-cycle.yaml"
"""The bundled default cycle (a workspace's ``default_cycle`` setting names the one in use)."""

ScopeKind = Literal["chapter", "article", "provision"]

_REQUIRED = (
    "id",
    "title",
    "scope",
    "recipients",
    "deadline",
    "reference",
    "contact_email",
    "languages",
)
_OPTIONAL = ("instrument", "office", "place")
_KEYS = (*_REQUIRED, *_OPTIONAL)
DEFAULT_OFFICE = (
    "Conference Support Section, Organized Crime and Illicit Trafficking Branch, Division for "
    "Treaty Affairs of the United Nations Office on Drugs and Crime"
)
"""The office named in letters as receiving the replies, when the cycle names none."""
DEFAULT_PLACE = "Vienna"
"""The place letters are dated from, when the cycle names none."""
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REFERENCE = re.compile(r"CU \d{4}/\d+(?:\([A-Z]\))?(?:/[A-Z]+)+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_HINTS = {
    "id": "Write a short name of lower-case letters, digits and hyphens (first-review-cycle).",
    "title": "Write the cycle's title as the workbooks should show it.",
    "scope": "Write a list of chapters (II), articles (7) or provision IDs (40.21, 11.1.a).",
    "recipients": "Write all, parties, or a list of ISO 3166-1 alpha-3 codes ([CHL, SEN]).",
    "deadline": "Write the date as YYYY-MM-DD (2027-03-31).",
    "reference": "Write the reference of the secretariat's note (CU 2026/123/DTA/OCB/CSS).",
    "contact_email": "Write the e-mail address replies go to (name@un.org).",
    "languages": f"Write a list of UN languages among: {', '.join(LANGUAGES)}.",
    "instrument": "Write default (the bundled Convention) or the path of an instrument text.",
    "office": "Write the office of the secretariat that receives the replies, as letters name "
    "it (Conference Support Section, ...), or leave the key out.",
    "place": "Write the city the letters are dated from (Vienna), or leave the key out.",
}


@dataclass(frozen=True)
class Cycle:
    """One review cycle, as its file defines it."""

    id: str
    """Short name used in folder and file names and in the workbooks' metadata."""
    title: str
    instrument: Path | Literal["default"]
    """``"default"`` (the bundled Convention) or the path of another instrument text."""
    scope: tuple[str, ...]
    """The scope as written: chapters (``II``), articles (``7``), provision IDs (``40.21``)."""
    recipients: Literal["all", "parties"] | tuple[str, ...]
    """``all`` (every registry entry), ``parties`` (States Parties) or ISO codes."""
    deadline: date
    """Date by which replies are due."""
    reference: str
    """Reference of the secretariat's correspondence (``CU 2026/123/DTA/OCB/CSS``)."""
    contact_email: str
    """Where States send their replies and questions."""
    languages: tuple[Language, ...]
    """Languages the questionnaire is issued in."""
    path: Path
    """The file the cycle was read from."""
    office: str = DEFAULT_OFFICE
    """The office of the secretariat that receives the replies, as the letters name it."""
    place: str = DEFAULT_PLACE
    """The city the cycle's letters are dated from (``Vienna``)."""
    _scope_lines: tuple[int | None, ...] = field(default=(), repr=False, compare=False)
    _recipient_lines: tuple[int | None, ...] = field(default=(), repr=False, compare=False)

    @property
    def source(self) -> Path | None:
        """The instrument text to load (None for the bundled Convention)."""
        return None if self.instrument == "default" else Path(self.instrument)

    def provisions(self, instrument: Instrument) -> tuple[Provision, ...]:
        """The provisions in scope with everything under them, once each, in document order.

        A chapter, article or ID the instrument does not have is a ConfigError naming the line.
        """
        chosen: set[str] = set()
        findings: list[Finding] = []
        for index, written in enumerate(self.scope):
            kind, value = parse_scope_item(written)
            where = self._location("scope", self._scope_lines, index)
            found = _resolve(instrument, kind, value, where)
            if isinstance(found, Finding):
                findings.append(found)
            else:
                chosen.update(found)
        if findings:
            raise ConfigError(*findings)
        return tuple(p for p in instrument.provisions if p.id in chosen)

    def recipients_in(self, registry: Registry) -> tuple[State, ...]:
        """The States to send the questionnaire to: registry order for ``all`` and ``parties``,
        the written order for a list.  A code the registry lacks is a ConfigError."""
        if self.recipients == "all":
            return tuple(registry)
        if self.recipients == "parties":
            return registry.parties()
        missing = [
            Finding(
                "cycle.unknown-recipient",
                "error",
                f"recipient {code!r} is not in the States registry ({registry.path.name}).",
                self._location("recipients", self._recipient_lines, index),
                "Use the code of a State listed in the registry."
                + datafile.suggest(code, (s.iso3 for s in registry)),
            )
            for index, code in enumerate(self.recipients)
            if code not in registry
        ]
        if missing:
            raise ConfigError(*missing)
        return tuple(registry.get(code) for code in self.recipients)

    def _location(self, key: str, lines: tuple[int | None, ...], index: int) -> Location:
        line = lines[index] if index < len(lines) else None
        return Location(str(self.path), line=line, key=key)


def parse_scope_item(text: str) -> tuple[ScopeKind, str]:
    """``("chapter", "II")``, ``("article", "7")`` or ``("provision", "40.21")``; ValueError
    when the text is none of them.  ``Chapter II`` and ``article 7`` are accepted too."""
    text = text.strip()
    if match := re.fullmatch(r"(?:chapter\s+)?([IVXLC]+)", text, re.IGNORECASE):
        return "chapter", match.group(1).upper()
    if match := re.fullmatch(r"(?:article\s+)?(\d+)", text, re.IGNORECASE):
        return "article", str(int(match.group(1)))
    if re.fullmatch(r"\d+(?:\.[0-9a-z]+)+", text, re.IGNORECASE):
        return "provision", text.lower()
    raise ValueError(f"{text!r} is not a chapter, an article or a provision ID")


def _resolve(
    instrument: Instrument, kind: ScopeKind, value: str, where: Location
) -> set[str] | Finding:
    """The IDs a scope item covers, or the finding (at ``where``) that says it is not in the
    instrument."""
    name = instrument.title.split(";")[0] or instrument.source
    if kind == "chapter":
        numbers = [c.number for c in instrument.chapters]
        if value not in numbers:
            listed = ", ".join(numbers) or "none"
            return Finding(
                "cycle.unknown-chapter",
                "error",
                f"chapter {value!r} is not in {name} (its chapters: {listed}).",
                where,
                "Write the chapter's roman numeral as the instrument numbers it.",
            )
        numbered = set(instrument.chapter(value).articles)
        return {p.id for p in instrument.provisions if p.article in numbered}
    if value not in instrument or (kind == "article" and instrument.get(value).kind != "article"):
        what = "article" if kind == "article" else "provision"
        span = _nearby(instrument, value)
        return Finding(
            f"cycle.unknown-{what}",
            "error",
            f"{what} {value!r} is not in {name} ({span}).",
            where,
            "Write the provision ID as `cosp provisions` lists it (40.21, 11.1.a).",
        )
    return {value, *(p.id for p in instrument.descendants(value))}


def _nearby(instrument: Instrument, value: str) -> str:
    """What exists near a missing ID: the enclosing provision's children, or the articles."""
    parent = value.rpartition(".")[0]
    while parent and parent not in instrument:
        parent = parent.rpartition(".")[0]
    if parent and instrument.get(parent).children:
        children = instrument.get(parent).children
        if len(children) == 1:
            return f"{parent} contains only {children[0]}"
        return f"{parent} contains {children[0]} to {children[-1]}"
    if parent:
        return f"{parent} has no subdivisions"
    articles = instrument.articles()
    return f"articles {articles[0].id} to {articles[-1].id}" if articles else "no articles"


def load_cycle(path: Path | None = None) -> Cycle:
    """Read and check a cycle file (default: the bundled default cycle)."""
    path = Path(path) if path is not None else DEFAULT_CYCLE
    document = datafile.read(path, "cycle")
    findings = Findings(document, "cycle")
    raw = document.data
    if not isinstance(raw, dict):
        findings.add(
            "shape",
            document.at(),
            "a cycle file is a set of keys and values (id: ..., title: ..., scope: ...).",
            "See toolkit/data/cycles/first-review-cycle.yaml for the layout.",
        )
        findings.raise_if_any()
    findings.add_duplicates("Keep one of the two.")
    for key in raw:
        if key not in _KEYS:
            guess = datafile.suggest(str(key), _KEYS)
            findings.add(
                "unknown-key",
                document.at(key),
                f"unknown key {key!r}.{guess}",
                f"The keys of a cycle are: {', '.join(_KEYS)}.",
            )
    for key in _REQUIRED:
        if key not in raw:
            where = Location(str(path), key=key)
            findings.add("missing-key", where, f"the key {key!r} is missing.", _HINTS[key])
    fields = _Fields(document, findings)
    cycle = Cycle(
        id=fields.text("id", _ID, "a short name of lower-case letters, digits and hyphens"),
        title=fields.text("title"),
        instrument=fields.instrument(),
        scope=fields.scope(),
        recipients=fields.recipients(),
        deadline=fields.deadline(),
        reference=fields.text("reference", _REFERENCE, "a reference like CU 2026/123/DTA/OCB/CSS"),
        contact_email=fields.text("contact_email", _EMAIL, "an e-mail address"),
        languages=fields.languages(),
        path=path,
        office=fields.text("office") if "office" in raw else DEFAULT_OFFICE,
        place=fields.text("place") if "place" in raw else DEFAULT_PLACE,
        _scope_lines=fields.lines("scope"),
        _recipient_lines=fields.lines("recipients"),
    )
    findings.raise_if_any()
    return cycle


def known_cycles(directory: Path = CYCLES) -> tuple[Cycle, ...]:
    """Every cycle defined in a folder (``*.yaml``), in file-name order."""
    cycles = tuple(load_cycle(p) for p in sorted(directory.glob("*.y*ml")))
    seen: dict[str, Cycle] = {}
    for cycle in cycles:
        if cycle.id in seen:
            raise ConfigError.at(
                "cycle.duplicate-id",
                Location(str(cycle.path), key="id"),
                f"the cycle id {cycle.id!r} is also the id of {seen[cycle.id].path.name}.",
                "Give each cycle its own id.",
            )
        seen[cycle.id] = cycle
    return cycles


def find_cycle(cycle_id: str, directory: Path = CYCLES) -> Cycle:
    """The cycle with this id among the cycle files of a folder (default: the bundled ones)."""
    cycles = known_cycles(directory)
    for cycle in cycles:
        if cycle.id == cycle_id:
            return cycle
    ids = [c.id for c in cycles]
    raise ConfigError.at(
        "cycle.unknown-id",
        Location(str(directory)),
        f"no cycle {cycle_id!r} among the cycle files ({', '.join(ids) or 'none'}).",
        "Give the id of a known cycle, or the path of its file." + datafile.suggest(cycle_id, ids),
    )


class _Fields:
    """Reads the values of a cycle file, recording a finding for each one that is wrong.

    A wrong value is replaced by a harmless stand-in so that every problem of the file is
    found in one pass; the stand-ins never leave :func:`load_cycle`, which raises.
    """

    def __init__(self, document: Document, findings: Findings) -> None:
        self.document = document
        self.findings = findings
        self.raw: dict[str, Any] = document.data

    def problem(
        self, key: str, message: str, code: str = "value", index: int | None = None
    ) -> None:
        """Record a finding on a key, or on one item of its list (``index``)."""
        listed = index is not None and isinstance(self.raw.get(key), list)
        path = (key, index) if listed else (key,)
        self.findings.add(code, self.document.at(*path, name=key), message, _HINTS[key])

    def lines(self, key: str) -> tuple[int | None, ...]:
        value = self.raw.get(key)
        if isinstance(value, list):
            return tuple(self.document.line(key, i) for i in range(len(value)))
        return (self.document.line(key),)

    def text(self, key: str, pattern: re.Pattern[str] | None = None, expected: str = "") -> str:
        value = self.raw.get(key)
        if key not in self.raw:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"{key} must be a non-empty text.")
            return ""
        if pattern is not None and not pattern.fullmatch(value.strip()):
            self.problem(key, f"{key} {value!r} is not {expected}.")
        return value.strip()

    def instrument(self) -> Path | Literal["default"]:
        value = self.raw.get("instrument", "default")
        if value in (None, "default"):
            return "default"
        if not isinstance(value, str):
            self.problem("instrument", "instrument must be default or a path.")
            return "default"
        path = (self.document.path.parent / value).resolve()
        if path.is_dir():
            self.problem("instrument", f"the instrument text {value!r} is a folder ({path}).")
        elif not path.is_file():
            self.problem("instrument", f"the instrument text {value!r} does not exist ({path}).")
        return path

    def _items(self, key: str) -> list[Any]:
        value = self.raw.get(key)
        if value is None:
            if key in self.raw:
                self.problem(key, f"{key} is empty.")
            return []
        return value if isinstance(value, list) else [value]

    def scope(self) -> tuple[str, ...]:
        items = self._items("scope")
        if "scope" in self.raw and self.raw["scope"] is not None and not items:
            self.problem("scope", "scope is an empty list.")
        for index, item in enumerate(items):
            try:
                parse_scope_item(str(item) if isinstance(item, str) else "")
            except ValueError:
                message = f"scope item {item!r} is not a chapter, article or ID."
                self.problem("scope", message, "scope", index)
        return tuple(str(item) for item in items)

    def recipients(self) -> Literal["all", "parties"] | tuple[str, ...]:
        value = self.raw.get("recipients")
        if isinstance(value, str) and value.lower() in ("all", "parties"):
            return value.lower()  # type: ignore[return-value]
        items = self._items("recipients")
        if isinstance(value, list) and not items:
            self.problem("recipients", "recipients is an empty list: no State would be asked.")
        seen: set[str] = set()
        for index, code in enumerate(items):
            if isinstance(code, str) and code != code.upper() and is_state_code(code.upper()):
                self.problem(
                    "recipients",
                    f"recipient {code!r} must be written in capital letters ({code.upper()}).",
                    "unknown-recipient",
                    index,
                )
            elif not isinstance(code, str) or not is_state_code(code):
                self.problem(
                    "recipients",
                    f"recipient {code!r} is neither all, parties nor an ISO 3166-1 alpha-3 code.",
                    "unknown-recipient",
                    index,
                )
            elif code in seen:
                self.problem("recipients", f"recipient {code!r} is listed twice.", "value", index)
            seen.add(str(code))
        return tuple(str(code) for code in items)

    def deadline(self) -> date:
        if "deadline" not in self.raw:
            return date.min
        try:
            return datafile.parse_date(self.raw["deadline"])
        except ValueError as error:
            self.problem("deadline", f"deadline {error}.", "date")
            return date.min

    def languages(self) -> tuple[Language, ...]:
        items = self._items("languages")
        for index, code in enumerate(items):
            if code not in LANGUAGES:
                guess = datafile.suggest(str(code), LANGUAGES)
                self.problem(
                    "languages", f"{code!r} is not a UN language code.{guess}", "language", index
                )
        if len(set(map(str, items))) != len(items):
            self.problem("languages", "a language is listed twice.")
        if "languages" in self.raw and self.raw["languages"] is not None and not items:
            self.problem("languages", "languages is an empty list.")
        return tuple(items)
