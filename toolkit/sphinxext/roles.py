"""The ``:prov:`` role: a link to a provision, shown the way the Convention cites it.

``:prov:`40.21.b``` becomes a link reading "article 40, paragraph 21 (b)";
``:prov:`the grounds <40.21.b>``` keeps the given words.  The same role serves the domain's
``:prov:ref:``, ``:prov:chapter:``, ``:prov:note:`` and ``:prov:term:``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.roles import XRefRole

from toolkit.instrument.citation import cite

if TYPE_CHECKING:
    from docutils.nodes import Element, Node, system_message
    from sphinx.environment import BuildEnvironment

    from toolkit.instrument.model import Instrument

_SPACE = re.compile(r"\s+")


def normalise_target(reftype: str, target: str) -> str:
    """The canonical target: IDs lower case without spaces, chapters upper case, terms folded."""
    target = _SPACE.sub(" ", target).strip()
    if reftype == "ref":
        return target.replace(" ", "").lower()
    if reftype == "chapter":
        return target.upper()
    if reftype == "term":
        return target.lower()
    return target


def unknown_provision(written: str, provision_id: str, instrument: Instrument) -> str:
    """The warning for an ID naming no provision (``written``: the ID as the page gives it)."""
    return f"unknown provision ID {written!r}: {instrument.name} has no {cite(provision_id)}"


def default_title(reftype: str, target: str) -> str:
    """The words shown for a reference given without an explicit title."""
    if reftype == "ref":
        return cite(target)
    if reftype == "chapter":
        return f"chapter {target}"
    if reftype == "note":
        return f"interpretative note {target}"
    return target


class ProvisionRole(XRefRole):
    """Cross-reference role bound to the ``prov`` domain, whatever name it is registered under."""

    innernodeclass = nodes.inline

    def __init__(self, reftype: str = "ref") -> None:
        super().__init__(warn_dangling=True)
        self.prov_reftype = reftype

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Make the pending reference (registered as ``prov`` it would otherwise lack a domain)."""
        self.refdomain, self.reftype = "prov", self.prov_reftype
        self.classes = ["xref", "prov", f"prov-{self.reftype}"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        """Canonicalise the target and, without an explicit title, cite it."""
        target = normalise_target(self.prov_reftype, target)
        if not has_explicit_title:
            title = default_title(self.prov_reftype, target)
        return title, target
