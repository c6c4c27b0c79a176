"""The thematic implementation report's record: the statistics, the summary, the figures.

:func:`statistics_record` copies the counts of :mod:`toolkit.statistics` into
``_data/statistics.json`` (regional groups of fewer than 3 responding States withheld in a
public build) with the executive summary (:mod:`.summary`) and each figure's record: its
title, its alternative text and its numbers.  :func:`draw_figures` draws the figures
(:mod:`.figures`) from those records, skipping a figure whose numbers have not changed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from toolkit import statistics
from toolkit.publications import figures
from toolkit.publications.consent import Audience, public_need
from toolkit.publications.content import (
    article_rows,
    chapter_rows,
    needs_shown,
    provision_rows,
    tally_record,
)
from toolkit.publications.gather import SiteData
from toolkit.publications.labels import CATEGORIES, CATEGORY_WORDS, need_words
from toolkit.publications.records import (
    FORMAT,
    FigureRecord,
    RegionRowRecord,
    RowRecord,
    StatisticsRecord,
)
from toolkit.publications.summary import Figures, Row, executive_summary
from toolkit.publications.words import listing, percent
from toolkit.stamps import Manifest, code_digest, inputs_digest

IN_PLACE = CATEGORY_WORDS["yes"].lower()
"""``in place``: what the heatmap's shares are of."""
TOP_NEEDS = 12
"""Needs drawn in the ranking figure (the table lists them all)."""


def group_label(group: str | None) -> str:
    return group if group is not None else "No group"


def statistics_record(data: SiteData, audience: Audience) -> StatisticsRecord:
    """``_data/statistics.json`` for a build of this audience."""
    ds = data.dataset
    rate = statistics.response_rate(ds)
    minimum = statistics.MINIMUM_STATES if audience == "public" else 0
    groups = statistics.groups(ds)
    members = {g: [r.iso3 for r in ds.replies if r.group == g] for g in groups}
    responding = {g: statistics.overall(ds, members[g]).responding for g in groups}
    regions: dict[str, list[RegionRowRecord]] = {}
    for level in statistics.LEVELS:
        regions[level] = [
            {
                "group": row.group,
                "key": row.key,
                "tally": tally_record(row.tally) if row.tally is not None else None,
            }
            for row in statistics.region_counts(ds, level, minimum=minimum)
        ]
    needs, unlisted = needs_shown(data, audience)
    needs_by_article = [
        {
            "article": a.article,
            "title": a.title,
            "needs": [
                {
                    "need": n.need,
                    "label": need_words(n.need),
                    "states": n.states,
                    "mentions": n.mentions,
                }
                for n in a.needs
                if public_need(n.need, audience)
            ],
        }
        for a in statistics.needs_by_article(ds)
    ]
    challenges = statistics.challenges_by_article(ds)
    articles = article_rows(statistics.by_article(ds))
    overall = statistics.overall(ds)
    consents = statistics.consents(ds)
    group_rows: list[Row | None] = []
    for g in groups:
        rows = [r for r in regions["chapter"] if r["group"] == g]
        if rows and rows[0]["tally"] is None:
            group_rows.append(None)
        else:
            group_rows.append(Row(group_label(g), tally_record(statistics.overall(ds, members[g]))))
    summary = executive_summary(
        Figures(
            cycle_title=ds.title,
            deadline=ds.deadline.isoformat(),
            recipients=rate.recipients,
            replied=rate.replied,
            on_time=rate.on_time,
            late=rate.late,
            questions=len(ds.questions),
            overall=Row("all", tally_record(overall)),
            articles=[
                Row(f"article {c.article} ({c.title})", tally_record(c.tally))
                for c in statistics.by_article(ds)
            ],
            groups=group_rows if ds.replies else [],
            needs=[(need_words(n.need), n.states) for n in needs],
            challenges=[
                (f"article {c.article} ({c.title})", c.states, c.responding) for c in challenges
            ],
        )
    )
    record: StatisticsRecord = {
        "format": FORMAT,
        "cycle": ds.cycle,
        "cycle_title": ds.title,
        "deadline": ds.deadline.isoformat(),
        "audience": audience,
        "recipients": rate.recipients,
        "replied": rate.replied,
        "on_time": rate.on_time,
        "late": rate.late,
        "consents": {
            "yes": consents.yes,
            "summary": consents.summary,
            "no": consents.no,
            "not_given": consents.not_given,
        },
        "overall": tally_record(overall),
        "provisions": provision_rows(statistics.by_provision(ds), data),
        "articles": articles,
        "chapters": chapter_rows(statistics.by_chapter(ds)),
        "groups": [[g, responding[g]] for g in groups],
        "regions": regions,
        "needs": [
            {
                "need": n.need,
                "label": need_words(n.need),
                "states": n.states,
                "mentions": n.mentions,
            }
            for n in needs
        ],
        "unlisted_needs": unlisted,
        "needs_by_article": needs_by_article,  # type: ignore[typeddict-item]
        "challenges": [
            {
                "article": c.article,
                "chapter": c.chapter,
                "title": c.title,
                "states": c.states,
                "responding": c.responding,
            }
            for c in challenges
        ],
        "timeline": [
            {
                "day": d.day.isoformat(),
                "first": d.first,
                "resubmissions": d.resubmissions,
                "replied": d.replied,
                "late": d.late,
            }
            for d in statistics.timeline(ds)
        ],
        "summary": summary,
        "figures": [],
        "formats": [".svg"],
    }
    record["figures"] = [
        answers_figure(articles),
        heatmap_figure(data, record, audience),
        needs_figure(record),
        timeline_figure(record),
    ]
    return record


def answers_figure(articles: list[RowRecord]) -> FigureRecord:
    """Stacked bars: each category's count, article by article."""
    rows = [
        [a["label"], *(str(a["tally"][o]) for o in CATEGORIES)]  # type: ignore[literal-required,index]
        for a in articles
        if a["tally"]
    ]
    alt = (
        f"Stacked bars, one for each of the {len(articles)} articles reviewed, showing how many "
        "answers said the measures are in place, in place in part, not in place (a gap), "
        "not used or reserved as the Convention allows (a choice, not a gap), not applicable, "
        "or were left unanswered."
    )
    most = max(articles, key=lambda a: a["tally"]["yes"] if a["tally"] else -1, default=None)
    if most is not None and most["tally"]:
        alt += f" {most['label']} has the most answers in place ({most['tally']['yes']})."
    choices = [a for a in articles if a["tally"] and a["tally"]["choice"]]
    if choices:
        alt += (
            " Choices the Convention allows: "
            + listing([f"{a['label']} {a['tally']['choice']}" for a in choices if a["tally"]])
            + "."
        )
    return {
        "name": "answers-by-article",
        "title": "Answers by article",
        "alt": alt + " The table below gives every number.",
        "headers": ["Article", *(CATEGORY_WORDS[c] for c in CATEGORIES)],
        "rows": rows,
    }


def heatmap_figure(data: SiteData, record: StatisticsRecord, audience: Audience) -> FigureRecord:
    """The share of Yes answers by article and regional group (internal: by State)."""
    ds = data.dataset
    articles = [a for a in record["articles"]]
    if audience == "internal":
        headers = ["State", *(f"Art. {a['key']}" for a in articles)]
        rows = []
        for reply in ds.replies:
            own = {str(c.article): c.tally for c in statistics.by_article(ds, [reply.iso3])}
            rows.append(
                [reply.short_name]
                + [
                    percent(own[a["key"]].yes, own[a["key"]].answers)
                    if own[a["key"]].answers
                    else "–"
                    for a in articles
                ]
            )
        return {
            "name": "heatmap",
            "title": "Share of answers in place by State and article",
            "alt": (
                f"A grid of the {len(rows)} States that replied (rows) by the {len(articles)} "
                "articles reviewed (columns); each cell gives the share of the State's answers "
                "to the article's questions that said the measures are in place. The table "
                "below gives every share."
            ),
            "headers": headers,
            "rows": rows,
        }
    groups = [g for g, _ in record["groups"]]
    by_cell = {(r["group"], r["key"]): r["tally"] for r in record["regions"]["article"]}
    rows = []
    for a in articles:
        cells = []
        for g in groups:
            tally = by_cell.get((g, a["key"]))
            if tally is None:
                cells.append("fewer than 3")
            else:
                answers = sum(tally[o] for o in CATEGORIES)  # type: ignore[literal-required]
                cells.append(percent(tally["yes"], answers))
        rows.append([a["label"], *cells])
    withheld = [
        group_label(g) for g in groups if all(by_cell.get((g, a["key"])) is None for a in articles)
    ]
    alt = (
        f"A grid of the {len(articles)} articles reviewed (rows) by the {len(groups)} regional "
        "groups (columns); each cell gives the share of the group's answers to the article's "
        "questions that said the measures are in place."
    )
    if withheld:
        alt += f" {listing(withheld)}: fewer than 3 States replied, so no share is shown."
    return {
        "name": "heatmap",
        "title": "Share of answers in place by article and regional group",
        "alt": alt + " The table below gives every share.",
        "headers": ["Article", *(group_label(g) for g in groups)],
        "rows": rows,
    }


def needs_figure(record: StatisticsRecord) -> FigureRecord:
    """The needs named by most States."""
    needs = record["needs"][:TOP_NEEDS]
    alt = f"Horizontal bars: the {len(needs)} technical-assistance needs named by most States"
    alt += f", led by “{needs[0]['label']}” ({needs[0]['states']} States)." if needs else " (none)."
    return {
        "name": "needs",
        "title": "Technical-assistance needs named by most States",
        "alt": alt,
        "headers": ["Need", "States naming it", "Questions it was named for"],
        "rows": [[n["label"], str(n["states"]), str(n["mentions"])] for n in needs],
    }


def timeline_figure(record: StatisticsRecord) -> FigureRecord:
    """The running total of replies against the deadline (its table month by month; the
    figure and the statistics draw every day)."""
    months: dict[str, list[int]] = {}
    for day in record["timeline"]:
        month = months.setdefault(day["day"][:7], [0, 0, 0])
        month[0] += day["first"]
        month[1] += day["resubmissions"]
        month[2] = day["replied"]
    alt = (
        f"A line rising day by day to the {record['replied']} States that replied, with the "
        f"deadline of {record['deadline']} marked: {record['on_time']} replied by it and "
        f"{record['late']} after it."
    )
    return {
        "name": "timeline",
        "title": "Replies received, day by day, against the deadline",
        "alt": alt,
        "headers": ["Month", "First replies", "Resubmissions", "States that replied by its end"],
        "rows": [[month, *(str(n) for n in counts)] for month, counts in months.items()],
    }


def draw_figures(
    record: StatisticsRecord, folder: Path, formats: tuple[str, ...] = figures.SUFFIXES
) -> list[Path]:
    """Draw the record's figures into ``folder`` in ``formats`` (SVG for HTML, PDF for LaTeX),
    skipping those whose numbers are as drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(folder / ".figures.json")
    written: list[Path] = []
    code = code_digest("publications")
    drawers = {
        "answers-by-article": lambda f, base: figures.answers_by_article(
            [r[0] for r in f["rows"]],
            [(name, [int(r[1 + n]) for r in f["rows"]]) for n, name in enumerate(f["headers"][1:])],
            base,
            formats,
        ),
        "heatmap": lambda f, base: figures.heatmap(
            [r[0] for r in f["rows"]],
            f["headers"][1:],
            [[_share(v) for v in r[1:]] for r in f["rows"]],
            base,
            formats,
            # By State (internal): a blank cell is an article the State was not asked about.
            withheld="not asked" if f["headers"][0] == "State" else "fewer than 3",
            measure=f"Share of answers {IN_PLACE} (%)",
        ),
        "needs": lambda f, base: figures.needs_ranking(
            [r[0] for r in f["rows"]], [int(r[1]) for r in f["rows"]], base, formats
        ),
        "timeline": lambda f, base: figures.timeline(
            [date.fromisoformat(d["day"]) for d in record["timeline"]],
            [d["replied"] for d in record["timeline"]],
            date.fromisoformat(record["deadline"]),
            base,
            formats,
        ),
    }
    for figure in record["figures"]:
        base = folder / figure["name"]
        inputs = inputs_digest(code, figure, record["deadline"], record["timeline"])
        if all(manifest.current(base.with_suffix(s), inputs) for s in formats):
            continue
        written += drawers[figure["name"]](figure, base)
        for suffix in formats:
            manifest.note(base.with_suffix(suffix), inputs)
    manifest.keep_only(f"{f['name']}{s}" for f in record["figures"] for s in formats)
    manifest.save()
    return written


def _share(text: str) -> float | None:
    """A cell of the heatmap's table back to its share (``54 %`` -> 0.54; else None)."""
    return int(text.rstrip(" %\u00a0")) / 100 if text.endswith("%") else None
