"""``cosp statistics``: the secretariat's exact counts of a cycle's answers."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BY = ("provision", "article", "chapter", "region", "need", "challenge")
FORMATS = ("json", "csv", "table")
KEYS: dict[str, tuple[str, ...]] = {
    "provision": ("id", "article", "chapter", "kind"),
    "article": ("article", "chapter", "title", "questions"),
    "chapter": ("chapter", "title", "questions"),
    "region": ("region", "id", "article", "chapter"),
    "need": ("article", "need"),
    "challenge": ("article", "chapter", "title"),
}
"""The fields naming what each record counts, before the counts, by ``--by``."""
COUNTS = ("yes", "partially", "no", "choice", "not_applicable", "unanswered", "responding")
OTHER_COUNTS = {"need": ("states", "mentions"), "challenge": ("states", "responding")}
"""The counts of the records of needs and challenges (instead of :data:`COUNTS`)."""

DESCRIPTION = """\
Count, over every State's current accepted submission of the cycle, the answers to each
question (--by provision: key id), article (article), chapter (chapter) or regional group and
question (region and id): the fields yes, partially, no, choice, not_applicable, unanswered (a
responding State left it blank) and responding (the States that replied and were asked it).
For an article or a chapter the answer fields count answers (States times questions; their sum
is the field answers) and responding counts States. The questions are those of the cycle's
lock (its current issue); a State that answered an earlier issue is counted on the questions
the two share by ID. Counts are exact; CSV neutralises formulas.

Also: --by need, the technical-assistance needs ranked (fields article, need, states: the
States naming it, mentions: the questions it was named for), over all questions (article
null) then article by article; --by challenge, the articles where most States report
challenges first (article, chapter, title, states, responding).
"""


def register(subparsers: Any) -> None:
    """Add the ``statistics`` subcommand."""
    parser = subparsers.add_parser(
        "statistics",
        help="count the answers of a cycle by question, article, chapter or regional group",
        description=DESCRIPTION,
    )
    parser.add_argument(
        "--db", type=Path, help="the store's database (default: the workspace's store)"
    )
    parser.add_argument(
        "--cycle", metavar="ID", help="the review cycle (default: the workspace's default cycle)"
    )
    parser.add_argument("--by", choices=BY, default="provision", help="default: provision")
    parser.add_argument(
        "--format", choices=FORMATS, help="default: table on a terminal, json otherwise"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the counts the arguments ask for."""
    from toolkit.cycle import load_cycle
    from toolkit.intake.store import Store
    from toolkit.lock import issued_lock
    from toolkit.registry import load_registry
    from toolkit.statistics.dataset import collect
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    cycle = load_cycle(workspace.cycle_file(args.cycle))
    lock = issued_lock(workspace.lock_file(cycle.id), cycle.id, "statistics")
    db = Path(args.db or workspace.store_db)
    with Store.existing(db, "statistics") as store:
        dataset = collect(store, lock, load_registry(workspace.registry_file), cycle)
    records = records_of(dataset, args.by)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from toolkit.untrusted import json_text

        print(json_text(records, indent=2))
    elif fmt == "csv":
        write_csv(records, _columns(args.by), sys.stdout)
    else:
        _table(dataset, records, args.by)
    return 0


def records_of(dataset: Any, by: str) -> list[dict[str, Any]]:
    """The records ``cosp statistics --by BY`` prints: the key fields, then the counts."""
    from toolkit.statistics import counts

    if by == "provision":
        return [
            {"id": c.id, "article": c.article, "chapter": c.chapter, "kind": c.kind}
            | c.tally.as_dict()
            for c in counts.by_provision(dataset)
        ]
    if by == "article":
        return [
            {"article": c.article, "chapter": c.chapter, "title": c.title}
            | {"questions": c.questions}
            | c.tally.as_dict()
            | {"answers": c.tally.answers}
            for c in counts.by_article(dataset)
        ]
    if by == "chapter":
        return [
            {"chapter": c.chapter, "title": c.title, "questions": c.questions}
            | c.tally.as_dict()
            | {"answers": c.tally.answers}
            for c in counts.by_chapter(dataset)
        ]
    if by == "need":
        from toolkit.statistics.assistance import needs_by_article, needs_ranking

        overall = [{"article": None} | vars(n) for n in needs_ranking(dataset)]
        return overall + [
            {"article": a.article} | vars(n) for a in needs_by_article(dataset) for n in a.needs
        ]
    if by == "challenge":
        from toolkit.statistics.assistance import challenges_by_article

        return [
            {"article": c.article, "chapter": c.chapter, "title": c.title}
            | {"states": c.states, "responding": c.responding}
            for c in challenges_by_article(dataset)
        ]
    questions = {q.id: q for q in dataset.questions}
    return [
        {
            "region": r.group,
            "id": r.key,
            "article": questions[r.key].article,
            "chapter": questions[r.key].chapter,
        }
        | (r.tally.as_dict() if r.tally else {})
        for r in counts.by_region(dataset, "provision")
    ]


def _columns(by: str) -> tuple[str, ...]:
    """The fields of the records of ``--by BY``, in order."""
    if by in OTHER_COUNTS:
        return (*KEYS[by], *OTHER_COUNTS[by])
    return (*KEYS[by], *COUNTS, *(("answers",) if by in ("article", "chapter") else ()))


def write_csv(records: Sequence[dict[str, Any]], columns: Sequence[str], stream: Any) -> None:
    """The records as CSV, every text neutralised (a formula stays text)."""
    from toolkit.untrusted import neutralise

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(
            [
                value if isinstance(value, int) else neutralise(value)
                for value in (record.get(name) for name in columns)
            ]
        )


def _table(dataset: Any, records: Sequence[dict[str, Any]], by: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from toolkit.statistics.replies import response_rate

    rate = response_rate(dataset)
    table = Table(
        title=f"{dataset.cycle}: {rate.replied} of {rate.recipients} States replied "
        f"({rate.on_time} on time, {rate.late} late; deadline {rate.deadline.isoformat()})",
        title_justify="left",
    )
    keys = [c for c in KEYS[by] if c not in ("kind", "title", "chapter") or by == "chapter"]
    numbers = OTHER_COUNTS.get(by, COUNTS)
    if by in OTHER_COUNTS:
        keys = list(KEYS[by])
    for name in (*keys, *numbers):
        table.add_column(name.replace("_", " "), justify="right" if name in numbers else "left")
    for record in records:
        cells = [record.get(name) for name in (*keys, *numbers)]
        if by == "region" and cells[0] is None:
            cells[0] = "(in no group)"
        if by == "need" and cells[0] is None:
            cells[0] = "all"
        # Text, not markup: nothing in a cell is read as rich's [style] codes.
        table.add_row(*(Text("" if value is None else str(value)) for value in cells))
    Console(highlight=False).print(table)
