"""``cosp states``: the States registry in use, one record per State, for people and tools."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from toolkit.errors import Finding, Location, UsageError

FORMATS = ("table", "json", "csv")
FIELDS = (
    "iso3",
    "short_name",
    "formal_name",
    "kind",
    "group",
    "language",
    "mission",
    "address_lines",
    "city",
    "signature",
    "ratification",
    "party",
)
"""The fields of a record, in order (the CSV columns)."""
TABLE_FIELDS = ("iso3", "short_name", "group", "language", "mission")
NO_GROUP = "none"
"""What ``--group`` takes for the States in no regional group."""


def register(subparsers: Any) -> None:
    """Add the ``states`` subcommand."""
    parser = subparsers.add_parser(
        "states",
        help="list the States registry (the workspace's data/states.yaml, else the bundled one)",
        description="Print the States registry in use, one record per State in registry "
        f"order, with the fields {', '.join(FIELDS)}. Dates are YYYY-MM-DD (null or empty "
        "when none is recorded); in CSV the address lines are joined by line breaks and "
        "every text is neutralised against formulas.",
    )
    parser.add_argument("--format", choices=FORMATS, help="default: table on a terminal, else json")
    parser.add_argument(
        "--group",
        metavar="G",
        help="only the States of this UN regional group (its name as the registry writes it, "
        f"any case, e.g. African; {NO_GROUP!r} for the States in no group)",
    )
    parser.add_argument(
        "--language", metavar="L", help="only the States written to in this UN language (fr)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the registry's States the filters keep."""
    from toolkit.registry import GROUPS, LANGUAGES, load_registry
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    registry = load_registry(workspace.registry_file)
    states = list(registry)
    if args.group is not None:
        wanted = _choice(args.group, (*GROUPS, NO_GROUP), "--group", "UN regional group")
        states = [s for s in states if (s.group or NO_GROUP) == wanted]
    if args.language is not None:
        language = _choice(args.language, LANGUAGES, "--language", "UN language code")
        states = [s for s in states if s.language == language]
    records = [record(s) for s in states]
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from toolkit.untrusted import json_text

        print(json_text(records, indent=2))
    elif fmt == "csv":
        _csv(records)
    else:
        _table(records, str(registry.path))
    return 0


def record(state: Any) -> dict[str, Any]:
    """A State as the command prints it (JSON values)."""
    return {
        "iso3": state.iso3,
        "short_name": state.short_name,
        "formal_name": state.formal_name,
        "kind": state.kind,
        "group": state.group,
        "language": state.language,
        "mission": state.mission,
        "address_lines": list(state.address_lines),
        "city": state.city,
        "signature": state.signature.isoformat() if state.signature else None,
        "ratification": state.ratification.isoformat() if state.ratification else None,
        "party": state.party,
    }


def _choice(given: str, options: tuple[str, ...], option: str, what: str) -> str:
    """The option's value among ``options`` (any case); a usage error naming them otherwise."""
    for candidate in options:
        if given.strip().casefold() == candidate.casefold():
            return candidate
    from toolkit.datafile import suggest

    raise UsageError(
        Finding(
            "states.unknown-filter",
            "error",
            f"{given!r} is not a {what}.",
            Location(option),
            f"Give one of: {', '.join(options)}." + suggest(given, options),
        )
    )


def _csv(records: list[dict[str, Any]]) -> None:
    from toolkit.untrusted import neutralise

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(FIELDS)
    for item in records:
        row = []
        for name in FIELDS:
            value = item[name]
            if isinstance(value, bool):
                row.append("yes" if value else "no")
            elif isinstance(value, list):
                row.append(neutralise("\n".join(value)))
            else:
                row.append(neutralise(value))
        writer.writerow(row)


def _table(records: list[dict[str, Any]], source: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(records)} State(s) from {source}", title_justify="left")
    for name in TABLE_FIELDS:
        table.add_column(name.replace("_", " "))
    for item in records:
        table.add_row(*(Text(item[name] or "") for name in TABLE_FIELDS))
    Console(highlight=False).print(table)
