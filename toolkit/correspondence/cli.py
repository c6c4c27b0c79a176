"""``cosp letters`` and ``cosp status``: the cycle's notes verbales and where each State stands."""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import Finding, Location, ToolkitError, UsageError, printable

KIND_CHOICES = ("invitation", "reminder", "acknowledgement")


def register(subparsers: Any) -> None:
    """Add the ``letters`` and ``status`` subcommands."""
    db_help = "the store's database (default: the workspace's store/cosp.sqlite3)"
    cycle_help = "the review cycle: its id or its file (default: the workspace's default cycle)"
    letters = subparsers.add_parser(
        "letters",
        help="prepare notes verbales (PDF and docx) for a cycle's States",
        description="Prepare one kind of note verbale for a cycle: invitations to the cycle's "
        "recipients (or the States named), reminders to the recipients invited without an "
        "accepted submission, acknowledgements of the accepted submissions not yet "
        "acknowledged. Each letter is written as <cycle>_<kind>_<ISO3>.pdf and .docx in "
        "DIR/<cycle>/<kind>-<date>/ with a manifest.csv, and recorded in the store. Exit "
        "status 1 when a letter could not be prepared (the others are written).",
    )
    letters.add_argument("--kind", required=True, choices=KIND_CHOICES)
    letters.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder to write the batch's folder in (default: the workspace's letters/)",
    )
    letters.add_argument("--cycle", metavar="ID|FILE", help=cycle_help)
    letters.add_argument("--db", type=Path, metavar="PATH", help=db_help)
    letters.add_argument("--state", nargs="+", default=[], metavar="ISO3", help="only these States")
    letters.add_argument(
        "--date",
        type=_day("--date"),
        metavar="YYYY-MM-DD",
        help="the date the letters bear (default: today)",
    )
    letters.set_defaults(run=run_letters)

    status = subparsers.add_parser(
        "status",
        help="show where each recipient of a cycle stands (invited, reminded, answered)",
        description="One record per recipient of the cycle: status (not-invited, invited, "
        "reminded, rejected, accepted: the furthest step reached), overdue, the dates of the "
        "invitation, the latest reminder and the latest file received, the number of accepted "
        "submissions and the consent to publication; with the totals per status.",
    )
    status.add_argument("--cycle", metavar="ID|FILE", help=cycle_help)
    status.add_argument("--db", type=Path, metavar="PATH", help=db_help)
    status.add_argument(
        "--as-of",
        type=_day("--as-of"),
        metavar="YYYY-MM-DD",
        help="the day the status is computed for (default: today); later events are left out",
    )
    status.add_argument("--format", choices=("table", "json", "csv"), default="table")
    status.set_defaults(run=run_status)


def _day(option: str) -> Any:
    def parse(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a date written YYYY-MM-DD ({option} 2026-12-01)"
            ) from None

    return parse


def run_letters(args: argparse.Namespace) -> int:
    """Prepare the batch of letters the arguments ask for."""
    from toolkit.correspondence.batch import prepare_letters
    from toolkit.registry import named_states

    workspace, cycle, registry = _inputs(args)
    named = [state.iso3 for state in named_states(registry, args.state, "letters")]
    db = _store_path(args.db or workspace.store_db)
    with _store_errors(db):
        done = prepare_letters(
            workspace,
            cycle,
            registry,
            args.kind,
            args.date or date.today(),
            out=args.out,
            db=db,
            named=named,
        )
    for finding in done.findings:
        _say(finding)
    if done.batch is None:
        print(f"cosp: no {args.kind} to prepare for cycle {cycle.id}.", file=sys.stderr)
        return 1 if done.errors else 0
    for written in done.batch.written:
        print(written.pdf, flush=True)
        print(written.docx, flush=True)
    if done.batch.manifest is not None:
        print(done.batch.manifest, flush=True)
    print(
        f"cosp: {len(done.batch.written)} {args.kind}(s) prepared for cycle {cycle.id} in "
        f"{done.batch.folder}"
        + (f"; {done.errors} not prepared (see above)" if done.errors else ""),
        file=sys.stderr,
    )
    return 1 if done.errors else 0


def run_status(args: argparse.Namespace) -> int:
    """Print the cycle's status board as a table, JSON or CSV."""
    from toolkit.correspondence.status import status_board

    workspace, cycle, registry = _inputs(args)
    db = _store_path(args.db or workspace.store_db)
    with _store_errors(db):
        board = status_board(cycle, registry, db, args.as_of)
    if args.format == "json":
        from toolkit.untrusted import json_text

        print(json_text(board.as_json(), indent=2))
    elif args.format == "csv":
        _write_csv(board)
    else:
        _print_table(board)
    return 0


def _inputs(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from toolkit.cycle import load_cycle
    from toolkit.registry import load_registry
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    cycle = load_cycle(workspace.cycle_file(args.cycle))
    return workspace, cycle, load_registry(workspace.registry_file)


def _store_path(path: Path) -> Path:
    """The store's database; a folder given as --db is a usage error before anything runs."""
    path = Path(path)
    if path.is_dir():
        raise UsageError.at(
            "letters.store-path",
            Location(str(path)),
            "--db names a folder; it must name the store's database file.",
            "Give --db the path of the database file (store/cosp.sqlite3).",
        )
    return path


@contextmanager
def _store_errors(path: Path) -> Iterator[None]:
    """A file that is not the store's database is an error naming it, not a traceback."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise ToolkitError.at(
            "letters.store-unusable",
            Location(str(path)),
            f"this file cannot be used as the store's database ({error}).",
            "Check that --db names the toolkit's store (store/cosp.sqlite3).",
        ) from None


def _write_csv(board: Any) -> None:
    from toolkit.correspondence.status import FIELDS
    from toolkit.untrusted import neutralise

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(FIELDS)
    for record in board.records:
        values = record.as_json()
        writer.writerow([neutralise(_cell(values[name])) for name in FIELDS])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _print_table(board: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if not console.is_terminal:  # a file or a pipe: wide enough for every column
        console = Console(highlight=False, width=132)
    table = Table(
        title=f"{board.title} ({board.cycle}): status on {board.as_of.isoformat()}, "
        f"deadline {board.deadline.isoformat()}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for heading, fixed in (
        ("State", True),
        ("Name", False),
        ("Status", True),
        ("Overdue", True),
        ("Invited", True),
        ("Reminded", True),
        ("Last received", True),
        ("Submissions", True),
        ("Consent", False),
    ):
        table.add_column(heading, no_wrap=fixed, overflow="fold")
    for r in board.records:
        cells = (
            r.state,
            r.name,
            r.status,
            "overdue" if r.overdue else "",
            _cell(r.invited),
            _cell(r.reminded),
            _cell(r.last_received),
            str(r.submissions),
            _cell(r.consent),
        )
        # Text, not markup: a State's consent text is shown as typed, escapes included.
        table.add_row(*(Text(printable(c)) for c in cells))
    console.print(table)
    totals = board.totals()
    console.print(
        Text(
            "Totals: "
            + ", ".join(f"{name} {count}" for name, count in totals.items())
            + f" (of {len(board.records)} recipients)"
        )
    )


def _say(finding: Finding) -> None:
    print(f"cosp: {finding}", file=sys.stderr)
