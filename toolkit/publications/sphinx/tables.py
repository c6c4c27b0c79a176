"""Tables and counts as docutils nodes: captions, header cells, numbers and shares.

Every table has a caption and a header row; its first column names the row (a stub column:
``<th scope="row">`` in HTML, through the ``prov`` extension's cell writer).  In HTML the
table scrolls inside its own box when it is wider than the page (:mod:`.html`).  The big
tables of counts are a single node until they are written (:class:`word_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from toolkit.publications.labels import CATEGORIES, CATEGORY_WORDS
from toolkit.publications.records import TallyRecord
from toolkit.publications.words import percent

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.writers.html5 import HTML5Translator

OUTCOMES = CATEGORIES
"""The fields of a tally that count answers, in the order of every table."""
OUTCOME_WORDS = CATEGORY_WORDS
"""How each category is named on the pages (``In place`` ... ``Unanswered``)."""
WITHHELD = "fewer than 3"
"""What a public page shows instead of the counts of a group of fewer than 3 States."""


def total(tally: TallyRecord) -> int:
    """The answers a tally counts, blank ones included (what its shares are of)."""
    return sum(tally[name] for name in OUTCOMES)  # type: ignore[literal-required]


def count_with_share(tally: TallyRecord, outcome: str) -> str:
    """``12 (54 %)``: an outcome's count and its share of the tally's answers."""
    count = tally[outcome]  # type: ignore[literal-required]
    return f"{count}\u00a0({percent(count, total(tally))})"  # kept on one line


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str | Node]],
    *,
    widths: Sequence[int] | None = None,
    classes: Sequence[str] = (),
) -> nodes.table:
    """A table with a caption, a header row and a stub column; cells are words or nodes."""
    table_node = nodes.table(classes=["cosp-table", *classes])
    if widths is not None:
        table_node["classes"].append("colwidths-given")
    table_node += nodes.title("", caption)
    group = nodes.tgroup(cols=len(headers))
    table_node += group
    for position, width in enumerate(widths or [1] * len(headers)):
        spec = nodes.colspec(colwidth=width)
        if position == 0:
            spec["stub"] = 1
        group += spec
    head = nodes.thead()
    head += nodes.row("", *(cell(header) for header in headers))
    group += head
    body = nodes.tbody()
    for values in rows:
        body += nodes.row("", *(cell(value) for value in values))
    group += body
    return table_node


def cell(value: str | Node) -> nodes.entry:
    """A table cell: words or an inline node in a paragraph, or a block (a list) as it is."""
    if isinstance(value, str):
        return nodes.entry("", nodes.paragraph("", "", nodes.Text(value)))
    if isinstance(value, nodes.Inline | nodes.Text):
        return nodes.entry("", nodes.paragraph("", "", value))
    return nodes.entry("", value)


def tally_cells(tally: TallyRecord | None) -> list[str]:
    """The cells of a row of counts: each outcome with its share, then the States counted;
    a withheld group reads "fewer than 3" in each cell."""
    if tally is None:
        return [WITHHELD] * (len(OUTCOMES) + 1)
    return [*(count_with_share(tally, name) for name in OUTCOMES), str(tally["responding"])]


TALLY_HEADERS = (*OUTCOME_WORDS.values(), "States")
"""The headers of the count columns (:func:`tally_cells`)."""


class word_table(nodes.General, nodes.Element):
    """A table of words alone (names and counts), kept as its words until it is written.

    The statistics pages show thousands of counts, and a docutils table holds three nodes a
    cell: every transform of Sphinx walks them when the page is read, again when it is
    resolved, and the page's doctree is pickled and unpickled with them.  These pages are read
    again after every new response, so their big tables are this one node, which holds the
    caption, the header and the rows as lists of words; it becomes the :func:`table` it stands
    for when it is written (:func:`visit_word_table` for HTML, :class:`ExpandWordTables`
    for the other builders).  Its words are not in the search index: they are numbers and the
    names the page's headings already carry."""


def words_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> word_table:
    """A :class:`word_table` (give it an ID with :func:`.parts.identified`: its caption links
    to it)."""
    return word_table(
        "",
        caption=caption,
        headers=list(headers),
        rows=[list(row) for row in rows],
    )


def expanded(node: word_table) -> nodes.table:
    """The docutils table a :class:`word_table` stands for, with its ID."""
    table_node = table(node["caption"], node["headers"], node["rows"])
    table_node["ids"] = list(node["ids"])
    return table_node


def visit_word_table(self: HTML5Translator, node: word_table) -> None:
    """Write the table as a table of the page would be: in the box furo wraps each table in
    (its ``WrapTableAndMathInAContainerTransform``), then each part by the page's writer."""
    table_node = expanded(node)
    wrapper = nodes.container(classes=["table-wrapper"])
    wrapper.update_all_atts(table_node)
    wrapper["ids"] = []  # the table's ID is the table's alone, as on the other tables
    wrapper.append(table_node)
    wrapper.parent = node.parent
    wrapper.document = node.document  # type: ignore[assignment]  # set: the node is in a page
    wrapper.walkabout(self)
    raise nodes.SkipNode


class ExpandWordTables(SphinxPostTransform):
    """LaTeX (the site's other builder): each :class:`word_table` becomes its table when the
    page is resolved, before any other post-transform."""

    default_priority = 1
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(word_table)):
            node.replace_self(expanded(node))
