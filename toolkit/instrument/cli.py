"""``cosp provisions``: the provision catalogue of an instrument on standard output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.errors import Location, ToolkitError, UsageError
from toolkit.instrument import load
from toolkit.instrument.export import context, record, to_csv, to_json, to_yaml


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``provisions`` subcommand."""
    parser = subparsers.add_parser(
        "provisions",
        help="print every provision with its obligation, flags and references",
        description="Print the provisions of the bundled Convention (or of another instrument "
        "text of the same UN layout) in document order, one record per provision.",
    )
    parser.add_argument(
        "--source",
        type=Path,
        metavar="PATH",
        help="instrument text to parse instead of the bundled Convention",
    )
    parser.add_argument(
        "--overrides",
        type=Path,
        metavar="FILE",
        help="overrides file of curated corrections to apply (default: the bundled one, for "
        "the bundled Convention only)",
    )
    parser.add_argument(
        "--no-overrides",
        action="store_true",
        help="classify by the rules alone, without any overrides file",
    )
    parser.add_argument(
        "--format",
        choices=("json", "csv", "yaml"),
        default="json",
        help="output format (default: json)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write the catalogue in every format (provisions.json, .csv, .yaml) into DIR "
        "instead of printing it; files whose content would not change are left as they are",
    )
    parser.add_argument(
        "--id",
        dest="provision_id",
        metavar="ID",
        help="print one provision (e.g. 40.21.b) with its context",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Parse, then write the whole output at once (nothing is written on an error)."""
    from toolkit.workspace import from_arguments

    workspace = from_arguments(args)
    if args.overrides is not None and args.no_overrides:
        raise UsageError.at(
            "provisions.overrides",
            Location(str(args.overrides)),
            "--overrides and --no-overrides exclude each other.",
            "Give one of them.",
        )
    overrides = (
        None if args.no_overrides else args.overrides or workspace.overrides_for(args.source)
    )
    instrument = load(args.source, overrides)
    if args.out is not None:
        from toolkit.files import check_output_folder
        from toolkit.instrument.catalogue import write_catalogue

        check_output_folder(args.out, "--out")
        paths, written = write_catalogue(instrument, args.out)
        for path in paths:
            print(path)
        if not written:
            print("cosp: the catalogue is up to date: nothing was rewritten.", file=sys.stderr)
        return 0
    if args.provision_id is not None:
        wanted = args.provision_id.strip().lower()
        if wanted not in instrument:
            raise ToolkitError.at(
                "provisions.unknown-id",
                Location(str(args.source) if args.source else "bundled Convention"),
                f"there is no provision {args.provision_id!r}.",
                "IDs are dotted paths such as 7, 7.1, 11.1.a.ii or 13.a; "
                "run 'cosp provisions --format csv' to list them.",
            )
        item = context(instrument, wanted)
        if args.format == "csv":
            rows = [
                *item["context"]["ancestors"],
                {k: v for k, v in item.items() if k != "context"},
                *item["context"]["children"],
            ]
            text = to_csv(rows)
        else:
            text = to_json(item) if args.format == "json" else to_yaml(item)
    else:
        records = [record(instrument, p) for p in instrument.provisions]
        text = {"json": to_json, "csv": to_csv, "yaml": to_yaml}[args.format](records)
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
