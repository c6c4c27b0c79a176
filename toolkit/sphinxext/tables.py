"""Directives ``prov:obligations`` and ``prov:summary``: the obligations table, the summary.

The obligations table has one row per *obligation row* of the model
(:func:`toolkit.instrument.summary.obligation_rows`): a provision that obliges, asks to
consider or allows something by its own words, a subparagraph sharing its chapeau's
obligation and flags being part of the chapeau's row.  Each row says whether the review asks
about it and carries classes (``prov-kind-mandatory``, ``prov-chapter-iv``,
``prov-flag-reservation``, ``prov-reviewed-no``) that the page's script (``prov-filter.js``)
filters on; without the script the table is complete and readable.  The summary counts the
same rows and their flags by chapter (:func:`toolkit.instrument.summary.chapter_counts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from toolkit.instrument.summary import FLAGS, KINDS, chapter_counts, obligation_rows
from toolkit.sphinxext.render import MARKER_WORDS, Renderer, verbatim

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
        colspec = nodes.colspec(colwidth=width)
        if position == 0:
            colspec["stub"] = 1
        group += colspec
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
    """Every obligation row, filterable by kind, chapter, flag and review."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        table_node, body = table(
            "Obligations of States Parties",
            ("Provision", "Chapter", "Kind", "Flags", "Reviewed", "Text"),
            (18, 8, 12, 13, 9, 40),
            ["prov-obligations", "longtable"],
        )
        renderer.target(table_node, "obligations-table", None)
        for provision in obligation_rows(renderer.source.instrument):
            body += self.row(renderer, provision)
        return [table_node]

    def row(self, renderer: Renderer, provision: Provision) -> nodes.row:
        """One obligation: where it is, its kind and flags, whether reviewed, its first words."""
        kind = provision.obligation.value
        row = nodes.row(
            classes=[
                f"prov-kind-{kind}",
                f"prov-chapter-{provision.chapter.lower() or 'none'}",
                *(f"prov-flag-{flag.value}" for flag in provision.flags),
                f"prov-reviewed-{'yes' if provision.reviewed else 'no'}",
            ]
        )
        row += cell(renderer.link(provision.id))
        row += cell(nodes.Text(provision.chapter))
        row += cell(nodes.Text(MARKER_WORDS[kind]))
        row += cell(nodes.Text(", ".join(MARKER_WORDS[f.value] for f in provision.flags)))
        row += cell(nodes.Text("yes" if provision.reviewed else "no"))
        text = provision.own_text or renderer.source.instrument.full_text(provision.id)
        row += cell(nodes.Text(excerpt(text)))
        return row


class SummaryDirective(SphinxDirective):
    """Per chapter: its articles, its obligation rows by kind and flag, and those reviewed."""

    def run(self) -> list[Node]:
        renderer = Renderer.for_directive(self)
        headers = ("Chapter", "Articles", *(MARKER_WORDS[k.value].capitalize() for k in KINDS))
        headers += (*(MARKER_WORDS[f.value].capitalize() for f in FLAGS), "Reviewed")
        table_node, body = table(
            "Obligations by chapter", headers, (26, 9, 11, 10, 10, 12, 13, 9), ["prov-summary"]
        )
        renderer.target(table_node, "summary-table", None)
        for counts in chapter_counts(renderer.source.instrument):
            total = not counts.number
            row = nodes.row(classes=["prov-total"] if total else [])
            if total:
                row += cell(nodes.strong("", counts.title))
            else:
                row += cell(renderer.chapter_link(counts.number, counts.title))
            first, last = (counts.articles[0], counts.articles[-1]) if counts.articles else (0, 0)
            span = "" if not first else str(first) if first == last else f"{first}–{last}"
            row += cell(nodes.Text(span))
            numbers = [
                *(counts.obligations[k] for k in KINDS),
                *(counts.flags[f] for f in FLAGS),
                counts.reviewed,
            ]
            for number in numbers:
                row += cell(nodes.strong("", str(number)) if total else nodes.Text(str(number)))
            body += row
        return [table_node]
