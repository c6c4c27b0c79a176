"""The words around the articles: the resolution that adopts the instrument and the annex of
interpretative notes, read from their blocks (the parser finds where they stand)."""

from __future__ import annotations

import re

from toolkit.errors import Location, SourceError
from toolkit.instrument.blocks import Block
from toolkit.instrument.model import Note, NumberedParagraph, Resolution

_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$", re.S)
_NOTE_HEADING = re.compile(r"^Articles?\s+(\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)\b")


def read_resolution(blocks: list[Block], ga: int, end: int) -> Resolution:
    """The resolution from its blocks: the title before "The General Assembly," (block
    ``ga``), the preambular paragraphs, then the numbered operative ones up to ``end``."""
    start = ga
    while (
        start > 0
        and blocks[start - 1].kind == "body"
        and not _NUMBERED.match(blocks[start - 1].text)
    ):
        start -= 1
    title = " ".join(b.text for b in blocks[start:ga])
    preamble: list[str] = []
    operative: list[NumberedParagraph] = []
    for block in blocks[ga + 1 : end]:
        match = _NUMBERED.match(block.text)
        if match:
            operative.append(NumberedParagraph(int(match.group(1)), match.group(2), block.line))
        elif operative:
            last = operative[-1]
            operative[-1] = NumberedParagraph(last.number, f"{last.text} {block.text}", last.line)
        else:
            preamble.append(block.text)
    return Resolution(
        title=title,
        preamble=tuple(preamble),
        operative=tuple(operative),
        opening=blocks[ga].text,
    )


def read_notes(name: str, blocks: list[Block]) -> tuple[Note, ...]:
    """The interpretative notes of the annex, each under the heading naming its articles;
    a note out of sequence is a SourceError at its line."""
    notes: list[Note] = []
    heading: tuple[str, tuple[int, ...]] | None = None
    for block in blocks:
        text = (
            block.text if block.kind == "body" else f"Article {block.number} {block.text}".strip()
        )
        match = _NOTE_HEADING.match(text)
        if match and not _NUMBERED.match(text):
            heading = (text, tuple(int(n) for n in re.findall(r"\d+", match.group(1))))
            continue
        numbered = _NUMBERED.match(text)
        if numbered and heading is not None:
            number = int(numbered.group(1))
            if number != len(notes) + 1:
                raise SourceError.at(
                    "source.note-sequence",
                    Location(name, line=block.line),
                    f"interpretative note {number} is out of sequence: expected note "
                    f"{len(notes) + 1}.",
                    "Check the numbering of the interpretative notes.",
                )
            notes.append(
                Note(
                    number=number,
                    heading=heading[0],
                    text=numbered.group(2),
                    articles=heading[1],
                    line=block.line,
                )
            )
        elif notes and heading is not None:
            last = notes[-1]
            notes[-1] = Note(
                last.number, last.heading, f"{last.text} {text}", last.articles, last.line
            )
    return tuple(notes)
