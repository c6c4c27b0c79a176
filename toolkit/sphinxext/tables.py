"""Directives ``prov:obligations`` and ``prov:summary``: the obligations table, the summary.

The obligations table has one row per provision that obliges, asks to consider or allows
something by its own words: a subparagraph sharing its chapeau's obligation is part of the
chapeau's row (:func:`~toolkit.sphinxext.render.carries_own_obligation`).  Each row carries
classes (``prov-kind-mandatory``, ``prov-chapter-iv``, ``prov-flag-reservation``) that the
page's script (``prov-filter.js``) filters on; without the script the table is complete and
readable.  The summary counts the same provisions by chapter.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from toolkit.sphinxext.render import MARKER_WORDS, Renderer, carries_own_obligation, verbatim

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docutils.nodes import Node

    from toolkit.instrument.model import Provision

EXCERPT_WORDS = 20
"""Words of a provision's text shown in the obligations table."""


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of a text, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def table(
    title: str, headers: Sequence[str], widths: Sequence[int], classes: list[str]
) -> tuple[nodes.table, nodes.tbody]:
    """An empty table with a caption and a header row; rows go into the returned body.

    The first column is a stub column: its cells name their row (``<th scope="row">`` in HTML,
    see :mod:`toolkit.sphinxext.html`), so that a screen reader announces a cell with its row.
    """
    # colwidths-given: the writers use the widths below (LaTeX would otherwise squeeze "Text").
    table_node = verbatim(nodes.table(classes=[*classes, "colwidths-given"]))
    table_node += nodes.title("", title)
    group = nodes.tgroup(cols=len(headers))
    table_node += group
    for position, width in enumerate(widths):
        group += nodes.colspec(colwidth=width, **({"stub": 1} if position == 0 else {}))
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph("", header))
    head += row
    group += head
    body = nodes.tbody()
    group += body
    return table_node, body


def cell(*children: Node) -> nodes.entry:
    """A table cell holding one paragraph."""
    return nodes.entry("", nodes.paragraph("", "", *children))


class ObligationsDirective(SphinxDirective):
    """Every provision with an obligation, filterable by kind, chapter and flag."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        table_node, body = table(
            "Obligations of States Parties",
            ("Provision", "Chapter", "Kind", "Flags", "Text"),
            (20, 8, 13, 14, 45),
            ["prov-obligations", "longtable"],
        )
        renderer.target(table_node, "obligations-table", None)
        instrument = renderer.source.instrument
        for provision in instrument.provisions:
            if carries_own_obligation(provision, instrument.parent_of(provision)):
                body += self.row(renderer, provision)
        return [table_node]

    def row(self, renderer: Renderer, provision: Provision) -> nodes.row:
        """One obligation: where it is, its kind and flags, and the start of its words."""
        kind = provision.obligation.value
        row = nodes.row(
            classes=[
                f"prov-kind-{kind}",
                f"prov-chapter-{provision.chapter.lower() or 'none'}",
                *(f"prov-flag-{flag.value}" for flag in provision.flags),
            ]
        )
        row += cell(renderer.link(provision.id))
        row += cell(nodes.Text(provision.chapter))
        row += cell(nodes.Text(MARKER_WORDS[kind]))
        row += cell(nodes.Text(", ".join(MARKER_WORDS[f.value] for f in provision.flags)))
        text = provision.own_text or renderer.source.instrument.full_text(provision.id)
        row += cell(nodes.Text(excerpt(text)))
        return row


class SummaryDirective(SphinxDirective):
    """Per chapter: its articles, and how many provisions oblige, ask to consider, allow, flag."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        instrument = renderer.source.instrument
        headers: tuple[str, ...] = ("Chapter", "Articles", "Mandatory", "Consider", "Optional")
        headers += ("Reservation", "Notification")
        table_node, body = table(
            "Obligations by chapter", headers, (30, 9, 12, 10, 10, 13, 16), ["prov-summary"]
        )
        renderer.target(table_node, "summary-table", None)
        totals: Counter[str] = Counter()
        for chapter in instrument.chapters:
            counts: Counter[str] = Counter()
            for article in chapter.articles:
                for provision in (
                    instrument.get(str(article)),
                    *instrument.descendants(str(article)),
                ):
                    if carries_own_obligation(provision, instrument.parent_of(provision)):
                        counts[provision.obligation.value] += 1
                    counts.update(flag.value for flag in provision.flags)
            totals.update(counts)
            row = nodes.row()
            row += cell(renderer.chapter_link(chapter.number, chapter.title))
            first, last = (
                (chapter.articles[0], chapter.articles[-1]) if chapter.articles else (0, 0)
            )
            span = "" if not first else str(first) if first == last else f"{first}–{last}"
            row += cell(nodes.Text(span))
            for key in MARKER_WORDS:
                row += cell(nodes.Text(str(counts[key])))
            body += row
        row = nodes.row(classes=["prov-total"])
        row += cell(nodes.strong("", "All chapters"))
        row += cell(nodes.Text(""))
        for key in MARKER_WORDS:
            row += cell(nodes.strong("", str(totals[key])))
        body += row
        return [table_node]
