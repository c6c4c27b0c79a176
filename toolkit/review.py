"""The main job: a whole review cycle on the bundled Convention, stage by stage (``cosp review``).

It runs, in the workspace, every stage the toolkit has, in the order a secretariat does: the
obligation catalogue, the questionnaires of every recipient of the default cycle, then the
later stages as :data:`STEPS` lists them.  Each stage is the same code its own command runs;
a stage whose inputs have not changed since its last run writes nothing (its outputs' manifests
say so), so running the job again with nothing changed takes a few seconds.  It shows progress
and ends with a table of what was written, where, how many, and the one file to open first.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from toolkit.workspace import Workspace, from_arguments


@dataclass(frozen=True)
class Done:
    """What one stage did."""

    stage: str
    what: str
    """What it wrote ("workbooks", "catalogue files")."""
    where: Path
    count: int
    changed: bool
    """Whether anything was written (False: everything was up to date)."""
    seconds: float = 0.0
    first: Path | None = None
    """The file to open first, when this stage wrote it."""


Step = Callable[[Workspace, "Context"], Done]


@dataclass
class Context:
    """What the stages share in one run (loaded once)."""

    workspace: Workspace
    cycle_file: Path
    say: Callable[[str], None]


def catalogue(workspace: Workspace, context: Context) -> Done:
    """The obligation catalogue (JSON, CSV, YAML)."""
    from toolkit import instrument
    from toolkit.instrument.catalogue import write_catalogue

    folder = workspace.build / "catalogue"
    paths, written = write_catalogue(instrument.load(), folder)
    return Done("catalogue", "catalogue files", folder, len(paths), written)


def questionnaires(workspace: Workspace, context: Context) -> Done:
    """The default cycle's workbooks: the blank master and one per recipient."""
    from toolkit import instrument
    from toolkit.cycle import load_cycle
    from toolkit.questionnaire.cli import write_issue
    from toolkit.questionnaire.generate import MANIFEST, cycle_folder
    from toolkit.questionnaire.issuing import prepare_issue
    from toolkit.questionnaire.template import load_template, load_translations
    from toolkit.registry import load_registry
    from toolkit.stamps import Manifest

    cycle = load_cycle(context.cycle_file)
    template_file = workspace.template("questions.yaml")
    issuing = prepare_issue(
        cycle,
        workspace.lock_file(cycle.id),
        instrument.load(cycle.source),
        load_template(template_file),
        load_translations(template_file, cycle.languages),
    )
    recipients = cycle.recipients_in(load_registry(workspace.registry_file))
    folder = cycle_folder(workspace.questionnaires, cycle.id)
    before = Manifest(folder / MANIFEST).entries
    out = workspace.questionnaires
    paths = _quietly(lambda: write_issue(issuing, recipients, out, master=True, progress=False))
    changed = Manifest(folder / MANIFEST).entries != before or issuing.lock_pending
    return Done("questionnaires", "workbooks", folder, len(paths), changed)


STEPS: tuple[Step, ...] = (catalogue, questionnaires)
"""The stages of the main job, in order."""


def _quietly(work: Callable[[], Any]) -> Any:
    """Run a stage's writer without the paths it prints (the job prints a summary instead)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return work()


def run_review(
    workspace: Workspace, console: Console, steps: tuple[Step, ...] = STEPS
) -> list[Done]:
    """Run every stage in order; return what each did."""
    context = Context(workspace, workspace.cycle_file(None), lambda text: console.log(text))
    done: list[Done] = []
    for step in steps:
        name = step.__name__
        started = time.perf_counter()
        with console.status(f"[bold]{name}[/bold]: {(step.__doc__ or '').strip()}"):
            result = step(workspace, context)
        result = Done(**{**result.__dict__, "seconds": time.perf_counter() - started})
        state = "written" if result.changed else "up to date"
        console.print(f"[bold]{name}[/bold]: {result.count} {result.what} {state} "
                      f"({result.seconds:.1f} s)")  # fmt: skip
        done.append(result)
    return done


def summary(done: list[Done], workspace: Workspace) -> Table:
    """The closing table: each stage, what it wrote, where, how many."""
    table = Table(title=f"Review cycle in {workspace.root}", title_justify="left")
    for heading in ("stage", "what", "where", "how many", "this run"):
        table.add_column(heading, justify="right" if heading == "how many" else "left")
    for item in done:
        where = _relative(item.where, workspace.root)
        state = "written" if item.changed else "up to date"
        table.add_row(item.stage, item.what, where, str(item.count), state)
    return table


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) + "/"
    except ValueError:
        return str(path)


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand."""
    parser = subparsers.add_parser(
        "review",
        help="run the whole review cycle on the bundled Convention (the main job)",
        description="Run every stage of a review cycle in the workspace, in order, on the "
        "default cycle: the obligation catalogue, the questionnaires of every recipient and the "
        "later stages. Stages whose inputs have not changed write nothing. Ends with a table of "
        "what was written, where and how many, and the file to open first.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the main job and print the summary."""
    workspace = from_arguments(args)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    started = time.perf_counter()
    done = run_review(workspace, console)
    console.print(summary(done, workspace))
    first = next((d.first for d in reversed(done) if d.first is not None), None)
    if first is None:
        first = done[-1].where
    console.print(f"Open first: {first}")
    console.print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0
