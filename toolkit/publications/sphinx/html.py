"""HTML output: a wide table scrolls inside its own box, which the keyboard can reach.

furo wraps every table in ``<div class="table-wrapper">``, which scrolls sideways when the
table is wider than the page (the stylesheet keeps it within the page).  A box that scrolls
must be reachable without a mouse (WCAG 2.1.1): the wrapper gets ``tabindex="0"``, the role
``region`` and, as its name, the caption of its table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


def caption_of(wrapper: nodes.Element) -> str:
    """The caption of the table a wrapper holds ("Table" when it has none)."""
    for table in wrapper.findall(nodes.table):
        for title in table.findall(nodes.title):
            return title.astext()
        break
    return "Table"


def visit_container(self: HTML5Translator, node: nodes.container) -> None:
    """A container as docutils writes it; a table's wrapper as a named, focusable region."""
    if "table-wrapper" not in node["classes"]:
        type(self).visit_container(self, node)
        return
    node.html5tagname = "div"  # type: ignore[attr-defined]  # what docutils' departure closes
    attributes: dict[str, Any] = {
        "CLASS": "docutils container",
        "tabindex": "0",
        "role": "region",
        "aria-label": caption_of(node),
    }
    self.body.append(self.starttag(node, "div", "\n", False, **attributes))


def depart_container(self: HTML5Translator, node: nodes.container) -> None:
    """Close a container (as docutils does)."""
    type(self).depart_container(self, node)
