"""The overrides file: curated corrections of the obligation rules, each with its reason.

The file (``toolkit/data/obligation_overrides.yaml`` for the bundled Convention, or any file
given to ``load(overrides=...)``, ``cosp provisions --overrides`` or the Sphinx setting
``prov_overrides``) is read like every other data file (:mod:`toolkit.datafile`): values stay
text (``ids: [40.20]`` is "40.20", ``reason: yes`` is "yes"), every problem is collected and
reported at once with the file, line and key.  An entry applies to its IDs and to the
provisions under them; where entries overlap, the most specific one decides a provision and
leaves what it does not say to the rules::

    overrides:
      - ids: [41.3]
        obligation: mandatory        # mandatory, consider, optional or none
        flags: [notification]        # reservation, notification (an empty list: none)
        addressee: States Parties
        reviewed: false              # true or false
        reason: Why the rules are wrong here, in one sentence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.datafile import Document, Findings, read, suggest
from toolkit.errors import ConfigError, Finding, Location
from toolkit.instrument.model import Flag, Instrument, Obligation, Provision

KEYS = ("ids", "id", "obligation", "flags", "addressee", "reviewed", "reason")
"""The keys an entry may have (``id`` is a synonym of ``ids`` for a single provision)."""
_ID = re.compile(r"^\d+(?:\.(?:\d+|[a-z]{1,5}))*$")
_BOOLEANS = {"true": True, "false": False}
_OBLIGATIONS = ", ".join(o.value for o in Obligation)
_FLAGS = ", ".join(f.value for f in Flag)


@dataclass(frozen=True)
class Override:
    """One curated correction of the rules, with its reason and where it was written."""

    ids: tuple[str, ...]
    obligation: Obligation | None
    flags: tuple[Flag, ...] | None
    addressee: str | None
    reason: str
    line: int
    """Line of the entry in its file (1-based)."""
    reviewed: bool | None = None
    """Whether the review asks about the provisions (None: as the rules decide)."""
    file: str = ""
    """The overrides file the entry was read from."""
    id_lines: tuple[int, ...] = ()
    """Line of each of ``ids`` (for the error naming an unknown one)."""


def load_overrides(path: Path) -> tuple[Override, ...]:
    """Read an overrides file; every problem in it is reported at once (ConfigError)."""
    document = read(path, "overrides")
    findings = Findings(document, "overrides")
    findings.add_duplicates("Keep one of the two.", lambda key: _entry_name(key))
    data = {} if document.data is None else document.data  # an empty file: no overrides
    entries: list[Any] = []
    if not isinstance(data, dict) or not isinstance(data.get("overrides", []), list | None):
        findings.add(
            "shape",
            document.at("overrides"),
            "expected a list of entries under the key 'overrides'.",
            "Start the file with 'overrides:' and write each entry as '- ids: [...]'.",
        )
    else:
        entries = data.get("overrides") or []
        for key in data:
            if key != "overrides":
                findings.add(
                    "unknown-key",
                    document.at(key),
                    f"the key {key!r} is not one of the file's: expected only 'overrides'.",
                    "Put every correction in the list under 'overrides'.",
                )
    out = []
    for index, entry in enumerate(entries):
        override = _Entry(document, findings, index).read(entry)
        if override is not None:
            out.append(override)
    findings.raise_if_any()
    return tuple(out)


def _entry_name(key: tuple[Any, ...]) -> str:
    return f"entry {key[1] + 1}: " if len(key) > 1 and isinstance(key[1], int) else ""


class _Entry:
    """Reads the keys of one entry, recording a finding for each value it cannot use."""

    def __init__(self, document: Document, findings: Findings, index: int) -> None:
        self.document = document
        self.findings = findings
        self.where: tuple[Any, ...] = ("overrides", index)
        self.name = f"entry {index + 1}"
        self.ok = True

    def problem(self, code: str, key: str, message: str, hint: str) -> None:
        """Record that the value of ``key`` cannot be used (the line of the key, or the entry's)."""
        self.findings.add(code, self.document.at(*self.where, key), f"{self.name}: {message}", hint)
        self.ok = False

    def read(self, entry: Any) -> Override | None:
        """The entry as an override, or None (its problems recorded) when it cannot be used."""
        if not isinstance(entry, dict):
            self.findings.add(
                "entry",
                self.document.at(*self.where, name="overrides"),
                f"{self.name} is not a set of keys ({', '.join(KEYS[:1] + KEYS[2:])}).",
                "Write the entry as '- ids: [...]' with its keys indented under it.",
            )
            return None
        for key in entry:
            if key not in KEYS:
                self.problem(
                    "unknown-key",
                    key,
                    f"{key!r} is not a key of an override; expected one of {', '.join(KEYS)}.",
                    "Correct or remove the key." + suggest(str(key), KEYS),
                )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            self.problem(
                "reason",
                "reason",
                "there is no reason: every override needs one.",
                "Add 'reason:' saying in one sentence why the rules are wrong here.",
            )
        ids, id_lines = self.ids(entry)
        obligation = self.obligation(entry)
        flags = self.flags(entry)
        reviewed = self.reviewed(entry)
        addressee = entry.get("addressee")
        if addressee is not None and not isinstance(addressee, str):
            self.problem(
                "addressee",
                "addressee",
                "the addressee must be one name ('States Parties', 'Secretary-General').",
                "Write the addressee as a single name.",
            )
        if not self.ok:
            return None
        return Override(
            ids=ids,
            obligation=obligation,
            flags=flags,
            addressee=addressee,
            reason=" ".join(str(reason).split()),
            line=self.document.line(*self.where) or 0,
            reviewed=reviewed,
            file=str(self.document.path),
            id_lines=id_lines,
        )

    def ids(self, entry: dict[str, Any]) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The provision IDs (lower case) and the line of each."""
        key = "ids" if "ids" in entry else "id"
        value = entry.get(key)
        items = [value] if isinstance(value, str) else value
        if "ids" in entry and "id" in entry:
            self.problem("ids", "id", "it has both 'ids' and 'id'.", "Keep 'ids' with a list.")
            return (), ()
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            self.problem(
                "ids",
                key,
                "expected 'ids' with a list of provision IDs, such as [40.20, 11.1.a].",
                "Write the IDs as printed by 'cosp provisions'.",
            )
            return (), ()
        ids: list[str] = []
        lines: list[int] = []
        for position, item in enumerate(items):
            path = (*self.where, key, position) if isinstance(value, list) else (*self.where, key)
            line = self.document.line(*path) or 0
            text = item.strip().lower()
            if not _ID.match(text):
                self.findings.add(
                    "id-shape",
                    Location(str(self.document.path), line=line, key=key),
                    f"{self.name}: {item!r} is not a provision ID: expected a dotted path such "
                    "as 40.20 or 11.1.a.",
                    "Write the ID as printed by 'cosp provisions'.",
                )
                self.ok = False
            ids.append(text)
            lines.append(line)
        return tuple(ids), tuple(lines)

    def obligation(self, entry: dict[str, Any]) -> Obligation | None:
        """The obligation written (None when the entry leaves it to the rules)."""
        if "obligation" not in entry:
            return None
        try:
            return Obligation(str(entry["obligation"]).strip().lower())
        except ValueError:
            self.problem(
                "obligation",
                "obligation",
                f"{entry['obligation']!r} is not an obligation: expected one of {_OBLIGATIONS}.",
                "Write one of the four words.",
            )
            return None

    def flags(self, entry: dict[str, Any]) -> tuple[Flag, ...] | None:
        """The flags written (() for none; None when the entry leaves them to the rules)."""
        if "flags" not in entry:
            return None
        value = entry["flags"]
        items = [] if value is None else [value] if isinstance(value, str) else value
        try:
            return tuple(Flag(str(item).strip().lower()) for item in items)
        except (TypeError, ValueError):
            self.problem(
                "flags",
                "flags",
                f"{value!r} is not a list of flags: expected some of {_FLAGS}, or [].",
                "Write the flags as a list, such as [notification]; [] removes every flag.",
            )
            return None

    def reviewed(self, entry: dict[str, Any]) -> bool | None:
        """Whether the review asks about the provisions (None: as the rules decide)."""
        if "reviewed" not in entry:
            return None
        value = entry["reviewed"]
        if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
            return _BOOLEANS[value.strip().lower()]
        self.problem(
            "reviewed",
            "reviewed",
            f"{value!r} is not true or false.",
            "Write 'reviewed: true' (the review asks about it) or 'reviewed: false'.",
        )
        return None


def targets(
    instrument: Instrument, overrides: Iterable[Override]
) -> dict[str, tuple[Override, bool]]:
    """For every provision an override applies to: the override (the most specific one) and
    whether the provision is one it names (not one under them).

    An ID the instrument does not have is a ConfigError naming the file, line and key; every
    unknown ID is reported at once.
    """
    found: list[Finding] = []
    decided: dict[str, tuple[Override, bool, int]] = {}
    for override in overrides:
        for position, target in enumerate(override.ids):
            if target not in instrument:
                line = override.id_lines[position] if position < len(override.id_lines) else None
                found.append(
                    Finding(
                        "overrides.unknown-id",
                        "error",
                        f"no provision {target!r} in {instrument.name[:60]}.",
                        Location(
                            override.file or "overrides file", line=line or override.line, key="ids"
                        ),
                        "Use a provision ID as printed by 'cosp provisions'."
                        + suggest(target, [p.id for p in instrument.provisions]),
                    )
                )
                continue
            depth = target.count(".")
            for pid in (target, *(d.id for d in instrument.descendants(target))):
                if pid in decided and decided[pid][2] > depth:
                    continue
                decided[pid] = (override, pid == target, depth)
    if found:
        raise ConfigError(*found)
    return {pid: (override, named) for pid, (override, named, _) in decided.items()}


def apply_overrides(instrument: Instrument, overrides: Iterable[Override]) -> Instrument:
    """The instrument with each override applied to its IDs and their descendants."""
    decided = targets(instrument, overrides)
    provisions = tuple(
        _corrected(p, *decided[p.id]) if p.id in decided else p for p in instrument.provisions
    )
    return dataclasses.replace(instrument, provisions=provisions, _index={})


def _corrected(provision: Provision, override: Override, named: bool) -> Provision:
    # The addressee of a descendant that names its own (57.2: "The Secretary-General ...
    # shall convene") stays its own; the override names the target's.
    addressee = provision.addressee
    if override.addressee is not None and (named or not addressee):
        addressee = override.addressee
    return dataclasses.replace(
        provision,
        obligation=override.obligation or provision.obligation,
        flags=override.flags if override.flags is not None else provision.flags,
        addressee=addressee,
        obligation_source="override",
        override_reason=override.reason,
    )


def reviewed_by_override(
    instrument: Instrument, overrides: Iterable[Override]
) -> Mapping[str, tuple[bool, str]]:
    """Provision ID to (reviewed, reason) where an override says whether it is reviewed."""
    return {
        pid: (override.reviewed, override.reason)
        for pid, (override, _) in targets(instrument, overrides).items()
        if override.reviewed is not None
    }
