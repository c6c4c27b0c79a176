"""The data files of the site: what ``cosp publish`` gives the Sphinx directives, as JSON.

The site's pages hold directive names only; the directives read these files from the
generated sources' ``_data/`` folder (:data:`DATA`).  Each State's report reads its own file
(``_data/states/chl.json``) and the questions (``_data/questions.json``), nothing else, so that
a new response re-reads that State's page alone.  A file is rewritten only when its content
changes (:func:`write_json`): Sphinx compares the files' modification times with the pages'.

The files of a public build are made from what that build may show
(:mod:`toolkit.publications.consent`): a State's free text without its consent is in no file of
the build, hence in no page, search index or download made from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypedDict

from toolkit.files import write_atomically

DATA = "_data"
"""The data folder inside the generated sources."""
FORMAT = 2
"""The layout of the data files (a new layout rewrites them all)."""
FREE_TEXT = ("legislation", "examples", "challenges", "steps", "assistance", "comments")
"""A State's own words: shown in public only with its full consent."""
FIELD_TITLES = {
    "answer": "Answer",
    "legislation": "Legislation cited",
    "examples": "Examples",
    "challenges": "Challenges",
    "steps": "Steps and timeframe planned",
    "needs": "Technical-assistance needs",
    "assistance": "Assistance already received",
    "comments": "Comments",
}
"""What each field of a response is called on the pages, in the order shown (the columns of
the workbook)."""


class TallyRecord(TypedDict):
    """The counts of one row (:class:`toolkit.statistics.Tally` as JSON)."""

    yes: int
    """Answers saying it is in place."""
    partially: int
    """In place in part."""
    no: int
    """Not in place although required: a gap."""
    choice: int
    """A "no" the Convention allows (a possibility not used, a reservation): never a gap."""
    not_applicable: int
    unanswered: int
    """Questions a responding State left blank."""
    responding: int
    """States counted."""


class QuestionRecord(TypedDict):
    """A question of the cycle as issued (from the lock)."""

    id: str
    """The provision ID (``11.1``): the ``:prov:`` target."""
    eid: str
    """The provision's Akoma Ntoso eId, its anchor in the edition."""
    chapter: str
    article: int
    title: str
    """The article's title."""
    citation: str
    """``article 11, paragraph 1``."""
    kind: str
    question: str
    """The question as worded in English."""


class QuestionsRecord(TypedDict):
    """``_data/questions.json``: the questions of the cycle's current issue."""

    format: int
    cycle: str
    chapters: list[list[str]]
    """``[numeral, title]`` of each chapter, in order."""
    questions: list[QuestionRecord]


class RowRecord(TypedDict):
    """One row of a table of counts: a question, an article, a chapter or a group."""

    key: str
    """The question ID, the article number, the chapter numeral, or the group's name."""
    label: str
    """How the row is named (``Article 7. Illegal access``)."""
    questions: int
    """Questions counted in the row."""
    tally: TallyRecord | None
    """The counts; None when withheld (a group of fewer than 3 States, in public)."""


class SubmissionRecord(TypedDict):
    """An accepted submission of a State."""

    number: int
    """The store's number of the submission."""
    received_on: str
    """The day the file arrived (YYYY-MM-DD)."""
    on_time: bool
    """Whether it arrived on or before the deadline."""
    current: bool
    answered: int
    question_count: int
    file_name: str | None
    """The file's name as received (internal builds only)."""
    sha256: str | None
    """The file's SHA-256 (internal builds only)."""
    warnings: list[str]
    """The receipt's warnings (internal builds only)."""


class NeedItem(TypedDict):
    """A technical-assistance need chosen from the questionnaire's list."""

    key: str
    """The need's key (``training``)."""
    label: str
    """Its English label."""


class ResponseRecord(TypedDict):
    """One question's response as a page may show it."""

    id: str
    answer: str | None
    """The answer's key as stored (``not_used``); None when left blank."""
    answer_label: str | None
    """The answer's English label for the question's kind (``No, it has not``)."""
    category: str | None
    """What the statistics count it as (``yes``, ``partially``, ``no``, ``choice``,
    ``not_applicable``); None when blank."""
    legislation: str | None
    examples: str | None
    challenges: str | None
    steps: str | None
    """The steps and timeframe planned."""
    needs: list[NeedItem]
    """The needs chosen from the list (up to three), in the State's order."""
    own_need: str | None
    """A need in the State's own words (stores of template version 1): its text."""
    assistance: str | None
    """The assistance already received."""
    comments: str | None


class ChangeRecord(TypedDict):
    """A field of a question that changed since the State's previous submission."""

    id: str
    field: str
    before: str | None
    """The earlier answer's words, or the earlier needs' labels (answers and needs chosen
    from the list only: the earlier text is not published)."""
    after: str | None


class ReceptionRecord(TypedDict):
    """A file of the State received (from the archive's log; internal builds only)."""

    at: str
    received_on: str | None
    file: str
    sha256: str
    status: str
    messages: list[str]
    """What the receipt asked the State to correct."""


class CountryRecord(TypedDict):
    """``_data/states/<iso3>.json``: everything a State's report shows."""

    format: int
    iso3: str
    short_name: str
    name_in_text: str
    """The name as a sentence writes it (``the Philippines``)."""
    group: str | None
    cycle: str
    cycle_title: str
    deadline: str
    audience: str
    """``public`` or ``internal``."""
    consent: str | None
    """The consent key given (``yes``, ``summary``, ``no``) or None."""
    publication: str
    """What this build shows: ``full`` or ``summary`` (internal builds: ``full``)."""
    on_time: bool
    submissions: list[SubmissionRecord]
    chapters: list[RowRecord]
    articles: list[RowRecord]
    responses: list[ResponseRecord]
    unanswered: list[str]
    """IDs of the questions left blank."""
    changes: list[ChangeRecord]
    previous: str | None
    """The day the previous submission arrived (None for a first submission)."""
    focal_point: list[str | None]
    """Name, title, institution, e-mail, telephone (internal builds only)."""
    consulted: str | None
    """The people and institutions consulted in preparing the answers (internal builds
    only)."""
    receptions: list[ReceptionRecord]


class ReplyRecord(TypedDict):
    """A State that replied, as the list of States shows it."""

    iso3: str
    short_name: str
    group: str | None
    received_on: str
    on_time: bool
    report: bool
    """Whether the build has a report page for it."""
    publication: str
    """``full``, ``summary`` or ``none`` (what the State consented to)."""


class RepliesRecord(TypedDict):
    """``_data/replies.json``: the States that replied, for the list and the home page."""

    format: int
    cycle: str
    cycle_title: str
    deadline: str
    audience: str
    recipients: int
    replies: list[ReplyRecord]
    not_replied: list[list[str]]
    """``[iso3, short name]`` of the recipients without a reply (internal builds only)."""
    pdf: bool
    """Whether the build writes PDFs (the downloads list them)."""


def answers_path(iso3: str, suffix: str) -> str:
    """Where a State's published answers are in the site: ``downloads/answers/chl.csv``."""
    return f"downloads/answers/{iso3.lower()}{suffix}"


def write_json(path: Path, record: Any) -> bool:
    """Write a record as JSON when its content differs from the file's; True when written.

    Compact and ASCII, keys sorted: the same record gives the same bytes (and the C encoder
    writes a country's record in a millisecond; an indented one takes ten)."""
    text = json.dumps(record, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    data = (text + "\n").encode()
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True


def read_json(path: Path) -> Any:
    """A data file's record (the directives check what they read through the TypedDicts)."""
    return json.loads(path.read_text(encoding="utf-8"))


class RegionRowRecord(TypedDict):
    """One regional group's counts for one question, article or chapter."""

    group: str | None
    key: str
    tally: TallyRecord | None
    """None: fewer than 3 of the group's States responded (public builds)."""


class NeedRecord(TypedDict):
    """A technical-assistance need with how many States named it."""

    need: str
    """The need's key (``training``), or a need in a State's own words (internal builds)."""
    label: str
    """How the pages name it: the key's English label, or the State's words."""
    states: int
    mentions: int


class ArticleNeedsRecord(TypedDict):
    """The needs named under one article, ranked."""

    article: int
    title: str
    needs: list[NeedRecord]


class ChallengeRecord(TypedDict):
    """How many States report challenges under one article."""

    article: int
    chapter: str
    title: str
    states: int
    responding: int


class DayRecord(TypedDict):
    """A day on which accepted files arrived."""

    day: str
    first: int
    resubmissions: int
    replied: int
    late: bool


class FigureRecord(TypedDict):
    """A figure: its files, its alternative text and its numbers (shown as a table)."""

    name: str
    """The files' name: ``_figures/<name>.svg`` (HTML) and ``.pdf`` (LaTeX)."""
    title: str
    alt: str
    """What the figure shows, in words, for readers who do not see it."""
    headers: list[str]
    rows: list[list[str]]
    """The figure's numbers, row by row (also in ``downloads/figures/<name>.csv``)."""


class StatisticsRecord(TypedDict):
    """``_data/statistics.json``: the figures of the thematic report and statistics pages."""

    format: int
    cycle: str
    cycle_title: str
    deadline: str
    audience: str
    recipients: int
    replied: int
    on_time: int
    late: int
    consents: dict[str, int]
    overall: TallyRecord
    provisions: list[RowRecord]
    articles: list[RowRecord]
    chapters: list[RowRecord]
    groups: list[list[Any]]
    """``[group name or None, responding States]`` in the registry's order of groups."""
    regions: dict[str, list[RegionRowRecord]]
    """By level (``provision``, ``article``, ``chapter``)."""
    needs: list[NeedRecord]
    unlisted_needs: int
    """Mentions of needs outside the template's list (not shown by name in public)."""
    needs_by_article: list[ArticleNeedsRecord]
    challenges: list[ChallengeRecord]
    timeline: list[DayRecord]
    summary: list[str]
    """The executive summary's paragraphs, filled from the numbers above."""
    figures: list[FigureRecord]
    formats: list[str]
    """The figures' files: ``.svg`` (HTML), and ``.pdf`` when the build writes PDFs.  A page
    showing a figure is read again when this changes: Sphinx picks a figure's file among
    those there when the page is read."""


class EditionCountsRecord(TypedDict):
    """``_data/edition.json``: the counts shown beside each reviewed provision."""

    format: int
    cycle: str
    cycle_title: str
    counts: dict[str, TallyRecord]
    """By the provision's eId (its anchor in the edition)."""
