"""The parts the report directives build pages from: sections, fields, links and dates.

Titles and words the secretariat chose (a cycle's title, a State's name from the registry)
are :class:`docutils.nodes.Text` as well: nothing here parses reST.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from docutils import nodes
from sphinx import addnodes

from toolkit.publications.labels import CATEGORY_LEGEND, consent_label
from toolkit.sphinxext.inline import pending_link

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.util.docutils import SphinxDirective

_Element = TypeVar("_Element", bound=nodes.Element)

NOT_ANSWERED = "Not answered"
"""How a blank answer reads."""
PUBLICATION_WORDS = {
    "full": "the whole report",
    "summary": "the summary and the answers, without the texts the State wrote",
    "none": "only its name among the States that replied",
}
CONSENT_WORDS = {key: consent_label(key) for key in ("yes", "summary", "no", None)}
"""How a consent's key reads (the questionnaire's English labels)."""


def legend() -> nodes.paragraph:
    """What each category of the counts means (beside a table or figure of counts)."""
    return paragraph(CATEGORY_LEGEND, classes=("cosp-legend",))


def legend_once(directive: SphinxDirective) -> list[Node]:
    """The legend of the categories, before the first table of counts of a page only."""
    document = directive.state.document
    if getattr(document, "cosp_legend", False):
        return []
    document.cosp_legend = True  # type: ignore[attr-defined]
    return [legend()]


def section(
    directive: SphinxDirective, title: str, node_id: str, classes: tuple[str, ...] = ()
) -> nodes.section:
    """A section with a title and a document-unique ID."""
    node = identified(directive, nodes.section(classes=list(classes)), node_id)
    node += nodes.title("", title)
    return node


def block(
    directive: SphinxDirective, node_id: str, classes: tuple[str, ...] = ()
) -> nodes.container:
    """A block with a document-unique ID (a link's target)."""
    return identified(directive, nodes.container(classes=list(classes)), node_id)


def identified(directive: SphinxDirective, node: _Element, node_id: str) -> _Element:
    """``node`` with ``node_id`` as its ID, numbered (``-2``, ``-3``) when the document
    already has one so named."""
    document = directive.state.document
    candidate, counter = node_id, 1
    while candidate in document.ids:
        counter += 1
        candidate = f"{node_id}-{counter}"
    node["ids"].append(candidate)
    document.ids[candidate] = node
    return node


def paragraph(*parts: str | Node, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    """A paragraph of words and nodes."""
    para = nodes.paragraph(classes=list(classes))
    for part in parts:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def fields(items: list[tuple[str, Node | str]]) -> nodes.field_list:
    """A list of named values (``Regional group: African``)."""
    listing = nodes.field_list()
    for name, value in items:
        body = nodes.field_body()
        if isinstance(value, str | nodes.Inline | nodes.Text):
            body += paragraph(value)
        else:
            body += value
        listing += nodes.field("", nodes.field_name("", name), body)
    return listing


def bullets(items: list[Node]) -> nodes.bullet_list:
    """A bulleted list, one paragraph per item."""
    listing = nodes.bullet_list()
    for item in items:
        listing += nodes.list_item(
            "", item if isinstance(item, nodes.paragraph) else paragraph(item)
        )
    return listing


def provision_link(directive: SphinxDirective, provision_id: str, words: str) -> Node:
    """A link to a provision in the edition (the ``prov`` domain resolves it)."""
    return pending_link(
        "ref",
        provision_id,
        [nodes.Text(words)],
        warn=True,
        refdoc=directive.env.current_document.docname,
        where=directive.state_machine.get_source_and_line(directive.lineno),
    )


def cosp_link(directive: SphinxDirective, reftype: str, target: str, words: str) -> Node:
    """A link to a country report (``state``) or a question's row of counts (``question``)."""
    node = addnodes.pending_xref(
        "",
        refdomain="cosp",
        reftype=reftype,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
        refdoc=directive.env.current_document.docname,
    )
    node.source, node.line = directive.state_machine.get_source_and_line(directive.lineno)
    node += nodes.inline("", words, classes=["xref", "cosp", f"cosp-{reftype}"])
    return node


def html_only(*children: Node) -> addnodes.only:
    """Content for the HTML pages alone (links to downloads, which a PDF cannot follow)."""
    return addnodes.only("", *children, expr="html")


def relative_uri(docname: str, target: str) -> str:
    """The address of a file of the site (``downloads/x.csv``) from a page (``thematic/index``)."""
    depth = docname.count("/")
    return "../" * depth + target
