"""The edition built with a store: beside each reviewed provision, how many States answered what.

The counts come from ``_data/edition.json`` (:class:`~toolkit.publications.records.
EditionCountsRecord`, by question ID) and are added when a page is written, by a post-transform:
the edition's pages are never re-read for them.  When the counts change, :func:`pages_to_write`
(``env-updated``) names the pages that show a reviewed provision, so that Sphinx writes them
again; the ``prov`` domain says which page shows which provision.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from toolkit.publications.records import DATA, EditionCountsRecord, TallyRecord, read_json
from toolkit.publications.sphinx.parts import paragraph
from toolkit.publications.sphinx.tables import OUTCOME_WORDS, OUTCOMES, percent, total

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

EDITION_COUNTS = f"{DATA}/edition.json"
_READ: dict[Path, tuple[int, EditionCountsRecord | None]] = {}


def edition_counts(srcdir: Path) -> EditionCountsRecord | None:
    """The counts of the build (None for a build without them: the edition alone)."""
    path = srcdir / EDITION_COUNTS
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    if path not in _READ or _READ[path][0] != stamp:
        _READ[path] = (stamp, read_json(path))
    return _READ[path][1]


def counts_sentence(tally: TallyRecord) -> str:
    """``Answers of the 12 States that replied: In place 8 (67 %), ...`` (the categories
    no State answered left out: their shares add up to the whole without them)."""
    answers = total(tally)
    shares = ", ".join(
        f"{OUTCOME_WORDS[name]} {tally[name]} ({percent(tally[name], answers)})"  # type: ignore[literal-required]
        for name in OUTCOMES
        if tally[name]  # type: ignore[literal-required]
    )
    states = tally["responding"]
    if not states:
        return "No State has answered this question yet. "
    return f"Answers of the {states} State{'s' if states != 1 else ''} that replied: {shares}. "


class EditionCounts(SphinxPostTransform):
    """Add the counts under the words of each reviewed provision the page shows."""

    default_priority = 5  # before the references are resolved (10): the link below resolves

    def run(self, **kwargs: Any) -> None:
        record = edition_counts(Path(self.env.srcdir))
        if record is None:
            return
        prov = self.env.domains["prov"]
        docname = self.env.current_document.docname
        wanted: dict[str, tuple[str, TallyRecord]] = {}
        for question_id, tally in record["counts"].items():
            for kind in ("provision", "article"):
                found = prov.objects.get((kind, question_id))  # type: ignore[attr-defined]
                if found is not None and found[0] == docname:
                    wanted[found[1]] = (question_id, tally)
        if not wanted:
            return
        for node in list(self.document.findall(nodes.Element)):
            if not isinstance(node, nodes.container | nodes.section):
                continue
            hits = [wanted[i] for i in node["ids"] if i in wanted]
            if hits and {"prov", "prov-article"} & set(node["classes"]):
                self.annotate(node, *hits[0])

    def annotate(self, node: nodes.Element, question_id: str, tally: TallyRecord) -> None:
        link = _question_link(self.env, question_id)
        line = paragraph(counts_sentence(tally), link, classes=("cosp-counts",))
        position = 0
        for index, child in enumerate(node.children):
            if isinstance(child, nodes.title):
                position = index + 1
            elif isinstance(child, nodes.paragraph) and "prov-text" in child["classes"]:
                position = index + 1
                break
        node.insert(position, line)


def _question_link(env: BuildEnvironment, question_id: str) -> nodes.Node:
    node = addnodes.pending_xref(
        "",
        refdomain="cosp",
        reftype="question",
        reftarget=question_id,
        refexplicit=True,
        refwarn=False,
        refdoc=env.current_document.docname,
    )
    node += nodes.inline("", "All the figures of this question", classes=["xref", "cosp"])
    return node


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: when the counts changed, the pages showing a reviewed provision."""
    path = Path(env.srcdir) / EDITION_COUNTS
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    domain = env.domains["cosp"]
    if domain.data.get("edition_counts") == digest:
        return []
    domain.data["edition_counts"] = digest
    record = edition_counts(Path(env.srcdir))
    if record is None:
        return []
    prov = env.domains["prov"]
    pages = set()
    for question_id in record["counts"]:
        for kind in ("provision", "article"):
            found = prov.objects.get((kind, question_id))  # type: ignore[attr-defined]
            if found is not None:
                pages.add(found[0])
    return sorted(pages)
