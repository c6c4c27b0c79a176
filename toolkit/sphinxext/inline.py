"""A provision's words as docutils nodes, with cross-references and defined terms linked.

The words are data, never reST: they become :class:`docutils.nodes.Text` (escaped by every
writer) and :class:`~sphinx.addnodes.pending_xref` nodes whose targets come from the model,
never from the text: the cross-references are the spans the model recorded
(:class:`~toolkit.instrument.model.ReferenceSpan`), not read again here.  Nothing in a
provision can therefore produce markup, raw HTML or TeX, an include, a download or a
``javascript:`` link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from toolkit.instrument.citation import cite
from toolkit.sphinxext.terms import find_terms

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.nodes import Node

    from toolkit.instrument.model import ReferenceSpan
    from toolkit.sphinxext.source import InstrumentSource


@dataclass(frozen=True)
class Link:
    """A stretch of text to link: ``[start, end)`` to ``reftype`` ``target``."""

    start: int
    end: int
    reftype: str
    target: str


_KEYWORD = re.compile(
    r"\b(?:sub)?(?:articles?|paragraphs?)\s+$|\b(?:sub)?(?:articles?|paragraphs?)\s", re.I
)


def _label_pattern(label: str) -> re.Pattern[str]:
    """How the last label of a target reads in a reference: ``22`` or ``(c)``."""
    if label.isdigit():
        return re.compile(rf"(?<!\d){label}(?!\d)")
    return re.compile(rf"\({re.escape(label)}\)")


def split_reference(start: int, text: str, targets: tuple[str, ...]) -> list[Link]:
    """Links for the parts of one reference's words, one per target found in them.

    "article 40, paragraph 21 (b) and (c) and paragraph 22" designates three provisions: the
    first link covers "article 40, paragraph 21 (b)", the next "(c)", the last "paragraph 22".
    A reference with one target is linked whole; a target whose label is not in the words
    (the middle of "articles 7 to 16") gets no link of its own.
    """
    if len(targets) == 1:
        return [Link(start, start + len(text), "ref", targets[0])]
    links: list[Link] = []
    position = 0
    for target in targets:
        match = _label_pattern(target.rsplit(".", 1)[-1]).search(text, position)
        if match is None:
            continue
        if not links:
            begin = 0
        else:
            keywords = list(_KEYWORD.finditer(text, position, match.start()))
            begin = keywords[-1].start() if keywords else match.start()
        links.append(Link(start + begin, start + match.end(), "ref", target))
        position = match.end()
    return links or [Link(start, start + len(text), "ref", targets[0])]


@dataclass(frozen=True)
class References:
    """The cross-references of a text: the links to make, the words they occupy, their targets."""

    links: list[Link]
    spans: list[tuple[int, int]]
    targets: set[str]


def reference_links(
    text: str, spans: Iterable[ReferenceSpan], source: InstrumentSource
) -> References:
    """Links for the cross-references the model recorded in ``text`` (its ``spans``)."""
    found = References([], [], set())
    for span in spans:
        targets = tuple(t for t in span.targets if t in source.instrument)
        if span.external or not targets or text[span.start : span.end] != span.words:
            continue  # a span of other words (an instrument edited in code) links nothing
        found.links.extend(split_reference(span.start, span.words, targets))
        found.spans.append((span.start, span.end))
        found.targets.update(targets)
    return found


def spoken_citation(words: str, target: str) -> list[Node]:
    """For link words that do not say where they go ("(c)", "paragraph 22"), the full citation.

    It is hidden on screen (class ``prov-sr``, visually hidden by ``prov.css``) and dropped from
    the PDF (``prov.sty``), so that screen readers announce "(c), article 40, paragraph 21 (c)".
    """
    citation = cite(target)
    if citation in " ".join(words.split()):
        return []
    return [nodes.inline("", f", {citation}", classes=["prov-sr"])]


def pending_link(
    reftype: str,
    target: str,
    children: list[Node],
    *,
    warn: bool,
    refdoc: str,
    where: tuple[str | None, int | None] = (None, None),
    classes: list[str] | None = None,
) -> addnodes.pending_xref:
    """A reference the domain resolves at write time; without a target it stays plain text.

    ``where`` (source file and line of the directive) locates the warning when it does not
    resolve.
    """
    node = addnodes.pending_xref(
        "",
        refdomain="prov",
        reftype=reftype,
        reftarget=target,
        refexplicit=True,
        refwarn=warn,
        refdoc=refdoc,
    )
    node.source, node.line = where
    node += nodes.inline(
        "", "", *children, classes=["xref", "prov", f"prov-{reftype}"] + (classes or [])
    )
    return node


def linked_text(
    text: str,
    source: InstrumentSource,
    *,
    spans: Iterable[ReferenceSpan],
    context: str | None,
    refdoc: str,
    warn: bool,
    where: tuple[str | None, int | None] = (None, None),
    terms: bool = True,
) -> tuple[list[Node], set[str]]:
    """``text`` as nodes with references and defined terms linked; also the IDs referred to.

    ``spans`` are the references the model recorded in ``text``; ``context`` is the ID of the
    provision the text belongs to (None for a note or the resolution), whose definitions are
    not linked inside it.  References win over terms where they overlap.  A term is linked at
    its first occurrence in the text, and not in the provision that defines it;
    ``terms=False`` (the adopting resolution, which the instrument's definitions do not
    govern) links no terms.
    """
    references = reference_links(text, spans, source)
    links = list(references.links)
    taken = references.spans
    pattern = source.term_pattern if terms else None
    for span in find_terms(text, source.term_lookup, pattern, exclude_provision=context):
        if all(span.end <= start or span.start >= end for start, end in taken):
            links.append(Link(span.start, span.end, "term", span.term.term))
    links.sort(key=lambda link: link.start)

    out: list[Node] = []
    position = 0
    for link in links:
        if link.start < position:
            continue
        if link.start > position:
            out.append(nodes.Text(text[position : link.start]))
        words: list[Node] = [nodes.Text(text[link.start : link.end])]
        if link.reftype == "ref":
            words.extend(spoken_citation(text[link.start : link.end], link.target))
        out.append(
            pending_link(link.reftype, link.target, words, warn=warn, refdoc=refdoc, where=where)
        )
        position = link.end
    if position < len(text):
        out.append(nodes.Text(text[position:]))
    return out, references.targets
