"""Reading the YAML data files the secretariat maintains (registry, review cycles).

Two things set these files apart from YAML read with ``yaml.safe_load``:

* every plain scalar stays text (only an empty value, ``~`` or ``null`` is None), so ``NO``
  is not False, ``40.20`` is not the float 40.2 and a misspelt date is not a traceback: the
  schema that reads the file decides what a value means and says so when it cannot;
* every value keeps the line it was written on, so that an error can name it.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import ConfigError, Finding, Location

Key = tuple[Hashable, ...]
"""Path of a value in the document: mapping keys and sequence indexes (``(3, "group")``)."""


# libyaml's parser when PyYAML was built with it (several times faster on the registry).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that resolves plain scalars to text, except null."""


_TextLoader.yaml_implicit_resolvers = {}
_TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


@dataclass(frozen=True)
class Document:
    """A parsed data file: its plain Python data and the line of every value in it."""

    path: Path
    data: Any
    lines: dict[Key, int] = field(repr=False, compare=False)
    """Line (1-based) where the value at each path starts."""
    duplicates: tuple[tuple[Key, int], ...] = ()
    """Mapping keys written twice (path of the repeated key, line of the repetition)."""

    def line(self, *key: Hashable) -> int | None:
        """Line of the value at this path, or of its nearest written ancestor."""
        path: Key = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def at(self, *key: Hashable, name: str | None = None) -> Location:
        """The location of the value at this path, named by ``name`` (default: the last key)."""
        label = name if name is not None else (str(key[-1]) if key else None)
        return Location(str(self.path), line=self.line(*key), key=label)


def read(path: Path, kind: str) -> Document:
    """Parse a YAML data file; a missing, unreadable or malformed file is a ConfigError.

    ``kind`` prefixes the codes of the findings (``registry`` gives ``registry.yaml``).
    """
    where = Location(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a BOM
    except FileNotFoundError:
        raise ConfigError.at(
            f"{kind}.file", where, "the file does not exist.", "Check the path."
        ) from None
    except IsADirectoryError:
        raise ConfigError.at(
            f"{kind}.file", where, "this is a folder, not a file.", "Give the path of the file."
        ) from None
    except OSError as error:
        raise ConfigError.at(
            f"{kind}.file", where, f"the file cannot be read ({error.strerror}).", "Check the path."
        ) from None
    except UnicodeDecodeError as error:
        data = error.object
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            what = 'the file is saved as UTF-16 ("Unicode" in Notepad), not UTF-8.'
        else:
            what = f"byte 0x{data[error.start]:02x} is not valid UTF-8."
        raise ConfigError.at(
            f"{kind}.file",
            Location(str(path), line=data[: error.start].count(b"\n") + 1),
            what,
            "Save it as UTF-8 text (in most editors: Save as, Encoding: UTF-8).",
        ) from None
    return parse(path, text, f"{kind}.yaml")


def parse(path: Path, text: str, code: str, *, plain_text: bool = True) -> Document:
    """Parse YAML text read from ``path``; malformed YAML is a ConfigError ``code`` naming
    its line. ``plain_text``: plain scalars stay text (see the module); otherwise YAML's own
    types (``yes`` is True)."""
    loader = (_TextLoader if plain_text else _SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "malformed YAML"
        hint = "Check the indentation and quote values that contain ': ' or start with a symbol."
        if "tab" in problem or indented_with_tab(text, line):
            hint = "Indent with spaces: YAML does not allow tab characters for indentation."
        raise ConfigError.at(
            code, Location(str(path), line=line), f"this is not valid YAML: {problem}.", hint
        ) from None
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    duplicates: list[tuple[Key, int]] = []
    if node is not None:
        _index(node, (), lines, duplicates)
    return Document(path, data, lines, tuple(duplicates))


def indented_with_tab(text: str, line: int | None) -> bool:
    """Whether the (1-based) line starts with white space containing a tab."""
    lines = text.splitlines()
    if line is None or not 0 < line <= len(lines):
        return False
    written = lines[line - 1]
    return "\t" in written[: len(written) - len(written.lstrip())]


def _index(
    node: yaml.Node, path: Key, lines: dict[Key, int], duplicates: list[tuple[Key, int]]
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Hashable] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            if key in seen:
                duplicates.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            _index(value_node, (*path, key), lines, duplicates)
            # A key whose value is empty points at the key's own line, not the next one.
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), lines, duplicates)


class Findings:
    """Problems collected while reading one file, raised together as a single ConfigError."""

    def __init__(self, document: Document, prefix: str) -> None:
        self.document = document
        self.prefix = prefix
        self.items: list[Finding] = []

    def add(self, code: str, location: Location, message: str, hint: str = "") -> None:
        """Record an error; ``code`` is appended to the file kind (``registry.`` + code)."""
        self.items.append(Finding(f"{self.prefix}.{code}", "error", message, location, hint))

    def add_duplicates(self, hint: str, prefix: Callable[[Key], str] = lambda key: "") -> None:
        """Record every key the document writes twice; ``prefix`` names where (an entry)."""
        for key, line in self.document.duplicates:
            self.add(
                "duplicate-key",
                Location(str(self.document.path), line=line, key=str(key[-1])),
                f"{prefix(key)}the key {key[-1]!r} is written twice.",
                hint,
            )

    def raise_if_any(self) -> None:
        """Raise every recorded finding, in the order of the file's lines, as one ConfigError."""
        if self.items:
            ordered = sorted(self.items, key=lambda f: f.location.line or 0)
            raise ConfigError(*ordered)


def parse_date(text: Any) -> date:
    """A real calendar date written as ISO 8601 (``2025-10-25``); ValueError otherwise."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar") from None


def suggest(word: str, choices: Iterable[str]) -> str:
    """``' Did you mean "x"?'`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
