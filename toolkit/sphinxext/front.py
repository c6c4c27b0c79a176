"""Directives for the words around the articles: the resolution, the preamble, the testimonium.

``.. prov:resolution::`` renders the adopting resolution as a section (its title, the words
that open it, "The General Assembly,", its preambular and operative paragraphs);
``.. prov:preamble::`` the instrument's preamble as a section; ``.. prov:testimonium::`` the
closing formula as a paragraph.  The references in these words are those the model recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from toolkit.sphinxext.render import Renderer, verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node

    from toolkit.instrument.model import ReferenceSpan

logger = logging.getLogger(__name__)


def zip_spans(
    texts: tuple[str, ...], spans: tuple[tuple[ReferenceSpan, ...], ...]
) -> list[tuple[str, tuple[ReferenceSpan, ...]]]:
    """Each paragraph with the references the model recorded in it (none when it has not)."""
    return [(text, spans[i] if i < len(spans) else ()) for i, text in enumerate(texts)]


class FrontMatterDirective(SphinxDirective):
    """What the front-matter directives share: paragraphs of the instrument's words."""

    def paragraph(
        self,
        renderer: Renderer,
        text: str,
        spans: tuple[ReferenceSpan, ...],
        classes: list[str] | None = None,
        *,
        terms: bool,
    ) -> nodes.paragraph:
        """A paragraph of the instrument's words, its references (``spans``, from the model)
        and defined terms linked."""
        para = nodes.paragraph(classes=classes or [])
        para.extend(renderer.words(text, None, spans=spans, terms=terms)[0])
        return para


class ResolutionDirective(FrontMatterDirective):
    """The resolution adopting the instrument."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        resolution = renderer.source.instrument.resolution
        if resolution is None:
            logger.warning(
                "%s has no adopting resolution",
                renderer.source.instrument.name,
                location=self.get_location(),
                type="prov",
                subtype="unknown",
            )
            return []
        section = verbatim(nodes.section(classes=["prov-resolution"]))
        renderer.target(section, "resolution", None)
        # The resolution bears the instrument's title: a heading of its own keeps the two apart.
        section += nodes.title("", "Resolution")
        if resolution.title:
            section += nodes.paragraph(
                "", "", nodes.strong("", resolution.title), classes=["prov-resolution-title"]
            )
        if resolution.opening:
            # "The General Assembly," is the subject of every paragraph that follows.
            section += self.paragraph(
                renderer, resolution.opening, (), ["prov-resolution-opening"], terms=False
            )
        for text, spans in zip_spans(resolution.preamble, resolution.preamble_references):
            section += self.paragraph(renderer, text, spans, ["prov-preambular"], terms=False)
        if resolution.operative:
            items = nodes.enumerated_list(
                enumtype="arabic", prefix="", suffix=".", start=resolution.operative[0].number
            )
            for paragraph in resolution.operative:
                item = nodes.list_item()
                renderer.target(item, f"res_para_{paragraph.number}", None)
                item += self.paragraph(
                    renderer, paragraph.text, paragraph.reference_spans, terms=False
                )
                items += item
            section += items
        return [section]


class PreambleDirective(FrontMatterDirective):
    """The instrument's preamble, as a section headed "Preamble"."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        section = verbatim(nodes.section(classes=["prov-preamble"]))
        renderer.target(section, "preamble", None)
        section += nodes.title("", "Preamble")
        instrument = renderer.source.instrument
        for text, spans in zip_spans(instrument.preamble, instrument.preamble_references):
            section += self.paragraph(renderer, text, spans, terms=True)
        return [section]


class TestimoniumDirective(FrontMatterDirective):
    """The closing formula ("IN WITNESS WHEREOF ...")."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        text = renderer.source.instrument.testimonium
        if not text:
            return []
        return [verbatim(nodes.paragraph("", text, classes=["prov-testimonium"]))]
