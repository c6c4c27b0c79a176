"""``cosp questionnaire``: write a cycle's self-assessment workbooks and print their paths."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import Finding, Location


def register(subparsers: Any) -> None:
    """Add the ``questionnaire`` subcommand."""
    parser = subparsers.add_parser(
        "questionnaire",
        help="write the self-assessment workbooks (xlsx) of a review cycle",
        description="Write the blank master and one workbook per recipient of a review cycle "
        "under DIR/<cycle>/ (or only the workbooks of the States given with --state), "
        "and print the paths written. The first run issues the cycle: it records the "
        "questions and the cycle's particulars, sealed, in the workspace's lock of the cycle "
        "(cycles/<cycle>.questions.json); later runs write the same workbooks (those whose "
        "inputs have not changed are left as they are), and stop if the questions have changed "
        "since.",
    )
    parser.add_argument(
        "--cycle",
        metavar="ID|FILE",
        help="the review cycle: its id or the path of its file (default: the workspace's "
        "default cycle)",
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
        metavar="DIR",
        help="folder to write the cycle's folder in (default: the workspace's questionnaires/)",
    )
    parser.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="questionnaire wording (default: the workspace's templates/questions.yaml, else "
        "the bundled one)",
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
    from toolkit.files import check_output_folder
    from toolkit.questionnaire.generate import cycle_folder
    from toolkit.questionnaire.issuing import prepare_issue
    from toolkit.questionnaire.languages import language_warnings
    from toolkit.questionnaire.template import load_template, load_translations
    from toolkit.registry import load_registry
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    cycle = load_cycle(workspace.cycle_file(args.cycle))
    out = args.out if args.out is not None else workspace.questionnaires
    # Checked before anything is written: an issue is never recorded without its workbooks.
    check_output_folder(cycle_folder(out, cycle.id), "--out")
    registry = load_registry(workspace.registry_file)
    recipients = _recipients(args, cycle, registry)
    if cycle.deadline < date.today():
        _warn(
            Finding(
                "questionnaire.deadline-passed",
                "warning",
                f"the deadline of the cycle ({cycle.deadline.isoformat()}) has passed: the "
                "workbooks ask the States to reply by a date that is over.",
                Location(str(cycle.path), key="deadline"),
                "Set a new deadline in the cycle file if the States are to reply now.",
            )
        )
    template_file = args.template or workspace.template("questions.yaml")
    template = load_template(template_file)
    translations = load_translations(template_file, cycle.languages)
    # Each State gets its language where the cycle lists it and the wording is translated.
    for note in language_warnings(recipients, cycle.languages, translations, cycle.path):
        _warn(note)
    issuing = prepare_issue(
        cycle,
        workspace.lock_file(cycle.id),
        treaty.load(cycle.source, workspace.overrides_for(cycle.source)),
        template,
        translations,
        relock=args.relock,
        as_issued=args.as_issued,
    )
    write_issue(issuing, recipients, out, master=not args.state, progress=not args.no_progress)
    return 0


def _recipients(args: argparse.Namespace, cycle: Any, registry: Any) -> tuple[Any, ...]:
    """The States named with --state, else the cycle's recipients (a warning when none)."""
    from toolkit.registry import named_states

    if args.state:
        return named_states(registry, args.state, "questionnaire")
    recipients = cycle.recipients_in(registry)
    if not recipients:
        _warn(
            Finding(
                "questionnaire.no-recipient",
                "warning",
                f"no State in the registry ({registry.path}) is a recipient of the cycle "
                f"(recipients: {cycle.recipients}): only the blank master is written.",
                Location(str(cycle.path), key="recipients"),
                "Record the States' ratifications in the registry, or list the recipients.",
            )
        )
    return tuple(recipients)


def write_issue(
    issuing: Any, recipients: Sequence[Any], out: Path, *, master: bool, progress: bool
) -> tuple[Path, ...]:
    """Write the workbooks, then (for a first issue or a re-issue) the lock; print the paths.

    A new issue's workbooks are written aside first: the lock is written only once they all
    are, and they are moved into the cycle's folder only then, so that an interrupted run
    leaves neither a cycle "issued" with part of its workbooks nor workbooks of an issue that
    no lock records.  Workbooks whose inputs have not changed are not written again.
    """
    from toolkit.lock import write_lock
    from toolkit.questionnaire.generate import MANIFEST, cycle_folder, generate

    questionnaire = issuing.questionnaire
    folder = cycle_folder(out, questionnaire.cycle_id)
    staging = folder.with_name(f".{folder.name}.issuing")
    pending = issuing.lock_pending
    try:
        paths = generate(
            questionnaire,
            recipients,
            out,
            master=master,
            progress=None if progress else False,
            translations=issuing.translations,
            folder=staging if pending else folder,
            reuse=not pending,
        )
        if pending:
            print(write_lock(issuing.lock), flush=True)
            folder.mkdir(parents=True, exist_ok=True)
            for path in (*paths, staging / MANIFEST):
                os.replace(path, folder / path.name)
            paths = tuple(folder / path.name for path in paths)
    finally:
        if pending:
            # What an unrecorded issue left (it failed or was interrupted): never sent.
            shutil.rmtree(staging, ignore_errors=True)
    for path in paths:
        print(path, flush=True)
    return paths


def _warn(note: Finding) -> None:
    print(f"cosp: {note}", file=sys.stderr)
