"""The ``cosp`` domain: country reports and the rows of the counts as Sphinx objects.

Modelled on :mod:`sphinx.domains.rst`, as the ``prov`` domain is.  A country report notes its
State (``:cosp:state:`CHL``` links to it), the table of counts by question notes each
question's row (``:cosp:question:`7.1``` links to it: the edition's counts beside a
provision lead there).  :meth:`CospDomain.merge_domaindata` merges what parallel readers found.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from toolkit.publications.sphinx.country import CountryReportDirective
from toolkit.publications.sphinx.figure import FigureDirective
from toolkit.publications.sphinx.pages import (
    DownloadsDirective,
    PageDirective,
    StatesRepliedDirective,
    StatusDirective,
)
from toolkit.publications.sphinx.thematic import (
    ChallengesDirective,
    CountsDirective,
    ExecutiveSummaryDirective,
    NeedsDirective,
    RegionCountsDirective,
    ResponseRateDirective,
)

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

ObjectKey = tuple[str, str]
"""``(object type, name)``: ``("state", "CHL")``, ``("question", "7.1")``."""
ObjectRecord = tuple[str, str, str]
"""``(docname, node ID, title)`` of the place that shows an object."""


class CospDomain(Domain):
    """The review's publications: country reports, counts, figures."""

    name = "cosp"
    label = "Implementation review"
    object_types: ClassVar[dict[str, ObjType]] = {
        "state": ObjType("country report", "state"),
        "question": ObjType("question", "question"),
    }
    directives: ClassVar[dict[str, Any]] = {
        "country-report": CountryReportDirective,
        "page": PageDirective,
        "states-replied": StatesRepliedDirective,
        "downloads": DownloadsDirective,
        "status": StatusDirective,
        "response-rate": ResponseRateDirective,
        "executive-summary": ExecutiveSummaryDirective,
        "counts": CountsDirective,
        "region-counts": RegionCountsDirective,
        "needs": NeedsDirective,
        "challenges": ChallengesDirective,
        "figure": FigureDirective,
    }
    roles: ClassVar[dict[str, Any]] = {"state": XRefRole(), "question": XRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {"objects": {}, "edition_counts": ""}
    data_version = 1

    @property
    def objects(self) -> dict[ObjectKey, ObjectRecord]:
        """Every object shown in the project: ``(type, name) -> (docname, node ID, title)``."""
        return self.data.setdefault("objects", {})

    def note_object(self, objtype: str, name: str, node_id: str, title: str, location: Any) -> None:
        """Record that the current document shows an object; warn if another one does."""
        docname = self.env.current_document.docname
        other = self.objects.get((objtype, name))
        if other is not None and other[0] != docname:
            logger.warning(
                "%s %s is also shown in %s",
                objtype,
                name,
                other[0],
                location=location,
                type="cosp",
                subtype="duplicate",
            )
        self.objects[objtype, name] = (docname, node_id, title)

    def clear_doc(self, docname: str) -> None:
        """Forget the objects of a document about to be re-read or removed."""
        for key, record in list(self.objects.items()):
            if record[0] == docname:
                del self.objects[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the objects a parallel reader found in ``docnames``."""
        for key, record in otherdata["objects"].items():
            if record[0] in docnames:
                self.objects[key] = record

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Link a ``:cosp:state:`` or ``:cosp:question:`` reference to what shows it."""
        record = self.objects.get((typ, target))
        if record is None:
            return None
        docname, node_id, title = record
        return make_refnode(builder, fromdocname, docname, node_id, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve an ``:any:`` reference against both object types."""
        found = []
        for objtype in self.object_types:
            reference = self.resolve_xref(
                env, fromdocname, builder, objtype, target, node, contnode
            )
            if reference is not None:
                found.append((f"cosp:{objtype}", reference))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """The country reports for the search index (a State's name finds its report)."""
        for (objtype, name), (docname, node_id, title) in sorted(self.objects.items()):
            if objtype == "state":
                yield name, title, objtype, docname, node_id, 1
