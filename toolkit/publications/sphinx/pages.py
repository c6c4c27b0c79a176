"""Directives of the site's own pages: a page with a title from the data, the list of the
States that replied, the downloads, and the correspondence status (internal builds).

``.. cosp:page:: home`` (or ``thematic``) makes the page's section, titled from the cycle, and
reads its content (a toctree) into it; ``.. cosp:states-replied::`` lists the States that
replied, by regional group, with a link to each published report; ``.. cosp:downloads::``
lists the files of ``_data/downloads.json``; ``.. cosp:status::`` shows the status records of
``_data/status.json`` (written when :mod:`toolkit.correspondence.status` is installed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from toolkit.publications.records import RepliesRecord
from toolkit.publications.sphinx.data import load
from toolkit.publications.sphinx.parts import (
    cosp_link,
    paragraph,
    relative_uri,
    section,
)
from toolkit.publications.sphinx.tables import table
from toolkit.publications.sphinx.text import inline_text
from toolkit.publications.words import long_date

if TYPE_CHECKING:
    from docutils.nodes import Node

SHORT_PUBLICATION = {
    "full": "Whole report",
    "summary": "Summary and answers",
    "none": "Not published",
}
"""What the public site shows of a State, in a table cell."""
PAGES = {
    "home": ("{cycle_title}", "home"),
    "thematic": ("Thematic implementation report: {cycle_title}", "thematic-report"),
}
"""The pages titled from the data: ``kind -> (title, section ID)``."""


class PageDirective(SphinxDirective):
    """A page whose title names the cycle; the content goes inside it."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[Node]:
        replies: RepliesRecord | None = load(self, "replies.json")
        if replies is None:
            return []
        kind = directives.choice(self.arguments[0], tuple(PAGES))
        title, node_id = PAGES[kind]
        page = section(self, title.format(cycle_title=replies["cycle_title"]), node_id)
        if kind == "home":
            replied = len(replies["replies"])
            page += paragraph(
                f"The review cycle “{replies['cycle_title']}” asked {replies['recipients']} "
                f"States to assess how they implement the Convention, by "
                f"{long_date(replies['deadline'])}; {replied} have replied. Here are the "
                "annotated Convention, showing beside each provision reviewed how the States "
                "answered; the thematic implementation report across all States, with its "
                "statistics; and the country reports of the States that agreed to their "
                "publication."
            )
        nested_parse_with_titles(self.state, self.content, page, self.content_offset)
        return [page]


class StatesRepliedDirective(SphinxDirective):
    """The States that replied, by regional group, each linked to its published report."""

    def run(self) -> list[Node]:
        replies: RepliesRecord | None = load(self, "replies.json")
        if replies is None:
            return []
        out: list[Node] = [
            paragraph(
                f"{len(replies['replies'])} of the {replies['recipients']} States asked have "
                "replied. A State's report is published as the State agreed: the whole "
                "report, or the summary and its answers without the texts it wrote; a State "
                "that did not agree is listed here only."
            )
        ]
        rows: list[list[str | Node]] = []
        for reply in sorted(replies["replies"], key=lambda r: (r["group"] or "~", r["short_name"])):
            name: Node | str = reply["short_name"]
            if reply["report"]:
                name = cosp_link(self, "state", reply["iso3"], reply["short_name"])
            rows.append(
                [
                    name,
                    reply["group"] or "None",
                    long_date(reply["received_on"]),
                    "Yes" if reply["on_time"] else "No",
                    SHORT_PUBLICATION[reply["publication"]],
                ]
            )
        headers = ["State", "Regional group", "Replied on", "By the deadline"]
        headers.append("Published in the public site")
        out.append(table("The States that replied", headers, rows, classes=["cosp-replies"]))
        if replies["audience"] == "internal":
            waiting = [name for _, name in replies["not_replied"]]
            out.append(
                paragraph(
                    f"Not replied ({len(waiting)}): "
                    + ("; ".join(waiting) if waiting else "none")
                    + "."
                )
            )
        return out


class DownloadsDirective(SphinxDirective):
    """The files of the downloads folder: what each holds."""

    def run(self) -> list[Node]:
        record: dict[str, Any] | None = load(self, "downloads.json")
        if record is None:
            return []
        docname = self.env.current_document.docname
        rows: list[list[str | Node]] = []
        for item in record["files"]:
            link = nodes.reference("", item["path"], refuri=relative_uri(docname, item["path"]))
            rows.append([nodes.inline("", "", link), item["title"], item["format"]])
        return [table("Downloads", ["File", "What it holds", "Format"], rows)]


class StatusDirective(SphinxDirective):
    """Where each recipient stands (the correspondence stage's status board)."""

    def run(self) -> list[Node]:
        board: dict[str, Any] | None = load(self, "status.json")
        if board is None:
            return []
        out: list[Node] = [
            paragraph(
                f"As of {long_date(board['as_of'])}; deadline {long_date(board['deadline'])}."
            )
        ]
        totals = board["totals"]
        out.append(
            table(
                "Recipients by status",
                ["Status", "States"],
                [[name, str(count)] for name, count in totals.items()],
            )
        )
        records = board["records"]
        fields = board.get("fields") or (list(records[0]) if records else [])
        rows: list[list[str | Node]] = []
        for item in records:
            row: list[str | Node] = []
            for name in fields:
                value = item.get(name)
                text = (
                    ""
                    if value is None
                    else "yes"
                    if value is True
                    else "no"
                    if value is False
                    else str(value)
                )
                row.append(inline_text(text) if name == "consent" else text)
            rows.append(row)
        headers = [f.replace("_", " ").capitalize() for f in fields]
        part = section(self, "Recipients", "recipients")
        part += table("Where each recipient stands", headers, rows, classes=["cosp-status"])
        out.append(part)
        return out
