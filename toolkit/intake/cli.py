"""``cosp ingest``, ``cosp responses`` and ``cosp diff``: the secretariat's intake commands."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import Location, ToolkitError, UsageError, printable
from toolkit.files import check_output_folder, write_atomically
from toolkit.intake.arrivals import read_arrivals
from toolkit.intake.config import Policy
from toolkit.intake.export import diff, json_text, write_csv
from toolkit.intake.findings import shown
from toolkit.intake.store import DEFAULT_DB, Store, Submission
from toolkit.workspace import from_arguments

if TYPE_CHECKING:
    from toolkit.intake.receipt import Receipt


def register(subparsers: Any) -> None:
    """Add the intake subcommands to the ``cosp`` parser."""
    db_help = (
        f"the store's database (default: the workspace's {DEFAULT_DB.as_posix()}; the archive "
        "is kept beside it)"
    )
    ingest = subparsers.add_parser(
        "ingest",
        help="validate returned questionnaires, archive them and store their answers",
        description="Archive each file, check it, store its answers and print a receipt. "
        "Each submission records the day its file arrived (--received, default today; "
        "--replies gives each file its own day). "
        "Exit status: 0 when every file was accepted (or was already received), 1 when any "
        "was rejected, 2 for a usage error.",
    )
    ingest.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="files or folders (default: the workspace's inbox/)",
    )
    ingest.add_argument("--db", type=Path, help=db_help)
    ingest.add_argument("--json", action="store_true", help="one JSON receipt per line")
    ingest.add_argument(
        "--receipts", type=Path, metavar="DIR", help="also write each receipt to DIR (txt, json)"
    )
    arrival = ingest.add_mutually_exclusive_group()
    arrival.add_argument(
        "--received",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day the files arrived (the day of the e-mail, when they are ingested later); "
        "default today",
    )
    arrival.add_argument(
        "--replies",
        type=Path,
        metavar="LIST",
        help="ingest the files of a list of received files, in the order they arrived, each "
        "with its own day: a CSV file with the columns file (relative to the list's folder) "
        "and arrived (YYYY-MM-DD), such as the replies.csv that cosp simulate writes; no FILE "
        "is given then",
    )
    ingest.add_argument(
        "--legislation-required",
        action="store_true",
        help="a Yes or Partially without cited legislation rejects the file",
    )
    ingest.set_defaults(run=run_ingest)

    _add_query(
        subparsers,
        "responses",
        "print a State's current answers (one record per question)",
        ("json", "csv"),
        run_responses,
        db_help,
    )
    _add_query(
        subparsers,
        "diff",
        "show what changed between a State's last two submissions",
        ("text", "json"),
        run_diff,
        db_help,
    )


def _add_query(
    subparsers: Any,
    name: str,
    summary: str,
    formats: tuple[str, ...],
    run: Callable[[argparse.Namespace], int],
    db_help: str,
) -> None:
    """A command reading a State's submissions: ISO3, --cycle, --format (the first by default)."""
    command = subparsers.add_parser(name, help=summary)
    command.add_argument("state", metavar="ISO3")
    command.add_argument("--cycle", metavar="ID", help="default: the State's latest cycle")
    command.add_argument("--format", choices=formats, default=formats[0])
    command.add_argument("--db", type=Path, help=db_help)
    command.set_defaults(run=run)


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the files; 0 when all were accepted, 1 when any was rejected."""
    # The reader and its checks (openpyxl) only when taking files in.
    from toolkit.intake.expected import ToolkitReference
    from toolkit.intake.ingest import ingest_files

    workspace = from_arguments(args)
    received: date | dict[Path, date] | None = args.received
    if args.replies is not None:
        if args.files:
            raise UsageError.at(
                "intake.replies-and-files",
                Location("--replies"),
                "files were named besides --replies.",
                "Name the files, or give the list of received files with --replies: not both.",
            )
        arrivals = read_arrivals(args.replies)
        args.files = [a.path for a in arrivals]
        received = {a.path: a.arrived for a in arrivals}
        if not args.files:
            _note(args.replies, "the list names no file: nothing to ingest.")
            return 0
    days = received.values() if isinstance(received, dict) else [received or date.today()]
    if max(days) > date.today():
        _note(
            args.replies or Path("--received"),
            f"the day of arrival {max(days).isoformat()} is after today; it is recorded as given.",
        )
    if not args.files and not workspace.inbox.is_dir():
        raise ToolkitError.at(
            "intake.no-inbox",
            Location(str(workspace.inbox)),
            "no file was named and the workspace has no inbox folder.",
            "Save the files States returned in the inbox folder (cosp init makes it), or name "
            "them: cosp ingest FILE...",
        )
    files = _expand(args.files or [workspace.inbox])
    policy = Policy(legislation_required=args.legislation_required)
    db = Path(args.db or workspace.store_db)
    reference = ToolkitReference(workspace.folder("cycles"), workspace.registry_file)
    _check_store_path(db)
    if args.receipts:
        check_output_folder(args.receipts, "--receipts")
        args.receipts.mkdir(parents=True, exist_ok=True)
    counts = {"accepted": 0, "rejected": 0, "duplicate": 0}
    recorded: dict[tuple[str, str], list[Receipt]] = {}
    with _store(db) as store, _store_errors(db):
        results = ingest_files(
            files, store, reference=reference, policy=policy, received_on=received
        )
        for receipt in results:
            counts[receipt.status] += 1
            if receipt.status == "accepted" and receipt.state and receipt.cycle:
                recorded.setdefault((receipt.state, receipt.cycle), []).append(receipt)
            if args.json:
                print(json_text(receipt.as_json()), flush=True)
            else:
                print(receipt.as_text(), flush=True)
            if args.receipts:
                _write_receipt(args.receipts, receipt)
    for (state, cycle), receipts in recorded.items():
        if len(receipts) > 1:
            order = "in the order they arrived" if args.replies else None
            _several_submissions(db, state, cycle, receipts, order)
    if not args.json:
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        print(f"{len(files)} file(s): {summary}", file=sys.stderr)
    return 1 if counts["rejected"] else 0


def _day(text: str) -> date:
    """A day written YYYY-MM-DD (an argparse type: a mistake is a usage error)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day written YYYY-MM-DD (2027-05-14)"
        ) from None


def _several_submissions(
    db: Path, state: str, cycle: str, receipts: list[Receipt], order: str | None = None
) -> None:
    """One run recorded several files of one State: the last one is current; say so."""
    names = ", ".join(shown(r.file, 60) for r in receipts[:-1])
    taken = order or "in the order given (a folder's files by name)"
    _note(
        db,
        f"{len(receipts)} new files of {state} for cycle {cycle} in this run; the files are "
        f"taken {taken}, so the last one, "
        f"{shown(receipts[-1].file, 60)}, is the current submission and {names} stay as "
        f"earlier ones. If another one is the State's final file, ask the State to open it, "
        f"save it again and send it: a newly saved file becomes the current submission "
        f"('cosp diff {state} --cycle {cycle}' shows what the last two differ in).",
    )


def run_responses(args: argparse.Namespace) -> int:
    """Print the current submission's answers as JSON or CSV."""
    with _open_existing(args) as store, _store_errors(store.path):
        _, _, submissions = _state_cycle(store, args.state, args.cycle)
        answers = store.answers(submissions[-1].id)
    if args.format == "csv":
        write_csv(answers, sys.stdout)
    else:
        print(json_text([a.record() for a in answers], indent=2))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """Print what changed between the State's last two submissions for the cycle."""
    with _open_existing(args) as store, _store_errors(store.path):
        state, cycle, submissions = _state_cycle(store, args.state, args.cycle)
        if len(submissions) < 2:
            print(f"{state}, cycle {cycle}: one submission only; nothing to compare.")
            return 0
        older, newer = submissions[-2:]
        changes = diff(store.answers(older.id), store.answers(newer.id))
    if args.format == "json":
        document = {
            "state": state,
            "cycle": cycle,
            "before": older.id,
            "after": newer.id,
            "changes": [vars(c) for c in changes],
        }
        print(json_text(document, indent=2))
        return 0
    print(f"{state}, cycle {cycle}: {_label(newer)} compared with {_label(older)}")
    for change in changes:
        before = shown(change.before) if change.before else "(empty)"
        after = shown(change.after) if change.after else "(empty)"
        print(f"  {change.id}  {change.field}: {before} -> {after}")
    questions = len({c.id for c in changes})
    print(f"{questions} question(s) changed." if changes else "No answer changed.")
    return 0


def _label(submission: Submission) -> str:
    return (
        f"submission {submission.id} ({shown(submission.file_name, 40)}, "
        f"received {submission.received_at})"
    )


def _expand(paths: list[Path]) -> list[Path]:
    """The files named, folders replaced by their files (sorted, hidden ones skipped).

    What a folder holds besides files (folders inside it, broken links) is not read: each is
    named on standard error, so that no returned questionnaire is left unread unnoticed.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            found = [p for p in entries if p.is_file()]
            for skipped in (p for p in entries if not p.is_file()):
                if skipped.is_dir():
                    _note(
                        skipped,
                        "skipped: the folders inside a folder are not read; to ingest "
                        f"the files in this one, name it: cosp ingest {skipped}",
                    )
                else:
                    _note(skipped, "skipped: this is not a regular file (a broken link?).")
            if not found:
                _note(path, "this folder holds no file to ingest.")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            what = "does not exist" if not path.exists() else "is not a regular file"
            raise ToolkitError.at(
                "intake.no-file",
                Location(str(path)),
                f"The file {what}.",
                "Check the path; name the received files, or the folder that holds them.",
            )
    return files


def _write_receipt(folder: Path, receipt: Receipt) -> None:
    """Write the receipt as ``<sha256>.txt`` and ``.json``; a duplicate's receipt never
    replaces the receipt of the file's first reception (``<sha256>.duplicate.txt``)."""
    stem = folder / f"{receipt.sha256}"
    if receipt.status == "duplicate" and stem.with_suffix(".txt").exists():
        stem = folder / f"{receipt.sha256}.duplicate"
    for suffix, text in (
        (".txt", receipt.as_text()),
        (".json", json_text(receipt.as_json(), indent=2)),
    ):
        write_atomically(stem.with_name(stem.name + suffix), text.encode("utf-8"))


def _check_store_path(path: Path) -> None:
    """Refuse a --db that names a folder, or lies under a file, before anything is written."""
    hint = "Give --db the path of the database file (store/cosp.sqlite3); its folder is created."
    if path.is_dir():
        raise UsageError.at(
            "intake.store-path",
            Location(str(path)),
            "--db names a folder; it must name the store's database file.",
            hint,
        )
    check_output_folder(path.parent, "--db", hint)


def _store(path: Path, *, create: bool = True) -> Store:
    """Open (creating if needed) the store; a file that is not one is an error naming it."""
    with _store_errors(path):
        return Store.open(path, create=create)


@contextmanager
def _store_errors(path: Path) -> Iterator[None]:
    """Turn a database failure (not an SQLite file, another program's database, a disk
    error) into an error naming the store, instead of a traceback."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise ToolkitError.at(
            "intake.store-unusable",
            Location(str(path)),
            f"this file cannot be used as the store's database ({error}).",
            "Check that --db names the toolkit's store (store/cosp.sqlite3), not another file; "
            "to start a new store, give --db a new file name.",
        ) from None


def _note(path: Path, message: str) -> None:
    print(printable(f"cosp: {path}: warning: {message}"), file=sys.stderr)


def _open_existing(args: argparse.Namespace) -> Store:
    return Store.existing(Path(args.db or from_arguments(args).store_db), "intake")


def _state_cycle(
    store: Store, state: str, cycle: str | None
) -> tuple[str, str, tuple[Submission, ...]]:
    """The State, the cycle (default: its latest) and its accepted submissions (at least one),
    oldest first, read once."""
    state = state.strip().upper()
    if cycle:
        submissions = store.submissions(state, cycle)
    else:
        every = store.submissions(state)  # all cycles, oldest first: the last is the latest
        cycle = every[-1].cycle if every else None
        submissions = tuple(s for s in every if s.cycle == cycle)
    if cycle is None or not submissions:
        which = f" for cycle {cycle}" if cycle else ""
        raise ToolkitError.at(
            "intake.no-submission",
            Location(str(store.path)),
            f"No accepted submission from {state}{which}.",
            "Check the State code (ISO 3166-1 alpha-3) and the cycle, or ingest its file first.",
        )
    return state, cycle, submissions
