"""Docutils nodes for articles, provisions, markers, notes and back-links, built in code.

A :class:`Renderer` belongs to one directive run: it knows the document being read, the
instrument, and whether the objects it renders are registered with the ``prov`` domain (not
with ``:no-index:``).  HTML anchors are the provisions' Akoma Ntoso eIds
(``art_40__para_21__point_b``), the vocabulary the UN already uses for provisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from docutils import nodes
from sphinx import addnodes

from toolkit.instrument.citation import cite
from toolkit.instrument.model import Flag, Obligation
from toolkit.sphinxext.inline import linked_text, pending_link, reference_links
from toolkit.sphinxext.source import instrument_source

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.nodes import Element, Node
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

    from toolkit.instrument.model import Note, Provision, ReferenceSpan, TextPart
    from toolkit.sphinxext.source import InstrumentSource

NOT_REVIEWED = "not-reviewed"
"""The marker of a provision the review does not ask about (a final clause)."""
E = TypeVar("E", bound="Element")
"""Any docutils element: :func:`verbatim` returns the node it was given, with its type."""
MARKER_WORDS: dict[str, str] = {
    Obligation.MANDATORY.value: "mandatory",
    Obligation.CONSIDER.value: "consider",
    Obligation.OPTIONAL.value: "optional",
    Flag.RESERVATION.value: "reservation",
    Flag.NOTIFICATION.value: "notification",
    NOT_REVIEWED: "not reviewed",
}
"""The visible words of the markers (colour only repeats them: the words carry the meaning)."""


def marker_kinds(provision: Provision) -> list[str]:
    """The markers a provision carries: its obligation, flags and "not reviewed" when it is at
    question level (:attr:`~toolkit.instrument.model.Provision.question_level`), else none;
    what lies under it is covered by its markers."""
    if not provision.question_level:
        return []
    kinds = [provision.obligation.value, *(flag.value for flag in provision.flags)]
    return [*kinds, NOT_REVIEWED] if not provision.reviewed else kinds


def enumerator(provision: Provision) -> str:
    """The label as printed before a provision's words: ``1.``, ``(a)``, ``(ii)``."""
    if provision.kind == "paragraph":
        return f"{provision.label}."
    return f"({provision.label})"


def spans_of(provision: Provision, part: TextPart = "text") -> tuple[ReferenceSpan, ...]:
    """The references the model recorded in a provision's ``text`` or ``wrap_up``."""
    return tuple(span for span in provision.reference_spans if span.part == part)


def chapter_heading(number: str, title: str) -> str:
    """``Chapter IV. Procedural measures and law enforcement`` (``Chapter IV`` without a title)."""
    return f"Chapter {number}. {title}" if title else f"Chapter {number}"


def verbatim(node: E) -> E:
    """Mark a node holding the instrument's words: Sphinx's smart quotes must not change them."""
    node["support_smartquotes"] = False
    return node


def index_entry(words: str, node_id: str) -> addnodes.index:
    """An entry of the general index pointing at ``node_id`` (defined terms).

    Articles are not listed there: the index sorts "Article 10" before "Article 2", while the
    contents and the index of provisions (``prov-index``) list them in order.
    """
    return addnodes.index(entries=[("single", words, node_id, "", None)])


def unique_id(document: nodes.document, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... when the document already uses it."""
    candidate, counter = base, 1
    while candidate in document.ids:
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


@dataclass
class Renderer:
    """Builds the nodes of provisions for one directive in one document."""

    env: BuildEnvironment
    source: InstrumentSource
    document: nodes.document
    location: Any
    """Where the directive stands (for warnings)."""
    where: tuple[str | None, int | None] = (None, None)
    """Source file and line of the directive (for warnings about links made from the data)."""
    index: bool = True
    """Register the rendered objects with the domain (off with ``:no-index:``)."""

    @classmethod
    def for_directive(cls, directive: SphinxDirective, *, index: bool = True) -> Renderer:
        """The renderer of a directive's run: its document, location and the instrument.

        The directive's document is noted as depending on the instrument's data files.
        """
        renderer = cls(
            env=directive.env,
            source=instrument_source(directive.config),
            document=directive.state.document,
            location=directive.get_location(),
            where=directive.state_machine.get_source_and_line(directive.lineno),
            index=index,
        )
        renderer.note_dependencies()
        return renderer

    @property
    def docname(self) -> str:
        return self.env.current_document.docname

    @property
    def warn_unrendered(self) -> bool:
        return bool(self.env.config.prov_warn_unrendered)

    # -- targets -------------------------------------------------------------------------------

    def target(self, node: Element, base: str, objtype: str | None, name: str = "") -> str:
        """Give ``node`` a document-unique ID and, when indexing, note it with the domain."""
        node_id = unique_id(self.document, base)
        node["ids"].append(node_id)
        self.document.ids[node_id] = node
        if objtype is not None and self.index:
            domain = self.env.domains["prov"]
            domain.note_object(objtype, name, node_id, location=self.location)  # type: ignore[attr-defined]
        return node_id

    # -- words ---------------------------------------------------------------------------------

    def words(
        self,
        text: str,
        context: str | None,
        *,
        spans: Iterable[ReferenceSpan] = (),
        terms: bool = True,
    ) -> tuple[list[Node], set[str]]:
        """Text nodes with the model's references (``spans``) and defined terms linked
        (``context``: the ID of the provision the text belongs to)."""
        return linked_text(
            text,
            self.source,
            spans=spans,
            context=context,
            refdoc=self.docname,
            warn=self.warn_unrendered,
            where=self.where,
            terms=terms,
        )

    def link(self, provision_id: str, classes: list[str] | None = None) -> Node:
        """A link to a provision reading as the Convention cites it."""
        return pending_link(
            "ref",
            provision_id,
            [nodes.Text(cite(provision_id))],
            warn=self.warn_unrendered,
            refdoc=self.docname,
            where=self.where,
            classes=classes,
        )

    def chapter_link(self, number: str, title: str) -> Node:
        """A link to a chapter reading "Chapter IV. Title"."""
        return pending_link(
            "chapter",
            number,
            [nodes.Text(chapter_heading(number, title))],
            warn=self.warn_unrendered,
            refdoc=self.docname,
            where=self.where,
        )

    def markers(self, provision: Provision) -> list[Node]:
        """Obligation, flag and review markers (see :func:`marker_kinds`)."""
        kinds = marker_kinds(provision)
        if not kinds:
            return []
        group = nodes.inline("", "", classes=["prov-markers"])
        for kind in kinds:
            group += nodes.inline(
                "", MARKER_WORDS[kind], classes=["prov-marker", f"prov-marker-{kind}"]
            )
            group += nodes.Text(" ")
        group.pop()
        return [nodes.Text(" "), group]

    # -- provisions ----------------------------------------------------------------------------

    def provision_words(self, provision: Provision, label: bool) -> list[Element]:
        """The paragraph with a provision's own words (and its references line if needed)."""
        para = nodes.paragraph(classes=["prov-text"])
        if label:
            para += nodes.inline("", enumerator(provision), classes=["prov-label"])
            if provision.text:
                para += nodes.Text(" ")
        linked: set[str] = set()
        if provision.text:
            words, linked = self.words(provision.text, provision.id, spans=spans_of(provision))
            para.extend(words)
        para.extend(self.markers(provision))
        out: list[Element] = [para] if len(para) else []
        if provision.wrap_up:
            closing = spans_of(provision, "wrap_up")
            linked |= reference_links(provision.wrap_up, closing, self.source).targets
        references_line = self.references_line(provision, linked)
        if references_line is not None:
            out.append(references_line)
        return out

    def references_line(self, provision: Provision, linked: set[str]) -> Element | None:
        """ "References:" with the provision's cross-references not already linked in its words."""
        rest = [r for r in provision.references if r not in linked and r in self.source.instrument]
        return self.link_list("prov-references", "References:", rest)

    def link_list(self, css: str, label: str, targets: list[str]) -> Element | None:
        """A paragraph "Label: link; link; ..." (None when there is nothing to link)."""
        if not targets:
            return None
        para = nodes.paragraph(classes=[css])
        verbatim(para)
        para += nodes.strong("", label)
        para += nodes.Text(" ")
        for position, target in enumerate(targets):
            if position:
                para += nodes.Text("; ")
            para += self.link(target)
        return para

    def provision_block(self, provision: Provision) -> nodes.container:
        """A paragraph, subparagraph or clause with everything under it."""
        classes = ["prov", f"prov-{provision.kind}"]
        if provision.obligation != Obligation.NONE:
            classes.append(f"prov-{provision.obligation.value}")
        block = nodes.container(classes=classes)
        verbatim(block)
        node_id = self.target(block, provision.eid, "provision", provision.id)
        if self.index:
            for term in self.source.terms:
                if term.provision == provision.id:
                    domain = self.env.domains["prov"]
                    domain.note_object("term", term.term, node_id, location=self.location)  # type: ignore[attr-defined]
                    block += index_entry(f"{term.term} (defined term)", node_id)
        block.extend(self.provision_words(provision, label=True))
        block.extend(self.children_of(provision))
        return block

    def children_of(self, provision: Provision) -> list[Element]:
        """The blocks of a provision's children, then its closing words."""
        out: list[Element] = []
        instrument = self.source.instrument
        if provision.children:
            group = nodes.container(classes=["prov-children"])
            for child_id in provision.children:
                group += self.provision_block(instrument.get(child_id))
            out.append(group)
        if provision.wrap_up:
            para = nodes.paragraph(classes=["prov-text", "prov-wrap-up"])
            spans = spans_of(provision, "wrap_up")
            para.extend(self.words(provision.wrap_up, provision.id, spans=spans)[0])
            out.append(para)
        return out

    # -- articles ------------------------------------------------------------------------------

    def article_title(self, article: Provision) -> str:
        """``Article 42. International cooperation ...``."""
        return (
            f"Article {article.label}. {article.title}"
            if article.title
            else f"Article {article.label}"
        )

    def article_body(self, article: Provision, *, notes: bool, referrers: bool) -> list[Element]:
        """An article's words, its provisions, notes and back-links (without a heading)."""
        body: list[Element] = []
        body.extend(self.provision_words(article, label=False))
        body.extend(self.children_of(article))
        if notes:
            for note in self.source.instrument.notes_for(article.article):
                body.append(self.note(note, article.article))
        if referrers:
            back = self.referred_by(article)
            if back is not None:
                body.append(back)
        return body

    def article_section(self, article: Provision, *, notes: bool, referrers: bool) -> nodes.section:
        """The article as a section: its heading, then its body."""
        section = nodes.section(classes=["prov-article"])
        verbatim(section)
        self.target(section, article.eid, "article", article.id)
        section += nodes.title("", self.article_title(article))
        section.extend(self.article_body(article, notes=notes, referrers=referrers))
        return section

    def article_block(self, article: Provision, *, notes: bool, referrers: bool) -> nodes.container:
        """The article as a block without a heading (an article quoted by ``prov:provision``)."""
        block = nodes.container(classes=["prov", "prov-article"])
        self.target(block, article.eid, "article", article.id)
        block.extend(self.article_body(article, notes=notes, referrers=referrers))
        return block

    def note(self, note: Note, article: int) -> nodes.admonition:
        """An interpretative note, under an article it concerns."""
        box = nodes.admonition(classes=["prov-note"])
        verbatim(box)
        first = not note.articles or note.articles[0] == article
        if first:
            self.target(box, f"note_{note.number}", "note", str(note.number))
        else:
            self.target(box, f"note_{note.number}__art_{article}", None)
        title = f"Interpretative note {note.number}"
        if note.heading:
            title += f": {note.heading}"
        box += nodes.title("", title)
        para = nodes.paragraph()
        para.extend(self.words(note.text, None, spans=note.reference_spans)[0])
        box += para
        return box

    def referred_by(self, article: Provision) -> Element | None:
        """ "Referred to by:" links to the provisions of other articles citing this one."""
        sources = self.source.referrers_of_article(article.article)
        return self.link_list("prov-referred-by", "Referred to by:", list(sources))

    def note_dependencies(self) -> None:
        """Rebuild the current document when a data file of the instrument changes."""
        for path in self.source.dependencies:
            self.env.note_dependency(str(path))
