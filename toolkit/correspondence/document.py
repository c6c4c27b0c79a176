"""A letter as a document: blocks of styled text, read from the small markup the templates write.

The letter templates (``templates/letters/``) write neither LaTeX nor Word: they write a small
XML vocabulary, which this module reads into frozen records that both writers
(:mod:`~toolkit.correspondence.typeset`, :mod:`~toolkit.correspondence.docx`) set, each escaping
every piece of text for its own format.  Jinja2 escapes every value it puts into the markup
(autoescape), so what a State wrote, a file name or a registry entry is always text here,
whatever it contains (``<b>``, ``\\input``, ``{{ }}``).

The vocabulary (every element is optional except the root; nothing else is accepted)::

    <letter lang="en">              the letter, in one of the official languages
      <letterhead>...</letterhead>  the sender's name, centred at the top
      <reference>...</reference>    the reference line, top left (top right in Arabic)
      <p>...</p>                    a justified paragraph
      <list><item>...</item></list> a numbered list (the points to correct in a file)
      <dateline>...</dateline>      place and date
      <address><line>...</line></address>  the addressee's address, bottom left
      <enclosure>...</enclosure>    what is enclosed
    </letter>

Inside a paragraph, an item, the reference or the enclosure: text, ``<b>`` (bold), ``<i>``
(italic) and ``<note>`` (a footnote, at the place of its call).  Runs of white space are one
space, as in HTML, so templates may be laid out freely.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import ParseError, fromstring

BlockKind = Literal[
    "letterhead", "reference", "paragraph", "item", "dateline", "address", "enclosure"
]
_BLOCKS: dict[str, BlockKind] = {
    "letterhead": "letterhead",
    "reference": "reference",
    "p": "paragraph",
    "dateline": "dateline",
    "enclosure": "enclosure",
}
_SPACE = re.compile(r"[ \t\r\n]+")
_KEPT_FORMAT = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: invisible, but they shape Arabic (and Persian) words."""


class MarkupError(ValueError):
    """The markup a template wrote does not follow the vocabulary (a template's mistake)."""


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Note:
    """A footnote, called at this place in the text; its number is given when it is set."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Break:
    """A line break inside a block (between the lines of an address)."""


Inline = Span | Note | Break


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit of the letter."""

    kind: BlockKind
    inlines: tuple[Inline, ...]
    number: int | None = None
    """The number of a list item (1, 2, ...), else None."""

    def text(self) -> str:
        """The block's text without footnotes (for checks and messages)."""
        parts = []
        for inline in self.inlines:
            if isinstance(inline, Break):
                parts.append("\n")
            elif isinstance(inline, Span):
                parts.append(inline.text)
        return "".join(parts)


@dataclass(frozen=True)
class LetterDocument:
    """A letter ready to be set: its language and its blocks in order."""

    language: str
    """ISO 639-1 code of the language the letter is written in."""
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """The letter's text, a block a line (footnotes left out)."""
        return "\n".join(block.text() for block in self.blocks)

    def notes(self) -> tuple[Note, ...]:
        """The footnotes in the order of their calls."""
        return tuple(i for b in self.blocks for i in b.inlines if isinstance(i, Note))


def visible(text: str) -> str:
    """Untrusted text with the characters that would act instead of showing made visible.

    Control characters, bidi embeddings, overrides and isolates (which reorder the text a
    reader sees), line and paragraph separators, and what XML cannot carry become ``[U+202E]``;
    tabs and line breaks stay (they are white space); the joiners Arabic script needs stay.
    """
    return "".join(f"[U+{ord(c):04X}]" if _hidden(c) else c for c in text)


def _hidden(char: str) -> bool:
    if char in "\t\n\r":
        return False
    if char in _KEPT_FORMAT:
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return True
    return char in ("\ufffe", "\uffff")


def parse_letter(markup: str) -> LetterDocument:
    """Read the markup a template wrote; MarkupError says what does not follow the vocabulary."""
    try:
        root = fromstring(markup)
    except ParseError as error:
        raise MarkupError(f"the template's output is not well-formed markup ({error})") from None
    if root.tag != "letter":
        raise MarkupError(f"the markup must start with <letter>, not <{root.tag}>")
    language = root.get("lang", "")
    if not language:
        raise MarkupError('<letter> needs its lang attribute (lang="en")')
    blocks: list[Block] = []
    for element in root:
        blocks.extend(_blocks(element))
        _no_text(element.tail, "letter")
    _no_text(root.text, "letter")
    return LetterDocument(language, tuple(b for b in blocks if b.inlines))


def _blocks(element: Element) -> list[Block]:
    if element.tag in _BLOCKS:
        return [Block(_BLOCKS[element.tag], _inlines(element, allow_notes=True))]
    if element.tag == "list":
        _no_text(element.text, "list")
        items = []
        for number, child in enumerate(element, start=1):
            if child.tag != "item":
                raise MarkupError(f"<list> holds <item> elements only, not <{child.tag}>")
            items.append(Block("item", _inlines(child, allow_notes=True), number))
            _no_text(child.tail, "list")
        return items
    if element.tag == "address":
        _no_text(element.text, "address")
        lines: list[Inline] = []
        for child in element:
            if child.tag != "line":
                raise MarkupError(f"<address> holds <line> elements only, not <{child.tag}>")
            spans = _inlines(child, allow_notes=False)
            if spans:
                lines.extend((*([Break()] if lines else []), *spans))
            _no_text(child.tail, "address")
        return [Block("address", tuple(lines))]
    raise MarkupError(f"<{element.tag}> is not an element of the letter markup")


def _inlines(element: Element, *, allow_notes: bool) -> tuple[Inline, ...]:
    """The styled text of a block: runs of white space made one space, the ends trimmed."""
    found: list[Inline] = []
    _collect(element, False, False, found, allow_notes)
    return _trimmed(_merged(found))


def _collect(
    element: Element, bold: bool, italic: bool, out: list[Inline], allow_notes: bool
) -> None:
    if element.text:
        out.append(Span(element.text, bold, italic))
    for child in element:
        if child.tag in ("b", "i"):
            _collect(child, bold or child.tag == "b", italic or child.tag == "i", out, allow_notes)
        elif child.tag == "note" and allow_notes:
            inner: list[Inline] = []
            _collect(child, False, False, inner, allow_notes=False)
            spans = tuple(i for i in _trimmed(_merged(inner)) if isinstance(i, Span))
            if spans:
                out.append(Note(spans))
        else:
            raise MarkupError(f"<{child.tag}> is not allowed inside <{element.tag}>")
        if child.tail:
            out.append(Span(child.tail, bold, italic))


def _merged(inlines: list[Inline]) -> list[Inline]:
    """Adjacent spans of one style joined, white space collapsed across them."""
    merged: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Span):
            text = _SPACE.sub(" ", inline.text)
            last = merged[-1] if merged else None
            if isinstance(last, Span) and (last.bold, last.italic) == (inline.bold, inline.italic):
                merged[-1] = Span(_SPACE.sub(" ", last.text + text), last.bold, last.italic)
                continue
            if isinstance(last, Span) and last.text.endswith(" "):
                text = text.lstrip(" ")
            inline = Span(text, inline.bold, inline.italic)
        elif isinstance(inline, Note) and merged and isinstance(merged[-1], Span):
            last = merged[-1]  # a note's call follows its word, without a space
            merged[-1] = Span(last.text.rstrip(" "), last.bold, last.italic)
        merged.append(inline)
    return [i for i in merged if not (isinstance(i, Span) and not i.text)]


def _trimmed(inlines: list[Inline]) -> tuple[Inline, ...]:
    items = list(inlines)
    if items and isinstance(items[0], Span):
        items[0] = Span(items[0].text.lstrip(" "), items[0].bold, items[0].italic)
    if items and isinstance(items[-1], Span):
        items[-1] = Span(items[-1].text.rstrip(" "), items[-1].bold, items[-1].italic)
    return tuple(i for i in items if not (isinstance(i, Span) and not i.text))


def _no_text(text: str | None, where: str) -> None:
    if text and text.strip():
        raise MarkupError(f"text {text.strip()[:40]!r} stands directly in <{where}>")
