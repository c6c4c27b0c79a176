"""Directive ``prov:chapter``: a chapter as a section, holding its articles.

::

    .. prov:chapter:: IV

       .. prov:article:: 23
       .. prov:article:: 24

The heading ("Chapter IV. Procedural measures and law enforcement") comes from the model;
the content lists the articles to render.  Without content, every article of the chapter is
rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from toolkit.sphinxext.render import Renderer, chapter_heading, verbatim
from toolkit.sphinxext.source import instrument_source

if TYPE_CHECKING:
    from docutils.nodes import Node

logger = logging.getLogger(__name__)


class ChapterDirective(SphinxDirective):
    """A chapter: its heading, then its articles (listed in the content, or all)."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[Node]:
        source = instrument_source(self.config)
        number = self.arguments[0].strip().upper()
        try:
            chapter = source.instrument.chapter(number)
        except KeyError:
            logger.warning(
                "unknown chapter %r: %s has chapters %s",
                self.arguments[0],
                source.instrument.name,
                ", ".join(c.number for c in source.instrument.chapters) or "none",
                location=self.get_location(),
                type="prov",
                subtype="unknown",
            )
            return []
        renderer = Renderer.for_directive(self)
        section = verbatim(nodes.section(classes=["prov-chapter"]))
        renderer.target(section, f"chp_{chapter.number}", "chapter", chapter.number)
        section += nodes.title("", chapter_heading(chapter.number, chapter.title))
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, section)
        else:
            for number_ in chapter.articles:
                article = source.instrument.get(str(number_))
                section += renderer.article_section(article, notes=True, referrers=True)
        return [section]
