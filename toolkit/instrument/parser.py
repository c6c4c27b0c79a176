"""Blocks to the treaty model: regions of the document, then the tree of provisions.

The document is read in regions: the report and the resolution that adopts the instrument
(optional), the instrument's title and preamble, its chapters and articles, the
testimonium, and the annex of interpretative notes (optional); the resolution and the notes
are read by :mod:`toolkit.instrument.surroundings`.  Articles are read with a
stack of open enumerated items (paragraph, letter, roman clause); every enumerator must
follow the one before it, or the parse stops with an error naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import Location, SourceError
from toolkit.instrument.blocks import Block, split_blocks
from toolkit.instrument.model import Chapter, Instrument, Provision, ProvisionKind
from toolkit.instrument.source import SourceText
from toolkit.instrument.surroundings import read_notes, read_resolution
from toolkit.instrument.text import to_roman

_LEADING_BULLET = re.compile(r"^[-–•]\s+")
_PARAGRAPH = re.compile(r"^(\d+)\.\s+")
_POINT = re.compile(r"^\(([a-z]{1,5})\)\s*")
_ROMAN = re.compile(r"^(?=[ivxl]+$)l?x{0,3}(ix|iv|v?i{0,3})$")
_CONJUNCTION_END = re.compile(r"\b(and|or)$")
_TESTIMONIUM = ("IN WITNESS WHEREOF", "DONE at")
_GENERAL_ASSEMBLY = "The General Assembly,"


@dataclass
class _Node:
    """A provision while it is being read (mutable; frozen into a Provision at the end)."""

    kind: ProvisionKind
    label: str
    line: int
    title: str = ""
    text: str = ""
    wrap_up: str = ""
    children: list[_Node] = field(default_factory=list)

    def level(self) -> int:
        return {"article": 0, "paragraph": 1, "subparagraph": 2, "clause": 3}[self.kind]


class _ArticleReader:
    """Reads the body blocks of one article into a tree of nodes."""

    def __init__(self, source: str, article: _Node) -> None:
        self.source = source
        self.article = article
        self.stack: list[_Node] = [article]

    def error(self, line: int, message: str, hint: str, code: str) -> SourceError:
        return SourceError.at(code, Location(self.source, line=line), message, hint)

    def feed(self, block: Block) -> None:
        text = _LEADING_BULLET.sub("", block.text)
        enumerators: list[str] = []
        match = _PARAGRAPH.match(text)
        if match:
            enumerators.append(match.group(1))
            text = text[match.end() :]
        while match := _POINT.match(text):
            enumerators.append(match.group(1))
            text = text[match.end() :]
        if not enumerators:
            self._continuation(text)
            return
        for position, label in enumerate(enumerators):
            node = self._open(label, block.line)
            if position == len(enumerators) - 1:
                node.text = text.strip()

    def _continuation(self, text: str) -> None:
        deepest = self.stack[-1]
        if deepest.wrap_up:
            deepest.wrap_up += " " + text
            return
        if deepest.kind in ("article", "paragraph"):
            # More words of the article or paragraph itself (its list, if any, is not open).
            deepest.text = f"{deepest.text} {text}".strip()
            return
        target = self._wrap_up_target()
        target.wrap_up = text
        del self.stack[self.stack.index(target) + 1 :]

    def _wrap_up_target(self) -> _Node:
        """The item whose chapeau a text after a list closes.

        The list that just ended belongs to the parent of the deepest open item.  When that
        parent is itself the last conjunct of a list ("(a) ...; and (b) ...:"), the text
        closes the chapeau above it (article 29, paragraph 1: "... (ii) ... of; traffic data").
        """
        index = len(self.stack) - 2
        owner = self.stack[index]
        if index > 0:
            parent = self.stack[index - 1]
            siblings = parent.children
            position = siblings.index(owner)
            if position > 0 and _CONJUNCTION_END.search(_own_end(siblings[position - 1])):
                return parent
        return owner

    def _open(self, label: str, line: int) -> _Node:
        kind = self._kind_of(label)
        level = {"paragraph": 1, "subparagraph": 2, "clause": 3}[kind]
        while self.stack[-1].level() >= level:
            self.stack.pop()
        parent = self.stack[-1]
        if kind == "paragraph" and parent is not self.article:
            raise self.error(
                line,
                f"paragraph {label} stands inside another paragraph.",
                "Check the numbering of this article.",
                "source.paragraph-nested",
            )
        self._check_sequence(parent, kind, label, line)
        node = _Node(kind=kind, label=label, line=line)
        parent.children.append(node)
        self.stack.append(node)
        return node

    def _kind_of(self, label: str) -> ProvisionKind:
        if label.isdigit():
            return "paragraph"
        if not _ROMAN.match(label):
            return "subparagraph"
        letter = self._open_letter()
        if len(label) > 1 or letter is None:
            return "clause" if len(label) > 1 or not self._expects_letter(label) else "subparagraph"
        if letter.children:  # a list of clauses is open under the letter
            return "clause"
        if not letter.text or letter.text.endswith(":"):
            return "clause"  # the letter's chapeau announces a list: (e) ... entity that: (i)
        return "subparagraph" if self._expects_letter(label) else "clause"

    def _open_letter(self) -> _Node | None:
        for node in reversed(self.stack):
            if node.kind == "subparagraph":
                return node
        return None

    def _expects_letter(self, label: str) -> bool:
        parent = self.stack[-1]
        while parent.kind in ("subparagraph", "clause"):
            parent = self.stack[self.stack.index(parent) - 1]
        letters = [c for c in parent.children if c.kind == "subparagraph"]
        expected = chr(ord(letters[-1].label) + 1) if letters else "a"
        return label == expected

    def _check_sequence(self, parent: _Node, kind: ProvisionKind, label: str, line: int) -> None:
        siblings = [c for c in parent.children if c.kind == kind]
        if kind == "paragraph":
            expected, value = str(len(siblings) + 1), label
        elif kind == "subparagraph":
            expected, value = chr(ord("a") + len(siblings)), label
        else:
            expected, value = to_roman(len(siblings) + 1), label
        if value != expected:
            where = f"article {self.article.label}"
            name = {"paragraph": "paragraph", "subparagraph": "subparagraph", "clause": "clause"}[
                kind
            ]
            shown = expected if kind == "paragraph" else f"({expected})"
            found = label if kind == "paragraph" else f"({label})"
            raise self.error(
                line,
                f"{name} {found} is out of sequence in {where}: expected {name} {shown}.",
                "Check that no item is missing or numbered twice in the source text.",
                "source.out-of-sequence",
            )


def _own_end(node: _Node) -> str:
    text = node.wrap_up or node.text
    if node.children and not node.wrap_up:
        return _own_end(node.children[-1])
    return text.rstrip(" ;,.")


def parse(source: SourceText) -> Instrument:
    """Parse an instrument's text into the model (obligations and references not yet set)."""
    blocks, footnotes = split_blocks(source.lines)
    name = source.name
    first_heading = next(
        (i for i, b in enumerate(blocks) if b.kind in ("chapter", "article")), None
    )
    if first_heading is None:
        raise SourceError.at(
            "source.no-articles",
            Location(name),
            "no article heading was found (a line such as 'Article 1').",
            "Check that the file is the text of a treaty in the United Nations layout.",
        )
    ga = next(
        (i for i, b in enumerate(blocks[:first_heading]) if b.text == _GENERAL_ASSEMBLY), None
    )
    resolution_end = first_heading
    annex = next(
        (i for i in range(first_heading) if blocks[i].kind == "annex" and (ga is None or i > ga)),
        None,
    )
    preamble_at = next((i for i in range(first_heading) if blocks[i].kind == "preamble"), None)
    resolution = None
    if ga is not None:
        resolution_end = annex if annex is not None else (preamble_at or first_heading)
        resolution = read_resolution(blocks, ga, resolution_end)
    title_start = annex + 1 if annex is not None else (resolution_end if ga is not None else 0)
    title_end = preamble_at if preamble_at is not None else first_heading
    title = " ".join(b.text for b in blocks[title_start:title_end] if b.kind == "body")
    preamble = tuple(
        b.text
        for b in blocks[
            (title_end + 1 if preamble_at is not None else first_heading) : first_heading
        ]
    )
    end = next(
        (
            i
            for i in range(first_heading, len(blocks))
            if blocks[i].kind == "annex" or blocks[i].text.startswith(_TESTIMONIUM)
        ),
        len(blocks),
    )
    chapters, provisions = _body(name, blocks[first_heading:end])
    testimonium_end = next(
        (i for i in range(end, len(blocks)) if blocks[i].kind == "annex"), len(blocks)
    )
    testimonium = " ".join(b.text for b in blocks[end:testimonium_end])
    notes = read_notes(name, blocks[testimonium_end + 1 :]) if testimonium_end < len(blocks) else ()
    return Instrument(
        title=title,
        source=name,
        source_sha256=source.sha256,
        resolution=resolution,
        preamble=preamble,
        chapters=chapters,
        provisions=provisions,
        notes=notes,
        footnotes=tuple(footnotes),
        testimonium=testimonium,
    )


def _body(name: str, blocks: list[Block]) -> tuple[tuple[Chapter, ...], tuple[Provision, ...]]:
    chapters: list[tuple[str, str, int, list[int]]] = []
    articles: list[tuple[_Node, str]] = []
    seen: dict[int, int] = {}
    reader: _ArticleReader | None = None
    for block in blocks:
        if block.kind == "chapter":
            expected = len(chapters) + 1
            if block.number.upper() != to_roman(expected).upper():
                raise SourceError.at(
                    "source.chapter-sequence",
                    Location(name, line=block.line),
                    f"chapter {block.number} is out of sequence: expected chapter "
                    f"{to_roman(expected).upper()}.",
                    "Check the chapter headings of the source text.",
                )
            chapters.append((block.number, block.text, block.line, []))
            reader = None  # a chapter heading closes the last article of the previous chapter
        elif block.kind == "article":
            if not block.number:
                raise SourceError.at(
                    "source.article-number",
                    Location(name, line=block.line),
                    "an 'Article' heading has no number.",
                    "Write the article's number after the word 'Article' (as in 'Article 4').",
                )
            number = int(block.number)
            if number in seen:
                raise SourceError.at(
                    "source.article-duplicated",
                    Location(name, line=block.line),
                    f"article {number} appears twice (first on line {seen[number]}).",
                    "Remove or renumber the duplicated article.",
                )
            expected = len(articles) + 1
            if number != expected:
                raise SourceError.at(
                    "source.article-missing",
                    Location(name, line=block.line),
                    f"found article {number} where article {expected} was expected: "
                    f"article {expected} is missing.",
                    "Check that every article heading is present and numbered in order.",
                )
            seen[number] = block.line
            node = _Node(kind="article", label=block.number, line=block.line, title=block.text)
            chapter = chapters[-1][0] if chapters else ""
            if chapters:
                chapters[-1][3].append(number)
            articles.append((node, chapter))
            reader = _ArticleReader(name, node)
        elif block.kind in ("annex", "preamble"):
            raise SourceError.at(
                "source.unexpected-heading",
                Location(name, line=block.line),
                f"a '{'Annex' if block.kind == 'annex' else 'Preamble'}' heading stands among "
                "the articles.",
                "Check the structure of the source text.",
            )
        elif reader is None:
            raise SourceError.at(
                "source.text-before-article",
                Location(name, line=block.line),
                "text stands between a chapter heading and its first article.",
                "Check that an 'Article N' heading precedes this text.",
            )
        else:
            reader.feed(block)
    provisions: list[Provision] = []
    for node, chapter in articles:
        _freeze(node, None, int(node.label), chapter, provisions)
    chapter_records = tuple(
        Chapter(number=number, title=title, articles=tuple(nums), line=line)
        for number, title, line, nums in chapters
    )
    return chapter_records, tuple(provisions)


def _freeze(
    node: _Node, parent: Provision | None, article: int, chapter: str, out: list[Provision]
) -> None:
    if parent is None:
        pid, eid = node.label, f"art_{node.label}"
    else:
        pid = f"{parent.id}.{node.label}"
        eid = f"{parent.eid}__{'para' if node.kind == 'paragraph' else 'point'}_{node.label}"
    provision = Provision(
        id=pid,
        eid=eid,
        kind=node.kind,
        article=article,
        chapter=chapter,
        label=node.label,
        parent=parent.id if parent else None,
        children=tuple(f"{pid}.{child.label}" for child in node.children),
        title=node.title,
        text=node.text,
        wrap_up=node.wrap_up,
        line=node.line,
    )
    out.append(provision)
    for child in node.children:
        _freeze(child, provision, article, chapter, out)


def parse_path(path: Path) -> Instrument:
    """Read and parse an instrument text file."""
    from toolkit.instrument.source import read_source

    return parse(read_source(path))
