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
    paths, written = write_catalogue(instrument.load(None, workspace.overrides_file), folder)
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
        instrument.load(cycle.source, workspace.overrides_for(cycle.source)),
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


SEED = 2027
"""The seed of the main job's simulated replies (the same seed, the same files)."""


def replies(workspace: Workspace, context: Context) -> Done:
    """Replies as States would send them: the cycle's workbooks filled (a simulation)."""
    from toolkit.cycle import load_cycle
    from toolkit.registry import load_registry
    from toolkit.simulate.batch import simulate
    from toolkit.stamps import Manifest, code_digest, file_sha256, inputs_digest

    cycle = load_cycle(context.cycle_file)
    registry = load_registry(workspace.registry_file)
    folder = workspace.build / "simulated"
    listing = folder / "replies.json"
    manifest = Manifest(folder / ".review.json")
    inputs = inputs_digest(
        code_digest("simulate"), SEED, file_sha256(workspace.lock_file(cycle.id)),
        file_sha256(workspace.registry_file),
    )  # fmt: skip
    if manifest.current(listing, inputs):
        count = len(_listed(listing))
        return Done("replies", "simulated replies", folder, count, False)
    batch = simulate(workspace, cycle, registry, cycle.recipients_in(registry), folder, seed=SEED)
    manifest.note(listing, inputs)
    manifest.save()
    return Done("replies", "simulated replies", folder, len(batch.replies), True)


def _listed(listing: Path) -> list[dict[str, Any]]:
    import json

    data = json.loads(listing.read_text(encoding="utf-8"))
    return list(data["replies"] if isinstance(data, dict) else data)


def intake(workspace: Workspace, context: Context) -> Done:
    """The replies taken in through the real intake, each with the day it arrived."""
    from datetime import date

    from toolkit.intake import Store, ingest_files
    from toolkit.intake.expected import ToolkitReference
    from toolkit.stamps import Manifest, file_sha256, inputs_digest

    folder = workspace.build / "simulated"
    listing = folder / "replies.json"
    replies = sorted(_listed(listing), key=lambda r: (r["arrived"], r["state"]))
    manifest = Manifest(workspace.store_db.parent / ".review.json")
    with Store.open(workspace.store_db) as store:
        inputs = inputs_digest(file_sha256(listing), store.revision())
        if manifest.current(listing, inputs):
            return Done(
                "intake", "replies taken in", workspace.store_db.parent, len(replies), False
            )
        paths = [folder / r["file"] for r in replies]
        days = {
            path: date.fromisoformat(r["arrived"]) for path, r in zip(paths, replies, strict=True)
        }
        reference = ToolkitReference(workspace.folder("cycles"), workspace.registry_file)
        receipts = list(ingest_files(paths, store, reference=reference, received_on=days))
        manifest.note(listing, inputs_digest(file_sha256(listing), store.revision()))
    manifest.save()
    accepted = sum(r.status in ("accepted", "duplicate") for r in receipts)
    return Done("intake", f"replies taken in ({accepted} accepted)", workspace.store_db.parent,
                len(receipts), True)  # fmt: skip


def statistics(workspace: Workspace, context: Context) -> Done:
    """The counts of the answers: by provision, article, chapter and regional group (CSV)."""
    import io

    from toolkit.cycle import load_cycle
    from toolkit.files import write_atomically
    from toolkit.intake import Store
    from toolkit.lock import read_lock
    from toolkit.registry import load_registry
    from toolkit.stamps import Manifest, code_digest, file_sha256, inputs_digest
    from toolkit.statistics.cli import _columns, records_of, write_csv
    from toolkit.statistics.dataset import collect

    cycle = load_cycle(context.cycle_file)
    folder = workspace.build / "statistics"
    manifest = Manifest(folder / ".manifest.json")
    kinds = ("provision", "article", "chapter", "region", "need", "challenge")
    paths = [folder / f"by-{kind}.csv" for kind in kinds]
    with Store.open(workspace.store_db) as store:
        inputs = inputs_digest(
            code_digest("statistics"), store.revision(), file_sha256(workspace.lock_file(cycle.id)),
            file_sha256(workspace.registry_file),
        )  # fmt: skip
        if all(manifest.current(path, inputs) for path in paths):
            return Done("statistics", "CSV tables", folder, len(paths), False)
        lock = read_lock(workspace.lock_file(cycle.id), cycle.id)
        assert lock is not None
        dataset = collect(store, lock, load_registry(workspace.registry_file), cycle)
    for kind, path in zip(kinds, paths, strict=True):
        stream = io.StringIO()
        write_csv(records_of(dataset, kind), _columns(kind), stream)
        data = stream.getvalue().encode("utf-8")
        write_atomically(path, data)
        manifest.note(path, inputs, data)
    manifest.save()
    return Done("statistics", "CSV tables", folder, len(paths), True)


STEPS: tuple[Step, ...] = (catalogue, questionnaires, replies, intake, statistics)
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
