"""``cosp simulate``: replies as States would send them, to run intake and the publications on."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import Location, UsageError, printable

DESCRIPTION = """\
Fill the cycle's real workbooks as States would return them and write them into DIR, named
<arrived>_<ISO3>.xlsx (the day the e-mail "came"), with their list DIR/replies.csv and
DIR/replies.json (file, state, arrived, kind: first, late, resubmission, damaged or corrected;
late; what intake must do: accepted or rejected, with the finding codes). The workbooks are
those the questionnaire stage wrote in the workspace (questionnaires/<cycle>/); missing ones
are issued first, as cosp questionnaire does. Answers, legislation, examples, challenges,
needs, comments, the focal point and the consent are invented (the focal points are "Focal
point N" at example.org), vary by regional group, and come from --seed alone: the same seed
gives the same bytes.

To ingest the batch as the secretariat would, each file with the day it arrived, in that
order: cosp ingest --replies DIR/replies.csv (or --ingest here, which also checks that intake
accepted and rejected what it had to).
"""


def register(subparsers: Any) -> None:
    """Add the ``simulate`` subcommand."""
    parser = subparsers.add_parser(
        "simulate",
        help="fill workbooks as States would return them (for demos, tests, benchmarks)",
        description=DESCRIPTION,
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--cycle",
        metavar="ID|FILE",
        help="the review cycle: its id or its file (default: the workspace's default cycle)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="N", help="the seed (default 1)")
    parser.add_argument(
        "--state",
        nargs="+",
        default=[],
        metavar="ISO3",
        help="only these States (default: every recipient of the cycle)",
    )
    parser.add_argument(
        "--reply-rate",
        type=_rate,
        default=1.0,
        metavar="R",
        help="the share of the States that reply at all, 0 to 1 (default 1: each sends a file)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="processes filling the files side by side (default: 2, or 1 on one core); the "
        "files are the same whatever N",
    )
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="then ingest the files in the order they arrived, each with its day, and check "
        "that intake accepted and rejected those it had to (exit 1 otherwise)",
    )
    parser.add_argument(
        "--db", type=Path, help="with --ingest: the store's database (default: the workspace's)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Simulate the batch; with ``--ingest``, ingest it."""
    from toolkit.cycle import load_cycle
    from toolkit.registry import load_registry
    from toolkit.simulate.batch import simulate
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    cycle = load_cycle(workspace.cycle_file(args.cycle))
    registry = load_registry(workspace.registry_file)
    states = _states(args.state, cycle, registry)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError.at(
            "simulate.jobs", Location("--jobs"), "-j must be 1 or more.", "Give -j 1 or -j 2."
        )
    batch = simulate(
        workspace,
        cycle,
        registry,
        states,
        args.out,
        seed=args.seed,
        reply_rate=args.reply_rate,
        jobs=args.jobs,
    )
    for reply in batch.replies:
        print(batch.folder / reply.file)
    for path in batch.manifest:
        print(path)
    kinds = Counter(r.kind for r in batch.replies)
    consents = Counter(r.consent or "(blank)" for r in batch.replies if r.expected == "accepted")
    workbooks = [p for p in batch.issued if p.suffix == ".xlsx"]
    issued = f"; {len(workbooks)} workbook(s) issued first" if workbooks else ""
    _say(
        f"{len(batch.replies)} file(s) from {len({r.state for r in batch.replies})} of "
        f"{len(states)} State(s) in {batch.folder}{issued}: "
        + ", ".join(f"{kinds[k]} {k}" for k in sorted(kinds))
        + f"; {sum(r.late for r in batch.replies)} after the deadline; consent on the accepted "
        "files: " + ", ".join(f"{consents[c]} {c}" for c in sorted(consents))
    )
    if not args.ingest:
        return 0
    return _ingest(workspace, batch, args.db)


def _ingest(workspace: Any, batch: Any, db: Path | None) -> int:
    """Ingest the batch in order of arrival; 1 when intake did not do what the list expects."""
    from toolkit.intake import Store, ingest_files
    from toolkit.intake.expected import ToolkitReference

    paths = [batch.folder / r.file for r in batch.replies]
    days = {
        path: date.fromisoformat(r.arrived) for path, r in zip(paths, batch.replies, strict=True)
    }
    reference = ToolkitReference(workspace.folder("cycles"), workspace.registry_file)
    statuses: Counter[str] = Counter()
    surprises = []
    with Store.open(db or workspace.store_db) as store:
        receipts = ingest_files(paths, store, reference=reference, received_on=days)
        for reply, receipt in zip(batch.replies, receipts, strict=True):
            statuses[receipt.status] += 1
            codes = {f.code for f in receipt.errors}
            wanted = set(filter(None, reply.findings.split(";")))
            ok = (
                receipt.status in ("accepted", "duplicate")
                if reply.expected == "accepted"
                else receipt.status == "rejected" and wanted <= codes
            )
            if not ok:
                surprises.append((reply, receipt, sorted(codes)))
    _say(
        f"ingested {len(paths)} file(s) in the order they arrived: "
        + ", ".join(f"{statuses[s]} {s}" for s in ("accepted", "rejected", "duplicate"))
    )
    for reply, receipt, found in surprises:
        _say(
            f"{batch.folder / reply.file}: intake gave {receipt.status} "
            f"({', '.join(found) or 'no error'}); the list expects {reply.expected}"
            + (f" with {reply.findings}" if reply.findings else "")
        )
    return 1 if surprises else 0


def _states(codes: list[str], cycle: Any, registry: Any) -> tuple[Any, ...]:
    """The States named with --state (registry codes), else the cycle's recipients."""
    from toolkit.registry import named_states

    if codes:
        return named_states(registry, codes, "simulate")
    return tuple(cycle.recipients_in(registry))


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share between 0 and 1 (0.9)")
    return value


def _say(message: str) -> None:
    print(printable(f"cosp: {message}"), file=sys.stderr)
