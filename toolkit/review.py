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
        # The submissions, not the whole store: the letters recorded later in the job do
        # not make the replies' intake out of date.
        inputs = inputs_digest(file_sha256(listing), store.counts())
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
        manifest.note(listing, inputs_digest(file_sha256(listing), store.counts()))
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
            code_digest("statistics"), store.counts(), file_sha256(workspace.lock_file(cycle.id)),
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


INVITED_BEFORE = 182
"""Days before the deadline the main job's invitations are dated (about six months)."""
REMINDED_AFTER = 14
"""Days after the deadline the main job's reminders are dated."""


def invitations(workspace: Workspace, context: Context) -> Done:
    """The invitations of every recipient: notes verbales, PDF and docx."""
    from datetime import timedelta

    return _letters(
        workspace,
        context,
        "invitation",
        lambda cycle, _: cycle.deadline - timedelta(INVITED_BEFORE),
    )


def reminders(workspace: Workspace, context: Context) -> Done:
    """The reminders of the recipients without an accepted reply after the deadline."""
    from datetime import timedelta

    def day(cycle: Any, history: Any) -> Any:
        return cycle.deadline + timedelta(REMINDED_AFTER)

    return _letters(workspace, context, "reminder", day)


def acknowledgements(workspace: Workspace, context: Context) -> Done:
    """The acknowledgements of the accepted replies, the day after the last one arrived."""
    from datetime import timedelta

    from toolkit.correspondence.record import arrived

    def day(cycle: Any, history: Any) -> Any:
        days = [arrived(s) for found in history.submissions.values() for s in found]
        return max(days) + timedelta(1) if days else None

    return _letters(workspace, context, "acknowledgement", day)


def _letters(workspace: Workspace, context: Context, kind: Any, day: Callable[..., Any]) -> Done:
    """One batch of letters, unless the one written last time is still what its inputs make."""
    from toolkit.correspondence.record import Kind, read_history, signature
    from toolkit.correspondence.render import templates_digest
    from toolkit.cycle import load_cycle
    from toolkit.registry import load_registry
    from toolkit.stamps import Manifest, code_digest, file_sha256, inputs_digest

    cycle = load_cycle(context.cycle_file)
    registry = load_registry(workspace.registry_file)
    recipients = [s.iso3 for s in cycle.recipients_in(registry)]
    history = read_history(workspace.store_db, cycle.id, recipients)
    dated = day(cycle, history)
    what = f"{kind}s (PDF and docx)"
    if dated is None:
        return Done(f"{kind}s", what, workspace.letters / cycle.id, 0, False)
    folder = workspace.letters / cycle.id / f"{kind}-{dated.isoformat()}"
    # What the batch is made from: the store, but not the batch's own kind of letter (recorded
    # by this step, they would make it out of date at once).
    earlier: dict[str, tuple[Kind, ...]] = {
        "invitation": (),
        "reminder": ("invitation",),
        "acknowledgement": ("invitation",),
    }
    replies = kind != "invitation"  # an invitation goes out whatever comes back
    inputs = inputs_digest(
        code_digest("correspondence"), kind, dated,
        signature(history, earlier[kind]) if replies else None,
        file_sha256(workspace.lock_file(cycle.id)), file_sha256(workspace.registry_file),
        file_sha256(cycle.path), templates_digest(workspace.template_folders()),
    )  # fmt: skip
    manifest = Manifest(folder / ".review.json")
    listing = folder / "manifest.csv"
    if manifest.current(listing, inputs):
        rows = listing.read_text(encoding="utf-8").count("\n") - 1
        return Done(f"{kind}s", what, folder, rows, False)
    from toolkit.correspondence.batch import prepare_letters

    done = prepare_letters(workspace, cycle, registry, kind, dated)
    for finding in done.findings:
        if finding.severity == "error":
            context.say(str(finding))
    if done.batch is None:  # every State due one has it already (from an earlier run)
        rows = listing.read_text(encoding="utf-8").count("\n") - 1 if listing.is_file() else 0
        if rows:
            manifest.note(listing, inputs)
            manifest.save()
        return Done(f"{kind}s", what, folder, max(rows, 0), False)
    manifest.note(listing, inputs)
    manifest.save()
    return Done(f"{kind}s", what, folder, len(done.batch.written), True)


def status(workspace: Workspace, context: Context) -> Done:
    """Where each recipient stands after the replies: the status board (JSON and CSV)."""
    import csv
    import io
    from datetime import date

    from toolkit.correspondence.record import read_history, signature
    from toolkit.correspondence.status import FIELDS, compute_board
    from toolkit.cycle import load_cycle
    from toolkit.files import write_atomically
    from toolkit.registry import load_registry
    from toolkit.stamps import Manifest, code_digest, inputs_digest
    from toolkit.untrusted import json_text, neutralise

    cycle = load_cycle(context.cycle_file)
    registry = load_registry(workspace.registry_file)
    recipients = cycle.recipients_in(registry)
    history = read_history(workspace.store_db, cycle.id, [s.iso3 for s in recipients])
    letters = [x.dated for x in history.letters]
    as_of = max(letters) if letters else date.today()
    board = compute_board(cycle, recipients, history, as_of)
    totals = ", ".join(f"{name} {count}" for name, count in board.totals().items())
    what = f"recipients: {totals}"
    folder = workspace.build / "status"
    files = folder / "status.json", folder / "status.csv"
    manifest = Manifest(folder / ".manifest.json")
    inputs = inputs_digest(code_digest("correspondence"), signature(history), as_of, cycle.id)
    if all(manifest.current(path, inputs) for path in files):
        return Done("status", what, folder, len(board.records), False)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FIELDS)
    for record in board.as_json()["records"]:
        writer.writerow([neutralise("" if v is None else str(v)) for v in record.values()])
    for path, data in zip(
        files, (json_text(board.as_json(), indent=2) + "\n", stream.getvalue()), strict=True
    ):
        write_atomically(path, data.encode("utf-8"))
        manifest.note(path, inputs)
    manifest.save()
    return Done("status", what, folder, len(board.records), True)


def site(workspace: Workspace, context: Context) -> Done:
    """The published site of the cycle, public and internal (HTML), into build/published/."""
    # Imported when the step runs: the site's code brings Sphinx, which every other cosp
    # command would otherwise load at start for nothing (a second).
    from toolkit.publications.review import site as publish_site

    done: Done = publish_site(workspace, context)
    return done


STEPS: tuple[Step, ...] = (
    catalogue,
    questionnaires,
    invitations,
    replies,
    intake,
    reminders,
    acknowledgements,
    status,
    statistics,
    site,
)
"""The stages of the main job, in order."""


def _quietly(work: Callable[[], Any]) -> Any:
    """Run a stage's writer without the paths it prints (the job prints a summary instead)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return work()


def run_review(
    workspace: Workspace, console: Console, steps: tuple[Step, ...] = STEPS
) -> list[Done]:
    """Run every stage in order; return what each did."""

    def say(text: str) -> None:
        console.print(f"  {text}", markup=False)

    context = Context(workspace, workspace.cycle_file(None), say)
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
