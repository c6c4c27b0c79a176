"""``cosp publish``: the published site of a cycle, public or internal, HTML and PDF."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from toolkit.files import check_output_folder
from toolkit.intake.store import DEFAULT_DB, Store
from toolkit.workspace import from_arguments

AUDIENCES = ("public", "internal")


def jobs(value: str) -> int:
    """``-j``: a number of processes, or ``auto`` (one per core)."""
    if value == "auto":
        return os.cpu_count() or 1
    if value.isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (or auto)")


def register(subparsers: Any) -> None:
    """Add the ``publish`` subcommand."""
    parser = subparsers.add_parser(
        "publish",
        help="build the site: the annotated edition, the country reports, the thematic "
        "report, the statistics and downloads",
        description="Build the published site of a review cycle into DIR from the store: "
        "the annotated Convention with the answers beside each reviewed provision, a report "
        "per State that replied (countries/<iso3>.html), the thematic implementation report "
        "with its figures, the statistics pages and the downloads (CSV, xlsx). A public site "
        "shows each State's report as its consent allows; an internal site shows "
        "everything, marked internal on every page. Warnings are errors: nothing is "
        "published from a build that warns. When nothing changed since the last build into "
        "DIR, nothing is done.",
    )
    parser.add_argument("--db", type=Path, help=f"the store (default: {DEFAULT_DB.as_posix()})")
    parser.add_argument("--cycle", metavar="ID", help="the cycle (default: the workspace's)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="the site's folder")
    parser.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="public",
        help="public (consent applied; the default) or internal (everything, marked internal)",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also write the PDFs (the edition, the thematic report, each country report; "
        "needs TeX)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=1,
        metavar="N",
        help="processes reading and writing pages and compiling PDFs (a number, or auto)",
    )
    parser.set_defaults(run=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    """Build the site; print what was done."""
    workspace = from_arguments(args)
    check_output_folder(args.out, "--out")
    db = Path(args.db) if args.db else workspace.store_db
    Store.existing(db, "publish").close()  # before Sphinx is imported: said at once
    from toolkit.publications.site import Options, build_site  # Sphinx only when publishing

    options = Options(
        out=args.out,
        audience=args.audience,
        cycle=args.cycle,
        db=db,
        pdf=args.pdf,
        jobs=args.jobs,
    )
    say = (lambda _: None) if args.quiet else (lambda text: print(f"cosp: {text}", file=sys.stderr))
    report = build_site(workspace, options, say)
    if report.up_to_date:
        print(
            f"{args.out}: up to date ({report.audience} site, {report.countries} country reports)"
        )
        return 0
    times = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in report.timings.items())
    print(
        f"{args.out}: {report.audience} site, {report.countries} country reports; "
        f"{len(report.read)} page(s) read, {report.written} file(s) written, "
        f"{report.removed} removed" + (f", {report.pdfs} PDF(s) compiled" if args.pdf else "")
    )
    say(f"times: {times}")
    return 0
