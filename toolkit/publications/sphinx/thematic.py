"""Directives of the thematic implementation report and its statistics pages.

All of them read ``_data/statistics.json`` (:class:`~toolkit.publications.records.
StatisticsRecord`), written by ``cosp publish`` from :mod:`toolkit.statistics`; they count
nothing themselves.  ``.. cosp:response-rate::``, ``.. cosp:executive-summary::``,
``.. cosp:counts:: provision|article|chapter``, ``.. cosp:region-counts:: provision|article|
chapter``, ``.. cosp:needs::`` and ``.. cosp:challenges::``.  In a public build a regional
group with fewer than 3 responding States reads "fewer than 3".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from toolkit.publications.records import RowRecord, StatisticsRecord
from toolkit.publications.sphinx.data import load
from toolkit.publications.sphinx.parts import (
    CONSENT_WORDS,
    identified,
    legend_once,
    paragraph,
    provision_link,
    section,
)
from toolkit.publications.sphinx.tables import (
    TALLY_HEADERS,
    WITHHELD,
    percent,
    table,
    tally_cells,
    words_table,
)
from toolkit.publications.words import long_date

if TYPE_CHECKING:
    from docutils.nodes import Node

LEVEL_WORDS = {"provision": "Question", "article": "Article", "chapter": "Chapter"}


def group_name(group: str | None) -> str:
    """A regional group's name on the pages (States in no group have a line of their own)."""
    return group if group is not None else "States in no regional group"


class StatisticsDirective(SphinxDirective):
    """What the directives of this module share: the statistics record of the build."""

    def statistics(self) -> StatisticsRecord | None:
        return load(self, "statistics.json")


class ResponseRateDirective(StatisticsDirective):
    """Recipients, replies on time and late, and the consents to publication."""

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        recipients, replied = stats["recipients"], stats["replied"]
        rows: list[list[str | Node]] = [
            ["States asked", str(recipients), ""],
            ["Replied", str(replied), percent(replied, recipients)],
            [
                "Replied by the deadline",
                str(stats["on_time"]),
                percent(stats["on_time"], recipients),
            ],
            ["Replied after the deadline", str(stats["late"]), percent(stats["late"], recipients)],
            ["Not replied", str(recipients - replied), percent(recipients - replied, recipients)],
        ]
        out: list[Node] = [
            paragraph(f"The deadline for replies was {long_date(stats['deadline'])}."),
            table("Response rate", ["", "States", "Share of the States asked"], rows),
        ]
        consent_rows: list[list[str | Node]] = [
            [
                CONSENT_WORDS[key],
                str(stats["consents"][name]),
                percent(stats["consents"][name], replied),
            ]
            for key, name in (
                ("yes", "yes"),
                ("summary", "summary"),
                ("no", "no"),
                (None, "not_given"),
            )
        ]
        out.append(
            table(
                "Consent to the publication of the answers",
                ["Consent", "States", "Share of the States that replied"],
                consent_rows,
            )
        )
        return out


class ExecutiveSummaryDirective(StatisticsDirective):
    """The executive summary: paragraphs filled from the numbers (:mod:`..summary`)."""

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        return [paragraph(text, classes=("cosp-summary",)) for text in stats["summary"]]


def level_argument(argument: str) -> str:
    """``provision``, ``article`` or ``chapter``."""
    return directives.choice(argument, ("provision", "article", "chapter"))


class CountsDirective(StatisticsDirective):
    """The counts and shares of each answer, by question, article or chapter."""

    required_arguments = 1

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        level = level_argument(self.arguments[0])
        records: list[RowRecord] = stats[f"{level}s"]  # type: ignore[literal-required]
        rows = [[self.label(level, row), *tally_cells(row["tally"])] for row in records]
        caption = f"Answers by {level if level != 'provision' else 'question'}"
        node = table(caption, [LEVEL_WORDS[level], *TALLY_HEADERS], rows)
        return [*legend_once(self), node]

    def label(self, level: str, row: RowRecord) -> Node | str:
        """A question's row links to its provision and is the place its counts are linked to."""
        if level != "provision":
            return row["label"]
        anchor = f"q-{row['key'].replace('.', '-')}"
        domain = self.env.domains["cosp"]
        domain.note_object(  # type: ignore[attr-defined]
            "question", row["key"], anchor, f"answers to {row['label']}", self.get_location()
        )
        target = nodes.inline("", "", ids=[anchor])
        self.state.document.ids[anchor] = target
        return nodes.inline("", "", target, provision_link(self, row["key"], row["label"]))


class RegionCountsDirective(StatisticsDirective):
    """The same counts by regional group: a table of the groups, then each group's rows."""

    required_arguments = 1

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        level = level_argument(self.arguments[0])
        labels = {row["key"]: row["label"] for row in stats[f"{level}s"]}  # type: ignore[literal-required]
        out: list[Node] = [*legend_once(self)]
        for group, responding in stats["groups"]:
            rows = [r for r in stats["regions"][level] if r["group"] == group]
            name = group_name(group)
            part = section(self, name, f"group-{(group or 'none').lower().replace(' ', '-')}")
            if rows and all(r["tally"] is None for r in rows):
                part += paragraph(
                    f"{WITHHELD.capitalize()} States of the group responded ({responding}): "
                    "its counts are not shown, so that no State's answers can be told from them."
                    if self.config.cosp_audience == "public"
                    else f"{responding} States of the group responded."
                )
            else:
                part += paragraph(f"States of the group that replied: {responding}.")
            table_rows = [[labels.get(r["key"], r["key"]), *tally_cells(r["tally"])] for r in rows]
            words = words_table(
                f"{name}: answers by {LEVEL_WORDS[level].lower()}",
                [LEVEL_WORDS[level], *TALLY_HEADERS],
                table_rows,
            )
            part += identified(self, words, f"{part['ids'][0]}-table")
            out.append(part)
        return out


class NeedsDirective(StatisticsDirective):
    """Technical-assistance needs ranked overall, then by article."""

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        ranked: list[list[str | Node]] = [
            [str(rank), n["label"], str(n["states"]), str(n["mentions"])]
            for rank, n in enumerate(stats["needs"], start=1)
        ]
        out: list[Node] = []
        if not ranked:
            out.append(paragraph("No State named a technical-assistance need."))
        else:
            headers = ["Rank", "Need", "States naming it", "Questions it was named for"]
            out.append(table("Technical-assistance needs, ranked", headers, ranked))
        if stats["unlisted_needs"]:
            out.append(
                paragraph(
                    f"Needs written outside the questionnaire's list were named "
                    f"{stats['unlisted_needs']} times; they are not shown by name."
                )
            )
        rows: list[list[str | Node]] = []
        for article in stats["needs_by_article"]:
            named = "; ".join(f"{n['label']} ({n['states']})" for n in article["needs"][:3])
            rows.append([f"Article {article['article']}. {article['title']}", named or "None"])
        out.append(
            table(
                "The needs named most under each article (States naming them)",
                ["Article", "Needs (States)"],
                rows,
            )
        )
        return out


class ChallengesDirective(StatisticsDirective):
    """The articles where most States report challenges."""

    option_spec: ClassVar[OptionSpec] = {"top": directives.nonnegative_int}  # type: ignore[misc]

    def run(self) -> list[Node]:
        stats = self.statistics()
        if stats is None:
            return []
        records = stats["challenges"]
        if "top" in self.options:
            records = records[: self.options["top"]]
        rows: list[list[str | Node]] = [
            [
                f"Article {c['article']}. {c['title']}",
                str(c["states"]),
                str(c["responding"]),
                percent(c["states"], c["responding"]),
            ]
            for c in records
        ]
        headers = ["Article", "States reporting challenges", "States that answered", "Share"]
        return [table("Challenges reported, by article", headers, rows)]
