"""Directive ``cosp:figure``: a figure of the thematic report with its numbers beside it.

``.. cosp:figure:: answers-by-article`` shows ``_figures/answers-by-article.svg`` in HTML and
``.pdf`` in LaTeX (Sphinx picks the file by the builder: the image's URI ends in ``.*``), with
the figure's alternative text, its title as caption, then its numbers as a table and, in HTML,
a link to the same numbers as CSV (``downloads/figures/<name>.csv``).  The figures and their
records are written by ``cosp publish`` (:mod:`toolkit.publications.figures`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from toolkit.publications.records import FigureRecord, StatisticsRecord
from toolkit.publications.sphinx.data import load
from toolkit.publications.sphinx.parts import html_only, paragraph, relative_uri
from toolkit.publications.sphinx.tables import table

if TYPE_CHECKING:
    from docutils.nodes import Node

logger = logging.getLogger(__name__)


class FigureDirective(SphinxDirective):
    """A figure, its caption, its alternative text and its numbers."""

    required_arguments = 1

    def run(self) -> list[Node]:
        stats: StatisticsRecord | None = load(self, "statistics.json")
        if stats is None:
            return []
        name = self.arguments[0].strip()
        found: FigureRecord | None = next((f for f in stats["figures"] if f["name"] == name), None)
        if found is None:
            logger.warning(
                "no figure %r: the figures are %s",
                name,
                ", ".join(f["name"] for f in stats["figures"]) or "none",
                location=self.get_location(),
                type="cosp",
                subtype="figure",
            )
            return []
        figure = nodes.figure(ids=[f"figure-{name}"], classes=["cosp-figure"])
        self.state.document.ids[f"figure-{name}"] = figure
        figure += nodes.image(uri=f"/_figures/{name}.*", alt=found["alt"])
        figure += nodes.caption("", found["title"])
        numbers = table(
            f"The numbers of the figure: {found['title']}",
            found["headers"],
            found["rows"],
            classes=["cosp-figure-data"],
        )
        csv = relative_uri(self.env.current_document.docname, f"downloads/figures/{name}.csv")
        link = nodes.reference("", f"The numbers of “{found['title']}” as CSV", refuri=csv)
        return [figure, numbers, html_only(paragraph(link, classes=("cosp-download",)))]
