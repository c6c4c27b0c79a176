"""``cosp questionnaire``: write a cycle's self-assessment workbooks and print their paths."""

from __future__ import annotations

import argparse
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
        "and print the paths written.",
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Generate the workbooks the arguments ask for."""
    # Imported here so that `cosp --help` stays fast.
    from toolkit import instrument as treaty
    from toolkit.cycle import load_cycle
    from toolkit.datafile import suggest
    from toolkit.questionnaire.generate import generate
    from toolkit.questionnaire.questions import prepare
    from toolkit.questionnaire.template import load_template, load_translations
    from toolkit.registry import load_registry

    cycle = load_cycle(args.cycle)
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
    template = load_template(args.template)
    convention = treaty.load(cycle.source)
    questionnaire = prepare(convention, cycle, template)
    translations = {
        language: prepare(convention, cycle, worded)
        for language, worded in load_translations(args.template, cycle.languages).items()
        if language != template.language
    }
    if args.state:
        codes = list(dict.fromkeys(code.upper() for code in args.state))
        recipients = tuple(registry.get(code) for code in codes)
    else:
        recipients = cycle.recipients_in(registry)
    generate(
        questionnaire,
        recipients,
        args.out,
        master=not args.state,
        progress=False if args.no_progress else None,
        written=lambda path: print(path, flush=True),
        translations=translations,
    )
    return 0
