"""HTML output: table header cells that say what they head, and no ID written twice.

Both concern every table of an HTML build, the prov tables and any other:

* docutils writes ``<th>`` for the cells of a header row and of a stub column without saying
  whether they head a column or a row; :func:`visit_entry` adds ``scope="col"`` or
  ``scope="row"``, so that screen readers tie each cell to its headers.
* furo wraps every table in ``<div class="table-wrapper">`` (to scroll wide tables) and copies
  the table's attributes, its IDs included, onto the wrapper: a page would then have the same
  ID twice.  :class:`UniqueWrapperIds` leaves the IDs on the table, where links expect them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    """Write a table cell as docutils does, giving a header cell the ``scope`` it heads."""
    type(self).visit_entry(self, node)
    tag = self.body[-1]
    if tag.startswith("<th"):
        scope = "col" if isinstance(node.parent.parent, nodes.thead) else "row"
        self.body[-1] = f'<th scope="{scope}"{tag[3:]}'


def depart_entry(self: HTML5Translator, node: nodes.entry) -> None:
    """Close a table cell (as docutils does)."""
    type(self).depart_entry(self, node)


class UniqueWrapperIds(SphinxPostTransform):
    """Drop from a theme's table wrapper the IDs it copied from the table it wraps."""

    formats = ("html",)
    default_priority = 900  # after furo's wrapping (500)

    def run(self, **kwargs: Any) -> None:
        for wrapper in list(self.document.findall(nodes.container)):
            if "table-wrapper" not in wrapper["classes"] or not wrapper["ids"]:
                continue
            inner: set[str] = set()
            for child in wrapper.children:
                if isinstance(child, nodes.Element):
                    inner.update(child.get("ids", []))
            wrapper["ids"] = [id_ for id_ in wrapper["ids"] if id_ not in inner]
