"""Tables and counts as docutils nodes: captions, header cells, numbers and shares.

Every table has a caption and a header row; its first column names the row (a stub column:
``<th scope="row">`` in HTML, through the ``prov`` extension's cell writer).  In HTML the
table scrolls inside its own box when it is wider than the page (:mod:`.html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from toolkit.publications.labels import CATEGORIES, CATEGORY_WORDS
from toolkit.publications.records import TallyRecord
from toolkit.publications.words import percent

if TYPE_CHECKING:
    from docutils.nodes import Node

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
