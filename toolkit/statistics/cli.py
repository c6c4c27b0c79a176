"""``cosp statistics``: the secretariat's exact counts of a cycle's answers."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError, Location, ToolkitError

BY = ("provision", "article", "chapter", "region")
FORMATS = ("json", "csv", "table")
KEYS: dict[str, tuple[str, ...]] = {
    "provision": ("id", "article", "chapter", "kind"),
    "article": ("article", "chapter", "title", "questions"),
    "chapter": ("chapter", "title", "questions"),
    "region": ("region", "id", "article", "chapter"),
}
"""The fields naming what each record counts, before the counts, by ``--by``."""
COUNTS = ("yes", "partially", "no", "not_applicable", "unanswered", "responding")

DESCRIPTION = """\
Count, over every State's current accepted submission of the cycle, the answers to each
question (--by provision: key id), article (article), chapter (chapter) or regional group and
question (region and id): the fields yes, partially, no, not_applicable, unanswered (a
responding State left it blank) and responding (the States that replied and were asked it).
For an article or a chapter the answer fields count answers (States times questions; their sum
is the field answers) and responding counts States. The questions are those of the cycle's
lock (its current issue); a State that answered an earlier issue is counted on the questions
the two share by ID. Counts are exact; CSV neutralises formulas.
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
    from toolkit.lock import read_lock
    from toolkit.registry import load_registry
    from toolkit.statistics.dataset import collect
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    cycle = load_cycle(workspace.cycle_file(args.cycle))
    lock = read_lock(workspace.lock_file(cycle.id), cycle.id)
    if lock is None:
        raise ConfigError.at(
            "statistics.not-issued",
            Location(str(workspace.lock_file(cycle.id))),
            f"cycle {cycle.id!r} has not been issued in this workspace: there is no lock of "
            "its questions, so nothing can have been answered.",
            "Check --cycle and --workspace, or issue the cycle (cosp questionnaire).",
        )
    db = Path(args.db or workspace.store_db)
    if not db.is_file():
        raise ToolkitError.at(
            "statistics.no-store",
            Location(str(db)),
            "there is no store here yet.",
            "Ingest files first (cosp ingest FILE...) or name the store with --db PATH.",
        )
    with Store.open(db, create=False) as store:
        dataset = collect(store, lock, load_registry(workspace.registry_file), cycle)
    records = records_of(dataset, args.by)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from toolkit.untrusted import json_text

        print(json_text(records, indent=2))
    elif fmt == "csv":
        write_csv(records, (*KEYS[args.by], *COUNTS, *_extra(args.by)), sys.stdout)
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


def _extra(by: str) -> tuple[str, ...]:
    return ("answers",) if by in ("article", "chapter") else ()


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
    columns = [c for c in KEYS[by] if c not in ("kind", "title", "chapter") or by == "chapter"]
    for name in (*columns, *COUNTS):
        table.add_column(name.replace("_", " "), justify="right" if name in COUNTS else "left")
    for record in records:
        cells = [record.get(name) for name in (*columns, *COUNTS)]
        if by == "region" and cells[0] is None:
            cells[0] = "(in no group)"
        # Text, not markup: nothing in a cell is read as rich's [style] codes.
        table.add_row(*(Text("" if value is None else str(value)) for value in cells))
    Console(highlight=False).print(table)
