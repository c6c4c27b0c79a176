"""The ``cosp`` command: parses arguments and hands over to the stage that does the work.

Each stage contributes its subcommands through a ``register(subparsers)`` function in its
own ``cli`` module, listed in :data:`COMMAND_MODULES`; this module only dispatches and turns
:class:`~toolkit.errors.ToolkitError` into a message and an exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from toolkit import __version__
from toolkit.errors import Finding, Location, ToolkitError

COMMAND_MODULES: tuple[str, ...] = (
    "toolkit.instrument.cli",
    "toolkit.questionnaire.cli",
    "toolkit.intake.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every stage's subcommands."""
    parser = argparse.ArgumentParser(
        prog="cosp",
        description="Implementation review toolkit of the Conference of the States Parties "
        "to the United Nations Convention against Cybercrime.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
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
