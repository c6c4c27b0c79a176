"""Lines of a PDF conversion to logical blocks: headings recognised, page breaks mended.

A block is one paragraph of the document as its authors wrote it.  The conversion cuts
sentences at page breaks (``... the act of`` / blank line / ``intentionally ...``) and
prints headings in several shapes (``Article 13.``, ``*Article 19**Title*``,
``Chapter III **Jurisdiction**``); this stage undoes both so that the parser sees clean blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from toolkit.instrument.model import Footnote
from toolkit.instrument.text import clean, clean_heading, footnote

BlockKind = Literal["chapter", "article", "annex", "preamble", "body"]

_CHAPTER = re.compile(r"^Chapter\s+([IVXLC]+)\b\.?\s*(.*)$")
_ARTICLE = re.compile(r"^Article\s+(\d+)\b\.?\s*(.*)$")
_ENUMERATED = re.compile(r"^(?:[-–•]\s+)?(?:\d+\.\s|\([a-z]{1,5}\)\s)")
_TERMINAL = re.compile(r"[.;:!?][”’\")\]]*$")
_TITLE_MAX = 200


@dataclass(frozen=True)
class Block:
    """A logical paragraph of the source, with the line its first words stand on."""

    kind: BlockKind
    text: str
    """Cleaned text; for headings, the title (possibly empty)."""
    line: int
    number: str = ""
    """Article number or chapter numeral, for headings."""


def _heading(raw: str) -> tuple[BlockKind, str, str] | None:
    text = clean_heading(raw)
    for kind, pattern in (("chapter", _CHAPTER), ("article", _ARTICLE)):
        match = pattern.match(text)
        if match and len(match.group(2)) <= _TITLE_MAX and not _TERMINAL.search(match.group(2)):
            return kind, match.group(1), match.group(2).strip()  # type: ignore[return-value]
    if re.fullmatch(r"Article\.?", text):
        return "article", "", ""  # a heading that lost its number: the parser says so
    if text == "Annex":
        return "annex", "", ""
    if text == "Preamble":
        return "preamble", "", ""
    return None


def is_enumerated(text: str) -> bool:
    """Whether a block starts with an enumerator (``1.``, ``(a)``, ``- (i)``)."""
    return bool(_ENUMERATED.match(text))


def split_blocks(lines: tuple[str, ...]) -> tuple[list[Block], list[Footnote]]:
    """Turn source lines into blocks and footnotes (line numbers are 1-based)."""
    blocks: list[Block] = []
    footnotes: list[Footnote] = []
    expect_title = False
    for index, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        note = footnote(raw)
        if note:
            footnotes.append(Footnote(marker=note[0], text=note[1], line=index))
            continue
        heading = _heading(raw)
        if heading:
            kind, number, title = heading
            blocks.append(Block(kind, title, index, number))
            expect_title = kind in ("chapter", "article") and not title
            continue
        text = clean(raw)
        if expect_title:
            expect_title = False
            if not is_enumerated(text) and len(text) <= _TITLE_MAX and not _TERMINAL.search(text):
                previous = blocks[-1]
                blocks[-1] = Block(previous.kind, text, previous.line, previous.number)
                continue
        if _continues(blocks, text):
            previous = blocks[-1]
            blocks[-1] = Block("body", f"{previous.text} {text}", previous.line)
            continue
        blocks.append(Block("body", text, index))
    return blocks, footnotes


def _continues(blocks: list[Block], text: str) -> bool:
    """A sentence cut by a page break: the block before it does not end a sentence or item.

    A block that starts in lower case continues one that ends without a full stop, semicolon
    or colon; one that starts with a capital continues only a block cut after a bare word
    (preamble paragraphs end with a comma and must stay apart; titles end on a capital).
    """
    if not blocks or blocks[-1].kind != "body" or is_enumerated(text):
        return False
    previous = blocks[-1].text
    if text[:1].islower():
        return not _TERMINAL.search(previous)
    # "... information on" / "Party in initiating ...": cut after a word, before a capital.
    # Titles also end on a word ("... of Serious Crimes"), so the cut must be after a
    # lower-case word or inside an enumerated item.
    if not previous[-1:].isalnum():
        return False
    return previous.split()[-1][:1].islower() or is_enumerated(previous)
