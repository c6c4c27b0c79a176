"""``cosp questionnaire``: write a cycle's self-assessment workbooks and print their paths."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import Finding, Location, UsageError


def register(subparsers: Any) -> None:
    """Add the ``questionnaire`` subcommand."""
    parser = subparsers.add_parser(
        "questionnaire",
        help="write the self-assessment workbooks (xlsx) of a review cycle",
        description="Write the blank master and one workbook per recipient of a review cycle "
        "under DIR/<cycle>/ (or only the workbooks of the States given with --state), "
        "and print the paths written. The first run issues the cycle: it records the "
        "questions in a lock file beside the cycle file (<cycle>.questions.json); later runs "
        "write the same questions, and stop if the questions have changed since.",
    )
    parser.add_argument(
        "--cycle",
        type=Path,
        metavar="FILE",
        help="review cycle file (default: the bundled default cycle)",
    )
    parser.add_argument(
        "--state",
        nargs="+",
        default=[],
        metavar="ISO3",
        help="only the workbooks of these States (ISO 3166-1 alpha-3 codes), no master",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write the cycle's folder in",
    )
    parser.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="questionnaire wording (default: templates/questions.yaml)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )
    lock = parser.add_mutually_exclusive_group()
    lock.add_argument(
        "--relock",
        action="store_true",
        help="issue the questions as they are now, although they differ from those recorded "
        "in the cycle's lock file (<cycle>.questions.json); the lock is rewritten and keeps "
        "the earlier issue, whose workbooks stay readable",
    )
    lock.add_argument(
        "--as-issued",
        action="store_true",
        help="write the workbooks with the questions recorded in the cycle's lock file, as "
        "they were sent, even though the treaty model or the wording has changed since",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Generate the workbooks the arguments ask for."""
    # Imported here so that `cosp --help` stays fast.
    from toolkit import instrument as treaty
    from toolkit.cycle import load_cycle
    from toolkit.datafile import suggest
    from toolkit.files import check_output_folder
    from toolkit.questionnaire.generate import cycle_folder, generate
    from toolkit.questionnaire.issue import issue
    from toolkit.questionnaire.template import load_template, load_translations
    from toolkit.registry import load_registry

    cycle = load_cycle(args.cycle)
    # Checked before the lock is written: a first issue is never recorded with no workbook.
    check_output_folder(cycle_folder(args.out, cycle.id), "--out")
    registry = load_registry()
    unknown = [code for code in args.state if code.upper() not in registry]
    if unknown:
        raise UsageError(
            *(
                Finding(
                    "questionnaire.unknown-state",
                    "error",
                    f"{code!r} is not the code of a State in the registry ({registry.path.name}).",
                    Location("--state"),
                    "Give ISO 3166-1 alpha-3 codes as listed in the registry (e.g. CHL, SEN)."
                    + suggest(code.upper(), (state.iso3 for state in registry)),
                )
                for code in unknown
            )
        )
    if args.state:
        codes = list(dict.fromkeys(code.upper() for code in args.state))
        recipients = tuple(registry.get(code) for code in codes)
    else:
        recipients = cycle.recipients_in(registry)
        if not recipients:
            note = Finding(
                "questionnaire.no-recipient",
                "warning",
                f"no State in the registry ({registry.path.name}) is a recipient of the cycle "
                f"(recipients: {cycle.recipients}): only the blank master is written.",
                Location(str(cycle.path), key="recipients"),
                "Record the States' ratifications in the registry, or list the recipients.",
            )
            print(f"cosp: {note}", file=sys.stderr)
    if cycle.deadline < date.today():
        note = Finding(
            "questionnaire.deadline-passed",
            "warning",
            f"the deadline of the cycle ({cycle.deadline.isoformat()}) has passed: the workbooks "
            "ask the States to reply by a date that is over.",
            Location(str(cycle.path), key="deadline"),
            "Set a new deadline in the cycle file if the States are to reply now.",
        )
        print(f"cosp: {note}", file=sys.stderr)
    template = load_template(args.template)
    convention = treaty.load(cycle.source)
    issued = issue(
        cycle,
        convention,
        template,
        load_translations(args.template, cycle.languages),
        relock=args.relock,
        as_issued=args.as_issued,
    )
    if issued.lock_written:
        print(issued.lock.path, flush=True)
    generate(
        issued.questionnaire,
        recipients,
        args.out,
        master=not args.state,
        progress=False if args.no_progress else None,
        written=lambda path: print(path, flush=True),
        translations=issued.translations,
    )
    return 0
