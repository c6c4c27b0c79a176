"""Directive ``cosp:country-report``: one State's report, from its data file alone.

::

    .. cosp:country-report:: CHL

reads ``_data/states/chl.json`` and ``_data/questions.json`` (and nothing else, so that a new
response re-reads only its State's page) and builds the page: the State, its regional group,
the cycle and its submissions (on time or not), the summary by chapter and article, then
question by question the provision (linked to the edition), the answer in the words of the
question's kind, the legislation cited, examples, challenges, the steps and timeframe planned,
the needs, the assistance already received and comments; the questions left unanswered; what
changed since the previous submission; and in an internal build the focal point, the people
and institutions consulted and the files received with their receipts.  What a public build
may show was decided when the data file was written (:mod:`toolkit.publications.consent`):
here a missing text is simply not shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from toolkit.publications.records import (
    FIELD_TITLES,
    CountryRecord,
    QuestionRecord,
    QuestionsRecord,
    ResponseRecord,
    RowRecord,
    answers_path,
)
from toolkit.publications.sphinx.data import load
from toolkit.publications.sphinx.parts import (
    CONSENT_WORDS,
    NOT_ANSWERED,
    PUBLICATION_WORDS,
    block,
    bullets,
    fields,
    html_only,
    legend,
    paragraph,
    provision_link,
    relative_uri,
    section,
)
from toolkit.publications.sphinx.tables import OUTCOME_WORDS, OUTCOMES, count_with_share, table
from toolkit.publications.sphinx.text import free_text, inline_text
from toolkit.publications.words import capitalised, long_date

if TYPE_CHECKING:
    from docutils.nodes import Node

FOCAL_POINT = ("Name", "Title", "Institution", "E-mail", "Telephone")
CHOICE_NOTE = "a choice the Convention allows, not a gap"
"""What an answer counted as a choice says beside it."""
WITHHELD_TEXTS = (
    "legislation cited, examples, challenges, steps and timeframe planned, assistance "
    "already received, comments"
)
"""The texts a summary-only report leaves out, in words."""


class CountryReportDirective(SphinxDirective):
    """A State's country report, from ``_data/states/<iso3>.json``."""

    required_arguments = 1

    def run(self) -> list[Node]:
        iso3 = self.arguments[0].strip().upper()
        record: CountryRecord | None = load(self, "states", f"{iso3.lower()}.json")
        questions: QuestionsRecord | None = load(self, "questions.json")
        if record is None or questions is None:
            return []
        return [CountryPage(self, record, questions).page()]


class CountryPage:
    """The nodes of one country report."""

    def __init__(
        self, directive: SphinxDirective, record: CountryRecord, questions: QuestionsRecord
    ) -> None:
        self.directive = directive
        self.record = record
        self.questions = {q["id"]: q for q in questions["questions"]}
        self.chapter_titles = dict((number, title) for number, title in questions["chapters"])
        self.internal = record["audience"] == "internal"

    def page(self) -> nodes.section:
        """The whole report as the page's section."""
        record = self.record
        title = f"{record['short_name']}: country report"
        page = section(self.directive, title, "report", ("cosp-country-report",))
        domain = self.directive.env.domains["cosp"]
        domain.note_object(  # type: ignore[attr-defined]
            "state", record["iso3"], page["ids"][0], title, self.directive.get_location()
        )
        page += paragraph(
            f"The answers of {record['name_in_text']} to the self-assessment questionnaire of "
            f"the review cycle “{record['cycle_title']}”, as recorded by the secretariat."
        )
        if self.internal:
            page += nodes.admonition(
                "",
                nodes.title("", "Internal report"),
                paragraph(
                    "This report shows everything the State sent, whatever its consent to "
                    "publication, with the focal point's details, the people and institutions "
                    "consulted and the receipts. It is not for publication."
                ),
                classes=["cosp-internal-note"],
            )
        page += html_only(
            paragraph(
                "The answers of this report as a spreadsheet: ",
                self.download(".csv", "CSV"),
                ", ",
                self.download(".xlsx", "xlsx"),
                ".",
                classes=("cosp-download",),
            )
        )
        page += self.about()
        page += self.summary()
        page += self.answers()
        page += self.unanswered()
        page += self.changes()
        if self.internal:
            page += self.focal_point()
            page += self.consulted()
            page += self.receptions()
        return page

    def download(self, suffix: str, words: str) -> nodes.reference:
        """A link to the State's published answers (``downloads/answers/chl.csv``)."""
        docname = self.directive.env.current_document.docname
        target = relative_uri(docname, answers_path(self.record["iso3"], suffix))
        return nodes.reference("", words, refuri=target)

    # -- the State and its replies ---------------------------------------------------------------

    def about(self) -> nodes.section:
        record = self.record
        part = section(self.directive, "The State and its replies", "state")
        deadline = long_date(record["deadline"])
        part += fields(
            [
                ("State", f"{record['short_name']} ({record['iso3']})"),
                ("Regional group", record["group"] or "None (the State sits in no group)"),
                ("Review cycle", f"{record['cycle_title']} ({record['cycle']})"),
                ("Deadline", deadline),
                ("Consent to publication", CONSENT_WORDS.get(record["consent"], "Not given")),
                ("Published here", PUBLICATION_WORDS[record["publication"]]),
            ]
        )
        first = record["submissions"][0]
        when = "by the deadline" if record["on_time"] else f"after the deadline of {deadline}"
        part += paragraph(
            f"{capitalised(record['name_in_text'])} first replied on "
            f"{long_date(first['received_on'])}, {when}."
        )
        headers = ["Submission", "Received on", "On time", "Questions answered"]
        if self.internal:
            headers += ["Store No.", "File", "SHA-256"]
        rows: list[list[str | Node]] = []
        for position, item in enumerate(record["submissions"], start=1):
            row: list[str | Node] = [
                f"{position}" + (" (current)" if item["current"] else ""),
                long_date(item["received_on"]),
                "Yes" if item["on_time"] else "No",
                f"{item['answered']} of {item['question_count']}",
            ]
            if self.internal:
                row += [
                    str(item["number"]),
                    inline_text(item["file_name"] or ""),
                    item["sha256"] or "",
                ]
            rows.append(row)
        part += table("Submissions received", headers, rows, classes=["cosp-submissions"])
        return part

    # -- the summary ---------------------------------------------------------------------------

    def summary(self) -> nodes.section:
        part = section(self.directive, "Summary by chapter and article", "summary")
        part += paragraph(
            "The answers of the current submission, chapter by chapter and article by "
            "article: each answer's count and its share of the questions asked."
        )
        part += legend()
        headers = ["Chapter", "Questions", *OUTCOME_WORDS.values()]
        part += table("Answers by chapter", headers, self.rows(self.record["chapters"]))
        headers[0] = "Article"
        part += table("Answers by article", headers, self.rows(self.record["articles"]))
        return part

    @staticmethod
    def rows(records: list[RowRecord]) -> list[list[str | Node]]:
        rows: list[list[str | Node]] = []
        for row in records:
            tally = row["tally"]
            counts = [count_with_share(tally, name) for name in OUTCOMES] if tally else []
            rows.append([row["label"], str(row["questions"]), *counts])
        return rows

    # -- question by question ------------------------------------------------------------------

    def answers(self) -> nodes.section:
        part = section(self.directive, "Answers provision by provision", "answers")
        if self.record["publication"] == "summary":
            part += paragraph(
                f"{capitalised(self.record['name_in_text'])} agreed to the publication of the "
                f"summary and the answers only: the texts it wrote ({WITHHELD_TEXTS}) are not "
                "published."
            )
        chapters: dict[str, nodes.section] = {}
        for response in self.record["responses"]:
            question = self.questions.get(response["id"])
            if question is None:
                continue  # a question the current issue no longer asks
            chapter = question["chapter"]
            if chapter not in chapters:
                title = self.chapter_titles.get(chapter, "")
                heading = f"Chapter {chapter}. {title}" if title else f"Chapter {chapter}"
                chapters[chapter] = section(self.directive, heading, f"chapter-{chapter.lower()}")
                part += chapters[chapter]
            chapters[chapter] += self.response(question, response)
        return part

    def response(self, question: QuestionRecord, response: ResponseRecord) -> nodes.container:
        """One question: the provision linked, the question, the answer and the State's words.

        A block under a heading (``<h4>``; ``\\subsubsection*`` in LaTeX), not a section:
        eighty sections per report would make Sphinx's table of contents of the site, which
        every build loads, several megabytes.
        """
        heading = capitalised(question["citation"])
        if question["title"]:
            heading += f" ({question['title']})"
        part = block(self.directive, question["eid"], ("cosp-response",))
        part += nodes.rubric("", heading, **{"heading-level": 4})
        link = provision_link(self.directive, question["id"], question["citation"])
        part += paragraph("Provision: ", link, classes=("cosp-provision",))
        part += paragraph("Question: ", question["question"], classes=("cosp-question",))
        answer = response["answer_label"] or NOT_ANSWERED
        if response["category"] == "choice":
            answer += f" ({CHOICE_NOTE})"
        items: list[tuple[str, Node | str]] = [(FIELD_TITLES["answer"], answer)]
        for name in FIELD_TITLES:
            if name == "answer":
                continue
            if name == "needs":
                if response["needs"]:
                    labels: list[Node] = [paragraph(n["label"]) for n in response["needs"]]
                    items.append((FIELD_TITLES[name], bullets(labels)))
                elif response["own_need"] and response["own_need"].strip():
                    items.append((FIELD_TITLES[name], free_text(response["own_need"])))
                continue
            value = response[name]  # type: ignore[literal-required]
            if value is not None and value.strip():
                items.append((FIELD_TITLES[name], free_text(value)))
        part += fields(items)
        return part

    def unanswered(self) -> nodes.section:
        part = section(self.directive, "Questions left unanswered", "unanswered")
        ids = [i for i in self.record["unanswered"] if i in self.questions]
        if not ids:
            part += paragraph("None: every question asked was answered.")
            return part
        verb = "was" if len(ids) == 1 else "were"
        part += paragraph(f"{len(ids)} of the questions asked {verb} left unanswered:")
        items: list[Node] = []
        for question_id in ids:
            question = self.questions[question_id]
            reference = nodes.reference(
                "", capitalised(question["citation"]), internal=True, refid=question["eid"]
            )
            items.append(paragraph(reference))
        part += bullets(items)
        return part

    def changes(self) -> nodes.section:
        part = section(self.directive, "Changes since the previous submission", "changes")
        previous = self.record["previous"]
        if previous is None:
            part += paragraph("This is the State's first submission for the cycle.")
            return part
        changes = self.record["changes"]
        if not changes:
            part += paragraph(
                f"The current submission gives the same answers as the one received on "
                f"{long_date(previous)}."
            )
            return part
        part += paragraph(f"Compared with the submission received on {long_date(previous)}:")
        rows: list[list[str | Node]] = []
        for change in changes:
            question = self.questions.get(change["id"])
            where = capitalised(question["citation"]) if question else change["id"]
            if change["field"] in ("answer", "needs"):
                empty = NOT_ANSWERED if change["field"] == "answer" else "None named"
                before = change["before"] or empty
                after = change["after"] or empty
                rows.append([where, FIELD_TITLES[change["field"]], before, after])
            else:
                rows.append(
                    [where, FIELD_TITLES.get(change["field"], change["field"]), "", "changed"]
                )
        part += table("What changed", ["Provision", "Field", "Before", "Now"], rows)
        return part

    # -- internal builds -----------------------------------------------------------------------

    def focal_point(self) -> nodes.section:
        part = section(self.directive, "Focal point", "focal-point")
        values = list(self.record["focal_point"]) + [None] * len(FOCAL_POINT)
        items: list[tuple[str, Node | str]] = [
            (name, inline_text(value) if value else "Not given")
            for name, value in zip(FOCAL_POINT, values, strict=False)
        ]
        part += fields(items)
        return part

    def consulted(self) -> nodes.section:
        part = section(self.directive, "People and institutions consulted", "consulted")
        consulted = self.record["consulted"]
        if consulted and consulted.strip():
            part += paragraph("Those the State names as consulted in preparing its answers:")
            part += free_text(consulted)
        else:
            part += paragraph("Not given.")
        return part

    def receptions(self) -> nodes.section:
        part = section(self.directive, "Files received and their receipts", "receipts")
        rows: list[list[str | Node]] = []
        for item in self.record["receptions"]:
            messages: Node | str = (
                bullets([inline_text(m) for m in item["messages"]]) if item["messages"] else ""
            )
            day = item["received_on"] or item["at"][:10]
            rows.append(
                [
                    long_date(day),
                    inline_text(item["file"]),
                    item["sha256"],
                    item["status"],
                    messages,
                ]
            )
        headers = ["Received on", "File", "SHA-256", "Outcome", "To correct"]
        part += table("Files received", headers, rows, classes=["cosp-receipts"])
        warned = [s for s in self.record["submissions"] if s["warnings"]]
        for submission in warned:
            part += paragraph(f"Warnings of the receipt of store No. {submission['number']}:")
            part += bullets([inline_text(w) for w in submission["warnings"]])
        return part
