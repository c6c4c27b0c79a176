"""What each page of a build shows, as the records of its data files (pure functions).

The counts are :mod:`toolkit.statistics`' own, copied into the records; nothing is counted
here.  What a State's records may hold is decided by :mod:`toolkit.publications.consent`; the
keys the store keeps are given their English words here (:mod:`.labels`), so that a page, a
PDF and a download all read the same words from the same record.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit import statistics
from toolkit.intake.export import Change, diff
from toolkit.publications.consent import Audience, disclosed, public_need, publication
from toolkit.publications.gather import SiteData
from toolkit.publications.labels import answer_label, joined, listed_needs, need_label
from toolkit.publications.records import (
    FORMAT,
    ChangeRecord,
    CountryRecord,
    EditionCountsRecord,
    QuestionsRecord,
    ReceptionRecord,
    RepliesRecord,
    RowRecord,
    SubmissionRecord,
    TallyRecord,
)

MINIMUM = statistics.MINIMUM_STATES


def tally_record(tally: statistics.Tally) -> TallyRecord:
    """A tally as JSON."""
    return tally.as_dict()  # type: ignore[return-value]


def article_label(article: int, title: str) -> str:
    """``Article 7. Illegal access``."""
    return f"Article {article}. {title}" if title else f"Article {article}"


def chapter_label(chapter: str, title: str) -> str:
    """``Chapter II. Criminalization``."""
    return f"Chapter {chapter}. {title}" if title else f"Chapter {chapter}"


def provision_rows(rows: tuple[statistics.ProvisionCount, ...], data: SiteData) -> list[RowRecord]:
    """The rows of the counts by question."""
    return [
        {
            "key": row.id,
            "label": data.dataset.question(row.id).citation,
            "questions": 1,
            "tally": tally_record(row.tally),
        }
        for row in rows
    ]


def article_rows(rows: tuple[statistics.ArticleCount, ...]) -> list[RowRecord]:
    """The rows of the counts by article."""
    return [
        {
            "key": str(row.article),
            "label": article_label(row.article, row.title),
            "questions": row.questions,
            "tally": tally_record(row.tally),
        }
        for row in rows
    ]


def chapter_rows(rows: tuple[statistics.ChapterCount, ...]) -> list[RowRecord]:
    """The rows of the counts by chapter."""
    return [
        {
            "key": row.chapter,
            "label": chapter_label(row.chapter, row.title),
            "questions": row.questions,
            "tally": tally_record(row.tally),
        }
        for row in rows
    ]


def questions_record(data: SiteData) -> QuestionsRecord:
    """``_data/questions.json``: the questions of the cycle's current issue."""
    dataset = data.dataset
    return {
        "format": FORMAT,
        "cycle": dataset.cycle,
        "chapters": [[number, title] for number, title in dataset.chapters],
        "questions": [
            {
                "id": q.id,
                "eid": q.eid,
                "chapter": q.chapter,
                "article": q.article,
                "title": q.title,
                "citation": q.citation,
                "kind": q.kind,
                "question": dict(q.question).get("en") or q.question[0][1],
            }
            for q in dataset.questions
        ],
    }


def country_record(data: SiteData, reply: statistics.Reply, audience: Audience) -> CountryRecord:
    """``_data/states/<iso3>.json``: a State's report as this build may show it."""
    dataset = data.dataset
    shown = publication(reply, audience)
    internal = audience == "internal"
    asked = [q.id for q in dataset.questions if reply.asked(q.id)]
    submissions: list[SubmissionRecord] = []
    for number, submission in enumerate(reply.submissions):
        day = statistics.received_on(submission)
        submissions.append(
            {
                "number": submission.id,
                "received_on": day.isoformat(),
                "on_time": day <= dataset.deadline,
                "current": number == len(reply.submissions) - 1,
                "answered": submission.answered,
                "question_count": submission.question_count,
                "file_name": submission.file_name if internal else None,
                "sha256": submission.file_sha256 if internal else None,
                "warnings": _warnings(submission.warnings) if internal else [],
            }
        )
    kinds = {q.id: q.kind for q in dataset.questions}
    changes: list[ChangeRecord] = []
    if reply.iso3 in data.changed:
        for change in diff(*data.changed[reply.iso3]):
            record = change_record(change, kinds.get(change.id, "mandatory"), shown)
            if record is not None:
                changes.append(record)
    states = [reply.iso3]
    stored = data.answers.get(reply.iso3, {})
    return {
        "format": FORMAT,
        "iso3": reply.iso3,
        "short_name": reply.short_name,
        "name_in_text": data.names_in_text.get(reply.iso3, reply.short_name),
        "group": reply.group,
        "cycle": dataset.cycle,
        "cycle_title": dataset.title,
        "deadline": dataset.deadline.isoformat(),
        "audience": audience,
        "consent": reply.consent,
        "publication": shown,
        "on_time": reply.on_time,
        "submissions": submissions,
        "chapters": chapter_rows(statistics.by_chapter(dataset, states)),
        "articles": article_rows(statistics.by_article(dataset, states)),
        "responses": [
            disclosed(stored[i], kinds[i], reply.answers[i].answer, shown)
            for i in asked
            if i in stored
        ],
        "unanswered": [i for i in asked if reply.answers[i].answer is None],
        "changes": changes,
        "previous": (
            statistics.received_on(reply.submissions[-2]).isoformat() if reply.resubmitted else None
        ),
        "focal_point": list(reply.focal_point) if internal else [],
        "consulted": reply.current.consulted if internal else None,
        "receptions": _receptions(data, reply.iso3) if internal else [],
    }


def change_record(change: Change, kind: str, shown: str) -> ChangeRecord | None:
    """A change between two submissions as a page may show it: an answer with its words
    before and after; needs chosen from the list with their labels; that a text changed
    (its earlier words are not published) in a whole report only; else nothing."""
    if change.field == "answer":
        before, after = answer_label(kind, change.before), answer_label(kind, change.after)
        return {"id": change.id, "field": "answer", "before": before, "after": after}
    if change.field == "needs":
        was, now = listed_needs(change.before), listed_needs(change.after)
        if was is not None and now is not None:
            before = joined(need_label(k) for k in was) or None
            after = joined(need_label(k) for k in now) or None
            return {"id": change.id, "field": "needs", "before": before, "after": after}
    if shown == "full":
        return {"id": change.id, "field": change.field, "before": None, "after": None}
    return None


def _warnings(text: str) -> list[str]:
    """The receipt's warnings of a submission (stored as JSON) as lines."""
    try:
        items = json.loads(text)
    except ValueError:
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            where = ", ".join(str(item[k]) for k in ("sheet", "cell") if item.get(k))
            message = str(item.get("message", ""))
            out.append(f"{where}: {message}" if where else message)
    return out


def _receptions(data: SiteData, iso3: str) -> list[ReceptionRecord]:
    records: list[ReceptionRecord] = []
    for entry in data.receptions.get(iso3, ()):
        given = entry.get("errors")
        errors: list[Any] = given if isinstance(given, list) else []
        day = entry.get("received_on")
        records.append(
            {
                "at": str(entry.get("at", "")),
                "received_on": day if isinstance(day, str) else None,
                "file": str(entry.get("file", "")),
                "sha256": str(entry.get("sha256", "")),
                "status": str(entry.get("status", "")),
                "messages": [str(e.get("message", "")) for e in errors if isinstance(e, dict)],
            }
        )
    return records


def replies_record(data: SiteData, audience: Audience, pdf: bool) -> RepliesRecord:
    """``_data/replies.json``: the States that replied and what this build shows of each."""
    dataset = data.dataset
    replied = {r.iso3 for r in dataset.replies}
    return {
        "format": FORMAT,
        "cycle": dataset.cycle,
        "cycle_title": dataset.title,
        "deadline": dataset.deadline.isoformat(),
        "audience": audience,
        "recipients": len(dataset.recipients),
        "replies": [
            {
                "iso3": r.iso3,
                "short_name": r.short_name,
                "group": r.group,
                "received_on": r.first_received_on.isoformat(),
                "on_time": r.on_time,
                "report": publication(r, audience) != "none",
                "publication": r.publication,
            }
            for r in dataset.replies
        ],
        "not_replied": (
            [[r.iso3, r.short_name] for r in dataset.recipients if r.iso3 not in replied]
            if audience == "internal"
            else []
        ),
        "pdf": pdf,
    }


def edition_record(data: SiteData) -> EditionCountsRecord:
    """``_data/edition.json``: the counts beside each reviewed provision of the edition."""
    dataset = data.dataset
    return {
        "format": FORMAT,
        "cycle": dataset.cycle,
        "cycle_title": dataset.title,
        "counts": {row.id: tally_record(row.tally) for row in statistics.by_provision(dataset)},
    }


def needs_shown(data: SiteData, audience: Audience) -> tuple[list[statistics.NeedCount], int]:
    """The needs ranked as this build may name them, and the mentions of those it may not."""
    ranked = statistics.needs_ranking(data.dataset)
    shown = [n for n in ranked if public_need(n.need, audience)]
    hidden = sum(n.mentions for n in ranked if not public_need(n.need, audience))
    return shown, hidden
