"""The ``prov`` domain: provisions as Sphinx objects that references resolve to.

Modelled on :mod:`sphinx.domains.rst`.  Every rendered article, paragraph, subparagraph,
clause, chapter, interpretative note and defined term is noted here with the document and
node ID that show it; ``:prov:`` references resolve against these records in every document,
and :meth:`ProvDomain.merge_domaindata` makes that hold in parallel builds too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from toolkit.instrument.citation import cite
from toolkit.sphinxext.article import ArticleDirective, ProvisionDirective
from toolkit.sphinxext.chapter import ChapterDirective
from toolkit.sphinxext.front import PreambleDirective, ResolutionDirective, TestimoniumDirective
from toolkit.sphinxext.roles import ProvisionRole
from toolkit.sphinxext.source import instrument_source
from toolkit.sphinxext.tables import ObligationsDirective, SummaryDirective

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

ObjectKey = tuple[str, str]
"""``(object type, name)``: ``("provision", "40.21.b")``, ``("term", "electronic data")``."""
ObjectRecord = tuple[str, str]
"""``(docname, node ID)`` of the place that renders an object."""


class ProvisionIndex(Index):
    """The provisions rendered in the project, grouped by chapter."""

    name = "index"
    localname = "Index of provisions"
    shortname = "provisions"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        assert isinstance(domain, ProvDomain)
        instrument = instrument_source(domain.env.config).instrument
        wanted = None if docnames is None else set(docnames)
        groups: dict[str, list[IndexEntry]] = {}
        for provision in instrument.provisions:
            kind = "article" if provision.kind == "article" else "provision"
            record = domain.objects.get((kind, provision.id))
            if record is None or (wanted is not None and record[0] not in wanted):
                continue
            group = f"Chapter {provision.chapter}" if provision.chapter else "Provisions"
            name = cite(provision.id)
            if provision.kind == "article":
                entry = IndexEntry(name, 0, record[0], record[1], "", "", provision.title)
            else:
                entry = IndexEntry(name, 2, record[0], record[1], "", "", "")
            groups.setdefault(group, []).append(entry)
        # Articles are plain entries (0), not groups (1): the HTML template gives a group an
        # image toggling its sub-entries that only a mouse can use (its alt text is "-"), and
        # collapsed groups would hide the provisions from keyboard and screen-reader users.
        # The provisions stay indented under their article (2), and nothing starts collapsed.
        return list(groups.items()), False


class ProvDomain(Domain):
    """Treaty provisions: articles, paragraphs and below, chapters, notes, defined terms."""

    name = "prov"
    label = "Provisions"
    object_types: ClassVar[dict[str, ObjType]] = {
        "article": ObjType("article", "ref"),
        "provision": ObjType("provision", "ref"),
        "chapter": ObjType("chapter", "chapter"),
        "note": ObjType("interpretative note", "note"),
        "term": ObjType("term", "term"),
    }
    directives: ClassVar[dict[str, Any]] = {
        "article": ArticleDirective,
        "provision": ProvisionDirective,
        "chapter": ChapterDirective,
        "resolution": ResolutionDirective,
        "preamble": PreambleDirective,
        "testimonium": TestimoniumDirective,
        "obligations": ObligationsDirective,
        "summary": SummaryDirective,
    }
    roles: ClassVar[dict[str, Any]] = {
        "ref": ProvisionRole("ref"),
        "chapter": ProvisionRole("chapter"),
        "note": ProvisionRole("note"),
        "term": ProvisionRole("term"),
    }
    indices: ClassVar[list[type[Index]]] = [ProvisionIndex]
    initial_data: ClassVar[dict[str, Any]] = {"objects": {}}
    data_version = 1

    @property
    def objects(self) -> dict[ObjectKey, ObjectRecord]:
        """Every object rendered in the project: ``(type, name) -> (docname, node ID)``."""
        return self.data.setdefault("objects", {})

    def note_object(self, objtype: str, name: str, node_id: str, location: Any = None) -> None:
        """Record that the current document renders an object; warn if another one already does."""
        docname = self.env.current_document.docname
        other = self.objects.get((objtype, name))
        if other is not None:
            warn_duplicate((objtype, name), other[0], location)
        self.objects[objtype, name] = (docname, node_id)

    def clear_doc(self, docname: str) -> None:
        """Forget the objects of a document about to be re-read or removed."""
        for key, (doc, _node_id) in list(self.objects.items()):
            if doc == docname:
                del self.objects[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the objects a parallel reader found in ``docnames``; warn on duplicates."""
        for key, (doc, node_id) in otherdata["objects"].items():
            if doc not in docnames:
                continue
            other = self.objects.get(key)
            if other is not None and other[0] != doc:
                warn_duplicate(key, other[0], doc)
            self.objects[key] = (doc, node_id)

    def find(self, reftype: str, target: str) -> tuple[str, ObjectRecord] | None:
        """The object a reference of this type names, with its type, if it is rendered."""
        for objtype in self.objtypes_for_role(reftype) or ():
            record = self.objects.get((objtype, target))
            if record is not None:
                return objtype, record
        return None

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
        """Link a ``:prov:`` reference to the place that renders its target."""
        found = self.find(typ, target)
        if found is None:
            return None
        objtype, (todocname, node_id) = found
        return make_refnode(
            builder, fromdocname, todocname, node_id, contnode, title_for(objtype, target)
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve an ``:any:`` reference against every object type."""
        results: list[tuple[str, nodes.reference]] = []
        for objtype in self.object_types:
            record = self.objects.get((objtype, target))
            if record is not None:
                ref = make_refnode(
                    builder, fromdocname, record[0], record[1], contnode, title_for(objtype, target)
                )
                results.append((f"prov:{self.role_for_objtype(objtype)}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Objects for the search index and inventories (``objects.inv``)."""
        for (objtype, name), (docname, node_id) in self.objects.items():
            yield name, title_for(objtype, name), objtype, docname, node_id, 1


def warn_duplicate(key: ObjectKey, other_doc: str, location: Any) -> None:
    """Warn that an object is rendered twice (``other_doc`` renders it too)."""
    objtype, name = key
    logger.warning(
        "duplicate %s %s: also rendered in %s (use :no-index: on one of them)",
        objtype,
        name,
        other_doc,
        location=location,
        type="prov",
        subtype="duplicate",
    )


def title_for(objtype: str, name: str) -> str:
    """How an object is named in a link's tooltip and in the inventory."""
    if objtype in {"article", "provision"}:
        return cite(name)
    if objtype == "chapter":
        return f"Chapter {name}"
    if objtype == "note":
        return f"interpretative note {name}"
    return f"definition of “{name}”"
