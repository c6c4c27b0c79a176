"""LaTeX output: anchors for provisions, so that links in the PDF land on them.

The LaTeX writer emits ``\\label`` for sections, tables and targets but not for the IDs of
containers, admonitions or list items, which is where provisions, notes and resolution
paragraphs keep theirs.  Before writing LaTeX, each such ID moves to a target node at the
start of its element; the HTML output keeps IDs on the elements themselves.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

ANCHORED = (nodes.container, nodes.admonition, nodes.list_item)


class LatexAnchors(SphinxPostTransform):
    """Move the IDs of provision blocks, notes and list items to targets LaTeX can label."""

    builders = ("latex",)
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if not isinstance(node, ANCHORED) or not node["ids"]:
                continue
            target = nodes.target("", "", ids=list(node["ids"]))
            node["ids"] = []
            position = 1 if isinstance(node, nodes.admonition) and len(node) > 0 else 0
            first = node[position] if len(node) > position else None
            if isinstance(first, nodes.paragraph):
                first.insert(0, target)  # an anchor inside the paragraph's first line
            else:
                node.insert(position, target)
