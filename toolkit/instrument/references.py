"""Cross-references in the text, resolved to provision IDs.

Handles the shapes the Convention uses: "paragraph 1 (a) (ii) of this article",
"article 40, paragraph 21 (b) and (c), and paragraph 22, of this Convention",
"articles 7 to 16", "paragraphs 8 to 31 of this article", "subparagraphs (a) to (c) of this
paragraph", "articles 57, paragraph 5 (g), 61 and 62".  A reference qualified by another
instrument ("article 17 of the Convention" inside a protocol, "article 1 of the Convention on
the Rights of the Child") is recognised as external and never resolved to this instrument.
:func:`resolve_references` records the references of every text of an instrument in the model
(:class:`~toolkit.instrument.model.ReferenceSpan`), so that publications link the words
without reading them again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container
from dataclasses import dataclass

from toolkit.instrument.model import Instrument, Provision, ReferenceSpan, TextPart
from toolkit.instrument.text import roman_value, to_roman

_TRIGGER = re.compile(r"\b(articles?|paragraphs?|subparagraphs?)\s+(?=\d|\()", re.I)
_NUM = re.compile(r"\s*(\d+)")
_POINT = re.compile(r"(?:\s*,?\s*(and|or|to)\s+|\s*,\s*|\s*)\(([a-z]{1,5})\)")
_SEP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)(?=\d)")
_PARAGRAPH_PART = re.compile(r",?\s*(?:and\s+)?paragraphs?\s+(?=\d)", re.I)
_SCOPE = re.compile(
    r",?\s+of\s+(this|the)\s+([A-Za-z]+)(\s+(?:on|against|relating\s+to|for)\s+(?:the\s+)?[A-Z])?"
)
_OF_ARTICLE = re.compile(r",?\s+of\s+article\s+(\d+)", re.I)
_ROMAN_CHARS = set("ivxl")


@dataclass(frozen=True)
class Reference:
    """A reference found in a text: its span, and the provisions it designates."""

    start: int
    end: int
    text: str
    targets: tuple[str, ...]
    """IDs of this instrument's provisions (empty for an external reference)."""
    external: bool = False
    """The words name another instrument ("of the Convention on the Rights of the Child")."""
    unresolved: tuple[str, ...] = ()
    """IDs the words designate that do not exist in this instrument."""


def _is_roman(label: str) -> bool:
    return set(label) <= _ROMAN_CHARS


def _label_range(first: str, last: str) -> list[str]:
    if first.isdigit() and last.isdigit():
        return [str(n) for n in range(int(first), int(last) + 1)]
    if (
        len(first) == 1
        and len(last) == 1
        and not (_is_roman(first) and _is_roman(last) and first != "i")
    ):
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    if _is_roman(first) and _is_roman(last):
        return [to_roman(n) for n in range(roman_value(first), roman_value(last) + 1)]
    return [first, last]


class _Scanner:
    """A cursor over one text that reads the grammar of a reference."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return match

    def points(self) -> list[list[str]]:
        """``(a) (i) or (ii) or (b) (i)`` as label paths ``[[a, i], [a, ii], [b, i]]``."""
        paths: list[list[str]] = []
        current: list[str] = []
        while match := self.take(_POINT):
            connector, label = match.group(1), match.group(2)
            adjacent = connector is None and not match.group(0).strip().startswith(",")
            if adjacent and current:
                roman = (_is_roman(label) and not _is_roman(current[-1])) or len(current) > 1
                current = [*current, label] if roman else [*current[:-1], label]
                continue
            if not current:
                current = [label]
                continue
            depth = len(current) if (len(current) > 1 and _is_roman(label)) else 1
            paths.append(current)
            if connector == "to":
                for middle in _label_range(current[-1], label)[1:-1]:
                    paths.append([*current[: depth - 1], middle])
            current = [*current[: depth - 1], label]
        if current:
            paths.append(current)
        return paths

    def numbered(self) -> list[tuple[str, list[list[str]]]]:
        """``8 to 31``, ``21 (b) and (c)``, ``1 or 2``: numbers, each with its points."""
        items: list[tuple[str, list[list[str]]]] = []
        match = self.take(_NUM)
        while match:
            number = match.group(1)
            points = self.points()
            items.append((number, points))
            save = self.pos
            sep = self.take(_SEP)
            if not sep:
                break
            match = self.take(_NUM)
            if not match:
                self.pos = save
                break
            if "to" in sep.group(0).split():
                items.extend((n, []) for n in _label_range(number, match.group(1))[1:-1])
        return items


def _expand(base: str, paths: list[list[str]]) -> list[str]:
    if not paths:
        return [base]
    return [".".join([base, *path]) for path in paths]


def _paragraph_of(context: str | None) -> str | None:
    if not context:
        return None
    parts = context.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and parts[1].isdigit() else parts[0]


def _article_targets(scanner: _Scanner) -> list[str]:
    """``40, paragraph 21 (b) and (c), and paragraph 22``; ``57, paragraph 5 (g), 61 and 62``."""
    targets: list[str] = []
    while number_match := scanner.take(_NUM):
        number = number_match.group(1)
        points = scanner.points()
        paragraphs: list[tuple[str, list[list[str]]]] = []
        while part := scanner.take(_PARAGRAPH_PART):
            if part.group(0).rstrip().lower().endswith("paragraphs"):
                paragraphs.extend(scanner.numbered())
            elif paragraph := scanner.take(_NUM):
                paragraphs.append((paragraph.group(1), scanner.points()))
        if paragraphs:
            for label, label_points in paragraphs:
                targets.extend(_expand(f"{number}.{label}", label_points))
        else:
            targets.extend(_expand(number, points))
        save = scanner.pos
        sep = scanner.take(_SEP)
        if not sep:
            break
        following = _NUM.match(scanner.text, scanner.pos)
        if following is None:
            scanner.pos = save
            break
        if "to" in sep.group(0).split():
            targets.extend(_label_range(number, following.group(1))[1:-1])
    return targets


def _scope(text: str, end: int, self_kind: str) -> tuple[int, bool, str | None]:
    """After the numbers: ``(end, external, article)`` from "of this article", "of the X"..."""
    of_article = _OF_ARTICLE.match(text, end)
    if of_article:
        return of_article.end(), False, of_article.group(1)
    scope = _SCOPE.match(text, end)
    if not scope:
        return end, False, None
    name, qualified = scope.group(2).lower(), scope.group(3)
    if name in ("article", "paragraph"):
        return scope.end(2), False, None
    external = name != self_kind.lower() or bool(qualified)
    return (scope.start(3) if qualified else scope.end()), external, None


def find_references(
    text: str,
    ids: Container[str],
    context: str | None = None,
    self_kind: str = "Convention",
) -> list[Reference]:
    """The references in ``text``; ``context`` is the ID of the provision the text belongs to.

    ``self_kind`` is how the instrument names itself ("Convention", "Protocol"): "of this
    Convention" and "of the Convention" designate it; any other instrument is external.
    """
    found: list[Reference] = []
    pos = 0
    while match := _TRIGGER.search(text, pos):
        word = match.group(1).lower()
        scanner = _Scanner(text, match.end())
        if word.startswith("article"):
            candidates = _article_targets(scanner)
        elif word.startswith("paragraph"):
            candidates = [t for n, pts in scanner.numbered() for t in _expand(n, pts)]
        else:
            candidates = [".".join(path) for path in scanner.points()]
        if not candidates:
            pos = match.end()
            continue
        end, external, article = _scope(text, scanner.pos, self_kind)
        words = text[match.start() : end]
        if external:
            found.append(Reference(match.start(), end, words, (), external=True))
            pos = end
            continue
        if word.startswith("article"):
            targets = candidates
        else:
            base = (
                article or (context.split(".")[0] if context else None)
                if word.startswith("paragraph")
                else _paragraph_of(context)
            )
            targets = [f"{base}.{c}" for c in candidates] if base else []
        resolved = tuple(dict.fromkeys(t for t in targets if t in ids))
        missing = tuple(dict.fromkeys(t for t in targets if t not in ids))
        found.append(Reference(match.start(), end, words, resolved, unresolved=missing))
        pos = end
    return found


def reference_spans(
    text: str,
    ids: Container[str],
    context: str | None = None,
    self_kind: str = "Convention",
    part: TextPart = "text",
) -> tuple[ReferenceSpan, ...]:
    """The references of ``text`` as model records (see :func:`find_references`)."""
    return tuple(
        ReferenceSpan(r.start, r.end, r.text, r.targets, r.external, part)
        for r in find_references(text, ids, context, self_kind)
    )


def _provision_spans(
    provision: Provision, ids: Container[str], self_kind: str
) -> tuple[ReferenceSpan, ...]:
    return reference_spans(provision.text, ids, provision.id, self_kind) + reference_spans(
        provision.wrap_up, ids, provision.id, self_kind, "wrap_up"
    )


def self_kind(instrument: Instrument) -> str:
    """How the instrument names itself in its own text ("Convention" or "Protocol")."""
    return "Protocol" if "protocol" in instrument.title.lower().split(";")[0] else "Convention"


def resolve_references(instrument: Instrument) -> Instrument:
    """The instrument with the references of every text in it recorded: each provision's
    ``reference_spans`` and ``references``, and the spans of the notes, the resolution's
    paragraphs and the preambles ("of this Convention" read as :func:`self_kind` says)."""
    ids = {p.id for p in instrument.provisions}
    kind = self_kind(instrument)
    provisions = []
    for provision in instrument.provisions:
        spans = _provision_spans(provision, ids, kind)
        targets = dict.fromkeys(t for span in spans for t in span.targets)
        provisions.append(
            dataclasses.replace(provision, reference_spans=spans, references=tuple(targets))
        )
    notes = tuple(
        dataclasses.replace(n, reference_spans=reference_spans(n.text, ids, None, kind))
        for n in instrument.notes
    )
    resolution = instrument.resolution
    if resolution is not None:
        resolution = dataclasses.replace(
            resolution,
            operative=tuple(
                dataclasses.replace(p, reference_spans=reference_spans(p.text, ids, None, kind))
                for p in resolution.operative
            ),
            preamble_references=tuple(
                reference_spans(text, ids, None, kind) for text in resolution.preamble
            ),
        )
    return dataclasses.replace(
        instrument,
        provisions=tuple(provisions),
        notes=notes,
        resolution=resolution,
        preamble_references=tuple(
            reference_spans(text, ids, None, kind) for text in instrument.preamble
        ),
        _index={},
    )
