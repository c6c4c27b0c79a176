"""What States wrote, as docutils nodes: text that stays text in every output.

A State's answers are data, never reST: they become :class:`docutils.nodes.Text` inside
paragraphs and line blocks built here, which every writer escapes (``<script>`` stays visible
words in HTML, ``\\input`` stays visible in LaTeX).  Nothing is parsed, so no directive, role,
substitution, include or link can come out of them.  Two things a writer would pass through
are made visible instead: bidirectional controls (which reorder the text after them on
screen) and control characters, shown as ``[U+202E]``.  The words keep their own direction:
each text sits in a box of its own (``cosp-free-text``, ``unicode-bidi: plaintext`` in the
stylesheet), so Arabic reads right to left and cannot turn the page around it.
"""

from __future__ import annotations

import re
from typing import TypeVar

from docutils import nodes

E = TypeVar("E", bound=nodes.Element)

HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""Characters shown as their code point: controls (tab and line feed are kept) and the
bidirectional marks, embeddings, overrides and isolates."""


ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
RIGHT_TO_LEFT = re.compile(f"[{ARABIC}]+(?:[ \u00a0]+[{ARABIC}]+)*")
"""A run of words in the Arabic script (Arabic, Persian, Urdu...): set right to left in the
PDF, in a font that has its letters (``cosp-rtl``, see the site's LaTeX preamble)."""


def runs(text: str) -> list[nodes.Node]:
    """Text nodes, each run of Arabic-script words in an inline of class ``cosp-rtl``."""
    out: list[nodes.Node] = []
    position = 0
    for match in RIGHT_TO_LEFT.finditer(text):
        if match.start() > position:
            out.append(nodes.Text(text[position : match.start()]))
        out.append(nodes.inline("", "", nodes.Text(match.group()), classes=["cosp-rtl"]))
        position = match.end()
    if position < len(text) or not out:
        out.append(nodes.Text(text[position:]))
    return out


def shown(text: str) -> str:
    """The text with its invisible controls written as ``[U+XXXX]``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return HIDDEN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def verbatim(node: E) -> E:
    """Keep a State's quotes as typed (Sphinx's smart quotes would change them)."""
    node["support_smartquotes"] = False
    return node


def free_text(text: str, classes: tuple[str, ...] = ()) -> nodes.container:
    """A State's text as paragraphs (blank lines part them; a line break stays one)."""
    box = verbatim(nodes.container(classes=["cosp-free-text", *classes]))
    for block in re.split(r"\n\s*\n", shown(text).strip("\n")):
        lines = [line.rstrip() for line in block.split("\n")]
        if len(lines) == 1:
            box += nodes.paragraph("", "", *runs(lines[0]))
        else:
            box += nodes.line_block("", *(nodes.line("", "", *runs(line)) for line in lines))
    return box


def inline_text(text: str) -> nodes.inline:
    """A State's short text (a file name, a need) inside a sentence, on one line."""
    words = " ".join(shown(text).split())
    return verbatim(nodes.inline("", "", *runs(words), classes=["cosp-free-text"]))
