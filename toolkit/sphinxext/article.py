"""Directives ``prov:article`` and ``prov:provision``: an article, or a provision, from the model.

``.. prov:article:: 42`` renders article 42 as a section (its heading, every paragraph with
its obligation markers, the interpretative notes on it and the provisions referring to it).
``.. prov:provision:: 40.21.b`` renders one provision and what lies under it as a block, for
reports quoting a provision.  With ``:no-index:`` the rendering is not registered as the
place references go to (for a second rendering of a provision shown elsewhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from toolkit.instrument.citation import cite
from toolkit.sphinxext.render import Renderer, verbatim
from toolkit.sphinxext.roles import normalise_target, unknown_provision
from toolkit.sphinxext.source import instrument_source

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Node

    from toolkit.instrument.model import Provision

logger = logging.getLogger(__name__)


class ProvisionDirectiveBase(SphinxDirective):
    """What the provision directives share: finding the provision, the renderer, warnings."""

    required_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {  # type: ignore[misc]
        "no-index": directives.flag,
        "no-notes": directives.flag,
        "no-referrers": directives.flag,
    }

    def renderer(self) -> Renderer:
        """A renderer for this directive's document."""
        return Renderer.for_directive(self, index="no-index" not in self.options)

    def find(self, want_article: bool) -> Provision | None:
        """The provision the argument names; a warning with this location when there is none."""
        source = instrument_source(self.config)
        provision_id = normalise_target("ref", self.arguments[0])
        if provision_id not in source.instrument:
            logger.warning(
                unknown_provision(self.arguments[0], provision_id, source.instrument),
                location=self.get_location(),
                type="prov",
                subtype="unknown",
            )
            return None
        provision = source.instrument.get(provision_id)
        if want_article and provision.kind != "article":
            logger.warning(
                "%r is a %s, not an article: use prov:provision",
                self.arguments[0],
                provision.kind,
                location=self.get_location(),
                type="prov",
                subtype="unknown",
            )
            return None
        return provision


class ArticleDirective(ProvisionDirectiveBase):
    """An article as a section of the document: ``.. prov:article:: 42``."""

    def run(self) -> list[Node]:
        article = self.find(want_article=True)
        if article is None:
            return []
        renderer = self.renderer()
        return [
            renderer.article_section(
                article,
                notes="no-notes" not in self.options,
                referrers="no-referrers" not in self.options,
            )
        ]


class ProvisionDirective(ProvisionDirectiveBase):
    """One provision with what lies under it, as a block: ``.. prov:provision:: 40.21.b``."""

    def run(self) -> list[Node]:
        provision = self.find(want_article=False)
        if provision is None:
            return []
        renderer = self.renderer()
        block = verbatim(nodes.container(classes=["prov-quote"]))
        lead = nodes.paragraph(classes=["prov-citation"])
        citation = cite(provision.id)
        lead += nodes.strong("", citation[0].upper() + citation[1:])
        block += lead
        if provision.kind == "article":
            block += renderer.article_block(
                provision,
                notes="no-notes" not in self.options,
                referrers="no-referrers" not in self.options,
            )
        else:
            block += renderer.provision_block(provision)
        return [block]
