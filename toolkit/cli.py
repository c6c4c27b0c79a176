"""The ``cosp`` command: parses arguments and hands over to the stage that does the work.

Each stage contributes its subcommands through a ``register(subparsers)`` function in its
own ``cli`` module, listed in :data:`COMMAND_MODULES`; this module only dispatches and turns
:class:`~toolkit.errors.ToolkitError` into a message and an exit status.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from toolkit import __version__
from toolkit.errors import Finding, Location, ToolkitError

COMMAND_MODULES: tuple[str, ...] = (
    "toolkit.workspace.cli",
    "toolkit.instrument.cli",
    "toolkit.questionnaire.cli",
    "toolkit.intake.cli",
    "toolkit.registry_cli",
    "toolkit.simulate.cli",
    "toolkit.statistics.cli",
    "toolkit.review",
    "toolkit.correspondence.cli",
    "toolkit.publications.cli",
)


EPILOG = """\
The workspace: every command reads and writes in the secretariat's workspace folder, the
one given with --workspace or COSP_WORKSPACE, else the nearest folder holding cosp.toml
from the current folder upwards, else the current folder (`cosp init` creates one).

Exit status: 0 success; 1 a problem with the data or a file (a file rejected or invalid;
a file, State, cycle or provision not found); 2 a usage error (the command line itself is
wrong: an unknown option, a missing argument, options that exclude each other, a value of the
wrong form such as a file where a folder is expected); 130 interrupted.
"""


class ParagraphFormatter(argparse.HelpFormatter):
    """argparse's formatter, keeping the paragraphs (blank-line separated) of texts apart."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = [" ".join(part.split()) for part in text.split("\n\n")]
        return "\n\n".join(
            textwrap.fill(part, width, initial_indent=indent, subsequent_indent=indent)
            for part in paragraphs
            if part
        )


def add_common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--workspace`` and ``--quiet``, accepted before and after the command's name."""
    default = None if top else argparse.SUPPRESS  # a subcommand never unsets the main value
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="DIR",
        default=default,
        help="the workspace folder (default: COSP_WORKSPACE, else the nearest folder with "
        "cosp.toml from the current folder up, else the current folder)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="do not say which workspace is used",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every stage's subcommands."""
    parser = argparse.ArgumentParser(
        prog="cosp",
        description="Implementation review toolkit of the Conference of the States Parties "
        "to the United Nations Convention against Cybercrime.",
        epilog=EPILOG,
        formatter_class=ParagraphFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_common_options(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for command in subparsers.choices.values():
        add_common_options(command, top=False)
        command.epilog = command.epilog or EPILOG
        command.formatter_class = ParagraphFormatter
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (0 ok, 1 input problem, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ToolkitError as error:
        for finding in error.findings:
            print(f"cosp: {finding}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # `cosp provisions | head` closes the pipe early: not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as error:
        # A path that cannot be read or written (a folder where a file is expected, no
        # permission, a read-only disk): the commands check what they can beforehand; this
        # is the net for the rest, so that the user reads which path and why, not a traceback.
        print(f"cosp: {path_problem(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cosp: interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The ``cosp`` program (and ``python -m toolkit``): run the command, then end the process
    without tearing down every object it made.  The exit handlers run as at any exit (temporary
    folders removed, worker pools and logs closed, the output flushed); only the freeing of the
    objects one by one is left to the operating system, which takes close to a second after a
    site build (Sphinx's environment of every page) and changes nothing on disk."""
    status = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed stream
            stream.flush()
    os._exit(status)


def path_problem(error: OSError) -> Finding:
    """The finding for a file or folder the operating system refused to read or write."""
    name = error.filename if error.filename is not None else "(unknown path)"
    reason = error.strerror or type(error).__name__
    return Finding(
        "os.path",
        "error",
        f"this path cannot be read or written ({reason}).",
        Location(str(name)),
        "Check that the path names a file where a file is expected and a folder where a "
        "folder is expected, and that you may write there; then run the command again.",
    )
